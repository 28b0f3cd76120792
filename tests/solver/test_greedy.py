"""The greedy pass's compaction: the same meetings, each brought as early as it still fits."""

from __future__ import annotations

from datetime import datetime

from solver import load_problem
from solver.availability import Compiled, compile_problem
from solver.greedy import Placed, compact
from tests.solver.builders import meeting, pro, problem

A_DAY = {d: [["09:00", "10:00"]] for d in ("mon", "tue", "wed", "thu", "fri")}


def _placed_on(compiled: Compiled, when: dict[str, datetime]) -> dict[str, Placed]:
    return {mid: Placed(compiled.grid.index(at), None, ()) for mid, at in when.items()}


def test_meetings_come_forward_most_urgent_first() -> None:
    ms = [meeting("low", ["a"], urgency=1), meeting("high", ["a"], urgency=5)]
    compiled = compile_problem(load_problem(problem([pro("a", A_DAY)], ms)))
    late = _placed_on(compiled, {"low": datetime(2026, 12, 10, 9), "high": datetime(2026, 12, 11, 9)})
    days = {mid: compiled.grid.at(p.start).day for mid, p in compact(compiled, late).items()}
    assert days == {"high": 7, "low": 8}


def test_published_and_fixed_meetings_stay() -> None:
    ms = [
        meeting("published", ["a"], current={"start": "2026-12-10T09:00"}),
        meeting("fixed", ["a"], fixed={"start": "2026-12-11T09:00"}),
        meeting("new", ["a"], urgency=1),
    ]
    compiled = compile_problem(load_problem(problem([pro("a", A_DAY)], ms)))
    when = {
        "published": datetime(2026, 12, 10, 9),
        "fixed": datetime(2026, 12, 11, 9),
        "new": datetime(2026, 12, 9, 9),
    }
    result = compact(compiled, _placed_on(compiled, when))
    assert {mid: compiled.grid.at(p.start) for mid, p in result.items()} == {
        **when,
        "new": datetime(2026, 12, 7, 9),
    }
