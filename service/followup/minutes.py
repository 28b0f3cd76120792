"""Minutes of a held meeting: attendance, decisions, actions; the person's observations added later.
Each reader sees the items whose category consent lets their institution see."""

from __future__ import annotations

from typing import Any

from service.accounts.actor import Actor
from service.audit.recorder import record
from service.clock import now
from service.db import transaction
from service.errors import Conflict, FieldError, Invalid, NotFound
from service.followup import plan
from service.followup.schemas import (
    AttendanceRead,
    ItemRead,
    MinutesIn,
    MinutesRead,
    ObservationIn,
)
from service.followup.tables import Attendance, EvaluationDate, Minutes, MinutesItem, PlanAction
from service.meetings.tables import Meeting, MeetingParticipant
from service.policy import CaseAccess


async def held_meeting(meeting_id: int) -> dict[str, Any]:
    row = await Meeting.select().where(Meeting.id == meeting_id).first()
    if row is None:
        raise NotFound("meeting", meeting_id)
    return row


async def _check(meeting: dict[str, Any], data: MinutesIn) -> None:
    if meeting["status"] != "held":
        raise Conflict(
            f"Minutes are written for a held meeting; this one is {meeting['status']}.",
            [FieldError("status", "mark the meeting held first (POST /api/meetings/{id}/status)")],
        )
    if await Minutes.exists().where(Minutes.meeting == meeting["id"]):
        raise Conflict("This meeting already has its minutes; add observations or actions instead.")
    invited = {
        r["professional"]
        for r in await MeetingParticipant.select(MeetingParticipant.professional).where(
            MeetingParticipant.meeting == meeting["id"]
        )
    }
    for n, a in enumerate(data.attendance):
        if a.person == (a.professional_id is not None):
            raise Invalid(
                "Each attendance line is about one professional or the person.",
                [FieldError(f"attendance[{n}]", "give professional_id, or person: true")],
            )
        if a.professional_id is not None and a.professional_id not in invited:
            raise Invalid(
                "Attendance lists the meeting's participants.",
                [FieldError(f"attendance[{n}].professional_id", "not invited to this meeting")],
            )
    await plan.check_actions(meeting["case"], data.actions)


async def write(meeting_id: int, data: MinutesIn, actor: Actor) -> int:
    meeting = await held_meeting(meeting_id)
    await _check(meeting, data)
    case_id = meeting["case"]
    async with transaction():
        minutes = Minutes(meeting=meeting_id, case=case_id, recorded_by=actor.user_id, recorded_at=now())
        await minutes.save()
        for a in data.attendance:
            await Attendance.insert(
                Attendance(
                    minutes=minutes.id,
                    professional=a.professional_id,
                    is_person=a.person,
                    status=a.status,
                    represented_by=a.represented_by,
                )
            )
        for item in data.items:
            await MinutesItem.insert(
                MinutesItem(
                    minutes=minutes.id,
                    kind=item.kind,
                    category=item.category,
                    text=item.text,
                    written_at=now(),
                )
            )
        await plan.insert_actions(case_id, data.actions, int(minutes.id))
        if data.evaluation is not None:
            await EvaluationDate.insert(
                EvaluationDate(
                    case=case_id, on=data.evaluation.on, purpose=data.evaluation.purpose, created_at=now()
                )
            )
        await plan.touch(case_id)
        await record(actor, "create", "minutes", minutes.id, case_id=case_id)
    return int(minutes.id)


async def observe(meeting_id: int, data: ObservationIn, actor: Actor | None) -> ItemRead:
    """The person's own words, added to the minutes (by them through their page, or on their behalf)."""
    found = await Minutes.select().where(Minutes.meeting == meeting_id).first()
    if found is None:
        raise NotFound("minutes of meeting", meeting_id)
    async with transaction():
        item = MinutesItem(
            minutes=found["id"],
            kind="person_observation",
            category=data.category,
            text=data.text,
            written_at=now(),
        )
        await item.save()
        await plan.touch(found["case"])
        await record(
            actor, "create", "person_observation", item.id, case_id=found["case"], actor_label="person"
        )
    return ItemRead(int(item.id), "person_observation", data.category, data.text, item.written_at)


async def read(meeting_id: int, access: CaseAccess) -> MinutesRead:
    found = await Minutes.select().where(Minutes.meeting == meeting_id).first()
    if found is None:
        raise NotFound("minutes of meeting", meeting_id)
    attendance = await Attendance.select().where(Attendance.minutes == found["id"]).order_by(Attendance.id)
    items = await MinutesItem.select().where(MinutesItem.minutes == found["id"]).order_by(MinutesItem.id)
    actions = await PlanAction.select().where(PlanAction.minutes == found["id"]).order_by(PlanAction.id)
    shown = [i for i in items if plan.visible(i["category"], access)]
    hidden = await plan.revealing_professionals(access)
    return MinutesRead(
        meeting_id=meeting_id,
        case_id=found["case"],
        recorded_at=found["recorded_at"],
        attendance=[
            AttendanceRead(a["professional"], a["is_person"], a["status"], a["represented_by"])
            for a in attendance
        ],
        items=[ItemRead(i["id"], i["kind"], i["category"], i["text"], i["written_at"]) for i in shown],
        withheld_items=len(items) - len(shown),
        actions=[
            plan.action_read(a)
            for a in actions
            if plan.visible(a["category"], access) and a["owner_professional"] not in hidden
        ],
    )
