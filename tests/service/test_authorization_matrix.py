"""Every route × every kind of caller: who gets in, who does not, and nothing leaks.

A route added without a row here makes this test fail: say who may call it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from notifications.tables import OutboxMessage
from service import clock, db
from service.app import create_app
from service.directory.tables import Absence, Institution
from service.followup.tables import Minutes, MinutesItem, PlanAction
from service.meetings.tables import Meeting, MeetingParticipant
from service.notify import links
from service.scheduling.runs import create_run
from tests.support.world import World

CANARY = "Canari-Témoin"
ROLES = (
    "anonymous",
    "admin",
    "coordinator",
    "member",
    "nonmember_same_institution",
    "nonmember_other_institution",
    "former_referent_after_30_days",
    "member_after_withdrawal",
)
CALLERS = {
    "admin": "admin",
    "coordinator": "coord",
    "member": "carl",
    "nonmember_same_institution": "eve",
    "nonmember_other_institution": "dan",
    "former_referent_after_30_days": "bea",
    "member_after_withdrawal": "carl",
}
AUTHENTICATED = set(ROLES) - {"anonymous"}
WORKERS = AUTHENTICATED - {"admin"}
ALLOWED = {
    "directory_read": AUTHENTICATED,
    "directory_write": {"admin", "coordinator"},
    "admin": {"admin"},
    "audit": {"coordinator"},
    "intake": WORKERS,
    "case_list": WORKERS,
    "case": {"coordinator", "member", "member_after_withdrawal"},
    "case_coordinator": {"coordinator"},
    "case_agreement": {"member", "member_after_withdrawal"},
    "coordination": {"coordinator"},
    "own_feed": WORKERS,
    "steering": {"admin", "coordinator"},
    # Signed-link pages: whoever holds the link, with or without an account, and nobody else.
    "signed_link": set(ROLES),
    # A form post without its CSRF token is refused to everyone.
    "form_without_csrf": set(),
}
PUBLIC = re.compile(r"^/(health|schema|static/)")

# (method, path) → (kind, body). Bodies are valid for an allowed caller.
MATRIX: dict[tuple[str, str], tuple[str, Any]] = {
    ("GET", "/api/me"): ("directory_read", None),
    ("GET", "/api/users"): ("admin", None),
    ("POST", "/api/users"): (
        "admin",
        {"email": "new.user@example.org", "display_name": "N", "role": "admin"},
    ),
    ("GET", "/api/institutions"): ("directory_read", None),
    ("POST", "/api/institutions"): ("directory_write", {"name": "Mission locale", "kind": "other"}),
    ("GET", "/api/institutions/{institution_id}"): ("directory_read", None),
    ("PATCH", "/api/institutions/{institution_id}"): ("directory_write", {"kind": "other"}),
    ("DELETE", "/api/institutions/{institution_id}"): ("directory_write", None),
    ("POST", "/api/institutions/{institution_id}/sites"): (
        "directory_write",
        {"name": "Annexe", "address": "2 rue Haute", "postcode": "99000", "city": "Nordville"},
    ),
    ("GET", "/api/professionals"): ("directory_read", None),
    ("POST", "/api/professionals"): (
        "directory_write",
        {
            "first_name": "Jo",
            "last_name": "Neuf",
            "profession": "CESF",
            "institution_id": "{institution_id}",
            "email": "jo.neuf@example.org",
        },
    ),
    ("GET", "/api/professionals/{professional_id}"): ("directory_read", None),
    ("PATCH", "/api/professionals/{professional_id}"): ("directory_write", {"phone": "+33 6 00 00 00 00"}),
    ("DELETE", "/api/professionals/{professional_id}"): ("directory_write", None),
    ("GET", "/api/professionals/{professional_id}/absences"): ("directory_read", None),
    ("POST", "/api/professionals/{professional_id}/absences"): (
        "directory_write",
        {"start": "2027-02-01", "end": "2027-02-05"},
    ),
    ("DELETE", "/api/professionals/{professional_id}/absences/{absence_id}"): ("directory_write", None),
    ("GET", "/api/rooms"): ("directory_read", None),
    ("POST", "/api/rooms"): ("directory_write", {"site_id": "{site_id}", "name": "Salle 2", "capacity": 6}),
    ("GET", "/api/rooms/{room_id}"): ("directory_read", None),
    ("PATCH", "/api/rooms/{room_id}"): ("directory_write", {"capacity": 12}),
    ("DELETE", "/api/rooms/{room_id}"): ("directory_write", None),
    ("GET", "/api/audit"): ("audit", None),
    ("GET", "/api/cases"): ("case_list", None),
    ("POST", "/api/cases"): ("intake", "intake"),
    ("GET", "/api/cases/{case_id}"): ("case", None),
    ("PATCH", "/api/cases/{case_id}"): ("case", {"urgency": 2}),
    ("GET", "/api/cases/{case_id}/transitions"): ("case", None),
    ("POST", "/api/cases/{case_id}/transitions"): (
        "case_coordinator",
        {"to": "accepted", "reason": "relève"},
    ),
    ("GET", "/api/cases/{case_id}/members"): ("case", None),
    ("POST", "/api/cases/{case_id}/members"): ("case", {"professional_id": "{dan}", "role": "CPIP"}),
    ("PATCH", "/api/cases/{case_id}/members/{member_id}"): ("case", {"until": "{today}"}),
    ("PUT", "/api/cases/{case_id}/referent"): ("case", {"professional_id": "{carl}"}),
    ("GET", "/api/cases/{case_id}/referents"): ("case", None),
    ("GET", "/api/cases/{case_id}/consents"): ("case", None),
    ("POST", "/api/cases/{case_id}/consents"): ("case", "consent"),
    ("POST", "/api/cases/{case_id}/consents/{consent_id}/withdraw"): ("case", {"method": "signed_form"}),
    ("GET", "/api/cases/{case_id}/exceptions"): ("case", None),
    ("POST", "/api/cases/{case_id}/exceptions"): (
        "case_coordinator",
        {
            "legal_basis": "CASF L.121-6-2",
            "reason": "Personne injoignable, danger.",
            "categories": ["social"],
            "institution_ids": ["{institution_id}"],
            "seek_consent_again_on": "{next_month}",
        },
    ),
    ("GET", "/api/cases/{case_id}/access-log"): ("case", None),
    ("GET", "/api/cases/{case_id}/participation"): ("case", None),
    ("POST", "/api/cases/{case_id}/participation"): ("case", {"requested_by": "person", "mode": "present"}),
    ("POST", "/api/cases/{case_id}/participation/{request_id}/agreement"): (
        "case_agreement",
        {"agreed": True},
    ),
    ("POST", "/api/cases/{case_id}/participation/{request_id}/person-agreement"): ("case", {"agreed": True}),
    ("GET", "/api/cases/{case_id}/court-events"): ("case", None),
    ("POST", "/api/cases/{case_id}/court-events"): ("case", {"kind": "hearing", "at": "{hearing}"}),
    ("PATCH", "/api/cases/{case_id}/court-events/{event_id}"): ("case", {"at": "{hearing}"}),
    ("GET", "/api/cases/{case_id}/meetings"): ("case", None),
    ("POST", "/api/cases/{case_id}/meetings"): (
        "case",
        {"kind": "synthesis", "required_professional_ids": ["{carl}"]},
    ),
    ("GET", "/api/meetings/{meeting_id}"): ("case", None),
    ("POST", "/api/meetings/{meeting_id}/find-slot"): ("case", None),
    ("POST", "/api/meetings/{meeting_id}/confirm"): ("case", {"start": "{hearing}"}),
    ("POST", "/api/meetings/{meeting_id}/status"): ("case", {"to": "cancelled", "reason": "plus utile"}),
    ("POST", "/api/meetings/{meeting_id}/response"): ("case_agreement", {"response": "tentative"}),
    ("POST", "/api/scheduling/runs"): ("coordination", {"meeting_ids": []}),
    ("GET", "/api/scheduling/runs/{run_id}"): ("coordination", None),
    ("GET", "/api/scheduling/runs/{run_id}/problem"): ("coordination", None),
    ("GET", "/api/alerts"): ("case_list", None),
    ("GET", "/api/outbox"): ("coordination", None),
    ("POST", "/api/outbox/{message_id}/retry"): ("coordination", None),
    ("GET", "/api/me/calendar-feed"): ("own_feed", None),
    ("GET", "/api/calendar-feeds"): ("coordination", None),
    ("GET", "/api/cases/{case_id}/plan"): ("case", None),
    ("POST", "/api/cases/{case_id}/plan/actions"): (
        "case",
        {"title": "Déposer le dossier", "owner_is_person": True},
    ),
    ("PATCH", "/api/cases/{case_id}/plan/actions/{action_id}"): ("case", {"status": "done"}),
    ("POST", "/api/cases/{case_id}/plan/notes"): ("case", {"kind": "strength", "text": "Bien entourée"}),
    ("POST", "/api/cases/{case_id}/plan/evaluations"): ("case", {"on": "{next_month}"}),
    ("POST", "/api/cases/{case_id}/closure"): ("case_coordinator", {"outcome": "relogée", "reason": "fin"}),
    ("GET", "/api/meetings/{meeting_id}/minutes"): ("case", None),
    ("POST", "/api/meetings/{meeting_id}/minutes"): (
        "case",
        {"attendance": [{"person": True, "status": "present"}]},
    ),
    ("POST", "/api/meetings/{meeting_id}/minutes/observations"): ("case", {"text": "Le logement d'abord."}),
    ("GET", "/api/stats"): ("steering", None),
    ("GET", "/api/stats/export.csv"): ("steering", None),
    ("GET", "/api/stats/delays.svg"): ("steering", None),
    ("POST", "/api/calendar-feeds/refresh"): ("coordination", None),
    ("GET", "/p/answer/{token}"): ("signed_link", None),
    ("POST", "/p/answer/{token}"): ("form_without_csrf", {"response": "declined"}),
    ("GET", "/p/feeds/{token}"): ("signed_link", None),
    ("GET", "/p/person/{token}"): ("signed_link", None),
    ("POST", "/p/person/{token}/answer"): ("form_without_csrf", {"response": "declined"}),
    ("POST", "/p/person/{token}/availability"): ("form_without_csrf", {"half_days": ["mon-am"]}),
    ("POST", "/p/person/{token}/accommodations"): ("form_without_csrf", {"interpreter": "ar"}),
    ("POST", "/p/person/{token}/consent/{consent_id}/withdraw"): ("form_without_csrf", {}),
    ("POST", "/p/person/{token}/observations"): ("form_without_csrf", {"text": "x"}),
}


def app_routes() -> set[tuple[str, str]]:
    found = set()
    for route in create_app().routes:
        path = re.sub(r"\{(\w+):\w+\}", r"{\1}", route.path)
        if PUBLIC.match(path):
            continue
        for method in getattr(route, "methods", set()) - {"HEAD", "OPTIONS"}:
            found.add((method, path))
    return found


def test_every_route_has_a_row() -> None:
    missing = app_routes() - set(MATRIX)
    assert not missing, f"add these routes to MATRIX with who may call them: {sorted(missing)}"
    assert not set(MATRIX) - app_routes(), "MATRIX names routes that no longer exist"


@dataclass
class Scenario:
    values: dict[str, Any]
    reference: str


async def scenario(world: World) -> Scenario:
    """Case A: ana, carl, bea (référente who left); case B: ana, carl, consent withdrawn."""
    ana = world.as_("ana")
    a = (await ana.post("/api/cases", world.intake("ana", "carl", "bea"))).json()
    await ana.put(f"/api/cases/{a['id']}/referent", {"professional_id": world.pros["bea"]})
    members = (await ana.get(f"/api/cases/{a['id']}/members")).json()
    bea = next(m for m in members if m["professional_id"] == world.pros["bea"])
    await ana.patch(f"/api/cases/{a['id']}/members/{bea['id']}", {"until": date.today().isoformat()})
    b = (await ana.post("/api/cases", world.intake("ana", "carl"))).json()
    values: dict[str, Any] = {}
    for key, case in (("a", a), ("b", b)):
        url = f"/api/cases/{case['id']}"
        consent = (await ana.get(f"{url}/consents")).json()[0]
        request = (
            await ana.post(f"{url}/participation", {"requested_by": "referent", "mode": "part"})
        ).json()
        member = next(
            m for m in (await ana.get(f"{url}/members")).json() if m["professional_id"] == world.pros["carl"]
        )
        hearing = (datetime.now(UTC) + timedelta(days=40)).isoformat()
        event = (await ana.post(f"{url}/court-events", {"kind": "hearing", "at": hearing})).json()
        synthesis = {"kind": "synthesis", "required_professional_ids": [world.pros["carl"]]}
        meeting = (await ana.post(f"{url}/meetings", synthesis)).json()
        held_id, action_id = await _held_with_minutes(case["id"], world.pros["carl"])
        values[key] = {
            "held_id": held_id,
            "action_id": action_id,
            "case_id": case["id"],
            "consent_id": consent["id"],
            "request_id": request["id"],
            "member_id": member["id"],
            "event_id": event["id"],
            "meeting_id": meeting["id"],
        }
    await ana.post(
        f"/api/cases/{b['id']}/consents/{values['b']['consent_id']}/withdraw", {"method": "person_page"}
    )
    empty = Institution(name="Institution sans personne", kind="other")
    await empty.save()
    absence = Absence(professional=world.pros["carl"], start=date(2027, 3, 1), end=date(2027, 3, 2))
    await absence.save()
    values["common"] = {
        "institution_id": empty.id,
        "professional_id": world.pros["carl"],
        "absence_id": absence.id,
        "room_id": world.rooms["salle1"],
        "site_id": world.sites["cd"],
        "dan": world.pros["dan"],
        "carl": world.pros["carl"],
        "today": date.today().isoformat(),
        "next_month": (date.today() + timedelta(days=30)).isoformat(),
        "hearing": (datetime.now(UTC) + timedelta(days=35)).isoformat(),
        "run_id": await create_run([values["a"]["meeting_id"]], "request", None, 1.0),
        "message_id": await _dead_letter(values["a"]["case_id"]),
    }
    values["common"]["answer_token"] = await _answer_token(values["a"]["meeting_id"], world.pros["carl"])
    values["common"]["feed_token"] = links.sign("feed", {"pro": world.pros["carl"]})
    return Scenario(values, a["reference"])


async def _held_with_minutes(case_id: int, professional_id: int) -> tuple[int, int]:
    """A held meeting of the case with its minutes: one decision in the justice category, one action."""
    meeting = Meeting(case=case_id, kind="synthesis", status="held", uid=f"held-{case_id}")
    await meeting.save()
    await MeetingParticipant.insert(MeetingParticipant(meeting=meeting.id, professional=professional_id))
    minutes = Minutes(meeting=meeting.id, case=case_id)
    await minutes.save()
    await MinutesItem.insert(
        MinutesItem(minutes=minutes.id, kind="decision", category="justice", text=CANARY)
    )
    action = PlanAction(case=case_id, minutes=minutes.id, title="Appeler le SIAO", owner_is_person=True)
    await action.save()
    return int(meeting.id), int(action.id)


async def _dead_letter(case_id: int) -> int:
    row = OutboxMessage(
        key="matrix:dead",
        channel="email",
        recipient="gone@example.org",
        purpose="reminder",
        status="dead",
        due_at=datetime.now(UTC),
        case_id=case_id,
    )
    await row.save()
    return int(row.id)


async def _answer_token(meeting_id: int, professional_id: int) -> str:
    participant = (
        await MeetingParticipant.select(MeetingParticipant.id)
        .where(MeetingParticipant.meeting == meeting_id, MeetingParticipant.professional == professional_id)
        .first()
    )
    assert participant is not None
    return links.sign("answer", {"p": participant["id"], "s": 0})


def _fill(template: Any, values: dict[str, Any]) -> Any:
    if isinstance(template, str):
        whole = re.fullmatch(r"\{(\w+)\}", template)
        return values[whole.group(1)] if whole else template.format(**values)
    if isinstance(template, dict):
        return {k: _fill(v, values) for k, v in template.items()}
    if isinstance(template, list):
        return [_fill(v, values) for v in template]
    return template


async def _call(world: World, sc: Scenario, method: str, path: str, role: str) -> Any:
    case_values = sc.values["b" if role == "member_after_withdrawal" else "a"]
    values = {**sc.values["common"], **case_values}
    values["token"] = values["feed_token"] if path.startswith("/p/feeds") else values["answer_token"]
    if path.startswith("/p/person"):
        values["token"] = links.sign("person", {"c": values["case_id"]})
    if "/minutes" in path:
        values["meeting_id"] = values["held_id"]
    body = MATRIX[(method, path)][1]
    if body == "intake":
        body = world.intake("ana", "carl")
    elif body == "consent":
        body = world.consent()
    url, payload = path.format(**values), _fill(body, values)
    caller = world.anonymous if role == "anonymous" else world.as_(CALLERS[role])
    if role == "former_referent_after_30_days":
        clock.freeze(datetime.now(UTC) + timedelta(days=31))
    try:
        if method == "GET":
            return await caller.get(url)
        if method == "DELETE":
            return await caller.delete(url)
        return await getattr(caller, method.lower())(url, payload)
    finally:
        clock.freeze(None)


def _check(response: Any, kind: str, role: str, sc: Scenario, route: tuple[str, str]) -> None:
    allowed = role in ALLOWED[kind]
    denied = response.status_code in (401, 403, 404)
    where = f"{route} as {role}: {response.status_code} {response.text[:200]}"
    assert response.status_code < 500, where
    assert allowed != denied, where
    sees_the_person = allowed and role in ("coordinator", "member")
    if not sees_the_person:
        assert CANARY not in response.text, f"leak: {where}"
    if kind == "case_list" and role not in ("coordinator", "member", "member_after_withdrawal"):
        assert sc.reference not in response.text, f"listed: {where}"


ROUTES = sorted(MATRIX)


# A run started in the background outlives a rolled-back transaction: that route is called plainly.
UNWRAPPED = {("POST", "/api/scheduling/runs")}


@pytest.mark.parametrize("route", ROUTES, ids=[f"{m} {p}" for m, p in ROUTES])
async def test_route(route: tuple[str, str], world: World) -> None:
    """Each caller meets the same state: a write is rolled back before the next caller comes."""
    method, path = route
    kind = MATRIX[route][0]
    sc = await scenario(world)
    for role in ROLES:
        if method == "GET" or route in UNWRAPPED:
            _check(await _call(world, sc, method, path, role), kind, role, sc, route)
            continue
        async with db.engine().transaction() as txn:
            response = await _call(world, sc, method, path, role)
            await txn.rollback()
        _check(response, kind, role, sc, route)
