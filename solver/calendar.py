"""Working days: weekends, French public holidays (Alsace-Moselle included) and extra closures."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cached_property

import holidays as holiday_tables

from solver.problem import Holidays

# The holidays package names Alsace "6AE" and Moselle "57"; users name départements.
SUBDIVISIONS = {"57": "57", "67": "6AE", "68": "6AE", "6AE": "6AE"}


class WorkingCalendar:
    """Which days of a horizon are working days, and their running index."""

    def __init__(self, spec: Holidays, first: date, last: date) -> None:
        self.spec = spec
        self.first = first
        self.last = last

    @cached_property
    def holidays(self) -> frozenset[date]:
        years = range(self.first.year, self.last.year + 2)
        subdivision = SUBDIVISIONS.get(self.spec.subdivision or "")
        table = holiday_tables.country_holidays(self.spec.country, subdiv=subdivision, years=years)
        return frozenset(table) | frozenset(self.spec.extra)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.holidays

    @cached_property
    def index(self) -> dict[date, int]:
        """Working days elapsed since the horizon began, for every day of the horizon."""
        result, count = {}, 0
        day = self.first
        while day <= self.last:
            result[day] = count
            if self.is_working_day(day):
                count += 1
            day += timedelta(days=1)
        return result


def working_days_before(day: date, count: int, calendar: WorkingCalendar) -> date:
    """The date ``count`` working days before ``day``."""
    current = day
    while count > 0:
        current -= timedelta(days=1)
        if calendar.is_working_day(current):
            count -= 1
    return current
