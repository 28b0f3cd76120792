"""Answers that come back as iTIP REPLY e-mails: recorded for the current version, from a participant;
stale, foreign or malformed ones are ignored; a required decline reschedules."""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage

import icalendar

from service.meetings.tables import MeetingParticipant
from service.notify.replies import apply_message
from tests.service.test_cli import _concerto
from tests.service.test_invitations import _confirmed_encounter
from tests.support.world import World


def reply_mail(uid: str, sequence: int, attendee: str, partstat: str) -> bytes:
    """What Thunderbird or Outlook sends back: a REPLY with the attendee's PARTSTAT."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Client//FR")
    calendar.add("version", "2.0")
    calendar.add("method", "REPLY")
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", datetime.now(UTC))
    who = icalendar.vCalAddress(f"mailto:{attendee}")
    who.params["PARTSTAT"] = icalendar.vText(partstat)
    event.add("attendee", who)
    calendar.add_component(event)
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = attendee, "instance@concerto.example.org", "Accepté"
    message.set_content("Accepté")
    message.add_alternative(
        calendar.to_ical(), maintype="text", subtype="calendar", params={"method": "REPLY"}
    )
    return message.as_bytes()


async def _responses(meeting_id: int) -> dict[int | None, str]:
    rows = await MeetingParticipant.select().where(MeetingParticipant.meeting == meeting_id)
    return {r["professional"]: r["response"] for r in rows if not r["is_person"]}


async def test_a_reply_records_the_answer(world: World) -> None:
    _, meeting = await _confirmed_encounter(world)
    outcomes = await apply_message(
        reply_mail(meeting["uid"], meeting["sequence"], "Carl@example.org", "ACCEPTED")
    )
    assert [(o.recorded, o.why) for o in outcomes] == [(True, "accepted")]
    assert (await _responses(meeting["id"]))[world.pros["carl"]] == "accepted"


async def test_stale_foreign_and_odd_replies_are_ignored(world: World) -> None:
    _, meeting = await _confirmed_encounter(world)
    stale = await apply_message(
        reply_mail(meeting["uid"], meeting["sequence"] - 1, "carl@example.org", "DECLINED")
    )
    stranger = await apply_message(
        reply_mail(meeting["uid"], meeting["sequence"], "eve@example.org", "ACCEPTED")
    )
    unknown = await apply_message(reply_mail("nope", 0, "carl@example.org", "ACCEPTED"))
    odd = await apply_message(
        reply_mail(meeting["uid"], meeting["sequence"], "carl@example.org", "DELEGATED")
    )
    assert [o.recorded for o in stale + stranger + unknown + odd] == [False] * 4
    assert "version" in stale[0].why and "not a participant" in stranger[0].why
    assert set((await _responses(meeting["id"])).values()) == {"needs_action"}


async def test_a_required_decline_by_mail_reschedules(world: World) -> None:
    _, meeting = await _confirmed_encounter(world)
    code, out, _ = await _concerto(
        "replies", stdin=reply_mail(meeting["uid"], meeting["sequence"], "ana@example.org", "DECLINED")
    )
    assert code == 0 and "recorded: declined" in out
    moved = (await world.as_("ana").get(f"/api/meetings/{meeting['id']}")).json()
    assert moved["start"] != meeting["start"] and moved["sequence"] > meeting["sequence"]
