"""Recording consent, withdrawals, exceptions and participation, each in one transaction."""

from __future__ import annotations

from typing import Any

from service import hooks
from service.accounts.actor import Actor
from service.audit.recorder import record
from service.clock import now, today
from service.consent.coverage import Grant, consent_grant, exception_grant
from service.consent.schemas import ConsentIn, ExceptionIn, ParticipationIn, Withdrawal
from service.consent.tables import Consent, ParticipationAgreement, ParticipationRequest, SharingException
from service.db import transaction
from service.directory.tables import Institution
from service.errors import Conflict, FieldError, Invalid, NotFound
from service.meetings.tables import Meeting
from service.rows import json_value


async def grants_for_case(case_id: int) -> list[Grant]:
    """Consents and exceptions of the case that are in force today."""
    day = today()
    consents = await Consent.select().where(Consent.case == case_id).order_by(Consent.id)
    exceptions = (
        await SharingException.select().where(SharingException.case == case_id).order_by(SharingException.id)
    )
    grants = [consent_grant(row, day) for row in consents] + [exception_grant(row) for row in exceptions]
    return [g for g in grants if g is not None]


async def check_institutions(ids: list[int], field: str) -> None:
    """422 naming ``field`` when an institution id is unknown."""
    known = {
        row["id"] for row in await Institution.select(Institution.id).where(Institution.id.is_in(ids or [-1]))
    }
    unknown = sorted(set(ids) - known)
    if unknown:
        raise Invalid(
            "Unknown institutions.", [FieldError(field, f"unknown ids {unknown}: see /api/institutions")]
        )


async def insert_consent(case_id: int, data: ConsentIn, actor: Actor | None) -> int:
    """Write a consent row (inside the caller's transaction)."""
    row = Consent(
        case=case_id,
        categories=list(data.categories),
        institutions=sorted(set(data.institution_ids)),
        notice_version=data.notice_version,
        method=data.method,
        collected_by=actor.user_id if actor else None,
        collected_at=now(),
        representative=data.representative,
        valid_until=data.valid_until,
    )
    await row.save()
    return int(row.id)


async def record_consent(case_id: int, data: ConsentIn, actor: Actor) -> int:
    """Record a consent the person gave."""
    await check_institutions(data.institution_ids, "institution_ids")
    async with transaction():
        consent_id = await insert_consent(case_id, data, actor)
        await record(actor, "create", "consent", consent_id, case_id=case_id)
    return consent_id


async def consent_row(case_id: int, consent_id: int) -> dict[str, Any]:
    row = await Consent.select().where(Consent.id == consent_id, Consent.case == case_id).first()
    if row is None:
        raise NotFound("consent of this case", consent_id)
    return row


async def withdraw(
    case_id: int, consent_id: int, data: Withdrawal, actor: Actor | None, label: str = ""
) -> None:
    """Withdraw a consent, wholly or in part; takes effect at once, deletes nothing."""
    row = await consent_row(case_id, consent_id)
    if row["fully_withdrawn"]:
        raise Conflict("This consent is already withdrawn.")
    full = not data.categories and not data.institution_ids
    stray = sorted(set(data.categories) - set(json_value(row["categories"])))
    if stray:
        raise Invalid(
            "Only categories the consent covers can be withdrawn.",
            [FieldError("categories", f"not covered by this consent: {stray}")],
        )
    async with transaction():
        await Consent.update(
            {
                Consent.withdrawn_at: now(),
                Consent.fully_withdrawn: full,
                Consent.withdrawn_categories: sorted(
                    set(json_value(row["withdrawn_categories"])) | set(data.categories)
                ),
                Consent.withdrawn_institutions: sorted(
                    set(json_value(row["withdrawn_institutions"])) | set(data.institution_ids)
                ),
                Consent.withdrawal_method: data.method,
                Consent.withdrawn_by: actor.user_id if actor else None,
            }
        ).where(Consent.id == consent_id)
        await flag_meetings(case_id)
        await hooks.emit(hooks.consent_withdrawn, case_id)
        await record(
            actor,
            "withdraw",
            "consent",
            consent_id,
            case_id=case_id,
            detail="full" if full else "partial",
            actor_label=label,
        )


async def flag_meetings(case_id: int) -> None:
    """Meetings still to come are flagged for the coordinator: they may have relied on the consent."""
    await Meeting.update(
        {Meeting.flagged: f"consent withdrawn on {today().isoformat()}: check before holding"}
    ).where(Meeting.case == case_id, Meeting.status.is_in(["to_schedule", "proposed", "confirmed"]))


async def record_exception(case_id: int, data: ExceptionIn, actor: Actor) -> int:
    """The coordinator's justified exception (visible to the person and in the audit log)."""
    await check_institutions(data.institution_ids, "institution_ids")
    if data.seek_consent_again_on <= today():
        raise Invalid(
            "The date to seek consent again must be in the future.",
            [FieldError("seek_consent_again_on", f"after {today().isoformat()}")],
        )
    async with transaction():
        row = SharingException(
            case=case_id,
            legal_basis=data.legal_basis,
            reason=data.reason,
            categories=list(data.categories),
            institutions=sorted(set(data.institution_ids)),
            seek_consent_again_on=data.seek_consent_again_on,
            recorded_by=actor.user_id,
            recorded_at=now(),
        )
        await row.save()
        await record(actor, "create", "sharing_exception", row.id, case_id=case_id)
    return int(row.id)


async def request_participation(case_id: int, data: ParticipationIn, actor: Actor | None) -> int:
    """Record the wish that the person takes part, and how."""
    async with transaction():
        row = ParticipationRequest(
            case=case_id, created_at=now(), **{name: getattr(data, name) for name in data.__struct_fields__}
        )
        await row.save()
        await record(actor, "create", "participation", row.id, case_id=case_id, actor_label="person")
    return int(row.id)


async def participation_row(case_id: int, request_id: int) -> dict[str, Any]:
    row = (
        await ParticipationRequest.select()
        .where(ParticipationRequest.id == request_id, ParticipationRequest.case == case_id)
        .first()
    )
    if row is None:
        raise NotFound("participation request of this case", request_id)
    return row


async def agree(case_id: int, request_id: int, professional_id: int, agreed: bool, actor: Actor) -> None:
    """An intervenant's agreement; a later answer replaces an earlier one."""
    await participation_row(case_id, request_id)
    async with transaction():
        await ParticipationAgreement.delete().where(
            ParticipationAgreement.request == request_id,
            ParticipationAgreement.professional == professional_id,
        )
        await ParticipationAgreement.insert(
            ParticipationAgreement(request=request_id, professional=professional_id, agreed=agreed, at=now())
        )
        await record(actor, "update", "participation", request_id, case_id=case_id, detail=f"agreed={agreed}")


async def person_agrees(case_id: int, request_id: int, agreed: bool, actor: Actor | None) -> None:
    """The person's own agreement, recorded by a professional or through the person's page."""
    await participation_row(case_id, request_id)
    async with transaction():
        await ParticipationRequest.update({ParticipationRequest.person_agreed: agreed}).where(
            ParticipationRequest.id == request_id
        )
        await record(
            actor,
            "update",
            "participation",
            request_id,
            case_id=case_id,
            detail=f"person agreed={agreed}",
            actor_label="person",
        )
