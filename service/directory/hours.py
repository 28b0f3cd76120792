"""Weekly working hours: checked for sense, summed for part-time."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from service.errors import FieldError, Invalid


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def check_hours(hours: Mapping[Any, Sequence[Sequence[str]]], field: str = "working_hours") -> None:
    """Refuse spans that end before they start or overlap on one day."""
    errors: list[FieldError] = []
    for day, spans in hours.items():
        ordered = sorted(spans, key=lambda span: _minutes(span[0]))
        for i, (start, end) in enumerate(ordered):
            if _minutes(end) <= _minutes(start):
                errors.append(FieldError(f"{field}.{day}[{i}]", f"{start}–{end} ends before it starts"))
            if i and _minutes(start) < _minutes(ordered[i - 1][1]):
                errors.append(FieldError(f"{field}.{day}[{i}]", f"{start}–{end} overlaps the span before"))
    if errors:
        raise Invalid("Working hours must be ordered, non-overlapping HH:MM spans.", errors)


def weekly_minutes(hours: Mapping[Any, Sequence[Sequence[str]]]) -> int:
    """Minutes worked in a week: 35 h is full time in most institutions."""
    return sum(_minutes(end) - _minutes(start) for spans in hours.values() for start, end in spans)
