"""Intake, the liste, the référent and the life cycle, over HTTP."""

from __future__ import annotations

import re

from service.audit.tables import AuditEntry
from service.cases.tables import Case, CaseMember, PersonIdentity
from tests.support.world import World


async def _submit(world: World, *members: str, who: str = "ana", **overrides: object) -> dict:
    response = await world.as_(who).post("/api/cases", world.intake(*members, **overrides))
    assert response.status_code == 201, response.text
    return response.json()


async def test_intake_gets_a_reference_and_the_submitted_status(world: World) -> None:
    case = await _submit(world, "ana", "carl")
    assert re.fullmatch(r"CC-\d{4}-0001", case["reference"])
    assert case["status"] == "submitted"
    assert re.fullmatch(r"PA-[A-Z2-9]{6}", case["person_ref"])
    assert {m["professional_id"] for m in case["members"]} == {
        world.pros["ana"],
        world.pros["carl"],
    }
    second = await _submit(world, "ana", "dan")
    assert second["reference"].endswith("-0002")


async def test_referring_professional_joins_the_liste(world: World) -> None:
    case = await _submit(world, "carl", referrer="ana")
    assert {m["professional_id"] for m in case["members"]} == {
        world.pros["ana"],
        world.pros["carl"],
    }


async def test_single_intervenant_is_refused_and_nothing_is_written(world: World) -> None:
    response = await world.as_("ana").post("/api/cases", world.intake("ana"))
    assert response.status_code == 422
    body = response.json()
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "two intervenants" in body["detail"] and "ordinary follow-up" in body["detail"]
    assert body["errors"][0]["field"] == "members"
    assert await Case.count() == 0 and await PersonIdentity.count() == 0 and await CaseMember.count() == 0


async def test_two_intervenants_of_one_institution_are_refused(world: World) -> None:
    response = await world.as_("ana").post("/api/cases", world.intake("ana", "bea"))
    assert response.status_code == 422
    assert await Case.count() == 0


async def test_bad_fields_are_named_and_change_nothing(world: World) -> None:
    response = await world.as_("ana").post("/api/cases", world.intake("ana", "carl", urgency=9))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "urgency"
    response = await world.as_("ana").post("/api/cases", world.intake("ana", "carl", barriers=["weather"]))
    assert response.status_code == 422
    assert "barriers" in response.json()["errors"][0]["field"]
    assert await Case.count() == 0


async def test_fields_the_caller_may_not_set_are_refused(world: World) -> None:
    for extra in ({"status": "active"}, {"reference": "CC-1999-0001"}, {"repeat_referral": True}):
        response = await world.as_("ana").post("/api/cases", world.intake("ana", "carl", **extra))
        assert response.status_code == 422, extra
        assert response.json()["errors"][0]["field"] == next(iter(extra))
    assert await Case.count() == 0


async def test_a_professional_refers_in_their_own_name(world: World) -> None:
    response = await world.as_("ana").post("/api/cases", world.intake("carl", "dan", referrer="carl"))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "referring_professional_id"


async def test_unknown_professional_is_named(world: World) -> None:
    body = world.intake("ana", "carl")
    body["members"].append({"professional_id": 9999, "role": "x-role"})
    response = await world.as_("ana").post("/api/cases", body)
    assert response.status_code == 422
    assert "9999" in response.json()["errors"][0]["message"]


async def test_life_cycle_and_illegal_transition(world: World) -> None:
    case = await _submit(world, "ana", "carl")
    url = f"/api/cases/{case['id']}/transitions"
    coord = world.as_("coord")
    assert (await coord.post(url, {"to": "active", "reason": "trop tôt"})).status_code == 409
    assert (await Case.select(Case.status).first())["status"] == "submitted"
    for step in ("accepted", "active", "closed", "active", "closed", "archived"):
        response = await coord.post(url, {"to": step, "reason": f"vers {step}"})
        assert response.status_code == 201, response.text
        assert response.json()["status"] == step
    history = (await coord.get(url)).json()
    assert [t["to_status"] for t in history] == [
        "accepted",
        "active",
        "closed",
        "active",
        "closed",
        "archived",
    ]
    assert history[0]["reason"] == "vers accepted"
    assert (await coord.post(url, {"to": "active", "reason": "encore"})).status_code == 409


