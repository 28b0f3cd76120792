"""Access follows membership: what a professional outside the liste can and cannot learn."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from service import clock
from service.audit.tables import AuditEntry
from tests.support.world import World


async def _case(world: World) -> dict:
    response = await world.as_("ana").post("/api/cases", world.intake("ana", "carl"))
    assert response.status_code == 201
    return response.json()


async def test_non_member_of_the_same_institution_sees_nothing(world: World) -> None:
    case = await _case(world)
    eve = world.as_("eve")  # same institution as ana, not on the liste
    assert (await eve.get(f"/api/cases/{case['id']}")).status_code == 404
    assert (await eve.get(f"/api/cases/{case['id']}/members")).status_code == 404
    assert (await eve.get("/api/cases")).json() == []
    refusals = await AuditEntry.select().where(
        AuditEntry.outcome == "refused", AuditEntry.actor == "eve@example.org"
    )
    assert len(refusals) == 2


async def test_non_member_cannot_write(world: World) -> None:
    case = await _case(world)
    dan = world.as_("dan")
    body = {"professional_id": world.pros["dan"], "role": "CPIP"}
    assert (await dan.post(f"/api/cases/{case['id']}/members", body)).status_code == 404
    assert (await dan.patch(f"/api/cases/{case['id']}", {"urgency": 1})).status_code == 404
    assert (await world.as_("carl").get(f"/api/cases/{case['id']}")).json()["urgency"] == 4


async def test_lists_show_only_cases_of_the_callers_liste(world: World) -> None:
    mine = await _case(world)
    other = await world.as_("dan").post("/api/cases", world.intake("dan", "bea"))
    assert other.status_code == 201
    seen = {c["reference"] for c in (await world.as_("carl").get("/api/cases")).json()}
    assert seen == {mine["reference"]}
    assert len((await world.as_("coord").get("/api/cases")).json()) == 2


async def test_member_reads_the_identity_and_the_coordinator_too(world: World) -> None:
    case = await _case(world)
    for who in ("carl", "coord"):
        read = (await world.as_(who).get(f"/api/cases/{case['id']}")).json()
        assert read["person"]["last_name"] == "Canari-Témoin"


async def test_admin_reads_no_case_data(world: World) -> None:
    case = await _case(world)
    assert (await world.as_("admin").get(f"/api/cases/{case['id']}")).status_code == 403
    assert (await world.as_("admin").get("/api/cases")).status_code == 403


async def test_former_member_loses_access_the_day_after_leaving(world: World) -> None:
    case = await _case(world)
    members = (await world.as_("ana").get(f"/api/cases/{case['id']}/members")).json()
    carl = next(m for m in members if m["professional_id"] == world.pros["carl"])
    await world.as_("ana").patch(
        f"/api/cases/{case['id']}/members/{carl['id']}", {"until": date.today().isoformat()}
    )
    assert (await world.as_("carl").get(f"/api/cases/{case['id']}")).status_code == 200
    clock.freeze(datetime.now(UTC) + timedelta(days=1))
    assert (await world.as_("carl").get(f"/api/cases/{case['id']}")).status_code == 404


async def test_former_referent_keeps_read_access_for_thirty_days(world: World) -> None:
    case = await _case(world)
    url = f"/api/cases/{case['id']}"
    await world.as_("ana").put(f"{url}/referent", {"professional_id": world.pros["carl"]})
    members = (await world.as_("ana").get(f"{url}/members")).json()
    carl = next(m for m in members if m["professional_id"] == world.pros["carl"])
    await world.as_("ana").patch(f"{url}/members/{carl['id']}", {"until": date.today().isoformat()})
    clock.freeze(datetime.now(UTC) + timedelta(days=29))
    assert (await world.as_("carl").get(url)).status_code == 200
    assert (await world.as_("carl").patch(url, {"urgency": 1})).status_code == 403
    assert [c["id"] for c in (await world.as_("carl").get("/api/cases")).json()] == [case["id"]]
    clock.freeze(datetime.now(UTC) + timedelta(days=31))
    assert (await world.as_("carl").get(url)).status_code == 404


async def test_requests_without_a_valid_token_are_refused(world: World) -> None:
    assert (await world.anonymous.get("/api/cases")).status_code == 401
    response = await world.client.get("/api/cases", headers={"Authorization": "Bearer cct_nope"})
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")
    assert (await world.anonymous.get("/health")).status_code == 200
    assert (await world.anonymous.get("/schema/openapi.json")).status_code == 200
