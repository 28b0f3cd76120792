"""The availability compiler: candidate starts, and who or what empties them."""

from __future__ import annotations

from datetime import datetime

from solver import load_problem
from solver.availability import compile_problem
from solver.calendar import WorkingCalendar
from solver.problem import Holidays
from tests.solver.builders import meeting, pro, problem


def _starts(data: dict, mid: str = "m") -> list[datetime]:
    compiled = compile_problem(load_problem(data))
    return [compiled.grid.at(s) for s in compiled.starts[mid]]


def test_working_hours_and_busy_times() -> None:
    busy = [{"start": "2026-12-07T09:00", "end": "2026-12-07T11:10"}]
    starts = _starts(problem([pro("a", busy=busy)], [meeting("m", ["a"])]))
    assert starts[0] == datetime(2026, 12, 7, 14, 0)  # 11:15 would end after the morning's 12:00
    assert datetime(2026, 12, 7, 11, 0) not in starts  # 11:00–12:00 touches the busy time
    assert datetime(2026, 12, 7, 16, 0) in starts and datetime(2026, 12, 7, 16, 15) not in starts


def test_common_time_of_part_time_people() -> None:
    a = pro("a", {"mon": [["09:00", "12:00"]], "tue": [["09:00", "12:00"]]})
    b = pro("b", {"tue": [["10:00", "17:00"]]})
    starts = _starts(problem([a, b], [meeting("m", ["a", "b"])]))
    assert starts == [
        datetime(2026, 12, 8, 10, 0),
        datetime(2026, 12, 8, 10, 15),
        datetime(2026, 12, 8, 10, 30),
        datetime(2026, 12, 8, 10, 45),
        datetime(2026, 12, 8, 11, 0),
    ]


def test_holidays_and_alsace_moselle() -> None:
    national = WorkingCalendar(
        Holidays("FR", None, ()), datetime(2026, 12, 1).date(), datetime(2026, 12, 31).date()
    )
    moselle = WorkingCalendar(
        Holidays("FR", "57", ()), datetime(2026, 12, 1).date(), datetime(2026, 12, 31).date()
    )
    assert not national.is_working_day(datetime(2026, 12, 25).date())
    assert national.is_working_day(datetime(2026, 12, 28).date())
    boxing_day_2025 = WorkingCalendar(
        Holidays("FR", "57", ()), datetime(2025, 12, 1).date(), datetime(2025, 12, 31).date()
    )
    assert not boxing_day_2025.is_working_day(datetime(2025, 12, 26).date())
    assert WorkingCalendar(
        Holidays("FR", None, ()), datetime(2025, 12, 1).date(), datetime(2025, 12, 31).date()
    ).is_working_day(datetime(2025, 12, 26).date())
    assert moselle.index[datetime(2026, 12, 31).date()] == national.index[datetime(2026, 12, 31).date()]


def test_extra_closure_days() -> None:
    data = problem([pro("a")], [meeting("m", ["a"])], holidays={"country": "FR", "extra": ["2026-12-07"]})
    assert _starts(data)[0] == datetime(2026, 12, 8, 9, 0)


def test_person_only_in_their_windows() -> None:
    person = {
        "id": "p",
        "kind": "person",
        "available": [{"start": "2026-12-09T14:00", "end": "2026-12-09T16:00"}],
    }
    starts = _starts(problem([pro("a"), person], [meeting("m", ["a", "p"], duration_minutes=90)]))
    assert starts == [
        datetime(2026, 12, 9, 14, 0),
        datetime(2026, 12, 9, 14, 15),
        datetime(2026, 12, 9, 14, 30),
    ]


def test_deadline_and_earliest_bound_the_starts() -> None:
    data = problem([pro("a")], [meeting("m", ["a"], earliest="2026-12-08", deadline="2026-12-08T11:00")])
    assert _starts(data) == [
        datetime(2026, 12, 8, h, m) for h, m in ((9, 0), (9, 15), (9, 30), (9, 45), (10, 0))
    ]


def test_empty_set_names_the_people_who_empty_it() -> None:
    a = pro("a", {"mon": [["09:00", "12:00"]]})
    b = pro("b", {"tue": [["09:00", "12:00"]]})
    c = pro("c")
    compiled = compile_problem(load_problem(problem([a, b, c], [meeting("m", ["a", "b", "c"])])))
    why = compiled.empty["m"]
    assert why.reason == "no_common_time" and set(why.blocking) == {"a", "b"}


def test_someone_never_free_is_named_alone() -> None:
    away = pro("a", busy=[{"start": "2026-12-07T00:00", "end": "2026-12-12T00:00"}])
    compiled = compile_problem(load_problem(problem([away, pro("b")], [meeting("m", ["a", "b"])])))
    assert compiled.empty["m"].blocking == ("a",)


def test_deadline_passed() -> None:
    data = problem([pro("a")], [meeting("m", ["a"], deadline="2026-12-06T18:00")])
    assert compile_problem(load_problem(data)).empty["m"].reason == "deadline_passed"


def test_no_accessible_room() -> None:
    person = {
        "id": "p",
        "kind": "person",
        "needs": {"accessible_room": True},
        "available": [{"start": "2026-12-07T09:00", "end": "2026-12-07T12:00"}],
    }
    rooms = [{"id": "r", "capacity": 10, "accessible": False}]
    data = problem([pro("a"), person], [meeting("m", ["a", "p"], room="in_person")], rooms=rooms)
    why = compile_problem(load_problem(data)).empty["m"]
    assert why.reason == "no_room" and "accessible" in why.detail


def test_a_rencontre_keeps_only_the_days_its_preparation_leaves() -> None:
    a = pro("a", {"tue": [["09:00", "12:00"]], "thu": [["09:00", "12:00"]]})
    prep = meeting("prep", ["a"], kind="preparation", earliest="2026-12-09")  # Thursday at the soonest
    enc = meeting("enc", ["a"], kind="encounter", after=[{"meeting": "prep", "min_working_days": 1}])
    with_time = problem([a], [prep, enc], horizon={"start": "2026-12-07", "end": "2026-12-18"})
    starts = _starts(with_time, "enc")
    assert starts and min(starts).date().isoformat() == "2026-12-15"  # Tuesday after: Thursday's too soon


def test_a_rencontre_with_no_day_after_its_preparation_is_explained() -> None:
    a = pro("a", {"tue": [["09:00", "12:00"]], "thu": [["09:00", "12:00"]]})
    prep = meeting("prep", ["a"], kind="preparation", earliest="2026-12-09")
    enc = meeting("enc", ["a"], kind="encounter", after=[{"meeting": "prep", "min_working_days": 1}])
    compiled = compile_problem(load_problem(problem([a], [prep, enc])))
    why = compiled.empty["enc"]
    assert why.reason == "precedence" and why.blocking == ("prep",)
    assert "2026-12-10" in why.detail and compiled.starts["prep"]  # the preparation itself can be held


def test_a_rencontre_after_a_preparation_that_cannot_be_held() -> None:
    a = pro("a", busy=[{"start": "2026-12-07T00:00", "end": "2026-12-12T00:00"}])
    prep = meeting("prep", ["a"], kind="preparation")
    enc = meeting("enc", ["b"], kind="encounter", after=[{"meeting": "prep", "min_working_days": 1}])
    compiled = compile_problem(load_problem(problem([a, pro("b")], [prep, enc])))
    assert compiled.empty["prep"].reason == "no_common_time"
    assert compiled.empty["enc"].reason == "precedence" and "no possible time" in compiled.empty["enc"].detail