async def test_only_the_coordinator_moves_a_case(world: World) -> None:
    case = await _submit(world, "ana", "carl")
    response = await world.as_("ana").post(
        f"/api/cases/{case['id']}/transitions", {"to": "accepted", "reason": "ok ok"}
    )
    assert response.status_code == 403


async def test_transition_needs_a_reason(world: World) -> None:
    case = await _submit(world, "ana", "carl")
    response = await world.as_("coord").post(f"/api/cases/{case['id']}/transitions", {"to": "declined"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "reason"


async def test_unknown_case_is_404(world: World) -> None:
    assert (await world.as_("coord").get("/api/cases/4242")).status_code == 404
    response = await world.as_("coord").post(
        "/api/cases/4242/transitions", {"to": "accepted", "reason": "okay"}
    )
    assert response.status_code == 404


async def test_members_join_and_leave_with_dates(world: World) -> None:
    case = await _submit(world, "ana", "carl")
    url = f"/api/cases/{case['id']}/members"
    members = (
        await world.as_("ana").post(url, {"professional_id": world.pros["dan"], "role": "CPIP"})
    ).json()
    dan = next(m for m in members if m["professional_id"] == world.pros["dan"])
    assert dan["active"] and dan["until"] is None
    assert (
        await world.as_("ana").post(url, {"professional_id": world.pros["dan"], "role": "CPIP"})
    ).status_code == 409
    left = (await world.as_("ana").patch(f"{url}/{dan['id']}", {"until": dan["since"]})).json()
    assert next(m for m in left if m["id"] == dan["id"])["until"] == dan["since"]


async def test_referent_is_chosen_among_members_with_history(world: World) -> None:
    case = await _submit(world, "ana", "carl")
    url = f"/api/cases/{case['id']}/referent"
    refused = await world.as_("ana").put(url, {"professional_id": world.pros["dan"]})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "professional_id"
    no_reason = await world.as_("ana").put(
        url, {"professional_id": world.pros["carl"], "chosen_by_person": False}
    )
    assert no_reason.status_code == 422 and no_reason.json()["errors"][0]["field"] == "reason"
    await world.as_("ana").put(url, {"professional_id": world.pros["ana"]})
    history = (await world.as_("ana").put(url, {"professional_id": world.pros["carl"]})).json()
    assert [r["professional_id"] for r in history] == [world.pros["ana"], world.pros["carl"]]
    assert history[0]["until"] is not None and history[1]["until"] is None
    read = (await world.as_("carl").get(f"/api/cases/{case['id']}")).json()
    assert read["referent"]["professional_id"] == world.pros["carl"]


async def test_repeat_referral_within_twelve_months_is_flagged(world: World) -> None:
    first = await _submit(world, "ana", "carl")
    person = {"first_name": "ZEBULON", "last_name": "canari-temoin", "birth_date": "1984-05-06"}
    second = await _submit(world, "ana", "dan", person=person)
    assert not first["repeat_referral"]
    assert second["repeat_referral"] and second["previous_case_reference"] == first["reference"]


async def test_every_read_and_write_is_audited(world: World) -> None:
    case = await _submit(world, "ana", "carl")
    await world.as_("carl").get(f"/api/cases/{case['id']}")
    rows = await AuditEntry.select().where(AuditEntry.case_id == case["id"]).order_by(AuditEntry.id)
    assert [(r["actor"], r["action"]) for r in rows] == [
        ("ana@example.org", "create"),
        ("ana@example.org", "read"),
        ("carl@example.org", "read"),
    ]
    assert rows[2]["institution"] == "France Travail Nordville" and rows[2]["role"] == "professional"
    log = (await world.as_("coord").get(f"/api/audit?case={case['reference']}")).json()
    assert {e["actor"] for e in log} >= {"ana@example.org", "carl@example.org"}
    assert (await world.as_("ana").get("/api/audit")).status_code == 403
