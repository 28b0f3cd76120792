"""Meetings of a case: created from the liste, moved along their statuses, answered, rescheduled."""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime, timedelta
from typing import Any

from notifications.outbox import cancel_for_meeting
from service.accounts.actor import Actor
from service.audit.recorder import record
from service.cases.tables import Case
from service.clock import now, today
from service.consent.participation import active_member_ids, can_confirm_encounter
from service.db import transaction
from service.directory.tables import Absence, Room
from service.errors import Conflict, FieldError, Forbidden, Invalid, NotFound
from service.meetings.tables import CourtEvent, Meeting, MeetingParticipant
from service.notify import invitations
from service.scheduling import runs
from service.scheduling.problem import build_problem
from service.scheduling.schemas import (
    Confirmation,
    CourtEventIn,
    FindSlotRead,
    MeetingIn,
    MeetingRead,
    ParticipantRead,
    ProposalRead,
)
from service.scheduling.timeline import aware, deadline_before, local

STATUS_STEPS = {
    "to_schedule": {"cancelled"},
    "proposed": {"to_schedule", "cancelled"},
    "confirmed": {"held", "cancelled"},
    "held": set(),
    "cancelled": set(),
}
OPEN = ["to_schedule", "proposed", "confirmed"]


async def meeting_row(meeting_id: int) -> dict[str, Any]:
    row = await Meeting.select().where(Meeting.id == meeting_id).first()
    if row is None:
        raise NotFound("meeting", meeting_id)
    return row


async def meeting_read(row: dict[str, Any]) -> MeetingRead:
    case = await Case.select(Case.reference).where(Case.id == row["case"]).first()
    people = (
        await MeetingParticipant.select()
        .where(MeetingParticipant.meeting == row["id"])
        .order_by(MeetingParticipant.id)
    )
    return MeetingRead(
        id=row["id"],
        case_id=row["case"],
        case_reference=case["reference"] if case else "",
        kind=row["kind"],
        status=row["status"],
        duration_minutes=row["duration_minutes"],
        room_mode=row["room_mode"],
        room_id=row["room"],
        start=row["start"],
        end=row["end"],
        earliest=row["earliest"],
        deadline=row["deadline"],
        uid=row["uid"],
        sequence=row["sequence"],
        flagged=row["flagged"],
        participants=[
            ParticipantRead(p["professional"], p["is_person"], p["required"], p["response"]) for p in people
        ],
    )


async def _check_participants(case_id: int, data: MeetingIn) -> None:
    members = await active_member_ids(case_id)
    for field in ("required_professional_ids", "optional_professional_ids"):
        strangers = sorted(set(getattr(data, field)) - members)
        if strangers:
            raise Invalid(
                "Participants are drawn from the case's active liste d'accompagnement.",
                [FieldError(field, f"not active members of this case: {strangers}; add them first")],
            )
    both = set(data.required_professional_ids) & set(data.optional_professional_ids)
    if both:
        raise Invalid(
            "A participant is either required or optional.",
            [FieldError("optional_professional_ids", f"also required: {sorted(both)}")],
        )


async def create_meeting(case_id: int, data: MeetingIn, actor: Actor) -> int:
    """A meeting to schedule, its participants from the liste (the person too for a rencontre)."""
    await _check_participants(case_id, data)
    if data.prepares_meeting_id is not None and not await Meeting.exists().where(
        Meeting.id == data.prepares_meeting_id, Meeting.case == case_id, Meeting.kind == "encounter"
    ):
        raise Invalid(
            "A preparation prepares a rencontre of the same case.",
            [FieldError("prepares_meeting_id", "not a rencontre of this case")],
        )
    async with transaction():
        meeting = Meeting(
            case=case_id,
            kind=data.kind,
            status="to_schedule",
            duration_minutes=data.duration_minutes,
            room_mode=data.room_mode,
            earliest=data.earliest,
            prepares=data.prepares_meeting_id,
            uid=str(uuid.uuid4()),
            sequence=0,
            created_by=actor.user_id,
            created_at=now(),
            updated_at=now(),
        )
        await meeting.save()
        for pid in data.required_professional_ids:
            await MeetingParticipant.insert(
                MeetingParticipant(meeting=meeting.id, professional=pid, required=True)
            )
        for pid in data.optional_professional_ids:
            await MeetingParticipant.insert(
                MeetingParticipant(meeting=meeting.id, professional=pid, required=False)
            )
        if data.kind == "encounter":
            await MeetingParticipant.insert(
                MeetingParticipant(meeting=meeting.id, is_person=True, required=True)
            )
        await refresh_deadlines(case_id)
        await record(actor, "create", "meeting", meeting.id, case_id=case_id)
    return int(meeting.id)


