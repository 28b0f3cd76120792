"""Reading problems from and writing solutions to the JSON format of the spec."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any, TypeVar

from solver.problem import (
    ROOM_MODES,
    WEEKDAYS,
    After,
    Assignment,
    Holidays,
    Interval,
    Meeting,
    Participant,
    Placement,
    Problem,
    ProblemError,
    Proposal,
    Room,
    Session,
    Solution,
    Weights,
)

T = TypeVar("T")

PROBLEM_KEYS = {
    "timezone",
    "horizon",
    "slot_minutes",
    "holidays",
    "participants",
    "rooms",
    "travel_minutes",
    "meetings",
    "sessions",
    "weights",
}
PARTICIPANT_KEYS = {
    "id",
    "kind",
    "institution",
    "working_hours",
    "busy",
    "available",
    "max_meetings_per_day",
    "site",
    "needs",
}
ROOM_KEYS = {"id", "site", "capacity", "accessible", "video", "working_hours", "busy"}
MEETING_KEYS = {
    "id",
    "case",
    "kind",
    "duration_minutes",
    "urgency",
    "required",
    "optional",
    "room",
    "earliest",
    "deadline",
    "after",
    "fixed",
    "current",
}
SESSION_KEYS = {"id", "start", "slots", "slot_minutes", "parallel_rooms"}
WEIGHT_KEYS = {"unscheduled", "moved", "delay", "optional_attendance"}


def _object(value: Any, path: str, allowed: set[str], required: set[str] = frozenset()) -> dict[str, Any]:  # type: ignore[assignment]
    if not isinstance(value, dict):
        raise ProblemError(path, "expected an object")
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise ProblemError(
            f"{path}.{unknown[0]}", f"unknown key; allowed keys are {', '.join(sorted(allowed))}"
        )
    missing = sorted(required - set(value))
    if missing:
        raise ProblemError(f"{path}.{missing[0]}", "required key is missing")
    return value


def _list(value: Any, path: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ProblemError(path, "expected a list")
    return value


def _parse(value: Any, path: str, parse: Callable[[str], T], example: str) -> T:
    if not isinstance(value, str):
        raise ProblemError(path, f"expected a string like {example!r}")
    try:
        return parse(value)
    except ValueError:
        raise ProblemError(path, f"{value!r} is not valid; write it like {example!r}") from None


def _datetime(value: Any, path: str) -> datetime:
    parsed = _parse(value, path, datetime.fromisoformat, "2026-12-03T09:30")
    if parsed.tzinfo is not None:
        raise ProblemError(path, "times are local wall-clock times without offset, like '2026-12-03T09:30'")
    return parsed


def _date(value: Any, path: str) -> date:
    return _parse(value, path, date.fromisoformat, "2026-12-03")


def _time(value: Any, path: str) -> time:
    return _parse(value, path, time.fromisoformat, "09:30")


def _int(value: Any, path: str, minimum: int = 0) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise ProblemError(path, f"expected an integer >= {minimum}")
    return value


def _intervals(value: Any, path: str) -> tuple[Interval, ...]:
    result = []
    for i, item in enumerate(_list(value, path)):
        here = f"{path}[{i}]"
        obj = _object(item, here, {"start", "end"}, {"start", "end"})
        interval = Interval(_datetime(obj["start"], f"{here}.start"), _datetime(obj["end"], f"{here}.end"))
        if interval.end <= interval.start:
            raise ProblemError(f"{here}.end", "must be after start")
        result.append(interval)
    return tuple(result)


def _hours(value: Any, path: str) -> dict[str, tuple[tuple[time, time], ...]]:
    obj = _object(value, path, set(WEEKDAYS))
    hours = {}
    for day, spans in obj.items():
        parsed = []
        for i, span in enumerate(_list(spans, f"{path}.{day}")):
            here = f"{path}.{day}[{i}]"
            if not isinstance(span, list) or len(span) != 2:
                raise ProblemError(here, "expected a pair like ['09:00', '12:30']")
            start, end = _time(span[0], f"{here}[0]"), _time(span[1], f"{here}[1]")
            if end <= start:
                raise ProblemError(here, "the span ends before it starts")
            parsed.append((start, end))
        hours[day] = tuple(sorted(parsed))
    return hours


def _participant(item: Any, path: str) -> Participant:
    obj = _object(item, path, PARTICIPANT_KEYS, {"id", "kind"})
    if obj["kind"] not in ("professional", "person"):
        raise ProblemError(f"{path}.kind", "expected 'professional' or 'person'")
    cap = obj.get("max_meetings_per_day")
    return Participant(
        id=str(obj["id"]),
        kind=obj["kind"],
        institution=obj.get("institution"),
        working_hours=_hours(obj.get("working_hours", {}), f"{path}.working_hours"),
        busy=_intervals(obj.get("busy"), f"{path}.busy"),
        available=_intervals(obj.get("available"), f"{path}.available"),
        max_meetings_per_day=None if cap is None else _int(cap, f"{path}.max_meetings_per_day", 1),
        site=obj.get("site"),
        needs=dict(
            _object(obj.get("needs", {}), f"{path}.needs", {"accessible_room", "interpreter", "video"})
        ),
    )


def _room(item: Any, path: str) -> Room:
    obj = _object(item, path, ROOM_KEYS, {"id"})
    hours = obj.get("working_hours")
    return Room(
        id=str(obj["id"]),
        site=obj.get("site"),
        capacity=_int(obj.get("capacity", 0), f"{path}.capacity"),
        accessible=bool(obj.get("accessible", False)),
        video=bool(obj.get("video", False)),
        working_hours=None if hours is None else _hours(hours, f"{path}.working_hours"),
        busy=_intervals(obj.get("busy"), f"{path}.busy"),
    )


def _placement(value: Any, path: str) -> Placement | None:
    if value is None:
        return None
    obj = _object(value, path, {"start", "room"}, {"start"})
    return Placement(_datetime(obj["start"], f"{path}.start"), obj.get("room"))


def _meeting(item: Any, path: str, slot: int, people: set[str]) -> Meeting:
    obj = _object(item, path, MEETING_KEYS, {"id", "duration_minutes", "required"})
    duration = _int(obj["duration_minutes"], f"{path}.duration_minutes", 1)
    if duration % slot:
        raise ProblemError(
            f"{path}.duration_minutes", f"{duration} is not a multiple of slot_minutes ({slot})"
        )
    for key in ("required", "optional"):
        for i, who in enumerate(_list(obj.get(key), f"{path}.{key}")):
            if who not in people:
                raise ProblemError(
                    f"{path}.{key}[{i}]", f"participant {who!r} does not exist; add it to participants"
                )
    if obj.get("room", "either") not in ROOM_MODES:
        raise ProblemError(f"{path}.room", f"expected one of {', '.join(ROOM_MODES)}")
    earliest = None if obj.get("earliest") is None else _date(obj["earliest"], f"{path}.earliest")
    deadline = None if obj.get("deadline") is None else _datetime(obj["deadline"], f"{path}.deadline")
    if earliest and deadline and deadline.date() < earliest:
        raise ProblemError(
            f"{path}.deadline", f"{deadline.isoformat()} is before earliest {earliest.isoformat()}"
        )
    after = []
    for i, a in enumerate(_list(obj.get("after"), f"{path}.after")):
        here = f"{path}.after[{i}]"
        a = _object(a, here, {"meeting", "min_working_days"}, {"meeting"})
        after.append(After(str(a["meeting"]), _int(a.get("min_working_days", 1), f"{here}.min_working_days")))
    return Meeting(
        id=str(obj["id"]),
        case=str(obj.get("case", "")),
        kind=str(obj.get("kind", "synthesis")),
        duration_minutes=duration,
        urgency=_int(obj.get("urgency", 3), f"{path}.urgency", 1),
        required=tuple(obj["required"]),
        optional=tuple(obj.get("optional") or ()),
        room=obj.get("room", "either"),
        earliest=earliest,
        deadline=deadline,
        after=tuple(after),
        fixed=_placement(obj.get("fixed"), f"{path}.fixed"),
        current=_placement(obj.get("current"), f"{path}.current"),
    )


def _unique(ids: list[str], path: str) -> None:
    seen: set[str] = set()
    for i, ident in enumerate(ids):
        if ident in seen:
            raise ProblemError(f"{path}[{i}].id", f"{ident!r} appears twice; ids must be unique")
        seen.add(ident)


def load_problem(data: Any) -> Problem:
    """A ``Problem`` from the parsed JSON of a problem file; ``ProblemError`` names any bad value."""
    obj = _object(data, "$", PROBLEM_KEYS, {"horizon", "participants", "meetings"})
    horizon = _object(obj["horizon"], "$.horizon", {"start", "end"}, {"start", "end"})
    start, end = _date(horizon["start"], "$.horizon.start"), _date(horizon["end"], "$.horizon.end")
    if end < start:
        raise ProblemError("$.horizon.end", "must be on or after horizon.start")
    slot = _int(obj.get("slot_minutes", 15), "$.slot_minutes", 1)
    if 60 % slot and slot % 60:
        raise ProblemError("$.slot_minutes", "must divide an hour (5, 10, 15, 20, 30, 60)")
    raw_people = _list(obj["participants"], "$.participants")
    participants = [_participant(p, f"$.participants[{i}]") for i, p in enumerate(raw_people)]
    _unique([p.id for p in participants], "$.participants")
    rooms = [_room(r, f"$.rooms[{i}]") for i, r in enumerate(_list(obj.get("rooms"), "$.rooms"))]
    _unique([r.id for r in rooms], "$.rooms")
    people = {p.id for p in participants}
    meetings = [
        _meeting(m, f"$.meetings[{i}]", slot, people)
        for i, m in enumerate(_list(obj["meetings"], "$.meetings"))
    ]
    _unique([m.id for m in meetings], "$.meetings")
    _check_references(meetings, {r.id for r in rooms})
    return Problem(
        timezone=str(obj.get("timezone", "Europe/Paris")),
        horizon_start=start,
        horizon_end=end,
        slot_minutes=slot,
        holidays=_holidays(obj.get("holidays")),
        participants={p.id: p for p in participants},
        rooms={r.id: r for r in rooms},
        travel_minutes=_travel(obj.get("travel_minutes")),
        meetings=tuple(meetings),
        sessions=tuple(
            _session(s, f"$.sessions[{i}]") for i, s in enumerate(_list(obj.get("sessions"), "$.sessions"))
        ),
        weights=_weights(obj.get("weights")),
    )


def _check_references(meetings: list[Meeting], rooms: set[str]) -> None:
    ids = {m.id for m in meetings}
    for i, m in enumerate(meetings):
        for j, a in enumerate(m.after):
            if a.meeting not in ids:
                raise ProblemError(
                    f"$.meetings[{i}].after[{j}].meeting", f"meeting {a.meeting!r} does not exist"
                )
        for key, placement in (("fixed", m.fixed), ("current", m.current)):
            if placement and placement.room is not None and placement.room not in rooms:
                raise ProblemError(f"$.meetings[{i}].{key}.room", f"room {placement.room!r} does not exist")


def _holidays(value: Any) -> Holidays:
    if value is None:
        return Holidays()
    obj = _object(value, "$.holidays", {"country", "subdivision", "extra"})
    extra = tuple(
        _date(d, f"$.holidays.extra[{i}]") for i, d in enumerate(_list(obj.get("extra"), "$.holidays.extra"))
    )
    return Holidays(str(obj.get("country", "FR")), obj.get("subdivision"), extra)


def _travel(value: Any) -> dict[tuple[str, str], int]:
    travel = {}
    for i, item in enumerate(_list(value, "$.travel_minutes")):
        obj = _object(item, f"$.travel_minutes[{i}]", {"from", "to", "minutes"}, {"from", "to", "minutes"})
        travel[(str(obj["from"]), str(obj["to"]))] = _int(obj["minutes"], f"$.travel_minutes[{i}].minutes")
    return travel


def _session(item: Any, path: str) -> Session:
    obj = _object(item, path, SESSION_KEYS, {"id", "start", "slots"})
    return Session(
        id=str(obj["id"]),
        start=_datetime(obj["start"], f"{path}.start"),
        slots=_int(obj["slots"], f"{path}.slots", 1),
        slot_minutes=_int(obj.get("slot_minutes", 30), f"{path}.slot_minutes", 1),
        parallel_rooms=_int(obj.get("parallel_rooms", 1), f"{path}.parallel_rooms", 1),
    )


def _weights(value: Any) -> Weights:
    if value is None:
        return Weights()
    obj = _object(value, "$.weights", WEIGHT_KEYS)

    def optional(key: str) -> int | None:
        return None if obj.get(key) is None else _int(obj[key], f"$.weights.{key}")

    return Weights(
        unscheduled=optional("unscheduled"),
        moved=optional("moved"),
        delay=_int(obj.get("delay", 1), "$.weights.delay"),
        optional_attendance=_int(obj.get("optional_attendance", 5), "$.weights.optional_attendance"),
    )


def _clock(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M")


def dump_solution(solution: Solution) -> dict[str, Any]:
    """The JSON form of a solution."""
    return {
        "status": solution.status,
        "objective": solution.objective,
        "bound": solution.bound,
        "solve_seconds": round(solution.solve_seconds, 3),
        "assignments": [_assignment(a) for a in solution.assignments],
        "unscheduled": [
            {"meeting": u.meeting, "reason": u.reason, "detail": u.detail, "blocking": list(u.blocking)}
            for u in solution.unscheduled
        ],
        "proposals": [_proposal(p) for p in solution.proposals],
    }


def _assignment(a: Assignment) -> dict[str, Any]:
    return {
        "meeting": a.meeting,
        "start": _clock(a.start),
        "end": _clock(a.end),
        "room": a.room,
        "attendees": list(a.attendees),
        "moved": a.moved,
    }


def _proposal(p: Proposal) -> dict[str, Any]:
    return {
        "start": _clock(p.start),
        "end": _clock(p.end),
        "room": p.room,
        "attendees": list(p.attendees),
        "missing_optional": list(p.missing_optional),
    }
