"""Random small problems: every solution passes the checker; on tiny ones CP-SAT matches brute force."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver import check, load_problem, solve
from solver.availability import compile_problem
from tests.solver.builders import meeting, problem

DAYS = ("mon", "tue", "wed")


@st.composite
def small_problems(draw: st.DrawFn, max_meetings: int = 4) -> dict:
    people = []
    for i in range(draw(st.integers(2, 4))):
        hours = {}
        for day in draw(st.lists(st.sampled_from(DAYS), min_size=1, max_size=3, unique=True)):
            start = draw(st.integers(8, 13))
            hours[day] = [[f"{start:02d}:00", f"{start + draw(st.integers(1, 4)):02d}:00"]]
        people.append(
            {
                "id": f"p{i}",
                "kind": "professional",
                "working_hours": hours,
                "max_meetings_per_day": draw(st.sampled_from([None, 1, 2])),
            }
        )
    ids = [p["id"] for p in people]
    meetings = []
    for j in range(draw(st.integers(1, max_meetings))):
        required = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=2, unique=True))
        meetings.append(
            meeting(
                f"m{j}",
                required,
                duration_minutes=draw(st.sampled_from([30, 60, 90])),
                urgency=draw(st.integers(1, 5)),
            )
        )
    rooms = [{"id": "r1", "capacity": 4}] if draw(st.booleans()) else []
    data = problem(people, meetings, rooms=rooms)
    data["horizon"] = {"start": "2026-12-07", "end": "2026-12-09"}
    return data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_problems())
def test_every_solution_passes_the_checker(data: dict) -> None:
    p = load_problem(data)
    solution = solve(p, time_limit=2, workers=1)
    assert check(p, solution) == []
    assert {a.meeting for a in solution.assignments} | {u.meeting for u in solution.unscheduled} == {
        m.id for m in p.meetings
    }


def _best_by_brute_force(data: dict) -> int:
    """The largest urgency total of a checker-valid placement, trying every start of every meeting."""
    p = load_problem(data)
    compiled = compile_problem(p)
    from solver.problem import Assignment, Solution

    options = []
    for m in p.meetings:
        choices = [None] + [compiled.grid.at(s) for s in compiled.starts[m.id][::2]]
        options.append([(m, c) for c in choices])
    best = 0
    for combo in itertools.product(*options):
        chosen = [(m, c) for m, c in combo if c is not None]
        rooms = ["r1"] if p.rooms else [None]
        assignments = [
            Assignment(
                m.id,
                c,
                c + (compiled.grid.at(compiled.length(m)) - compiled.grid.at(0)),
                rooms[0],
                m.required,
            )
            for m, c in chosen
        ]
        if not check(p, Solution("feasible", assignments=assignments)):
            best = max(best, sum(m.urgency for m, _ in chosen))
    return best


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_problems(max_meetings=3))
def test_cp_sat_schedules_the_most_urgency_brute_force_finds(data: dict) -> None:
    p = load_problem(data)
    solution = solve(p, time_limit=5, workers=1)
    scheduled = sum(p.meeting(a.meeting).urgency for a in solution.assignments)
    assert solution.status == "optimal"
    assert scheduled >= _best_by_brute_force(data)
    # The staged search proved that nothing holds more: its bound is what it scheduled.
    assert solution.held_urgency_bound == scheduled
