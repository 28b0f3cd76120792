"""Batch and rescheduling: every solution passes the independent checker; priorities hold."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from solver import check, load_problem, solve
from solver.availability import compile_problem
from solver.greedy import greedy
from solver.problem import Placement, Solution
from tests.solver.builders import meeting, pro, problem


def _solve(data: dict, **kwargs: object) -> tuple[object, Solution]:
    p = load_problem(data)
    solution = solve(p, time_limit=5, workers=1, **kwargs)  # type: ignore[arg-type]
    assert check(p, solution) == []
    return p, solution


def _at(solution: Solution, mid: str) -> datetime:
    return next(a.start for a in solution.assignments if a.meeting == mid)


def test_nobody_in_two_meetings_at_once() -> None:
    a = pro("a", {"mon": [["09:00", "11:00"]]})
    _, s = _solve(problem([a, pro("b"), pro("c")], [meeting("m1", ["a", "b"]), meeting("m2", ["a", "c"])]))
    assert sorted(x.start.hour for x in s.assignments) == [9, 10]


def test_travel_buffer_between_sites() -> None:
    a = pro("a", {"mon": [["09:00", "11:30"]]})
    rooms = [{"id": "n", "site": "nord", "capacity": 5}, {"id": "s", "site": "sud", "capacity": 5}]
    travel = [{"from": "nord", "to": "sud", "minutes": 30}]
    ms = [meeting("m1", ["a"], room="in_person"), meeting("m2", ["a"], room="in_person")]
    _, s = _solve(problem([a], ms, rooms=rooms, travel_minutes=travel))
    starts = sorted(x.start for x in s.assignments)
    assert len(starts) == 2 and (starts[1] - starts[0]).total_seconds() >= 90 * 60


def test_daily_cap() -> None:
    a = pro("a", max_meetings_per_day=1)
    _, s = _solve(problem([a, pro("b")], [meeting("m1", ["a", "b"]), meeting("m2", ["a", "b"])]))
    assert len({x.start.date() for x in s.assignments}) == 2


def test_room_capacity_accessibility_and_video() -> None:
    person = {
        "id": "p",
        "kind": "person",
        "needs": {"accessible_room": True},
        "available": [{"start": "2026-12-08T09:00", "end": "2026-12-08T12:00"}],
    }
    rooms = [
        {"id": "small", "capacity": 2, "accessible": True},
        {"id": "stairs", "capacity": 9},
        {"id": "big", "capacity": 9, "accessible": True},
    ]
    _, s = _solve(
        problem([pro("a"), pro("b"), person], [meeting("m", ["a", "b", "p"], room="in_person")], rooms=rooms)
    )
    assert s.assignments[0].room == "big"
    video = [{"id": "salle", "capacity": 9, "accessible": True}, {"id": "visio", "video": True}]
    _, s = _solve(problem([pro("a"), pro("b")], [meeting("m", ["a", "b"], room="video")], rooms=video))
    assert s.assignments[0].room == "visio"


def test_one_room_hosts_one_meeting_at_a_time() -> None:
    hours = {"mon": [["09:00", "10:00"]], "tue": [["09:00", "10:00"]]}
    rooms = [{"id": "r", "capacity": 5}]
    ms = [meeting("m1", ["a"], room="in_person"), meeting("m2", ["b"], room="in_person")]
    _, s = _solve(problem([pro("a", hours), pro("b", hours)], ms, rooms=rooms))
    assert {x.start.date().day for x in s.assignments} == {7, 8}


def test_preparation_a_working_day_before_its_rencontre() -> None:
    person = {
        "id": "p",
        "kind": "person",
        "available": [{"start": "2026-12-07T09:00", "end": "2026-12-11T17:00"}],
    }
    prep = meeting("prep", ["a", "b"], kind="preparation", urgency=5)
    enc = meeting(
        "enc",
        ["a", "b", "p"],
        kind="encounter",
        urgency=5,
        after=[{"meeting": "prep", "min_working_days": 1}],
    )
    _, s = _solve(problem([pro("a"), pro("b"), person], [enc, prep]))
    assert (_at(s, "enc").date() - _at(s, "prep").date()).days >= 1


def test_precedence_that_cannot_hold_is_explained() -> None:
    a = pro("a", {"fri": [["09:00", "12:00"]]})
    prep = meeting("prep", ["a"], earliest="2026-12-11")
    enc = meeting("enc", ["a"], after=[{"meeting": "prep", "min_working_days": 1}])
    _, s = _solve(problem([a], [prep, enc]))
    assert [(u.meeting, u.reason) for u in s.unscheduled] == [("enc", "precedence")]


def test_fixed_meetings_stay() -> None:
    fixed = meeting("f", ["a"], fixed={"start": "2026-12-09T10:00"})
    _, s = _solve(problem([pro("a")], [fixed, meeting("m", ["a"])]))
    assert _at(s, "f") == datetime(2026, 12, 9, 10, 0)


def test_optional_attendees_are_brought_in() -> None:
    c = pro("c", {"wed": [["14:00", "17:00"]]})
    _, s = _solve(problem([pro("a"), pro("b"), c], [meeting("m", ["a", "b"], optional=["c"], urgency=1)]))
    assert "c" in s.assignments[0].attendees and s.assignments[0].start.weekday() == 2


def test_urgent_meetings_win_competition_and_the_loser_is_explained() -> None:
    a = pro("a", {"mon": [["09:00", "10:00"]]})
    ms = [meeting("low", ["a"], urgency=1), meeting("high", ["a"], urgency=5)]
    _, s = _solve(problem([a], ms))
    assert [x.meeting for x in s.assignments] == ["high"]
    assert s.unscheduled[0].meeting == "low" and s.unscheduled[0].reason == "competition"


def test_one_more_meeting_beats_any_number_of_moves() -> None:
    """Priority (1) over (2): to fit a new meeting, moving two published ones is worth it."""
    a = pro("a", {"mon": [["09:00", "11:00"]], "tue": [["09:00", "10:00"]]})
    b = pro("b", {"mon": [["09:00", "10:00"]]})
    published = [
        meeting("p1", ["a"], current={"start": "2026-12-07T09:00"}),
        meeting("p2", ["a"], current={"start": "2026-12-07T10:00"}),
    ]
    _, s = _solve(problem([a, b], [*published, meeting("new", ["a", "b"])]))
    assert {x.meeting for x in s.assignments} == {"p1", "p2", "new"}
    assert sum(x.moved for x in s.assignments) >= 1


def test_rescheduling_after_an_absence_moves_only_what_it_must() -> None:
    people = [pro(x) for x in ("a", "b", "c", "d")]
    ms = [meeting(f"m{i}", pair) for i, pair in enumerate([["a", "b"], ["c", "d"], ["a", "c"], ["b", "d"]])]
    _, first = _solve(problem(people, ms))
    published = {x.meeting: x for x in first.assignments}
    absent = [
        {
            "start": published["m0"].start.strftime("%Y-%m-%dT00:00"),
            "end": published["m0"].start.strftime("%Y-%m-%dT23:45"),
        }
    ]
    again = problem(
        [pro("a", busy=absent), *people[1:]],
        [{**m, "current": {"start": published[m["id"]].start.strftime("%Y-%m-%dT%H:%M")}} for m in ms],
    )
    _, second = _solve(again)
    assert second.objective is not None  # CP-SAT's answer, not the greedy fallback
    moved = {x.meeting for x in second.assignments if x.moved}
    affected = {
        m["id"]
        for m in ms
        if "a" in m["required"] and published[m["id"]].start.date() == published["m0"].start.date()
    }
    assert moved <= affected and "m0" in moved


def test_greedy_answer_stands_when_the_time_limit_is_tiny() -> None:
    p = load_problem(problem([pro("a"), pro("b")], [meeting(f"m{i}", ["a", "b"]) for i in range(6)]))
    s = solve(p, time_limit=0.001, workers=1)
    assert s.assignments and check(p, s) == []


def test_sessions_place_cases_on_sitting_slots() -> None:
    sessions = [
        {"id": "s1", "start": "2026-12-08T09:00", "slots": 6, "slot_minutes": 30, "parallel_rooms": 1}
    ]
    ms = [meeting(f"c{i}", [x, "coord"], duration_minutes=30) for i, x in enumerate(["a", "b", "c"])]
    data = problem([pro("a"), pro("b"), pro("c"), pro("coord")], ms, sessions=sessions)
    p = load_problem(data)
    s = solve(p, mode="sessions", time_limit=5, workers=1)
    starts = sorted(x.start for x in s.assignments)
    assert starts == [datetime(2026, 12, 8, 9, 0), datetime(2026, 12, 8, 9, 30), datetime(2026, 12, 8, 10, 0)]


def test_find_slot_ranks_proposals_with_who_can_come() -> None:
    c = pro("c", {"thu": [["14:00", "17:00"]]})
    context = meeting("busy", ["a"], fixed={"start": "2026-12-07T09:00"})
    data = problem([pro("a"), pro("b"), c], [context, meeting("m", ["a", "b"], optional=["c"])])
    s = solve(load_problem(data), mode="find-slot")
    first = s.proposals[0]
    assert first.start == datetime(2026, 12, 10, 14, 0) and "c" in first.attendees
    assert all(p.start != datetime(2026, 12, 7, 9, 0) for p in s.proposals)
    assert len({(p.start.date(), p.start.hour >= 13) for p in s.proposals}) == len(s.proposals)
    assert any(p.missing_optional == ("c",) for p in s.proposals[1:])


def test_check_catches_planted_violations() -> None:
    p = load_problem(problem([pro("a"), pro("b")], [meeting("m1", ["a", "b"]), meeting("m2", ["a"])]))
    good = solve(p, time_limit=2, workers=1)
    bad = Solution(
        "feasible",
        assignments=[
            replace(x, start=datetime(2026, 12, 7, 9, 0), end=datetime(2026, 12, 7, 10, 0))
            for x in good.assignments
        ],
    )
    assert any("overlap" in e for e in check(p, bad))
    sunday = Solution(
        "feasible",
        assignments=[
            replace(good.assignments[0], start=datetime(2026, 12, 6, 9, 0), end=datetime(2026, 12, 6, 10, 0))
        ],
    )
    assert any("not free" in e for e in check(p, sunday))
    fixed = replace(p, meetings=(replace(p.meetings[0], fixed=Placement(datetime(2026, 12, 8, 9, 0), None)),))
    assert any("must not move" in e for e in check(fixed, Solution("feasible")))


def test_greedy_keeps_every_published_placement_that_still_holds() -> None:
    """The fallback answer of a rescheduling already moves only what the absence hits."""
    people = [pro(x) for x in "abcdef"]
    pairs = [["a", "b"], ["c", "d"], ["e", "f"], ["a", "c"], ["b", "d"], ["c", "e"], ["d", "f"], ["a", "f"]]
    ms = [meeting(f"m{i}", pair) for i, pair in enumerate(pairs)]
    _, first = _solve(problem(people, ms))
    published = {x.meeting: x.start for x in first.assignments}
    hit = published["m0"]
    away = [
        {
            "start": hit.strftime("%Y-%m-%dT%H:%M"),
            "end": (hit + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        }
    ]
    again = load_problem(
        problem(
            [pro("a", busy=away), *people[1:]],
            [{**m, "current": {"start": published[m["id"]].strftime("%Y-%m-%dT%H:%M")}} for m in ms],
        )
    )
    placed = greedy(compile_problem(again))
    grid = compile_problem(again).grid
    kept = {mid for mid, p in placed.items() if grid.at(p.start) == published[mid]}
    assert set(placed) == set(published) and kept == set(published) - {"m0"}
