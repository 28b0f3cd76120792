"""What a meeting's changes queue: invitations (REQUEST), cancellations (CANCEL), meeting reminders.

Called inside the transaction of the change, so the messages exist exactly when the change does.
Nothing identifying goes out: professionals read the case reference, the person reads "rencontre"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from notifications import calendar, glossary, wording
from notifications.outbox import Outgoing, cancel_for_meeting, queue
from notifications.tables import OutboxMessage
from service.cases.service import current_referent
from service.cases.tables import Case, PersonIdentity
from service.clock import now
from service.directory.tables import Room
from service.errors import NotFound
from service.meetings.tables import Meeting, MeetingParticipant
from service.notify import links
from service.settings import get_settings

MEETING_PURPOSES = ("invitation", "person_invitation", "reminder", "person_reminder")


@dataclass
class Invitee:
    participant_id: int
    required: bool
    is_person: bool
    email: str
    phone: str = ""
    profession: str = ""
    institution_kind: str = ""
    professional_id: int | None = None


@dataclass
class MeetingFacts:
    row: dict[str, Any]
    reference: str
    place: wording.Place
    invitees: list[Invitee]
    referent_id: int | None

    @property
    def start(self) -> datetime:
        start: datetime = self.row["start"]
        return start


async def place_of(row: dict[str, Any]) -> wording.Place:
    """Where a meeting row takes place, as invitations say it (never a revealing institution)."""
    if row["room"] is None:
        return wording.Place(video=True)
    room = await (
        Room.select(
            Room.name,
            Room.site._.name,
            Room.site._.address,
            Room.site._.postcode,
            Room.site._.city,
            Room.site._.access,
            Room.site._.institution._.kind,
        )
        .where(Room.id == row["room"])
        .first()
    )
    if room is None:
        return wording.Place(video=True)
    site = {k.removeprefix("site."): v for k, v in room.items()}
    if site["institution.kind"] in glossary.REVEALING_KINDS:
        return wording.Place(name="le lieu est indiqué dans l'application")
    address = f"{site['address']}, {site['postcode']} {site['city']}"
    return wording.Place(name=f"{site['name']}, {room['name']}", address=address, access=site["access"])


async def _invitees(meeting_id: int, case_id: int) -> list[Invitee]:
    rows = (
        await MeetingParticipant.select(
            MeetingParticipant.id,
            MeetingParticipant.required,
            MeetingParticipant.is_person,
            MeetingParticipant.professional,
            MeetingParticipant.professional._.email,
            MeetingParticipant.professional._.profession,
            MeetingParticipant.professional._.institution._.kind,
        )
        .where(MeetingParticipant.meeting == meeting_id)
        .order_by(MeetingParticipant.id)
    )
    person = (
        await PersonIdentity.select(PersonIdentity.email, PersonIdentity.phone)
        .where(PersonIdentity.case == case_id)
        .first()
    )
    found = []
    for r in rows:
        if r["is_person"]:
            found.append(
                Invitee(
                    r["id"],
                    r["required"],
                    True,
                    person["email"] if person else "",
                    person["phone"] if person else "",
                )
            )
        else:
            found.append(
                Invitee(
                    r["id"],
                    r["required"],
                    False,
                    r["professional.email"],
                    profession=r["professional.profession"],
                    institution_kind=r["professional.institution.kind"],
                    professional_id=r["professional"],
                )
            )
    return found


async def facts(meeting_id: int) -> MeetingFacts:
    row = await Meeting.select().where(Meeting.id == meeting_id).first()
    if row is None:
        raise NotFound("meeting", meeting_id)
    case = await Case.select(Case.reference).where(Case.id == row["case"]).first() or {"reference": ""}
    referent = await current_referent(row["case"])
    return MeetingFacts(
        row=row,
        reference=case["reference"],
        place=await place_of(row),
        invitees=await _invitees(meeting_id, row["case"]),
        referent_id=referent.professional if referent else None,
    )


def event(f: MeetingFacts, status: str = "CONFIRMED", link: str = "") -> calendar.MeetingEvent:
    """The calendar's view of a meeting: reference and place, never a name."""
    return row_event(f.row, f.reference, f.place, status, link)


def row_event(
    row: dict[str, Any], reference: str, place: wording.Place, status: str = "CONFIRMED", link: str = ""
) -> calendar.MeetingEvent:
    """``event`` from a meeting row, its case reference and its place."""
    kind = wording.KIND_WORDS.get(row["kind"], "Réunion")
    return calendar.MeetingEvent(
        uid=row["uid"],
        sequence=row["sequence"],
        start=row["start"],
        end=row["end"],
        summary=f"{kind} — situation {reference}",
        location=place.line(),
        description="Détails dans l'application Concerto, après connexion.",
        url=link,
        status=status,
    )


def _key(purpose: str, f: MeetingFacts, who: Invitee, channel: str) -> str:
    return f"{purpose}:m{f.row['id']}:s{f.row['sequence']}:p{who.participant_id}:{channel}"


def _email(
    f: MeetingFacts,
    who: Invitee,
    purpose: str,
    text: wording.Text,
    due: datetime,
    ics: bytes = b"",
    method: str = "",
) -> Outgoing:
    return Outgoing(
        key=_key(purpose, f, who, "email"),
        channel="email",
        recipient=who.email,
        purpose=purpose,
        due_at=due,
        subject=text.subject,
        text=text.text,
        html=text.html,
        calendar=ics,
        method=method,
        case_id=f.row["case"],
        meeting_id=f.row["id"],
    )


