"""Invitations end to end: a confirmed rencontre goes out by real SMTP (and SMS) with nothing that
identifies the person; answers come back through signed links; a move raises SEQUENCE under the same
UID; a cancel sends CANCEL; a withdrawn consent stops what is still queued."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, time, timedelta
from email.message import EmailMessage

import httpx
import icalendar

from notifications.dispatcher import Channels, Dispatcher
from notifications.tables import OutboxMessage
from notifications.transports import HttpSmsGateway, SmtpSettings
from service import clock
from tests.service.test_scheduling import PARIS, working_days_ahead
from tests.support.smtp import Inbox
from tests.support.world import World

CANARIES = [
    "Zorbalinde",
    "Quetzalmanche",
    "1979-02-03",
    "Impasse-Canari",
    "0611223344",
    "dort-dans-sa-voiture",
    "SPIP",
    "pénitentiaire",
    "Dan Test",
]


def everything(message: EmailMessage) -> str:
    """Headers and every decoded part: what a reader, or a thief, could see."""
    parts = [str(message.items())]
    for part in message.walk():
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes):
            parts.append(payload.decode("utf-8", "replace"))
    return "\n".join(parts)


def calendar_of(message: EmailMessage) -> icalendar.Calendar:
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            return icalendar.Calendar.from_ical(part.get_payload(decode=True))
    raise AssertionError("no calendar part")


def link_in(message: EmailMessage, kind: str) -> str:
    found = re.search(rf"https?://[^/\s\"]+(/p/{kind}/[\w.\-]+)", everything(message))
    assert found, everything(message)
    return found.group(1)


class Sms:
    def __init__(self) -> None:
        self.sent: list[dict[str, str]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(json.loads(request.content))
        return httpx.Response(202)


async def _dispatch(port: int, sms: Sms | None = None) -> int:
    async with httpx.AsyncClient(transport=httpx.MockTransport(sms or Sms())) as client:
        channels = Channels(
            sender="instance@concerto.example.org",
            smtp=SmtpSettings("127.0.0.1", port),
            sms=HttpSmsGateway(client, "http://sms.invalid/send", "k"),
        )
        return await Dispatcher(channels=channels, now=clock.now).tick()


async def _confirmed_encounter(world: World) -> tuple[int, dict]:
    body = world.intake("ana", "carl", "dan", question="Madame Zorbalinde dort-dans-sa-voiture depuis mars.")
    body["person"] = {
        "first_name": "Zorbalinde",
        "last_name": "Quetzalmanche",
        "birth_date": "1979-02-03",
        "email": "p4471@example.net",
        "phone": "0611223344",
        "address": "3 Impasse-Canari",
    }
    case = (await world.as_("ana").post("/api/cases", body)).json()
    url = f"/api/cases/{case['id']}/participation"
    request = (await world.as_("ana").post(url, {"requested_by": "person", "mode": "present"})).json()
    for who in ("ana", "carl", "dan"):
        await world.as_(who).post(f"{url}/{request['id']}/agreement", {"agreed": True})
    await world.as_("ana").post(f"{url}/{request['id']}/person-agreement", {"agreed": True})
    meeting = (
        await world.as_("ana").post(
            f"/api/cases/{case['id']}/meetings",
            {
                "kind": "encounter",
                "required_professional_ids": [world.pros[w] for w in ("ana", "carl", "dan")],
                "duration_minutes": 90,
                "room_mode": "in_person",
            },
        )
    ).json()
    start = datetime.combine(working_days_ahead(8), time(10, 0), tzinfo=PARIS)
    confirmed = await world.as_("ana").post(
        f"/api/meetings/{meeting['id']}/confirm",
        {"start": start.isoformat(), "room_id": world.rooms["salle1"]},
    )
    assert confirmed.status_code == 201, confirmed.text
    return case["id"], (await world.as_("ana").get(f"/api/meetings/{meeting['id']}")).json()


async def test_a_confirmed_rencontre_reaches_everyone_and_names_no_one(
    world: World, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    _, meeting = await _confirmed_encounter(world)
    sms = Sms()
    assert await _dispatch(port, sms) == 5  # three professionals, the person by e-mail and by SMS
    received = inbox.wait_for(4)
    by_recipient = {m["To"]: m for m in received}
    assert set(by_recipient) == {
        "ana@example.org",
        "carl@example.org",
        "dan@example.org",
        "p4471@example.net",
    }
    for address, message in by_recipient.items():
        text = everything(message)
        leaked = [c for c in CANARIES if c.lower() in text.lower()]
        assert leaked == [], (address, leaked)
        others = {"ana@example.org", "carl@example.org", "dan@example.org"} - {address}
        assert not any(o in text for o in others), "attendee lists are not disclosed"
    for who in ("ana", "carl", "dan"):
        cal = calendar_of(by_recipient[f"{who}@example.org"])
        event = next(iter(cal.walk("VEVENT")))
        assert str(cal["method"]) == "REQUEST" and str(event["uid"]) == meeting["uid"]
        assert int(event["sequence"]) == meeting["sequence"]
        assert str(event["attendee"]) == f"mailto:{who}@example.org"
        assert str(event["organizer"]) == "mailto:instance@concerto.example.org"
        assert meeting["case_reference"] in str(event["summary"])
    person = everything(by_recipient["p4471@example.net"])
    assert "rencontre" in person and "ynthèse" not in person and "Bus 3" in person
    assert re.search(r"(lundi|mardi|mercredi|jeudi|vendredi) \d+(er)? \w+ 20\d\d à 10 h 00", person)
    assert [s["to"] for s in sms.sent] == ["0611223344"]
    assert not [c for c in CANARIES if c.lower() in sms.sent[0]["text"].lower() and c != "0611223344"]
    reminders = await OutboxMessage.select().where(
        OutboxMessage.purpose.is_in(["reminder", "person_reminder"])
    )
    assert len(reminders) == 4
    assert {r["due_at"] for r in reminders} == {datetime.fromisoformat(meeting["start"]) - timedelta(days=2)}


async def test_an_answer_through_the_link_is_recorded(world: World, smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    _, meeting = await _confirmed_encounter(world)
    await _dispatch(port)
    carl = next(m for m in inbox.wait_for(4) if m["To"] == "carl@example.org")
    link = link_in(carl, "answer")
    page = await world.client.get(link)
    assert page.status_code == 200, page.text[:3000]
    assert meeting["case_reference"] in page.text
    assert not [c for c in CANARIES if c in page.text]
    forged = await world.client.post(link, data={"response": "accepted"})
    assert forged.status_code == 403  # no CSRF token: refused, nothing recorded
    token = re.search(r'name="_csrf_token" value="([^"]+)"', page.text)
    assert token
    answered = await world.client.post(link, data={"response": "accepted", "_csrf_token": token.group(1)})
    assert answered.status_code == 200 and "enregistrée" in answered.text
    after = (await world.as_("ana").get(f"/api/meetings/{meeting['id']}")).json()
    responses = {p["professional_id"]: p["response"] for p in after["participants"]}
    assert responses[world.pros["carl"]] == "accepted" and responses[world.pros["ana"]] == "needs_action"


async def test_tampered_and_expired_links_explain_how_to_get_a_new_one(
    world: World, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    await _confirmed_encounter(world)
    await _dispatch(port)
    link = link_in(next(m for m in inbox.wait_for(4) if m["To"] == "carl@example.org"), "answer")
    tampered = await world.client.get(link[:-3] + "abc")
    assert tampered.status_code == 403 and "nouveau lien" in tampered.text
    clock.freeze(datetime.now(UTC) + timedelta(days=61))
    expired = await world.client.get(link)
    assert expired.status_code == 410 and "expiré" in expired.text
    person_link = link_in(next(m for m in inbox.messages() if m["To"] == "p4471@example.net"), "person")
    wrong_purpose = await world.client.get(link.replace("/p/answer/", "/p/feeds/"))
    assert wrong_purpose.status_code in (403, 410) and person_link


async def test_a_decline_from_the_page_moves_the_meeting_under_the_same_uid(
    world: World, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    _, meeting = await _confirmed_encounter(world)
    await _dispatch(port)
    ana = next(m for m in inbox.wait_for(4) if m["To"] == "ana@example.org")
    link = link_in(ana, "answer")
    page = await world.client.get(link)
    token = re.search(r'name="_csrf_token" value="([^"]+)"', page.text)
    assert token
    declined = await world.client.post(link, data={"response": "declined", "_csrf_token": token.group(1)})
    assert "autre date" in declined.text
    moved = (await world.as_("ana").get(f"/api/meetings/{meeting['id']}")).json()
    assert moved["start"] != meeting["start"] and moved["sequence"] > meeting["sequence"]
    assert await _dispatch(port) >= 4
    updates = [m for m in inbox.wait_for(8)[4:] if m["To"] == "carl@example.org"]
    event = next(iter(calendar_of(updates[0]).walk("VEVENT")))
    assert str(event["uid"]) == meeting["uid"] and int(event["sequence"]) == moved["sequence"]
    assert event.decoded("dtstart").astimezone(UTC) == datetime.fromisoformat(moved["start"]).astimezone(UTC)


async def test_cancelling_sends_cancel_to_those_invited(world: World, smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    _, meeting = await _confirmed_encounter(world)
    await _dispatch(port)
    cancelled = await world.as_("ana").post(
        f"/api/meetings/{meeting['id']}/status", {"to": "cancelled", "reason": "la personne a déménagé"}
    )
    assert cancelled.status_code in (200, 201), cancelled.text
    assert await _dispatch(port) == 5
    cancels = [m for m in inbox.wait_for(8)[4:] if m["To"] != "p4471@example.net"]
    assert len(cancels) == 3
    for message in cancels:
        cal = calendar_of(message)
        event = next(iter(cal.walk("VEVENT")))
        assert str(cal["method"]) == "CANCEL" and str(event["status"]) == "CANCELLED"
        assert str(event["uid"]) == meeting["uid"] and int(event["sequence"]) == meeting["sequence"] + 1
    remaining = await OutboxMessage.count().where(OutboxMessage.status == "queued")
    assert remaining == 0, "the reminders of a cancelled meeting are dropped"


async def test_withdrawing_consent_cancels_what_is_queued(world: World, smtp: tuple[Inbox, int]) -> None:
    _, port = smtp
    case_id, _ = await _confirmed_encounter(world)
    consents = (await world.as_("ana").get(f"/api/cases/{case_id}/consents")).json()
    withdrawn = await world.as_("ana").post(
        f"/api/cases/{case_id}/consents/{consents[0]['id']}/withdraw", {"method": "oral_witnessed"}
    )
    assert withdrawn.status_code in (200, 201), withdrawn.text
    assert await _dispatch(port) == 0
    assert await OutboxMessage.count().where(OutboxMessage.status == "queued") == 0
    assert await OutboxMessage.count().where(OutboxMessage.status == "cancelled") == 9
