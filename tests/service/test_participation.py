"""The person's taking part: on request, with everyone's agreement, conflicts settled beforehand."""

from __future__ import annotations

from service.consent.participation import can_confirm_encounter
from service.meetings.tables import Meeting
from tests.support.world import World


async def _setup(world: World, conflict: bool = False) -> tuple[dict, dict, int]:
    case = (await world.as_("ana").post("/api/cases", world.intake("ana", "carl"))).json()
    url = f"/api/cases/{case['id']}/participation"
    body = {
        "requested_by": "person",
        "mode": "part",
        "interpreter_language": "ar",
        "accessible_room": True,
        "preferred_half_days": ["tue-pm", "thu-am"],
        "conflict_flagged": conflict,
    }
    request = (await world.as_("ana").post(url, body)).json()
    meeting = Meeting(case=case["id"], kind="encounter", uid=f"enc-{case['id']}")
    await meeting.save()
    return case, request, meeting.id


async def test_a_rencontre_waits_for_every_agreement(world: World) -> None:
    case, request, meeting_id = await _setup(world)
    assert request["missing_agreements"] == sorted([world.pros["ana"], world.pros["carl"]])
    reasons = await can_confirm_encounter(meeting_id)
    assert len(reasons) == 2
    url = f"/api/cases/{case['id']}/participation/{request['id']}"
    await world.as_("ana").post(f"{url}/agreement", {"agreed": True})
    refused = (await world.as_("carl").post(f"{url}/agreement", {"agreed": False})).json()
    assert refused["missing_agreements"] == [world.pros["carl"]]
    await world.as_("carl").post(f"{url}/agreement", {"agreed": True})
    assert await can_confirm_encounter(meeting_id) == ["the person's own agreement is not recorded"]
    await world.as_("ana").post(f"{url}/person-agreement", {"agreed": True})
    assert await can_confirm_encounter(meeting_id) == []


async def test_a_flagged_conflict_needs_a_preparation_first(world: World) -> None:
    case, request, meeting_id = await _setup(world, conflict=True)
    url = f"/api/cases/{case['id']}/participation/{request['id']}"
    for who in ("ana", "carl"):
        await world.as_(who).post(f"{url}/agreement", {"agreed": True})
    await world.as_("ana").post(f"{url}/person-agreement", {"agreed": True})
    assert "preparation" in (await can_confirm_encounter(meeting_id))[0]
    await Meeting.insert(Meeting(case=case["id"], kind="preparation", uid="prep-1", prepares=meeting_id))
    assert await can_confirm_encounter(meeting_id) == []


async def test_only_members_give_an_intervenant_agreement(world: World) -> None:
    case, request, _ = await _setup(world)
    url = f"/api/cases/{case['id']}/participation/{request['id']}/agreement"
    assert (await world.as_("coord").post(url, {"agreed": True})).status_code == 403
    assert (await world.as_("eve").post(url, {"agreed": True})).status_code == 404


async def test_bad_half_day_is_named(world: World) -> None:
    case = (await world.as_("ana").post("/api/cases", world.intake("ana", "carl"))).json()
    body = {"requested_by": "person", "mode": "present", "preferred_half_days": ["tuesday afternoon"]}
    response = await world.as_("ana").post(f"/api/cases/{case['id']}/participation", body)
    assert response.status_code == 422 and "preferred_half_days" in response.json()["errors"][0]["field"]