async def change_status(meeting_id: int, to: str, reason: str, actor: Actor) -> None:
    """Cancel, mark held, or send back to be scheduled; anything else is refused with 409."""
    row = await meeting_row(meeting_id)
    if to not in STATUS_STEPS[row["status"]]:
        allowed = ", ".join(sorted(STATUS_STEPS[row["status"]])) or "none"
        hint = " (confirm with POST /api/meetings/{id}/confirm)" if to == "confirmed" else ""
        raise Conflict(
            f"A {row['status']} meeting cannot become {to}{hint}; it can become: {allowed}.",
            [FieldError("to", f"not allowed from {row['status']}")],
        )
    async with transaction():
        await Meeting.update(
            {Meeting.status: to, Meeting.sequence: row["sequence"] + 1, Meeting.updated_at: now()}
        ).where(Meeting.id == meeting_id)
        await record(
            actor,
            "transition",
            "meeting",
            meeting_id,
            case_id=row["case"],
            detail=f"{row['status']}->{to}: {reason}",
        )
        if to == "cancelled":
            await invitations.queue_cancellations(meeting_id, row["start"])
        elif to == "held":
            await cancel_for_meeting(meeting_id, ("reminder", "person_reminder"))


async def confirm(meeting_id: int, data: Confirmation, actor: Actor) -> None:
    """Confirm the proposed placement (or the one given); a rencontre needs everyone's agreement."""
    row = await meeting_row(meeting_id)
    if row["status"] not in ("to_schedule", "proposed"):
        raise Conflict(
            f"A {row['status']} meeting cannot be confirmed.", [FieldError("status", row["status"])]
        )
    start = data.start or row["start"]
    if start is None:
        raise Invalid(
            "Nothing proposed yet: give a start, or run find-slot first.",
            [FieldError("start", "required when nothing is proposed")],
        )
    if data.room_id is not None and not await Room.exists().where(Room.id == data.room_id):
        raise Invalid("Unknown room.", [FieldError("room_id", "see /api/rooms")])
    reasons = await can_confirm_encounter(meeting_id)
    if reasons:
        raise Conflict("This rencontre cannot be confirmed yet: " + "; ".join(reasons) + ".")
    room = data.room_id if data.room_id is not None else (row["room"] if data.start is None else None)
    async with transaction():
        await Meeting.update(
            {
                Meeting.status: "confirmed",
                Meeting.start: start,
                Meeting.end: start + timedelta(minutes=row["duration_minutes"]),
                Meeting.room: room,
                Meeting.sequence: row["sequence"] + 1,
                Meeting.updated_at: now(),
            }
        ).where(Meeting.id == meeting_id)
        await invitations.queue_invitations(meeting_id)
        await record(actor, "confirm", "meeting", meeting_id, case_id=row["case"])


async def respond(meeting_id: int, response: str, actor: Actor) -> None:
    """A professional answers for themself; a required participant's decline reschedules."""
    row = await meeting_row(meeting_id)
    mine = (
        await MeetingParticipant.select()
        .where(
            MeetingParticipant.meeting == meeting_id, MeetingParticipant.professional == actor.professional_id
        )
        .first()
    )
    if mine is None:
        raise Forbidden("Only the participants of a meeting answer its invitation.")
    await record_response(meeting_id, mine["id"], response, actor, row["case"])
    if response == "declined" and mine["required"] and row["status"] in ("proposed", "confirmed"):
        await on_required_decline(meeting_id)


async def record_response(
    meeting_id: int, participant_id: int, response: str, actor: Actor | None, case_id: int
) -> None:
    """Store an answer (from the API, a signed link or an iMIP reply)."""
    await MeetingParticipant.update(
        {MeetingParticipant.response: response, MeetingParticipant.responded_at: now()}
    ).where(MeetingParticipant.id == participant_id)
    await record(
        actor, "respond", "meeting", meeting_id, case_id=case_id, detail=response, actor_label="invitee"
    )


async def on_required_decline(meeting_id: int) -> int:
    """Reschedule a meeting a required participant declined: that time is now busy for them."""
    return await runs.run_now([meeting_id], "decline", None)


