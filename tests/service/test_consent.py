"""Consent decides what each reader of a case sees; withdrawal takes effect at once."""

from __future__ import annotations

from datetime import date, timedelta

from service.audit.tables import AuditEntry
from service.consent.tables import Consent
from service.meetings.tables import Meeting
from tests.support.world import World

CANARY = "Canari-Témoin"


async def _case(world: World, consent: dict | None = None, *members: str) -> dict:
    body = world.intake(*(members or ("ana", "carl", "dan")))
    body["consent"] = consent
    response = await world.as_("ana").post("/api/cases", body)
    assert response.status_code == 201, response.text
    return response.json()


async def test_without_consent_members_see_only_the_pseudonymous_summary(world: World) -> None:
    case = await _case(world, None)
    read = await world.as_("carl").get(f"/api/cases/{case['id']}")
    assert read.status_code == 200
    body = read.json()
    assert body["person"] is None and body["question"] is None and body["barriers"] == []
    assert CANARY not in read.text and body["reference"].startswith("CC-")


async def test_each_category_only_for_the_institutions_consent_covers(world: World) -> None:
    consent = world.consent("cd", "ft", categories=("identity", "social", "housing"))
    case = await _case(world, consent)
    carl = (await world.as_("carl").get(f"/api/cases/{case['id']}")).json()  # France Travail: covered
    assert carl["person"]["last_name"] == CANARY and carl["barriers"] == ["housing"]
    dan = await world.as_("dan").get(f"/api/cases/{case['id']}")  # SPIP: member, not covered
    assert dan.json()["person"] is None and CANARY not in dan.text
    audit = await AuditEntry.select().where(
        AuditEntry.actor == "carl@example.org", AuditEntry.action == "read"
    )
    consent_id = (await Consent.select(Consent.id).first())["id"]
    assert audit[-1]["consent_id"] == consent_id


async def test_members_revealing_justice_are_hidden_without_the_justice_category(world: World) -> None:
    case = await _case(world, world.consent("cd", "ft", "spip", categories=("identity", "social")))
    members = (await world.as_("carl").get(f"/api/cases/{case['id']}/members")).json()
    assert world.pros["dan"] not in {m["professional_id"] for m in members}


async def test_full_withdrawal_takes_effect_at_once(world: World) -> None:
    case = await _case(world, world.consent())
    url = f"/api/cases/{case['id']}"
    await Meeting.insert(Meeting(case=case["id"], kind="synthesis", status="confirmed", uid="u-1"))
    consent = (await world.as_("ana").get(f"{url}/consents")).json()[0]
    withdrawn = await world.as_("ana").post(
        f"{url}/consents/{consent['id']}/withdraw", {"method": "oral_witnessed"}
    )
    assert (
        withdrawn.status_code == 201
        and withdrawn.json()["fully_withdrawn"]
        and not withdrawn.json()["in_force"]
    )
    read = await world.as_("carl").get(url)
    assert read.json()["person"] is None and CANARY not in read.text
    flagged = await Meeting.select(Meeting.flagged).first()
    assert flagged["flagged"].startswith("consent withdrawn")
    assert len((await world.as_("ana").get(f"{url}/consents")).json()) == 1  # nothing deleted


async def test_partial_withdrawal_of_a_category(world: World) -> None:
    case = await _case(world, world.consent())
    url = f"/api/cases/{case['id']}"
    consent = (await world.as_("ana").get(f"{url}/consents")).json()[0]
    await world.as_("ana").post(
        f"{url}/consents/{consent['id']}/withdraw", {"method": "person_page", "categories": ["health"]}
    )
    read = (await world.as_("carl").get(url)).json()
    assert "health" not in read["visible_categories"] and read["person"] is not None
    assert "health" not in read["barriers"]


async def test_withdrawing_twice_conflicts_and_changes_nothing(world: World) -> None:
    case = await _case(world, world.consent())
    url = f"/api/cases/{case['id']}"
    consent = (await world.as_("ana").get(f"{url}/consents")).json()[0]
    await world.as_("ana").post(f"{url}/consents/{consent['id']}/withdraw", {"method": "signed_form"})
    before = await Consent.select().first()
    again = await world.as_("ana").post(f"{url}/consents/{consent['id']}/withdraw", {"method": "signed_form"})
    assert again.status_code == 409
    assert await Consent.select().first() == before


async def test_consent_past_its_validity_no_longer_opens_anything(world: World) -> None:
    consent = world.consent()
    consent["valid_until"] = (date.today() - timedelta(days=1)).isoformat()
    case = await _case(world, consent)
    assert (await world.as_("carl").get(f"/api/cases/{case['id']}")).json()["person"] is None


async def test_justified_exception_opens_categories_and_is_recorded(world: World) -> None:
    case = await _case(world, None)
    url = f"/api/cases/{case['id']}"
    body = {
        "legal_basis": "CASF L.226-2-2",
        "reason": "Danger immédiat pour l'enfant, parents informés.",
        "categories": ["identity", "social"],
        "institution_ids": [world.institutions["ft"]],
        "seek_consent_again_on": (date.today() + timedelta(days=30)).isoformat(),
    }
    assert (await world.as_("ana").post(f"{url}/exceptions", body)).status_code == 403
    made = await world.as_("coord").post(f"{url}/exceptions", body)
    assert made.status_code == 201
    read = (await world.as_("carl").get(url)).json()
    assert read["person"]["last_name"] == CANARY
    rows = await AuditEntry.select().where(
        AuditEntry.actor == "carl@example.org", AuditEntry.action == "read"
    )
    assert rows[-1]["exception_id"] == made.json()["id"]


async def test_fields_set_by_the_service_cannot_be_sent(world: World) -> None:
    case = await _case(world, None)
    url = f"/api/cases/{case['id']}/consents"
    for field, value in (("collected_by", 1), ("withdrawn_at", "2026-01-01T00:00:00Z"), ("case", 99)):
        body = {**world.consent(), field: value}
        response = await world.as_("ana").post(url, body)
        assert response.status_code == 422 and response.json()["errors"][0]["field"] == field
    assert await Consent.count() == 0
    unknown = await world.as_("ana").post(url, {**world.consent(), "institution_ids": [999]})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "institution_ids"


async def test_access_log_names_roles_and_institutions_not_people(world: World) -> None:
    case = await _case(world, world.consent())
    await world.as_("carl").get(f"/api/cases/{case['id']}")
    log = (await world.as_("ana").get(f"/api/cases/{case['id']}/access-log")).json()
    assert any(e["institution"] == "France Travail Nordville" and e["role"] == "professional" for e in log)
    assert "carl" not in str(log).lower()
