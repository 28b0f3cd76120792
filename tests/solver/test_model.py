"""The CP-SAT model: redundant cliques for the bound, and answers counted as the model does."""

from __future__ import annotations

from ortools.sat.python import cp_model

from solver import load_problem
from solver.availability import compile_problem
from solver.model import _maximal_cliques, build
from solver.search import cp_sat
from tests.solver.builders import meeting, pro, problem


def test_maximal_cliques_of_overlapping_spans() -> None:
    model = cp_model.CpModel()
    x = [model.new_bool_var(f"x{i}") for i in range(5)]
    spans = [(0, 4, x[0]), (2, 6, x[1]), (5, 8, x[2]), (6, 7, x[3]), (8, 9, x[4])]
    cliques = [{v.name for v in clique} for clique in _maximal_cliques(spans)]
    # [0,4) and [2,6) meet; [2,6) and [5,8) meet; [5,8) and [6,7) meet; [8,9) touches nothing.
    assert cliques == [{"x0", "x1"}, {"x1", "x2"}, {"x2", "x3"}]


def test_an_answer_is_counted_as_the_model_counts_it() -> None:
    """Priorities 1 to 3 of an answer computed outside CP-SAT (for the greedy answer and the
    compacted one) equal the model's own values for the same answer."""
    rooms = [{"id": "r1", "capacity": 4}, {"id": "r2", "capacity": 4}]
    part_time = pro("c", {"wed": [["09:00", "12:00"]]})
    ms = [
        meeting("kept", ["a"], current={"start": "2026-12-08T09:00", "room": "r1"}, room="in_person"),
        meeting("moved", ["a", "b"], current={"start": "2026-12-07T09:00", "room": "r1"}, urgency=5),
        meeting("new", ["b"], optional=["c"], urgency=2),
        meeting("impossible", ["c"], earliest="2026-12-10"),
    ]
    away = [{"start": "2026-12-07T00:00", "end": "2026-12-08T00:00"}]
    p = load_problem(problem([pro("a", busy=away), pro("b"), part_time], ms, rooms=rooms))
    built = build(compile_problem(p))
    search = cp_sat(built.model, 5, 1, 0)
    placed, value = built.read(search.solver), search.solver.value
    assert built.first_levels(placed) == (value(built.levels.left_out), value(built.levels.moves))
    assert built.comfort_of(placed) == value(built.levels.comfort)
    assert built.moved_in(placed) == built.moved(search.solver) == {"moved"}
