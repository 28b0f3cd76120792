"""Local wall-clock times of the instance, and deadlines counted in working days."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from service.clock import PARIS
from solver.calendar import WorkingCalendar, working_days_before
from solver.problem import Holidays

# A meeting governed by a court event ends, at the latest, at the close of this day.
END_OF_DAY = time(19, 0)


def local(moment: datetime) -> datetime:
    """An aware instant as a naive Paris wall-clock time."""
    return moment.astimezone(PARIS).replace(tzinfo=None)


def aware(wall: datetime) -> datetime:
    """A naive Paris wall-clock time as an aware UTC instant."""
    return wall.replace(tzinfo=PARIS).astimezone(UTC)


def stamp(moment: datetime) -> str:
    """``YYYY-MM-DDTHH:MM`` in Paris time, as problem files write it."""
    return local(moment).strftime("%Y-%m-%dT%H:%M")


def deadline_before(event_at: datetime, lead_working_days: int, subdivision: str | None) -> datetime:
    """The latest end of a meeting that must be held ``lead_working_days`` working days before the
    court event (French public holidays, Alsace-Moselle's two more where the institution is there)."""
    day = local(event_at).date()
    calendar = WorkingCalendar(Holidays("FR", subdivision, ()), date(day.year - 1, 1, 1), day)
    return aware(datetime.combine(working_days_before(day, lead_working_days, calendar), END_OF_DAY))
