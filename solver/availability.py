"""The availability compiler: from hours, busy times, holidays, windows and rooms to each meeting's
candidate starts, and, when a meeting has none, who or what empties the set."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property

from solver.calendar import WorkingCalendar
from solver.problem import WEEKDAYS, Interval, Meeting, Participant, Problem, Room, Unscheduled


@dataclass(frozen=True)
class Grid:
    """Slot ``i`` starts ``i * slot_minutes`` after midnight of the horizon's first day."""

    first: date
    days: int
    slot_minutes: int

    @property
    def per_day(self) -> int:
        return 1440 // self.slot_minutes

    @property
    def size(self) -> int:
        return self.days * self.per_day

    def at(self, index: int) -> datetime:
        return datetime.combine(self.first, time()) + timedelta(minutes=index * self.slot_minutes)

    def index(self, moment: datetime) -> int:
        """The slot containing ``moment`` (floor)."""
        delta = moment - datetime.combine(self.first, time())
        return int(delta.total_seconds() // 60) // self.slot_minutes

    def ceil_index(self, moment: datetime) -> int:
        delta = moment - datetime.combine(self.first, time())
        minutes = int(delta.total_seconds() // 60)
        return -(-minutes // self.slot_minutes)

    def day_of(self, index: int) -> int:
        return index // self.per_day

    def date_of(self, index: int) -> date:
        return self.first + timedelta(days=self.day_of(index))


# Availability is a bitset per participant or room: bit i is set when slot i is free.


def _bits(lo: int, hi: int) -> int:
    return ((1 << (hi - lo)) - 1) << lo if hi > lo else 0


def _hours_bits(
    grid: Grid, hours: dict[str, tuple[tuple[time, time], ...]], calendar: WorkingCalendar | None
) -> int:
    free = 0
    for day in range(grid.days):
        current = grid.first + timedelta(days=day)
        if calendar is not None and current in calendar.holidays:
            continue
        for start, end in hours.get(WEEKDAYS[current.weekday()], ()):
            lo = grid.ceil_index(datetime.combine(current, start))
            hi = grid.index(datetime.combine(current, end))
            free |= _bits(lo, hi)
    return free


def _inside(grid: Grid, intervals: tuple[Interval, ...]) -> int:
    """Slots wholly inside the intervals (windows)."""
    bits = 0
    for interval in intervals:
        bits |= _bits(max(grid.ceil_index(interval.start), 0), min(grid.index(interval.end), grid.size))
    return bits


def _touching(grid: Grid, intervals: tuple[Interval, ...]) -> int:
    """Slots that the intervals touch at all (busy times)."""
    bits = 0
    for interval in intervals:
        bits |= _bits(max(grid.index(interval.start), 0), min(grid.ceil_index(interval.end), grid.size))
    return bits


def startable(free: int, length: int) -> int:
    """Bit i set when slots i .. i+length-1 are all free."""
    result = free
    for k in range(1, length):
        result &= free >> k
    return result


def set_bits(bits: int) -> list[int]:
    """Indices of the set bits, ascending."""
    found = []
    while bits:
        low = bits & -bits
        found.append(low.bit_length() - 1)
        bits ^= low
    return found


@dataclass
class Compiled:
    """Everything the models need, in slots."""

    problem: Problem
    grid: Grid
    calendar: WorkingCalendar
    free: dict[str, int]
    room_free: dict[str, int]
    starts: dict[str, list[int]] = field(default_factory=dict)
    rooms: dict[str, list[str]] = field(default_factory=dict)
    empty: dict[str, Unscheduled] = field(default_factory=dict)

    def length(self, meeting: Meeting) -> int:
        return meeting.duration_minutes // self.grid.slot_minutes

    def working_day(self, index: int) -> int:
        return self.calendar.index[self.grid.date_of(index)]

    def lateness(self, index: int) -> int:
        """What the delay term counts: working days, or slots in sessions mode."""
        return index if self.problem.delay_in_slots else self.working_day(index)

    @cached_property
    def by_id(self) -> dict[str, Meeting]:
        return {m.id: m for m in self.problem.meetings}


def participant_free(p: Participant, grid: Grid, calendar: WorkingCalendar) -> int:
    """Where the participant can attend: professionals in working hours off holidays, persons in
    their windows; busy times removed."""
    free = _inside(grid, p.available) if p.kind == "person" else _hours_bits(grid, p.working_hours, calendar)
    return free & ~_touching(grid, p.busy)


def room_free(room: Room, grid: Grid) -> int:
    """Where the room is open and not booked (always open without working hours)."""
    free = _bits(0, grid.size) if room.working_hours is None else _hours_bits(grid, room.working_hours, None)
    return free & ~_touching(grid, room.busy)


def window(meeting: Meeting, compiled: Compiled) -> range:
    """Starts allowed by the horizon, ``earliest`` and ``deadline``."""
    grid = compiled.grid
    lo = 0
    if meeting.earliest is not None:
        lo = max(lo, grid.index(datetime.combine(meeting.earliest, time())))
    hi = grid.size - compiled.length(meeting)
    if meeting.deadline is not None:
        hi = min(hi, grid.index(meeting.deadline) - compiled.length(meeting))
    return range(lo, hi + 1)


def _window_bits(meeting: Meeting, compiled: Compiled) -> int:
    """Starts in the window whose meeting ends on the day it starts."""
    span, grid, length = window(meeting, compiled), compiled.grid, compiled.length(meeting)
    if len(span) == 0:
        return 0
    same_day = 0
    for day in range(grid.days):
        same_day |= _bits(day * grid.per_day, (day + 1) * grid.per_day - length + 1)
    return same_day & _bits(span.start, span.stop)


def possible_rooms(meeting: Meeting, problem: Problem) -> list[str] | None:
    """Rooms that suit the meeting (``None``: the problem manages no rooms)."""
    if not problem.rooms:
        return None
    people = [problem.participants[p] for p in (*meeting.required, *meeting.optional)]
    accessible = any(p.needs.get("accessible_room") for p in people)
    video_needed = meeting.room == "video" or any(p.needs.get("video") for p in people)
    return [
        room.id
        for room in problem.rooms.values()
        if _suits(room, meeting, len(people), accessible, video_needed)
    ]


def _suits(room: Room, meeting: Meeting, attendees: int, accessible: bool, video_needed: bool) -> bool:
    if room.video:
        return meeting.room in ("video", "either")
    if video_needed or meeting.room == "video":
        return False
    return room.capacity >= attendees and (room.accessible or not accessible)


def starts_for(meeting: Meeting, compiled: Compiled, people: tuple[str, ...]) -> list[int]:
    """Starts where all of ``people`` are free for the whole meeting, on one day, in the window."""
    return set_bits(_startable_by(meeting, compiled, people))


def _startable_by(meeting: Meeting, compiled: Compiled, people: tuple[str, ...]) -> int:
    length = compiled.length(meeting)
    bits = _window_bits(meeting, compiled)
    for p in people:
        bits &= startable(compiled.free[p], length)
    return bits


def room_startable(compiled: Compiled, room: str, length: int) -> int:
    """Starts at which the room is free for ``length`` slots."""
    return startable(compiled.room_free[room], length)


def compile_problem(problem: Problem) -> Compiled:
    """Candidate starts and rooms of every meeting, with the reason of every empty set."""
    days = (problem.horizon_end - problem.horizon_start).days + 1
    grid = Grid(problem.horizon_start, days, problem.slot_minutes)
    calendar = WorkingCalendar(problem.holidays, problem.horizon_start, problem.horizon_end)
    compiled = Compiled(
        problem=problem,
        grid=grid,
        calendar=calendar,
        free={p.id: participant_free(p, grid, calendar) for p in problem.participants.values()},
        room_free={r.id: room_free(r, grid) for r in problem.rooms.values()},
    )
    for meeting in problem.meetings:
        compile_meeting(meeting, compiled)
    hold_precedence(compiled)
    return compiled


def compile_meeting(meeting: Meeting, compiled: Compiled) -> None:
    """Candidate starts and rooms of one meeting (again, after free time changed)."""
    rooms = possible_rooms(meeting, compiled.problem)
    compiled.rooms[meeting.id] = rooms or []
    if meeting.fixed is not None:
        compiled.starts[meeting.id] = [compiled.grid.index(meeting.fixed.start)]
        if meeting.fixed.room is not None:
            compiled.rooms[meeting.id] = [meeting.fixed.room]
        return
    length = compiled.length(meeting)
    bits = _startable_by(meeting, compiled, meeting.required)
    if rooms is not None:
        any_room = 0
        for room in rooms:
            any_room |= room_startable(compiled, room, length)
        bits &= any_room
    starts = set_bits(bits)
    compiled.starts[meeting.id] = starts
    if not starts:
        compiled.empty[meeting.id] = explain_empty(meeting, compiled, rooms)


def hold_precedence(compiled: Compiled) -> None:
    """A meeting that must come after another keeps only the starts far enough after the other's
    first possible day; with none left, it is explained by that precedence. Until nothing changes,
    for chains."""
    changed = True
    while changed:
        changed = False
        for meeting in compiled.problem.meetings:
            if meeting.fixed is None and meeting.id not in compiled.empty:
                changed |= _follow(meeting, compiled)


def _follow(meeting: Meeting, compiled: Compiled) -> bool:
    """Drop the starts of ``meeting`` that come too soon after what it follows; says if any went."""
    before = len(compiled.starts[meeting.id])
    for after in meeting.after:
        first = compiled.starts.get(after.meeting)
        allowed = (
            [
                s
                for s in compiled.starts[meeting.id]
                if compiled.working_day(s) >= compiled.working_day(first[0]) + after.min_working_days
            ]
            if first
            else []
        )
        compiled.starts[meeting.id] = allowed
        if not allowed:
            compiled.empty[meeting.id] = _precedence_empty(
                meeting, after.meeting, after.min_working_days, compiled
            )
            break
    return len(compiled.starts[meeting.id]) < before


def _precedence_empty(meeting: Meeting, other: str, days: int, compiled: Compiled) -> Unscheduled:
    first = compiled.starts.get(other)
    if not first:
        detail = f"it must come {days} working day(s) after {other}, which has no possible time"
    else:
        detail = (
            f"it must come {days} working day(s) after {other}, which cannot be held before "
            f"{compiled.grid.date_of(first[0]).isoformat()}, and it has no possible time that late"
        )
    return Unscheduled(meeting.id, "precedence", detail, (other,))


MAX_CANDIDATES = 240
CANDIDATE_BUDGET = 18_000


def candidate_cap(compiled: Compiled) -> int:
    """Starts kept per meeting: up to 240, fewer when there are many meetings."""
    return max(24, min(MAX_CANDIDATES, CANDIDATE_BUDGET // max(1, len(compiled.problem.meetings))))


def thin(starts: list[int], meeting: Meeting, compiled: Compiled, keep: int | None = None) -> list[int]:
    """A bounded number of starts, so a model stays small when people are free most of the time:
    the earliest half kept (the objective prefers early), the rest spread evenly, and the
    published start and ``keep`` (the greedy answer's) kept."""
    cap = candidate_cap(compiled)
    if len(starts) <= cap:
        return starts
    half = cap // 2
    step = (len(starts) - half) / half
    kept = set(starts[:half]) | {starts[half + int(i * step)] for i in range(half)}
    if meeting.current is not None:
        current = compiled.grid.index(meeting.current.start)
        if current in set(starts):
            kept.add(current)
    if keep is not None:
        kept.add(keep)
    return sorted(kept)


def _describe_limit(meeting: Meeting) -> str:
    return (
        f"before {meeting.deadline.isoformat(timespec='minutes')}" if meeting.deadline else "in the horizon"
    )


def explain_empty(meeting: Meeting, compiled: Compiled, rooms: list[str] | None) -> Unscheduled:
    """Why a meeting has no candidate start: a passed deadline, people with no common time, or rooms."""
    span = window(meeting, compiled)
    minutes, limit = meeting.duration_minutes, _describe_limit(meeting)
    if len(span) == 0:
        return Unscheduled(
            meeting.id,
            "deadline_passed",
            f"no {minutes} minutes fit between the earliest date and the deadline",
            (),
        )
    alone = [p for p in meeting.required if not _startable_by(meeting, compiled, (p,))]
    if alone:
        return Unscheduled(
            meeting.id,
            "no_common_time",
            f"{', '.join(alone)} {'has' if len(alone) == 1 else 'have'} no free {minutes} minutes {limit}",
            tuple(alone),
        )
    if _startable_by(meeting, compiled, meeting.required):
        needed = (
            "an accessible room"
            if any(compiled.problem.participants[p].needs.get("accessible_room") for p in meeting.required)
            else "a room"
        )
        return Unscheduled(
            meeting.id,
            "no_room",
            f"everyone can meet, but no {needed} for {len(meeting.required) + len(meeting.optional)} "
            f"people is free then ({len(rooms or [])} suitable rooms)",
            (),
        )
    blocking = _blocking_people(meeting, compiled)
    return Unscheduled(
        meeting.id,
        "no_common_time",
        f"{', '.join(blocking)} share no free {minutes} minutes {limit}",
        tuple(blocking),
    )


def _blocking_people(meeting: Meeting, compiled: Compiled) -> list[str]:
    """The smallest set found greedily whose common free time is empty."""
    chosen: list[str] = []
    for p in sorted(meeting.required, key=lambda p: _startable_by(meeting, compiled, (p,)).bit_count()):
        chosen.append(p)
        if not _startable_by(meeting, compiled, tuple(chosen)):
            break
    # Drop anyone whose absence still leaves the set empty.
    for p in list(chosen):
        rest = tuple(q for q in chosen if q != p)
        if rest and not _startable_by(meeting, compiled, rest):
            chosen.remove(p)
    return chosen
