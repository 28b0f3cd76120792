"""An independent checker: validates a solution against a problem with plain datetime arithmetic,
sharing no code with the models. Returns the list of violations (empty when the solution holds)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from itertools import pairwise

import holidays as holiday_tables

from solver.problem import WEEKDAYS, Assignment, Interval, Meeting, Participant, Problem, Room, Solution

_SUBDIVISIONS = {"57": "57", "67": "6AE", "68": "6AE", "6AE": "6AE"}


def _holidays(problem: Problem) -> set[date]:
    spec = problem.holidays
    years = range(problem.horizon_start.year, problem.horizon_end.year + 2)
    table = holiday_tables.country_holidays(
        spec.country, subdiv=_SUBDIVISIONS.get(spec.subdivision or ""), years=years
    )
    return set(table) | set(spec.extra)


def _within_hours(hours: dict[str, tuple[tuple[time, time], ...]], start: datetime, end: datetime) -> bool:
    return any(s <= start.time() and end.time() <= e for s, e in hours.get(WEEKDAYS[start.weekday()], ()))


def _overlaps(a: Interval, start: datetime, end: datetime) -> bool:
    return a.start < end and start < a.end


def _person_free(p: Participant, start: datetime, end: datetime, off: set[date]) -> bool:
    if any(_overlaps(b, start, end) for b in p.busy):
        return False
    if p.kind == "person":
        return any(w.start <= start and end <= w.end for w in p.available)
    return start.date() not in off and _within_hours(p.working_hours, start, end)


def _room_free(room: Room, start: datetime, end: datetime) -> bool:
    if any(_overlaps(b, start, end) for b in room.busy):
        return False
    return room.working_hours is None or _within_hours(room.working_hours, start, end)


def _working_days_between(a: date, b: date, off: set[date]) -> int:
    """Working days from ``a`` (excluded) up to ``b`` (included)."""
    count, day = 0, a
    while day < b:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in off:
            count += 1
    return count


def check(problem: Problem, solution: Solution) -> list[str]:
    """Every hard rule of DESIGN §6 broken by ``solution``, in words."""
    off = _holidays(problem)
    meetings = {m.id: m for m in problem.meetings}
    errors: list[str] = []
    seen: set[str] = set()
    for a in solution.assignments:
        m = meetings.get(a.meeting)
        if m is None:
            errors.append(f"{a.meeting}: not a meeting of the problem")
            continue
        if a.meeting in seen:
            errors.append(f"{a.meeting}: placed twice")
        seen.add(a.meeting)
        errors += _check_one(problem, m, a.start, a.end, a.room, a.attendees, off)
    placed = {a.meeting: a for a in solution.assignments}
    errors += _check_fixed_and_precedence(problem, placed, off)
    errors += _check_overlaps(problem, solution, meetings)
    return errors


def _check_one(
    problem: Problem,
    m: Meeting,
    start: datetime,
    end: datetime,
    room: str | None,
    attendees: tuple[str, ...],
    off: set[date],
) -> list[str]:
    errors = []
    if end - start != timedelta(minutes=m.duration_minutes) or start.date() != end.date():
        errors.append(f"{m.id}: must last {m.duration_minutes} minutes within one day")
    if start.date() < problem.horizon_start or end.date() > problem.horizon_end:
        errors.append(f"{m.id}: outside the horizon")
    if m.earliest and start.date() < m.earliest:
        errors.append(f"{m.id}: starts before its earliest date {m.earliest}")
    if m.deadline and end > m.deadline:
        errors.append(f"{m.id}: ends after its deadline {m.deadline}")
    missing = set(m.required) - set(attendees)
    if missing:
        errors.append(f"{m.id}: required {sorted(missing)} not attending")
    for who in attendees:
        if who not in m.required and who not in m.optional:
            errors.append(f"{m.id}: {who} is not invited")
        elif m.fixed is None and not _person_free(problem.participants[who], start, end, off):
            errors.append(f"{m.id}: {who} is not free {start}–{end.time()}")
    errors += _check_room(problem, m, start, end, room, attendees)
    return errors


def _check_room(
    problem: Problem, m: Meeting, start: datetime, end: datetime, room: str | None, attendees: tuple[str, ...]
) -> list[str]:
    if not problem.rooms:
        return []
    if room is None or room not in problem.rooms:
        return [f"{m.id}: needs a room of the problem"]
    r = problem.rooms[room]
    errors = []
    if r.video and m.room == "in_person":
        errors.append(f"{m.id}: in person, not by video")
    if not r.video:
        if m.room == "video":
            errors.append(f"{m.id}: by video, but {room} has none")
        if r.capacity < len(m.required) + len(m.optional):
            errors.append(f"{m.id}: {room} is too small")
        needs_access = any(problem.participants[p].needs.get("accessible_room") for p in attendees)
        if needs_access and not r.accessible:
            errors.append(f"{m.id}: {room} is not accessible")
    if m.fixed is None and not _room_free(r, start, end):
        errors.append(f"{m.id}: {room} is not open or free then")
    return errors


def _check_fixed_and_precedence(problem: Problem, placed: dict[str, Assignment], off: set[date]) -> list[str]:
    errors = []
    for m in problem.meetings:
        a = placed.get(m.id)
        if m.fixed is not None and (a is None or a.start != m.fixed.start):
            errors.append(f"{m.id}: confirmed at {m.fixed.start}, must not move")
        if a is None:
            continue
        for after in m.after:
            before = placed.get(after.meeting)
            if before is None:
                errors.append(f"{m.id}: placed without {after.meeting}")
            elif _working_days_between(before.start.date(), a.start.date(), off) < after.min_working_days:
                errors.append(
                    f"{m.id}: less than {after.min_working_days} working day(s) after {after.meeting}"
                )
    return errors


def _site(problem: Problem, room: str | None, who: str) -> str | None:
    if room is not None and room in problem.rooms and not problem.rooms[room].video:
        return problem.rooms[room].site
    return None


def _check_overlaps(problem: Problem, solution: Solution, meetings: dict[str, Meeting]) -> list[str]:
    errors = []
    by_person: dict[str, list[Assignment]] = defaultdict(list)
    by_room: dict[str, list[Assignment]] = defaultdict(list)
    for a in solution.assignments:
        for who in a.attendees:
            by_person[who].append(a)
        if a.room is not None and a.room in problem.rooms and not problem.rooms[a.room].video:
            by_room[a.room].append(a)
    for who, items in by_person.items():
        items.sort(key=lambda a: a.start)
        for first, second in pairwise(items):
            gap = problem.travel(_site(problem, first.room, who), _site(problem, second.room, who))
            if second.start < first.end + timedelta(minutes=gap):
                errors.append(f"{who}: {first.meeting} and {second.meeting} overlap (travel {gap} min)")
        cap = problem.participants[who].max_meetings_per_day
        per_day: dict[date, int] = defaultdict(int)
        for a in items:
            per_day[a.start.date()] += 1
        for day, n in per_day.items():
            if cap is not None and n > cap:
                errors.append(f"{who}: {n} meetings on {day}, cap {cap}")
    for room, items in by_room.items():
        items.sort(key=lambda a: a.start)
        for first, second in pairwise(items):
            if second.start < first.end:
                errors.append(f"{room}: {first.meeting} and {second.meeting} overlap")
    return errors
