"""The solver's entry point: batch (with rescheduling), find-slot and sessions."""

from __future__ import annotations

import os
import time as clock
from dataclasses import replace

from solver.availability import Compiled, compile_meeting, compile_problem, hold_precedence, startable
from solver.greedy import Placed, buffer_slots, still_holding
from solver.problem import Assignment, Meeting, Problem, Proposal, Solution, Unscheduled
from solver.search import solve_batch
from solver.sessions import session_problem

PROPOSALS = 5
REPAIR_SECONDS = 2.0


def default_workers() -> int:
    return max(1, min(8, os.cpu_count() or 1))


def solve(
    problem: Problem, mode: str = "batch", time_limit: float = 10.0, workers: int | None = None, seed: int = 0
) -> Solution:
    """Solve ``problem`` in ``mode``; every meeting left out comes with its reason."""
    workers = workers or default_workers()
    if mode == "find-slot":
        return find_slot(problem)
    if mode == "sessions":
        problem = session_problem(problem)
    elif mode != "batch":
        raise ValueError(f"unknown mode {mode!r}: use batch, find-slot or sessions")
    elif any(m.current is not None for m in problem.meetings):
        return _reschedule(problem, time_limit, workers, seed)
    return _batch(problem, time_limit, workers, seed)


def _reschedule(problem: Problem, time_limit: float, workers: int, seed: int) -> Solution:
    """Repair first (half the time at most); the full search, with the rest, only when the repair
    leaves out a meeting that has a possible slot, and its answer only when it holds more
    (urgency-weighted): otherwise fewer moves win."""
    began = clock.perf_counter()
    repaired, complete = _repair(problem, min(REPAIR_SECONDS, time_limit / 2), workers, seed)
    if repaired is not None and complete:
        return repaired
    # A twentieth of the time is kept for reading the answer back once the search stops.
    left = time_limit * 0.95 - (clock.perf_counter() - began)
    full = _batch(problem, max(0.2, left), workers, seed)
    if repaired is not None and _held(problem, repaired) >= _held(problem, full):
        return repaired
    return full


def _held(problem: Problem, solution: Solution) -> int:
    urgency = {m.id: m.urgency for m in problem.meetings}
    return sum(urgency[a.meeting] for a in solution.assignments)


def _repair(problem: Problem, time_limit: float, workers: int, seed: int) -> tuple[Solution | None, bool]:
    """Rescheduling, first try: every published placement that still holds stays where it is and only
    the others are placed again. Says whether it holds every meeting that has any possible slot."""
    compiled = compile_problem(problem)
    holding = still_holding(compiled)
    if not holding:
        return None, False
    pinned = replace(
        problem,
        meetings=tuple(replace(m, fixed=m.current) if m.id in holding else m for m in problem.meetings),
    )
    solution = _batch(pinned, time_limit, workers, seed)
    placed = {a.meeting for a in solution.assignments}
    return solution, all(m.id in placed or m.id in compiled.empty for m in problem.meetings)


def _batch(problem: Problem, time_limit: float, workers: int, seed: int) -> Solution:
    """The time limit covers compiling too."""
    began = clock.perf_counter()
    compiled = compile_problem(problem)
    outcome = solve_batch(compiled, max(0.05, time_limit - (clock.perf_counter() - began)), workers, seed)
    solution = Solution(outcome.status, outcome.objective, outcome.bound, outcome.seconds)
    if outcome.left_out_bound is not None:
        solution.held_urgency_bound = sum(m.urgency for m in problem.meetings) - outcome.left_out_bound
    solution.assignments = [
        _assignment(compiled, compiled.by_id[mid], p, mid in outcome.moved)
        for mid, p in sorted(outcome.placed.items())
    ]
    solution.unscheduled = [
        explain(compiled, m, outcome.placed, outcome.status)
        for m in problem.meetings
        if m.id not in outcome.placed
    ]
    return solution


def _assignment(compiled: Compiled, meeting: Meeting, placed: Placed, moved: bool) -> Assignment:
    start = compiled.grid.at(placed.start)
    end = compiled.grid.at(placed.start + compiled.length(meeting))
    if meeting.current is not None and not moved:
        moved = meeting.current.start != start or (
            placed.room is not None and meeting.current.room != placed.room
        )
    return Assignment(meeting.id, start, end, placed.room, (*meeting.required, *placed.optional), moved)


