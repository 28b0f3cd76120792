"""The greedy baseline: most urgent first, each at its earliest start that still fits.

Used as the first answer (and a hint for CP-SAT) and as a benchmark peer."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from solver.availability import Compiled
from solver.problem import Meeting


@dataclass
class Placed:
    start: int
    room: str | None
    optional: tuple[str, ...]


@dataclass
class Ledger:
    """What the placements so far occupy."""

    busy: dict[str, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    rooms: dict[str, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    per_day: dict[tuple[str, int], int] = field(default_factory=lambda: defaultdict(int))


def _overlaps(spans: list[tuple[int, int]], lo: int, hi: int) -> bool:
    return any(lo < b and a < hi for a, b in spans)


def buffer_slots(compiled: Compiled) -> int:
    """A travel buffer kept after every in-person meeting: the longest trip between two sites."""
    longest = max(compiled.problem.travel_minutes.values(), default=0)
    return -(-longest // compiled.grid.slot_minutes)


def _free(ledger: Ledger, compiled: Compiled, meeting: Meeting, who: str, start: int) -> bool:
    length, buffer = compiled.length(meeting), buffer_slots(compiled)
    cap = compiled.problem.participants[who].max_meetings_per_day
    day = compiled.grid.day_of(start)
    if cap is not None and ledger.per_day[(who, day)] >= cap:
        return False
    return not _overlaps(ledger.busy[who], start - buffer, start + length + buffer)


def _room_for(ledger: Ledger, compiled: Compiled, meeting: Meeting, start: int) -> tuple[bool, str | None]:
    rooms = compiled.rooms[meeting.id]
    if not compiled.problem.rooms:
        return True, None
    for room in sorted(
        rooms, key=lambda r: (compiled.problem.rooms[r].video, compiled.problem.rooms[r].capacity)
    ):
        if _room_open(ledger, compiled, meeting, room, start):
            return True, room
    return False, None


def _precedence_ok(meeting: Meeting, start: int, placed: dict[str, Placed], compiled: Compiled) -> bool:
    for after in meeting.after:
        before = placed.get(after.meeting)
        if (
            before is None
            or compiled.working_day(start) - compiled.working_day(before.start) < after.min_working_days
        ):
            return False
    return True


def _unbook(ledger: Ledger, compiled: Compiled, meeting: Meeting, placement: Placed) -> None:
    length, day = compiled.length(meeting), compiled.grid.day_of(placement.start)
    for who in (*meeting.required, *placement.optional):
        ledger.busy[who].remove((placement.start, placement.start + length))
        ledger.per_day[(who, day)] -= 1
    if placement.room is not None:
        ledger.rooms[placement.room].remove((placement.start, placement.start + length))


def _book(ledger: Ledger, compiled: Compiled, meeting: Meeting, placement: Placed) -> None:
    length, day = compiled.length(meeting), compiled.grid.day_of(placement.start)
    for who in (*meeting.required, *placement.optional):
        ledger.busy[who].append((placement.start, placement.start + length))
        ledger.per_day[(who, day)] += 1
    if placement.room is not None:
        ledger.rooms[placement.room].append((placement.start, placement.start + length))


def _order(compiled: Compiled) -> list[Meeting]:
    def key(m: Meeting) -> tuple[bool, int, float, str]:
        deadline = m.deadline.timestamp() if m.deadline else float("inf")
        return (m.fixed is None, -m.urgency, deadline, m.id)

    return sorted(compiled.problem.meetings, key=key)


def greedy(compiled: Compiled) -> dict[str, Placed]:
    """Placements for as many meetings as the earliest-fit rule finds. When rescheduling, a meeting
    whose published placement still holds keeps it: only what must move is placed again."""
    ledger, placed = Ledger(), dict[str, Placed]()
    pending = _order(compiled)
    _keep_current(compiled, ledger, placed)
    for _ in range(2):  # a second pass places meetings whose predecessor came later in the order
        for meeting in pending:
            if meeting.id in placed:
                continue
            placement = _first_fit(meeting, compiled, ledger, placed)
            if placement is not None:
                placed[meeting.id] = placement
                _book(ledger, compiled, meeting, placement)
    return placed


def compact(compiled: Compiled, placed: dict[str, Placed]) -> dict[str, Placed]:
    """The same meetings, each brought to an earlier start where it still fits and comfort gains
    (fewer days of delay, weighed against optional attendees lost), most urgent first, until
    nothing moves. Fixed meetings and those still at their published placement stay."""
    ledger, result = Ledger(), dict(placed)
    for mid, placement in result.items():
        _book(ledger, compiled, compiled.by_id[mid], placement)
    moved = True
    while moved:
        moved = False
        for meeting in _order(compiled):
            now = result.get(meeting.id)
            if now is None or meeting.fixed is not None or at_published(compiled, meeting, now):
                continue
            _unbook(ledger, compiled, meeting, now)
            sooner = _first_fit(meeting, compiled, ledger, result, before=compiled.lateness(now.start))
            if sooner is not None and _comfort_gain(compiled, meeting, now, sooner) > 0:
                result[meeting.id], moved = sooner, True
            _book(ledger, compiled, meeting, result[meeting.id])
    return result


def at_published(compiled: Compiled, meeting: Meeting, placement: Placed) -> bool:
    """Whether a placement keeps a published meeting where it was, as a move is counted: the same
    start, and the same room when that room still suits the meeting."""
    current = meeting.current
    return (
        current is not None
        and compiled.grid.index(current.start) == placement.start
        and (current.room not in compiled.rooms[meeting.id] or placement.room == current.room)
    )


def _comfort_gain(compiled: Compiled, meeting: Meeting, now: Placed, sooner: Placed) -> int:
    weights = compiled.problem.weights
    days = compiled.lateness(now.start) - compiled.lateness(sooner.start)
    lost = len(now.optional) - len(sooner.optional)
    return weights.delay * meeting.urgency * days - weights.optional_attendance * lost


def _keep_current(compiled: Compiled, ledger: Ledger, placed: dict[str, Placed]) -> None:
    for meeting in _order(compiled):
        kept = _at_current(meeting, compiled, ledger, placed)
        if kept is not None:
            placed[meeting.id] = kept
            _book(ledger, compiled, meeting, kept)


def still_holding(compiled: Compiled) -> set[str]:
    """Meetings whose published placement is still possible, all of them together."""
    placed: dict[str, Placed] = {}
    _keep_current(compiled, Ledger(), placed)
    return {mid for mid in placed if compiled.by_id[mid].fixed is None}


def _at_current(
    meeting: Meeting, compiled: Compiled, ledger: Ledger, placed: dict[str, Placed]
) -> Placed | None:
    """The published placement, if it is still possible (the others kept so far included)."""
    if meeting.current is None or meeting.fixed is not None:
        return None
    start = compiled.grid.index(meeting.current.start)
    if start not in compiled.starts[meeting.id]:
        return None
    if not all(_free(ledger, compiled, meeting, who, start) for who in meeting.required):
        return None
    if not _precedence_ok(meeting, start, placed, compiled):
        return None
    room = meeting.current.room
    if compiled.problem.rooms and (
        room not in compiled.rooms[meeting.id] or not _room_open(ledger, compiled, meeting, room, start)
    ):
        return None
    return _with_optional(meeting, compiled, ledger, start, room)


def _room_open(ledger: Ledger, compiled: Compiled, meeting: Meeting, room: str, start: int) -> bool:
    """The room is open for the whole meeting and, unless it is the video room, not taken."""
    length = compiled.length(meeting)
    if (compiled.room_free[room] >> start) & ((1 << length) - 1) != (1 << length) - 1:
        return False
    return compiled.problem.rooms[room].video or not _overlaps(ledger.rooms[room], start, start + length)


def _with_optional(
    meeting: Meeting, compiled: Compiled, ledger: Ledger, start: int, room: str | None
) -> Placed:
    length = compiled.length(meeting)
    optional = tuple(
        who
        for who in meeting.optional
        if (compiled.free[who] >> start) & ((1 << length) - 1) == (1 << length) - 1
        and _free(ledger, compiled, meeting, who, start)
    )
    return Placed(start, room, optional)


def _first_fit(
    meeting: Meeting, compiled: Compiled, ledger: Ledger, placed: dict[str, Placed], before: int | None = None
) -> Placed | None:
    """The earliest start that fits (only those whose lateness is under ``before``, if given)."""
    for start in compiled.starts[meeting.id]:
        if before is not None and compiled.lateness(start) >= before:
            return None
        if not all(_free(ledger, compiled, meeting, who, start) for who in meeting.required):
            continue
        if not _precedence_ok(meeting, start, placed, compiled):
            continue
        ok, room = _room_for(ledger, compiled, meeting, start)
        if not ok:
            continue
        return _with_optional(meeting, compiled, ledger, start, room)
    return None
