"""Sessions mode: cases placed on the slots of plenary sittings.

A sitting becomes ``parallel_rooms`` virtual rooms open only during the sitting, on a grid of the
sitting's slot length; each case's professionals are then busy only for their own slot. The delay
term counts slots here, which packs cases at the start of each sitting and keeps waiting short."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta

from solver.problem import Interval, Meeting, Problem, ProblemError, Room


def _rounded(meeting: Meeting, slot: int) -> Meeting:
    duration = -(-meeting.duration_minutes // slot) * slot
    return replace(meeting, duration_minutes=duration, room="either")


def _closed_outside(start: datetime, end: datetime, problem: Problem) -> tuple[Interval, ...]:
    first = datetime.combine(problem.horizon_start, time())
    last = datetime.combine(problem.horizon_end, time()) + timedelta(days=1)
    return tuple(i for i in (Interval(first, start), Interval(end, last)) if i.end > i.start)


def session_problem(problem: Problem) -> Problem:
    """The batch problem equivalent to placing the meetings on the sittings."""
    if not problem.sessions:
        raise ProblemError("$.sessions", "sessions mode needs at least one session")
    slot = problem.sessions[0].slot_minutes
    if any(s.slot_minutes != slot for s in problem.sessions):
        raise ProblemError("$.sessions", "all sessions of one problem must share slot_minutes")
    rooms = {}
    for session in problem.sessions:
        end = session.start + timedelta(minutes=session.slots * slot)
        for k in range(session.parallel_rooms):
            room_id = f"{session.id}#{k + 1}"
            rooms[room_id] = Room(
                room_id,
                capacity=1000,
                accessible=True,
                working_hours=None,
                busy=_closed_outside(session.start, end, problem),
            )
    return replace(
        problem,
        slot_minutes=slot,
        rooms=rooms,
        sessions=(),
        meetings=tuple(_rounded(m, slot) for m in problem.meetings),
        travel_minutes={},
        delay_in_slots=True,
    )
