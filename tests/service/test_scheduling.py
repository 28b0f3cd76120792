"""Scheduling over HTTP: court deadlines met, absences and declines rescheduled, alerts raised."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from solver import check, load_problem, solve
from solver.calendar import WorkingCalendar
from solver.problem import Holidays
from tests.support.world import World

PARIS = ZoneInfo("Europe/Paris")


def working_days_ahead(n: int) -> date:
    calendar = WorkingCalendar(Holidays(), date.today(), date.today() + timedelta(days=60))
    day, count = date.today(), 0
    while count < n:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            count += 1
    return day


def at_nine(day: date) -> str:
    return datetime.combine(day, time(9, 0), tzinfo=PARIS).isoformat()


def parse(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


async def _case(world: World, *members: str) -> int:
    response = await world.as_("ana").post("/api/cases", world.intake(*members))
    assert response.status_code == 201
    return response.json()["id"]


async def _meeting(world: World, case_id: int, *required: str, kind: str = "synthesis") -> dict:
    body = {
        "kind": kind,
        "required_professional_ids": [world.pros[r] for r in required],
        "duration_minutes": 60,
    }
    response = await world.as_("ana").post(f"/api/cases/{case_id}/meetings", body)
    assert response.status_code == 201, response.text
    return response.json()


async def _run(world: World, *meeting_ids: int) -> dict:
    started = await world.as_("coord").post(
        "/api/scheduling/runs", {"meeting_ids": list(meeting_ids), "time_limit": 5}
    )
    assert started.status_code == 202, started.text
    for _ in range(200):
        run = (await world.as_("coord").get(f"/api/scheduling/runs/{started.json()['id']}")).json()
        if run["status"] in ("done", "failed"):
            assert run["status"] == "done", run["error"]
            return run
        await asyncio.sleep(0.05)
    raise AssertionError("the run did not finish")


async def _get(world: World, meeting_id: int) -> dict:
    return (await world.as_("ana").get(f"/api/meetings/{meeting_id}")).json()


async def test_synthese_placed_before_a_hearing_in_ten_working_days(world: World) -> None:
    case_id = await _case(world, "ana", "carl")
    hearing = await world.as_("ana").post(
        f"/api/cases/{case_id}/court-events",
        {
            "kind": "hearing",
            "at": at_nine(working_days_ahead(10)),
            "jurisdiction": "TJ Nordville",
            "lead_working_days": 2,
        },
    )
    assert hearing.status_code == 201
    must_end_by = parse(hearing.json()["meetings_must_end_by"])
    meeting = await _meeting(world, case_id, "ana", "carl")
    assert parse(meeting["deadline"]) == must_end_by
    run = await _run(world, meeting["id"])
    placed = await _get(world, meeting["id"])
    assert placed["status"] == "proposed" and parse(placed["end"]) <= must_end_by
    problem = (await world.as_("coord").get(f"/api/scheduling/runs/{run['id']}/problem")).json()
    replay = solve(load_problem(problem), time_limit=5, workers=1)
    assert check(load_problem(problem), replay) == [] and len(replay.assignments) == 1


async def _confirmed_pair(world: World) -> tuple[dict, dict]:
    case_id = await _case(world, "ana", "carl", "bea")
    first = await _meeting(world, case_id, "ana", "carl")
    second = await _meeting(world, case_id, "bea", "ana")
    await _run(world, first["id"], second["id"])
    for m in (first, second):
        confirmed = await world.as_("ana").post(f"/api/meetings/{m['id']}/confirm", {})
        assert confirmed.status_code == 201, confirmed.text
    return await _get(world, first["id"]), await _get(world, second["id"])


async def test_an_absence_moves_that_meeting_and_no_other(world: World) -> None:
    first, second = await _confirmed_pair(world)
    day = parse(first["start"]).astimezone(PARIS).date().isoformat()
    added = await world.as_("coord").post(
        f"/api/professionals/{world.pros['carl']}/absences", {"start": day, "end": day, "kind": "sick"}
    )
    assert added.status_code == 201
    moved, kept = await _get(world, first["id"]), await _get(world, second["id"])
    assert moved["start"] != first["start"] and moved["sequence"] == first["sequence"] + 1
    assert parse(moved["start"]).astimezone(PARIS).date().isoformat() != day
    assert kept["start"] == second["start"] and kept["sequence"] == second["sequence"]


async def test_a_required_decline_reschedules(world: World) -> None:
    first, _ = await _confirmed_pair(world)
    declined = await world.as_("carl").post(f"/api/meetings/{first['id']}/response", {"response": "declined"})
    assert declined.status_code == 201
    after = declined.json()
    assert after["start"] != first["start"] and after["status"] == "confirmed"
    assert {p["response"] for p in after["participants"]} == {"needs_action"}
    stranger = await world.as_("dan").post(f"/api/meetings/{first['id']}/response", {"response": "declined"})
    assert stranger.status_code == 404


async def test_a_moved_hearing_rechecks_deadlines(world: World) -> None:
    case_id = await _case(world, "ana", "carl")
    event = (
        await world.as_("ana").post(
            f"/api/cases/{case_id}/court-events",
            {"kind": "adversarial_debate", "at": at_nine(working_days_ahead(25)), "lead_working_days": 1},
        )
    ).json()
    meeting = await _meeting(world, case_id, "ana", "carl")
    await world.as_("ana").post(
        f"/api/meetings/{meeting['id']}/confirm", {"start": at_nine(working_days_ahead(20))}
    )
    moved = await world.as_("ana").patch(
        f"/api/cases/{case_id}/court-events/{event['id']}", {"at": at_nine(working_days_ahead(8))}
    )
    new_limit = parse(moved.json()["meetings_must_end_by"])
    after = await _get(world, meeting["id"])
    assert parse(after["deadline"]) == new_limit and parse(after["end"]) <= new_limit
    assert after["sequence"] > 1


async def test_an_impossible_deadline_raises_an_alert_naming_who_blocks(world: World) -> None:
    await world.as_("coord").patch(
        f"/api/professionals/{world.pros['ana']}", {"working_hours": {"mon": [["09:00", "12:00"]]}}
    )
    await world.as_("coord").patch(
        f"/api/professionals/{world.pros['carl']}", {"working_hours": {"tue": [["09:00", "12:00"]]}}
    )
    case_id = await _case(world, "ana", "carl")
    await world.as_("ana").post(
        f"/api/cases/{case_id}/court-events",
        {"kind": "report_due", "at": at_nine(working_days_ahead(12)), "lead_working_days": 1},
    )
    meeting = await _meeting(world, case_id, "ana", "carl")
    await _run(world, meeting["id"])
    alerts = (await world.as_("ana").get("/api/alerts")).json()
    assert (
        len(alerts) == 1
        and alerts[0]["meeting_id"] == meeting["id"]
        and alerts[0]["reason"] == "no_common_time"
    )
    assert {b["name"] for b in alerts[0]["blocking"]} == {"Ana Test", "Carl Test"}
    assert "Ana Test" in alerts[0]["detail"]
    assert (await world.as_("eve").get("/api/alerts")).json() == []


async def test_find_slot_answers_ranked_proposals(world: World) -> None:
    case_id = await _case(world, "ana", "carl", "bea")
    body = {
        "kind": "synthesis",
        "required_professional_ids": [world.pros["ana"], world.pros["carl"]],
        "optional_professional_ids": [world.pros["bea"]],
        "duration_minutes": 90,
    }
    meeting = (await world.as_("ana").post(f"/api/cases/{case_id}/meetings", body)).json()
    found = (await world.as_("ana").post(f"/api/meetings/{meeting['id']}/find-slot")).json()
    assert len(found["proposals"]) == 5
    first = found["proposals"][0]
    assert set(first["professional_ids"]) >= {world.pros["ana"], world.pros["carl"]}
    assert parse(first["start"]) > datetime.now(UTC)


async def test_meeting_rules(world: World) -> None:
    case_id = await _case(world, "ana", "carl")
    outsider = await world.as_("ana").post(
        f"/api/cases/{case_id}/meetings",
        {"kind": "synthesis", "required_professional_ids": [world.pros["dan"]]},
    )
    assert (
        outsider.status_code == 422 and outsider.json()["errors"][0]["field"] == "required_professional_ids"
    )
    odd = await world.as_("ana").post(
        f"/api/cases/{case_id}/meetings",
        {"kind": "synthesis", "required_professional_ids": [world.pros["ana"]], "duration_minutes": 50},
    )
    assert odd.status_code == 422
    meeting = await _meeting(world, case_id, "ana", "carl")
    assert len(meeting["uid"]) == 36 and meeting["status"] == "to_schedule"
    held = await world.as_("ana").post(
        f"/api/meetings/{meeting['id']}/status", {"to": "held", "reason": "déjà"}
    )
    assert held.status_code == 409
    cancelled = await world.as_("ana").post(
        f"/api/meetings/{meeting['id']}/status", {"to": "cancelled", "reason": "x-y"}
    )
    assert cancelled.json()["status"] == "cancelled" and cancelled.json()["sequence"] == 1
    encounter = await _meeting(world, case_id, "ana", "carl", kind="encounter")
    refused = await world.as_("ana").post(
        f"/api/meetings/{encounter['id']}/confirm", {"start": at_nine(working_days_ahead(5))}
    )
    assert refused.status_code == 409 and "person to take part" in refused.json()["detail"]
