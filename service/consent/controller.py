"""HTTP routes of consent, justified exceptions, participation and the access log of a case."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath, JSONBody

from service.accounts.auth import actor_of, case_worker, coordinator_only
from service.audit.recorder import record
from service.audit.tables import AuditEntry
from service.cases.service import require_access
from service.clock import today
from service.consent import participation, service
from service.consent.coverage import consent_grant
from service.consent.schemas import (
    AccessLogEntry,
    AgreementIn,
    AgreementRead,
    ConsentIn,
    ConsentRead,
    ExceptionIn,
    ExceptionRead,
    ParticipationIn,
    ParticipationRead,
    Withdrawal,
)
from service.consent.tables import Consent, ParticipationRequest, SharingException
from service.errors import Forbidden
from service.rows import json_value

AnyRequest = Request[Any, Any, Any]


def consent_read(row: dict[str, Any]) -> ConsentRead:
    """A consent row as a response."""
    return ConsentRead(
        id=row["id"],
        case_id=row["case"],
        categories=json_value(row["categories"]),
        institution_ids=json_value(row["institutions"]),
        notice_version=row["notice_version"],
        method=row["method"],
        collected_at=row["collected_at"],
        representative=row["representative"],
        valid_until=row["valid_until"],
        withdrawn_at=row["withdrawn_at"],
        fully_withdrawn=row["fully_withdrawn"],
        withdrawn_categories=json_value(row["withdrawn_categories"]),
        withdrawn_institution_ids=json_value(row["withdrawn_institutions"]),
        in_force=consent_grant(row, today()) is not None,
    )


async def consents_of(case_id: int) -> list[ConsentRead]:
    rows = await Consent.select().where(Consent.case == case_id).order_by(Consent.id)
    return [consent_read(r) for r in rows]


def exception_read(row: dict[str, Any]) -> ExceptionRead:
    return ExceptionRead(
        id=row["id"],
        case_id=row["case"],
        legal_basis=row["legal_basis"],
        reason=row["reason"],
        categories=json_value(row["categories"]),
        institution_ids=json_value(row["institutions"]),
        seek_consent_again_on=row["seek_consent_again_on"],
        recorded_at=row["recorded_at"],
        ended_at=row["ended_at"],
    )


async def participation_read(case_id: int, row: dict[str, Any]) -> ParticipationRead:
    agreements = await participation.agreements(row["id"])
    return ParticipationRead(
        id=row["id"],
        case_id=case_id,
        requested_by=row["requested_by"],
        mode=row["mode"],
        interpreter_language=row["interpreter_language"],
        accessible_room=row["accessible_room"],
        video=row["video"],
        companion=row["companion"],
        constraints=row["constraints"],
        preferred_half_days=json_value(row["preferred_half_days"]),
        conflict_flagged=row["conflict_flagged"],
        person_agreed=row["person_agreed"],
        agreements=[AgreementRead(a["professional"], a["agreed"], a["at"]) for a in agreements],
        missing_agreements=await participation.missing_agreements(case_id, row["id"]),
    )


async def access_log(case_id: int) -> list[AccessLogEntry]:
    """Who read the case: roles, institutions and dates, the person's own actions aside."""
    rows = (
        await AuditEntry.select()
        .where(
            AuditEntry.case_id == case_id,
            AuditEntry.role != "person",
            AuditEntry.outcome == "allowed",
            AuditEntry.action.is_in(["read", "create", "update", "transition"]),
        )
        .order_by(AuditEntry.id, ascending=False)
    )
    return [
        AccessLogEntry(
            r["at"],
            r["role"],
            r["institution"] or "coordination de l'instance",
            r["action"],
            json_value(r["categories"]),
        )
        for r in rows
    ]


async def _read(request: AnyRequest, case_id: int, what: str) -> None:
    actor = actor_of(request)
    await require_access(actor, case_id)
    await record(actor, "read", what, case_id, case_id=case_id)


async def _write(request: AnyRequest, case_id: int) -> None:
    await require_access(actor_of(request), case_id, write=True)