def _sms(f: MeetingFacts, who: Invitee, purpose: str, text: str, due: datetime) -> Outgoing:
    return Outgoing(
        key=_key(purpose, f, who, "sms"),
        channel="sms",
        recipient=who.phone,
        purpose=purpose,
        due_at=due,
        text=text,
        case_id=f.row["case"],
        meeting_id=f.row["id"],
    )


def _itip(method: str, f: MeetingFacts, who: Invitee, moment: datetime, link: str = "") -> bytes:
    attendee = calendar.Attendee(
        who.email, "Participant requis" if who.required else "Participant", who.required
    )
    status = "CANCELLED" if method == "CANCEL" else "CONFIRMED"
    return calendar.invitation(method, event(f, status, link), get_settings().mailbox, attendee, moment)


def _professional_messages(f: MeetingFacts, who: Invitee, moment: datetime) -> list[Outgoing]:
    link = links.url("answer", {"p": who.participant_id, "s": f.row["sequence"]})
    kind, minutes = f.row["kind"], f.row["duration_minutes"]
    text = wording.professional_invitation(kind, f.reference, f.start, minutes, f.place, link, who.required)
    reminder = wording.professional_reminder(kind, f.reference, f.start, f.place, link)
    return [
        _email(f, who, "invitation", text, moment, _itip("REQUEST", f, who, moment, link), "REQUEST"),
        _email(f, who, "reminder", reminder, _reminder_time(f)),
    ]


def who_words(f: MeetingFacts) -> list[str]:
    return [
        glossary.role_words(i.profession, i.institution_kind, i.professional_id == f.referent_id)
        for i in f.invitees
        if not i.is_person and i.required
    ]


def _person_messages(f: MeetingFacts, who: Invitee, moment: datetime) -> list[Outgoing]:
    link = links.url("person", {"c": f.row["case"]})
    found = []
    if who.email:
        text = wording.person_invitation(f.start, f.row["duration_minutes"], f.place, who_words(f), link)
        found.append(_email(f, who, "person_invitation", text, moment))
    if who.phone:
        found.append(_sms(f, who, "person_invitation", wording.person_sms(f.start, f.place, link), moment))
        reminder = wording.person_reminder_sms(f.start, f.place, link)
        found.append(_sms(f, who, "person_reminder", reminder, _reminder_time(f)))
    return found


def _reminder_time(f: MeetingFacts) -> datetime:
    return f.start - timedelta(days=get_settings().reminder_meeting_days)


async def queue_invitations(meeting_id: int) -> int:
    """Invite every participant to the meeting as it stands now; older queued versions are dropped."""
    f = await facts(meeting_id)
    if f.row["start"] is None:
        return 0
    await cancel_for_meeting(meeting_id, MEETING_PURPOSES)
    moment = now()
    messages: list[Outgoing] = []
    for who in f.invitees:
        if who.is_person:
            messages += _person_messages(f, who, moment)
        elif who.email:
            messages += _professional_messages(f, who, moment)
    return await queue(m for m in messages if m.purpose.endswith("invitation") or m.due_at > moment)


async def queue_cancellations(meeting_id: int, was_start: datetime | None) -> int:
    """Drop what is still queued; tell whoever already received an invitation that it is off."""
    await cancel_for_meeting(meeting_id)
    invited = await OutboxMessage.select(OutboxMessage.recipient, OutboxMessage.purpose).where(
        OutboxMessage.meeting_id == meeting_id,
        OutboxMessage.purpose.is_in(["invitation", "person_invitation"]),
        OutboxMessage.status == "sent",
    )
    if not invited or was_start is None:
        return 0
    f = await facts(meeting_id)
    moment = now()
    f.row["start"], f.row["end"] = was_start, was_start + timedelta(minutes=f.row["duration_minutes"])
    sent_to = {r["recipient"] for r in invited}
    messages = [
        _cancellation(f, who, moment) for who in f.invitees if not who.is_person and who.email in sent_to
    ]
    person = next((w for w in f.invitees if w.is_person), None)
    if person is not None and (person.email in sent_to or person.phone in sent_to):
        messages += _person_cancellation(f, person, moment)
    return await queue(messages)


def _cancellation(f: MeetingFacts, who: Invitee, moment: datetime) -> Outgoing:
    text = wording.professional_cancellation(f.row["kind"], f.reference, f.start)
    return _email(f, who, "cancellation", text, moment, _itip("CANCEL", f, who, moment), "CANCEL")


def _person_cancellation(f: MeetingFacts, who: Invitee, moment: datetime) -> list[Outgoing]:
    said = (
        f"Votre rencontre du {wording.long_date(f.start)} n'aura pas lieu. Une autre date vous sera proposée."
    )
    found = []
    if who.email:
        text = wording.Text("Votre rencontre est annulée", f"Bonjour,\n\n{said}\n", "")
        found.append(_email(f, who, "person_cancellation", text, moment))
    if who.phone:
        found.append(_sms(f, who, "person_cancellation", said, moment))
    return found
