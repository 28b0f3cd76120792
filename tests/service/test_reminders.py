"""Reminders come due: a court deadline with no meeting held, a consent reaching its review date;
each is queued once however often the scan runs, and only for open cases."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from notifications.tables import OutboxMessage
from service import clock
from service.notify.reminders import queue_due_reminders
from service.settings import get_settings
from tests.service.test_scheduling import PARIS
from tests.support.world import World

MONDAY = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)


async def _case(world: World, **consent: object) -> dict:
    body = world.intake("ana", "carl")
    body["consent"] = {**body["consent"], **consent}
    case = (await world.as_("ana").post("/api/cases", body)).json()
    await world.as_("ana").put(f"/api/cases/{case['id']}/referent", {"professional_id": world.pros["ana"]})
    return case


async def test_a_court_deadline_with_no_meeting_held_is_reminded_once(world: World) -> None:
    clock.freeze(MONDAY)
    case = await _case(world)
    hearing = datetime.combine(date(2027, 3, 9), time(9, 0), tzinfo=PARIS)
    await world.as_("ana").post(
        f"/api/cases/{case['id']}/court-events", {"kind": "hearing", "at": hearing.isoformat()}
    )
    far = datetime.combine(date(2027, 6, 1), time(9, 0), tzinfo=PARIS)
    await world.as_("ana").post(
        f"/api/cases/{case['id']}/court-events", {"kind": "report_due", "at": far.isoformat()}
    )
    assert await queue_due_reminders() == 2  # the référente and the coordinator
    assert await queue_due_reminders() == 0
    rows = await OutboxMessage.select().where(OutboxMessage.purpose == "reminder")
    assert sorted(r["recipient"] for r in rows) == ["ana@example.org", "coord@example.org"]
    assert all(case["reference"] in r["subject"] and "Canari" not in r["text"] for r in rows)
    assert all("mardi 9 mars 2027" in r["text"] for r in rows)


async def test_a_consent_reaching_review_is_reminded(world: World) -> None:
    clock.freeze(MONDAY)
    await _case(world, valid_until="2027-03-10")
    await _case(world, valid_until="2027-09-10")
    assert await queue_due_reminders() == 2
    rows = await OutboxMessage.select().where(OutboxMessage.purpose == "reminder")
    assert all("consentement" in r["subject"] for r in rows)


async def test_cases_no_longer_open_are_not_reminded(world: World) -> None:
    clock.freeze(MONDAY)
    case = await _case(world, valid_until="2027-03-10")
    declined = await world.as_("coord").post(
        f"/api/cases/{case['id']}/transitions", {"to": "declined", "reason": "hors du champ de l'instance"}
    )
    assert declined.status_code in (200, 201), declined.text
    assert await queue_due_reminders() == 0


async def test_the_notice_is_configurable(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    clock.freeze(MONDAY)
    await _case(world, valid_until="2027-03-25")
    assert await queue_due_reminders() == 0  # 24 days ahead; the default notice is 14 days
    monkeypatch.setenv("CONCERTO_REMIND_CONSENT_DAYS", "30")
    get_settings.cache_clear()
    try:
        assert await queue_due_reminders() == 2
    finally:
        monkeypatch.delenv("CONCERTO_REMIND_CONSENT_DAYS")
        get_settings.cache_clear()