class ConsentController(Controller):
    """What the person agreed to share, with whom, and what they withdrew."""

    path = "/api/cases/{case_id:int}"
    tags = ["consent"]
    guards = [case_worker]

    @get("/consents", summary="The consents of a case, withdrawn ones included")
    async def list_consents(self, request: AnyRequest, case_id: FromPath[int]) -> list[ConsentRead]:
        await _read(request, case_id, "consents")
        return await consents_of(case_id)

    @post("/consents", summary="Record a consent the person gave")
    async def give(
        self, request: AnyRequest, case_id: FromPath[int], data: JSONBody[ConsentIn]
    ) -> ConsentRead:
        await _write(request, case_id)
        consent_id = await service.record_consent(case_id, data, actor_of(request))
        return consent_read(await service.consent_row(case_id, consent_id))

    @post("/consents/{consent_id:int}/withdraw", summary="Withdraw a consent, wholly or in part (at once)")
    async def withdraw(
        self,
        request: AnyRequest,
        case_id: FromPath[int],
        consent_id: FromPath[int],
        data: JSONBody[Withdrawal],
    ) -> ConsentRead:
        await _write(request, case_id)
        await service.withdraw(case_id, consent_id, data, actor_of(request))
        return consent_read(await service.consent_row(case_id, consent_id))

    @get("/exceptions", summary="Justified exceptions (visible to the person too)")
    async def list_exceptions(self, request: AnyRequest, case_id: FromPath[int]) -> list[ExceptionRead]:
        await _read(request, case_id, "sharing_exceptions")
        rows = (
            await SharingException.select()
            .where(SharingException.case == case_id)
            .order_by(SharingException.id)
        )
        return [exception_read(r) for r in rows]

    @post("/exceptions", guards=[coordinator_only], summary="Record a justified exception (coordinator)")
    async def add_exception(
        self, request: AnyRequest, case_id: FromPath[int], data: JSONBody[ExceptionIn]
    ) -> ExceptionRead:
        await _write(request, case_id)
        exception_id = await service.record_exception(case_id, data, actor_of(request))
        row = await SharingException.select().where(SharingException.id == exception_id).first()
        assert row is not None
        return exception_read(row)

    @get("/access-log", summary="Who saw the situation: roles, institutions, dates")
    async def access_log(self, request: AnyRequest, case_id: FromPath[int]) -> list[AccessLogEntry]:
        await _read(request, case_id, "access_log")
        return await access_log(case_id)


class ParticipationController(Controller):
    """The person's taking part in a rencontre, and everyone's agreement."""

    path = "/api/cases/{case_id:int}/participation"
    tags = ["participation"]
    guards = [case_worker]

    @get("/", summary="Participation requests with agreements")
    async def list_requests(self, request: AnyRequest, case_id: FromPath[int]) -> list[ParticipationRead]:
        await _read(request, case_id, "participation")
        rows = (
            await ParticipationRequest.select()
            .where(ParticipationRequest.case == case_id)
            .order_by(ParticipationRequest.id)
        )
        return [await participation_read(case_id, r) for r in rows]

    @post("/", summary="Record that the person or the référent asks for the person to take part")
    async def ask(
        self, request: AnyRequest, case_id: FromPath[int], data: JSONBody[ParticipationIn]
    ) -> ParticipationRead:
        await _write(request, case_id)
        request_id = await service.request_participation(case_id, data, actor_of(request))
        return await participation_read(case_id, await service.participation_row(case_id, request_id))

    @post("/{request_id:int}/agreement", summary="The calling intervenant agrees or not")
    async def agree(
        self,
        request: AnyRequest,
        case_id: FromPath[int],
        request_id: FromPath[int],
        data: JSONBody[AgreementIn],
    ) -> ParticipationRead:
        actor = actor_of(request)
        _, access = await require_access(actor, case_id, write=True)
        if access.standing != "member" or actor.professional_id is None:
            raise Forbidden("Only the intervenants of the liste give their agreement.")
        await service.agree(case_id, request_id, actor.professional_id, data.agreed, actor)
        return await participation_read(case_id, await service.participation_row(case_id, request_id))

    @post("/{request_id:int}/person-agreement", summary="Record the person's own agreement")
    async def person_agrees(
        self,
        request: AnyRequest,
        case_id: FromPath[int],
        request_id: FromPath[int],
        data: JSONBody[AgreementIn],
    ) -> ParticipationRead:
        await _write(request, case_id)
        await service.person_agrees(case_id, request_id, data.agreed, actor_of(request))
        return await participation_read(case_id, await service.participation_row(case_id, request_id))