def explain(compiled: Compiled, meeting: Meeting, placed: dict[str, Placed], status: str) -> Unscheduled:
    """Why a meeting was left out."""
    if meeting.id in compiled.empty:
        return compiled.empty[meeting.id]
    for after in meeting.after:
        if after.meeting not in placed:
            return Unscheduled(
                meeting.id,
                "precedence",
                f"it must come {after.min_working_days} working day(s) after {after.meeting}, "
                f"which could not be placed",
                (after.meeting,),
            )
    if status == "optimal":
        return Unscheduled(
            meeting.id,
            "competition",
            "it fits alone, but its slots went to more urgent meetings of the same people or rooms",
            meeting.required,
        )
    return Unscheduled(meeting.id, "time_limit", "no place found for it within the time limit", ())


def find_slot(problem: Problem) -> Solution:
    """Ranked proposals for the one meeting that is not fixed; fixed meetings count as busy."""
    began = clock.perf_counter()
    targets = [m for m in problem.meetings if m.fixed is None]
    if len(targets) != 1:
        raise ValueError("find-slot needs exactly one meeting without 'fixed' (the others are its context)")
    compiled = compile_problem(problem)
    target = targets[0]
    _block_fixed(compiled, target)
    proposals = _rank(compiled, target)
    solution = Solution(
        "optimal" if proposals else "no_solution_found", solve_seconds=clock.perf_counter() - began
    )
    solution.proposals = proposals
    if not proposals:
        solution.unscheduled = [
            compiled.empty.get(target.id)
            or Unscheduled(
                target.id,
                "competition",
                "every common free time is taken by confirmed meetings",
                target.required,
            )
        ]
    return solution


def _block_fixed(compiled: Compiled, target: Meeting) -> None:
    """Remove fixed meetings (with travel buffer) from their people's and rooms' free time, then
    recompute the target's candidates."""
    buffer = buffer_slots(compiled)
    for m in compiled.problem.meetings:
        if m.fixed is None:
            continue
        lo = compiled.grid.index(m.fixed.start)
        hi = lo + compiled.length(m)
        people_mask = ((1 << (hi - lo + 2 * buffer)) - 1) << max(0, lo - buffer)
        for who in (*m.required, *m.optional):
            compiled.free[who] &= ~people_mask
        if m.fixed.room is not None and not compiled.problem.rooms[m.fixed.room].video:
            compiled.room_free[m.fixed.room] &= ~(((1 << (hi - lo)) - 1) << lo)
    compile_meeting(target, compiled)
    hold_precedence(compiled)


def _rank(compiled: Compiled, meeting: Meeting) -> list[Proposal]:
    """More optional attendees first, then earlier; one proposal per half-day, for a real choice."""
    length = compiled.length(meeting)
    scored = []
    for start in compiled.starts[meeting.id]:
        room = _free_room(compiled, meeting, start, length)
        if room is False:
            continue
        coming = tuple(w for w in meeting.optional if (startable(compiled.free[w], length) >> start) & 1)
        scored.append((-len(coming), start, room, coming))
    scored.sort(key=lambda item: (item[0], item[1]))
    proposals, half_days = [], set()
    for _, start, room, coming in scored:
        half_day = (compiled.grid.date_of(start), compiled.grid.at(start).hour >= 13)
        if half_day in half_days:
            continue
        half_days.add(half_day)
        missing = tuple(w for w in meeting.optional if w not in coming)
        proposals.append(
            Proposal(
                compiled.grid.at(start),
                compiled.grid.at(start + length),
                room if isinstance(room, str) else None,
                (*meeting.required, *coming),
                missing,
            )
        )
        if len(proposals) == PROPOSALS:
            break
    return proposals


def _free_room(compiled: Compiled, meeting: Meeting, start: int, length: int) -> str | bool | None:
    """The smallest suitable free room (``None`` when rooms are not managed, ``False`` when none)."""
    if not compiled.problem.rooms:
        return None
    rooms = compiled.problem.rooms
    for room in sorted(compiled.rooms[meeting.id], key=lambda r: (rooms[r].video, rooms[r].capacity)):
        if (startable(compiled.room_free[room], length) >> start) & 1:
            return room
    return False


def replan(problem: Problem, absent: str) -> Problem:
    """The same problem where ``absent`` is away for the whole horizon (for rescheduling studies)."""
    participants = dict(problem.participants)
    participants[absent] = replace(participants[absent], working_hours={}, available=())
    return replace(problem, participants=participants)
