"""Retention: a case that has ended is deleted, with everything about it, once its retention has run
since its last activity (2 years by default); the audit log, sent messages and imported busy times
have their own periods. A dry run lists what would go and changes nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from piccolo.columns import Column
from piccolo.table import Table

from notifications.tables import OutboxMessage
from service.audit.tables import AuditEntry
from service.availability.tables import BusyTime
from service.cases.lifecycle import OPEN_STATUSES, TRANSITIONS
from service.cases.tables import Case, CaseMember, CaseTransition, PersonIdentity, ReferentAssignment
from service.consent.tables import Consent, ParticipationAgreement, ParticipationRequest, SharingException
from service.db import transaction
from service.followup.tables import Attendance, EvaluationDate, Minutes, MinutesItem, PlanAction, PlanNote
from service.meetings.tables import CourtEvent, Meeting, MeetingParticipant
from service.scheduling.tables import Alert
from service.settings import get_settings

# Cases no longer followed: every status but the open ones (closed, archived, declined, redirected).
ENDED = sorted(set(TRANSITIONS) - OPEN_STATUSES)

# The rows of a case found by their case column, children before parents (rows found through a
# meeting, minutes or participation request go first). A test checks no table is forgotten.
CASE_COLUMNS: tuple[Column, ...] = (
    PlanAction.case,
    PlanNote.case,
    EvaluationDate.case,
    Minutes.case,
    Meeting.case,
    CourtEvent.case,
    SharingException.case,
    Consent.case,
    CaseTransition.case,
    ReferentAssignment.case,
    CaseMember.case,
    PersonIdentity.case,
)
CASE_TABLES: tuple[type[Table], ...] = (
    MinutesItem,
    Attendance,
    MeetingParticipant,
    Alert,
    ParticipationAgreement,
    ParticipationRequest,
    *(c._meta.table for c in CASE_COLUMNS),
    Case,
    OutboxMessage,
)


@dataclass
class PurgePlan:
    """What a purge removes (or would remove)."""

    cases: list[dict[str, Any]] = field(default_factory=list)  # id, reference, status, last activity
    audit_entries: int = 0
    messages: int = 0
    busy_times: int = 0


def _limits(moment: datetime) -> dict[str, datetime]:
    s = get_settings()
    return {
        "case": moment - timedelta(days=s.retention_case_days),
        "audit": moment - timedelta(days=s.retention_audit_days),
        "message": moment - timedelta(days=s.retention_message_days),
        "busy": moment - timedelta(days=s.retention_busy_days),
    }


async def _last_activity(case: dict[str, Any]) -> datetime:
    latest = (
        await Meeting.select(Meeting.end)
        .where(Meeting.case == case["id"], Meeting.end.is_not_null())
        .order_by(Meeting.end, ascending=False)
        .first()
    )
    moments = [case["last_activity_at"]] + ([latest["end"]] if latest else [])
    return max(moments)


async def plan_purge(moment: datetime) -> PurgePlan:
    limits = _limits(moment)
    plan = PurgePlan()
    for case in await Case.select(Case.id, Case.reference, Case.status, Case.last_activity_at).where(
        Case.status.is_in(ENDED)
    ):
        last = await _last_activity(case)
        if last < limits["case"]:
            plan.cases.append(
                {
                    "id": case["id"],
                    "reference": case["reference"],
                    "status": case["status"],
                    "last_activity": last,
                }
            )
    plan.audit_entries = await AuditEntry.count().where(AuditEntry.at < limits["audit"])
    plan.messages = await OutboxMessage.count().where(
        OutboxMessage.status.is_in(["sent", "cancelled", "dead"]),
        OutboxMessage.created_at < limits["message"],
    )
    plan.busy_times = await BusyTime.count().where(BusyTime.end < limits["busy"])
    return plan


async def _delete_case(case_id: int) -> None:
    meetings = [r["id"] for r in await Meeting.select(Meeting.id).where(Meeting.case == case_id)] or [-1]
    minutes = [r["id"] for r in await Minutes.select(Minutes.id).where(Minutes.case == case_id)] or [-1]
    requests = [
        r["id"]
        for r in await ParticipationRequest.select(ParticipationRequest.id).where(
            ParticipationRequest.case == case_id
        )
    ] or [-1]
    await MinutesItem.delete().where(MinutesItem.minutes.is_in(minutes))
    await Attendance.delete().where(Attendance.minutes.is_in(minutes))
    await MeetingParticipant.delete().where(MeetingParticipant.meeting.is_in(meetings))
    await Alert.delete().where(Alert.meeting.is_in(meetings))
    await ParticipationAgreement.delete().where(ParticipationAgreement.request.is_in(requests))
    await ParticipationRequest.delete().where(ParticipationRequest.case == case_id)
    await Meeting.update({Meeting.prepares: None}).where(Meeting.case == case_id)
    await EvaluationDate.update({EvaluationDate.follow_up: None}).where(EvaluationDate.case == case_id)
    for column in CASE_COLUMNS:
        await column._meta.table.delete().where(column == case_id)
    await Case.update({Case.previous_case: None}).where(Case.previous_case == case_id)
    await OutboxMessage.delete().where(OutboxMessage.case_id == case_id)
    await Case.delete().where(Case.id == case_id)


async def purge(moment: datetime, dry_run: bool) -> PurgePlan:
    """Delete what is past its retention (or only say what, with ``dry_run``)."""
    plan = await plan_purge(moment)
    if dry_run:
        return plan
    limits = _limits(moment)
    for case in plan.cases:
        async with transaction():
            await _delete_case(case["id"])
    async with transaction():
        await AuditEntry.delete().where(AuditEntry.at < limits["audit"])
        await OutboxMessage.delete().where(
            OutboxMessage.status.is_in(["sent", "cancelled", "dead"]),
            OutboxMessage.created_at < limits["message"],
        )
        await BusyTime.delete().where(BusyTime.end < limits["busy"])
    return plan
