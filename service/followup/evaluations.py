"""Evaluation dates: reminders before them (7 and 1 days by default), and on the day a follow-up
meeting of the liste is proposed to the coordinator (a meeting to schedule, and an alert)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from service.clock import now
from service.consent.participation import active_member_ids
from service.db import transaction
from service.followup.tables import EvaluationDate
from service.meetings.tables import Meeting, MeetingParticipant
from service.notify.reminders import Due, coordinators, open_case_ids, recipients
from service.scheduling.tables import Alert
from service.settings import get_settings


async def evaluation_reminders(on: date) -> list[Due]:
    """A reminder n days before each evaluation date, for each n of the setting."""
    found = []
    cases, coordination = sorted(await open_case_ids()), await coordinators()
    for days in get_settings().reminder_evaluation_days:
        rows = await EvaluationDate.select().where(
            EvaluationDate.on == on + timedelta(days=days), EvaluationDate.case.is_in(cases or [-1])
        )
        for e in rows:
            people = await recipients(e["case"], coordination)
            found.append(
                Due(f"evaluation:e{e['id']}:d{days}", "date d'évaluation", e["case"], e["on"], people)
            )
    return found


async def propose_follow_ups(on: date) -> list[int]:
    """Evaluation dates that have come: a follow-up synthèse of the active liste, to schedule."""
    cases = sorted(await open_case_ids())
    due = await EvaluationDate.select().where(
        EvaluationDate.on <= on, EvaluationDate.follow_up.is_null(), EvaluationDate.case.is_in(cases or [-1])
    )
    return [await _propose(e) for e in due]


async def _propose(evaluation: dict[str, object]) -> int:
    case_id = int(str(evaluation["case"]))
    async with transaction():
        meeting = Meeting(
            case=case_id,
            kind="synthesis",
            status="to_schedule",
            uid=str(uuid.uuid4()),
            created_at=now(),
            updated_at=now(),
        )
        await meeting.save()
        for professional in sorted(await active_member_ids(case_id)):
            await MeetingParticipant.insert(MeetingParticipant(meeting=meeting.id, professional=professional))
        await EvaluationDate.update({EvaluationDate.follow_up: meeting.id}).where(
            EvaluationDate.id == evaluation["id"]
        )
        await Alert.insert(
            Alert(
                meeting=meeting.id,
                case=case_id,
                reason="evaluation_due",
                created_at=now(),
                detail=f"Evaluation date {evaluation['on']}: a follow-up meeting is proposed; schedule it.",
            )
        )
    return int(meeting.id)
