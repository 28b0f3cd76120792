"""Problem files: loaded to the spec, refused with the path of the bad value and the fix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from solver import ProblemError, dump_solution, load_problem, solve
from tests.solver.builders import meeting, pro, problem

SPEC = Path(__file__).resolve().parents[3] / "shared" / "spec" / "scheduling-problem.md"


def test_the_example_of_the_spec_loads() -> None:
    text = SPEC.read_text()
    example = text[text.index("```json") + 7 : text.index("```", text.index("```json") + 7)]
    data = json.loads(example.replace('"in_person | video | either"', '"either"'))
    # The example elides the other participants and the preparation it refers to.
    data["participants"] += [pro("pro-3"), pro("pro-9")]
    data["meetings"].insert(0, meeting("m-0", ["pro-17", "pro-3"], kind="preparation"))
    loaded = load_problem(data)
    encounter = loaded.meeting("m-1")
    assert encounter.after[0].meeting == "m-0" and encounter.current is not None
    assert loaded.participants["person-42"].needs == {"accessible_room": True, "interpreter": "ar"}
    assert loaded.holidays.extra[0].isoformat() == "2026-12-24"


def _error(data: dict) -> ProblemError:
    with pytest.raises(ProblemError) as caught:
        load_problem(data)
    return caught.value


def test_unknown_key_is_named() -> None:
    data = problem([pro("a")], [meeting("m", ["a"], colour="red")])
    assert _error(data).path == "$.meetings[0].colour"


def test_unknown_participant_is_named() -> None:
    error = _error(problem([pro("a")], [meeting("m", ["a", "ghost"])]))
    assert error.path == "$.meetings[0].required[1]" and "ghost" in error.message


def test_deadline_before_earliest() -> None:
    data = problem([pro("a")], [meeting("m", ["a"], earliest="2026-12-10", deadline="2026-12-08T12:00")])
    assert _error(data).path == "$.meetings[0].deadline"


def test_duration_not_a_multiple_of_the_slot() -> None:
    error = _error(problem([pro("a")], [meeting("m", ["a"], duration_minutes=50)]))
    assert error.path == "$.meetings[0].duration_minutes" and "multiple" in error.message


def test_bad_time_format_says_how_to_write_it() -> None:
    data = problem(
        [pro("a", busy=[{"start": "3 déc 10h", "end": "2026-12-03T12:00"}])], [meeting("m", ["a"])]
    )
    error = _error(data)
    assert error.path == "$.participants[0].busy[0].start" and "2026-12-03T09:30" in error.message


def test_duplicate_ids_are_refused() -> None:
    assert _error(problem([pro("a"), pro("a")], [])).path == "$.participants[1].id"


def test_solution_round_trips_to_the_spec_shape() -> None:
    p = load_problem(problem([pro("a"), pro("b")], [meeting("m", ["a", "b"])]))
    out = dump_solution(solve(p, time_limit=2, workers=1))
    assert set(out) == {
        "status",
        "objective",
        "bound",
        "solve_seconds",
        "assignments",
        "unscheduled",
        "proposals",
    }
    assert out["assignments"][0]["start"] == "2026-12-07T09:00"
