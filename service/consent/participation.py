"""Whether a rencontre may be confirmed: everyone agreed, and conflicts were settled beforehand."""

from __future__ import annotations

from typing import Any

from service.cases.tables import CaseMember
from service.clock import today
from service.consent.tables import ParticipationAgreement, ParticipationRequest
from service.meetings.tables import Meeting


async def active_member_ids(case_id: int) -> set[int]:
    """Professionals on the liste today."""
    day = today()
    rows = await CaseMember.select(CaseMember.professional).where(
        CaseMember.case == case_id,
        CaseMember.since <= day,
        (CaseMember.until.is_null()) | (CaseMember.until >= day),
    )
    return {row["professional"] for row in rows}


async def agreements(request_id: int) -> list[dict[str, Any]]:
    return list(await ParticipationAgreement.select().where(ParticipationAgreement.request == request_id))


async def missing_agreements(case_id: int, request_id: int) -> list[int]:
    """Active members who have not agreed yet (a refusal counts as missing agreement)."""
    agreed = {row["professional"] for row in await agreements(request_id) if row["agreed"]}
    return sorted(await active_member_ids(case_id) - agreed)


async def latest_request(case_id: int) -> dict[str, Any] | None:
    """The person's participation as last asked: mode, accommodations, available half-days."""
    return (
        await ParticipationRequest.select()
        .where(ParticipationRequest.case == case_id)
        .order_by(ParticipationRequest.id, ascending=False)
        .first()
    )


async def can_confirm_encounter(meeting_id: int) -> list[str]:
    """Why the rencontre cannot be confirmed yet (empty when it can)."""
    meeting = await Meeting.select(Meeting.case, Meeting.kind).where(Meeting.id == meeting_id).first()
    if meeting is None or meeting["kind"] != "encounter":
        return []
    request = await latest_request(meeting["case"])
    if request is None:
        return ["no request for the person to take part has been recorded"]
    reasons = []
    missing = await missing_agreements(meeting["case"], request["id"])
    if missing:
        reasons.append(f"intervenants {missing} have not agreed to the person's taking part")
    if request["person_agreed"] is not True:
        reasons.append("the person's own agreement is not recorded")
    if request["conflict_flagged"] and not await _preparation_exists(meeting["case"], meeting_id):
        reasons.append("a conflict was flagged: hold a preparation meeting among professionals first")
    return reasons


async def _preparation_exists(case_id: int, meeting_id: int) -> bool:
    return await Meeting.exists().where(
        Meeting.case == case_id,
        Meeting.kind == "preparation",
        Meeting.status != "cancelled",
        (Meeting.prepares == meeting_id) | (Meeting.prepares.is_null()),
    )