async def on_absence(absence_id: int) -> int | None:
    """Reschedule the placed meetings of an absent professional that fall in the absence."""
    absence = await Absence.select().where(Absence.id == absence_id).first()
    if absence is None:
        return None
    rows = await MeetingParticipant.select(MeetingParticipant.meeting).where(
        MeetingParticipant.professional == absence["professional"]
    )
    hit = []
    for m in await Meeting.select().where(
        Meeting.id.is_in([r["meeting"] for r in rows] or [-1]),
        Meeting.status.is_in(["proposed", "confirmed"]),
    ):
        day = local(m["start"]).date()
        if absence["start"] <= day <= absence["end"]:
            hit.append(m["id"])
    return await runs.run_now(hit, "absence", None) if hit else None


async def _subdivision_of(case_id: int) -> str | None:
    """Alsace-Moselle or not: where the referring professional's institution is."""
    row = await (
        Case.select(Case.referring_professional._.institution._.holiday_subdivision)
        .where(Case.id == case_id)
        .first()
    )
    return row["referring_professional.institution.holiday_subdivision"] if row else None


async def refresh_deadlines(case_id: int) -> list[int]:
    """Each open meeting must end before the nearest upcoming court event's lead time; returns the
    placed meetings that no longer fit."""
    subdivision = await _subdivision_of(case_id)
    events = await CourtEvent.select().where(CourtEvent.case == case_id, CourtEvent.at > now())
    governing: tuple[datetime, int] | None = None
    for e in events:
        limit = deadline_before(e["at"], e["lead_working_days"], subdivision)
        if governing is None or limit < governing[0]:
            governing = (limit, e["id"])
    late = []
    for m in await Meeting.select().where(Meeting.case == case_id, Meeting.status.is_in(OPEN)):
        deadline, event = governing if governing else (None, None)
        await Meeting.update({Meeting.deadline: deadline, Meeting.court_event: event}).where(
            Meeting.id == m["id"]
        )
        if deadline is not None and m["end"] is not None and m["end"] > deadline:
            late.append(m["id"])
    return late


async def add_court_event(case_id: int, data: CourtEventIn, actor: Actor) -> int:
    """Record a jalon judiciaire; meetings it now constrains are re-checked."""
    if data.at.tzinfo is None:
        raise Invalid(
            "Give the date with its offset, e.g. 2026-12-15T09:00:00+01:00.",
            [FieldError("at", "missing UTC offset")],
        )
    async with transaction():
        row = CourtEvent(
            case=case_id,
            kind=data.kind,
            at=data.at,
            jurisdiction=data.jurisdiction,
            lead_working_days=data.lead_working_days,
            created_at=now(),
            updated_at=now(),
        )
        await row.save()
        late = await refresh_deadlines(case_id)
        await record(actor, "create", "court_event", row.id, case_id=case_id, detail=data.kind)
    if late:
        await runs.run_now(late, "court_date", actor)
    return int(row.id)


async def move_court_event(case_id: int, event_id: int, at: datetime, actor: Actor) -> None:
    """A court date moved: deadlines move, meetings that no longer fit are rescheduled."""
    if not await CourtEvent.exists().where(CourtEvent.id == event_id, CourtEvent.case == case_id):
        raise NotFound("court event of this case", event_id)
    if at.tzinfo is None:
        raise Invalid("Give the date with its offset.", [FieldError("at", "missing UTC offset")])
    async with transaction():
        await CourtEvent.update({CourtEvent.at: at, CourtEvent.updated_at: now()}).where(
            CourtEvent.id == event_id
        )
        late = await refresh_deadlines(case_id)
        await record(actor, "update", "court_event", event_id, case_id=case_id, detail="date moved")
    if late:
        await runs.run_now(late, "court_date", actor)


async def find_slot(meeting_id: int) -> FindSlotRead:
    """Ranked proposals for one meeting around the confirmed meetings of its participants."""
    problem = await build_problem([meeting_id], today())
    solution = await asyncio.to_thread(runs.solve_problem, problem, "find-slot", 5.0)
    return FindSlotRead(meeting_id, [_proposal(p) for p in solution["proposals"]], solution["unscheduled"])


def _proposal(p: dict[str, Any]) -> ProposalRead:
    def pros(ids: list[str]) -> list[int]:
        return [int(i.removeprefix("pro-")) for i in ids if i.startswith("pro-")]

    return ProposalRead(
        start=aware(datetime.fromisoformat(p["start"])),
        end=aware(datetime.fromisoformat(p["end"])),
        room_id=int(p["room"].removeprefix("room-")) if p["room"] and p["room"].startswith("room-") else None,
        professional_ids=pros(p["attendees"]),
        person_attends=any(a.startswith("person-") for a in p["attendees"]),
        missing_optional_professional_ids=pros(p["missing_optional"]),
    )
