"""The batch search: staged by priority with computed weights, as given otherwise."""

from __future__ import annotations

from solver import check, load_problem, solve
from tests.solver.builders import meeting, pro, problem


def _two_meetings_one_hour_apart_by_four_days(**extra: object) -> dict:
    a = pro("a", {"mon": [["09:00", "10:00"]], "fri": [["09:00", "10:00"]]})
    ms = [meeting("m1", ["a"], urgency=1), meeting("m2", ["a"], urgency=1)]
    return problem([a], ms, **extra)


def test_the_staged_search_proves_the_urgency_it_holds() -> None:
    p = load_problem(_two_meetings_one_hour_apart_by_four_days())
    s = solve(p, time_limit=5, workers=1)
    assert {a.meeting for a in s.assignments} == {"m1", "m2"} and check(p, s) == []
    assert s.status == "optimal" and s.held_urgency_bound == 2 and s.objective == s.bound


def test_weights_given_in_the_problem_are_one_weighted_sum() -> None:
    """Four days of delay at 5 a day cost more than leaving an urgency-1 meeting out, when the
    problem says so: the weights are used as given, not staged."""
    weights = {"unscheduled": 1, "moved": 1, "delay": 5, "optional_attendance": 5}
    p = load_problem(_two_meetings_one_hour_apart_by_four_days(weights=weights))
    s = solve(p, time_limit=5, workers=1)
    assert len(s.assignments) == 1 and s.assignments[0].start.weekday() == 0
    assert s.held_urgency_bound is None and s.status == "optimal"
