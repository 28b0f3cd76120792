"""Problem and solution types of the scheduling file format, loaded with precise errors.

Every error names the JSON path of the bad value and says how to fix it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ROOM_MODES = ("in_person", "video", "either")
MODES = ("batch", "find-slot", "sessions")


class ProblemError(ValueError):
    """A bad problem file: ``path`` locates the value, the message says the fix."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


@dataclass(frozen=True)
class Interval:
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Participant:
    id: str
    kind: str  # professional | person
    institution: str | None = None
    working_hours: dict[str, tuple[tuple[time, time], ...]] = field(default_factory=dict)
    busy: tuple[Interval, ...] = ()
    available: tuple[Interval, ...] = ()
    max_meetings_per_day: int | None = None
    site: str | None = None
    needs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Room:
    id: str
    site: str | None = None
    capacity: int = 0
    accessible: bool = False
    video: bool = False
    working_hours: dict[str, tuple[tuple[time, time], ...]] | None = None
    busy: tuple[Interval, ...] = ()


@dataclass(frozen=True)
class Placement:
    start: datetime
    room: str | None


@dataclass(frozen=True)
class After:
    meeting: str
    min_working_days: int


@dataclass(frozen=True)
class Meeting:
    id: str
    case: str
    kind: str
    duration_minutes: int
    urgency: int
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    room: str = "either"
    earliest: date | None = None
    deadline: datetime | None = None
    after: tuple[After, ...] = ()
    fixed: Placement | None = None
    current: Placement | None = None


@dataclass(frozen=True)
class Session:
    id: str
    start: datetime
    slots: int
    slot_minutes: int
    parallel_rooms: int = 1


@dataclass(frozen=True)
class Weights:
    unscheduled: int | None = None
    moved: int | None = None
    delay: int = 1
    optional_attendance: int = 5


@dataclass(frozen=True)
class Holidays:
    country: str = "FR"
    subdivision: str | None = None
    extra: tuple[date, ...] = ()


@dataclass(frozen=True)
class Problem:
    timezone: str
    horizon_start: date
    horizon_end: date
    slot_minutes: int
    holidays: Holidays
    participants: dict[str, Participant]
    rooms: dict[str, Room]
    travel_minutes: dict[tuple[str, str], int]
    meetings: tuple[Meeting, ...]
    sessions: tuple[Session, ...] = ()
    weights: Weights = Weights()
    # Sessions mode: delay counts every slot, not working days, which fills the earliest sitting
    # first and packs its cases at its start (professionals wait least).
    delay_in_slots: bool = False

    def meeting(self, meeting_id: str) -> Meeting:
        return next(m for m in self.meetings if m.id == meeting_id)

    def travel(self, a: str | None, b: str | None) -> int:
        """Minutes to go from site ``a`` to site ``b`` (0 on the same site or when unknown)."""
        if a is None or b is None or a == b:
            return 0
        return self.travel_minutes.get((a, b), self.travel_minutes.get((b, a), 0))


@dataclass(frozen=True)
class Assignment:
    meeting: str
    start: datetime
    end: datetime
    room: str | None
    attendees: tuple[str, ...]
    moved: bool = False


@dataclass(frozen=True)
class Unscheduled:
    meeting: str
    reason: str  # no_common_time | no_room | precedence | deadline_passed | competition | time_limit
    detail: str
    blocking: tuple[str, ...] = ()


@dataclass(frozen=True)
class Proposal:
    start: datetime
    end: datetime
    room: str | None
    attendees: tuple[str, ...]
    missing_optional: tuple[str, ...]


@dataclass
class Solution:
    status: str  # optimal | feasible | no_solution_found
    objective: int | None = None
    bound: int | None = None
    solve_seconds: float = 0.0
    assignments: list[Assignment] = field(default_factory=list)
    unscheduled: list[Unscheduled] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    # Not in the file format: the most urgency any schedule can hold, as proved by the search
    # (batch with computed weights), for reports.
    held_urgency_bound: int | None = None
