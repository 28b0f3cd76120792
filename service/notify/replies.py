"""Answers that come back by e-mail: an iTIP REPLY from the attendee's calendar (Outlook, Thunderbird,
Gmail) updates their answer as the link would. A mail server hands each incoming message to
``concerto replies`` on standard input."""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass
from email.message import EmailMessage

import icalendar

from service.directory.tables import Professional
from service.meetings.tables import Meeting, MeetingParticipant
from service.scheduling.meetings import on_required_decline, record_response

PARTSTATS = {"ACCEPTED": "accepted", "DECLINED": "declined", "TENTATIVE": "tentative"}


@dataclass(frozen=True)
class Reply:
    uid: str
    sequence: int
    attendee: str
    partstat: str


@dataclass(frozen=True)
class Outcome:
    recorded: bool
    why: str


def replies_in(raw: bytes) -> list[Reply]:
    """Every REPLY in the message's calendar parts (others are ignored)."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    found = []
    for part in message.walk():
        if part.get_content_type() not in ("text/calendar", "application/ics"):
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        calendar = icalendar.Calendar.from_ical(payload)
        if str(calendar.get("METHOD", "")).upper() != "REPLY":
            continue
        for event in calendar.walk("VEVENT"):
            attendee = event.get("ATTENDEE")
            if attendee is None:
                continue
            found.append(
                Reply(
                    uid=str(event["UID"]),
                    sequence=int(event.get("SEQUENCE", 0)),
                    attendee=str(attendee).removeprefix("mailto:").removeprefix("MAILTO:").lower(),
                    partstat=str(attendee.params.get("PARTSTAT", "")).upper(),
                )
            )
    return found


async def apply_reply(reply: Reply) -> Outcome:
    """Record the answer if it is about the meeting as it stands and from one of its participants."""
    meeting = await Meeting.select().where(Meeting.uid == reply.uid).first()
    if meeting is None:
        return Outcome(False, "no meeting has this UID")
    if reply.sequence != meeting["sequence"]:
        return Outcome(False, f"answers version {reply.sequence}; the meeting is at {meeting['sequence']}")
    if reply.partstat not in PARTSTATS:
        return Outcome(False, f"PARTSTAT {reply.partstat or 'missing'} is not an answer")
    sender = await Professional.select(Professional.id).where(Professional.email == reply.attendee).first()
    participant = await (
        MeetingParticipant.select(MeetingParticipant.id, MeetingParticipant.required)
        .where(
            MeetingParticipant.meeting == meeting["id"],
            MeetingParticipant.professional == (sender["id"] if sender else -1),
        )
        .first()
    )
    if participant is None:
        return Outcome(False, "the sender is not a participant of this meeting")
    response = PARTSTATS[reply.partstat]
    await record_response(meeting["id"], participant["id"], response, None, meeting["case"])
    if response == "declined" and participant["required"] and meeting["status"] in ("proposed", "confirmed"):
        await on_required_decline(meeting["id"])
    return Outcome(True, response)


async def apply_message(raw: bytes) -> list[Outcome]:
    return [await apply_reply(r) for r in replies_in(raw)]
