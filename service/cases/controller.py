"""HTTP routes of the cases area: thin, everything decided in service and policy."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, patch, post, put
from litestar.params import FromPath, FromQuery, JSONBody

from service.accounts.auth import actor_of, case_worker, coordinator_only
from service.audit.recorder import Access, record
from service.cases import service, views
from service.cases.schemas import (
    CaseCreate,
    CaseRead,
    CaseStatus,
    CaseSummary,
    CaseUpdate,
    MemberEnd,
    MemberIn,
    MemberRead,
    ReferentChoice,
    ReferentRead,
    TransitionCreate,
    TransitionRead,
)
from service.cases.tables import Case
from service.policy import visible_case_ids

AnyRequest = Request[Any, Any, Any]


async def _read(request: AnyRequest, case_id: int) -> CaseRead:
    actor = actor_of(request)
    case, access = await service.require_access(actor, case_id)
    await record(
        actor,
        "read",
        "case",
        case_id,
        case_id=case_id,
        access=access.relied_on(),
    )
    return await views.case_read(case, access)


async def _members(request: AnyRequest, case_id: int) -> list[MemberRead]:
    actor = actor_of(request)
    _, access = await service.require_access(actor, case_id)
    await record(
        actor,
        "read",
        "case_members",
        case_id,
        case_id=case_id,
        access=Access(tuple(sorted(access.categories))),
    )
    return await views.members_of(case_id, access.categories)


class CaseController(Controller):
    """Intake, reading, the liste, the référent and the life cycle."""

    path = "/api/cases"
    tags = ["cases"]
    guards = [case_worker]

    @get("/", summary="Cases the caller may see (pseudonymous summaries)")
    async def list_cases(
        self, request: AnyRequest, status: FromQuery[CaseStatus | None] = None
    ) -> list[CaseSummary]:
        actor = actor_of(request)
        visible = await visible_case_ids(actor)
        query = Case.select().order_by(Case.id)
        if status is not None:
            query = query.where(Case.status == status)
        if visible is not None:
            query = query.where(Case.id.is_in(sorted(visible) or [-1]))
        rows = await query
        await record(actor, "list", "case", detail=f"{len(rows)} cases")
        return [views.summary(r) for r in rows]

    @post("/", summary="Refer a complex situation to the instance (intake)")
    async def submit(self, request: AnyRequest, data: JSONBody[CaseCreate]) -> CaseRead:
        case_id = await service.submit_case(data, actor_of(request))
        return await _read(request, case_id)

    @get("/{case_id:int}", summary="One case, cut to what the caller may see")
    async def read(self, request: AnyRequest, case_id: FromPath[int]) -> CaseRead:
        return await _read(request, case_id)

    @patch("/{case_id:int}", summary="Change the question, barriers, urgency or participation wish")
    async def update(
        self, request: AnyRequest, case_id: FromPath[int], data: JSONBody[CaseUpdate]
    ) -> CaseRead:
        await service.update_case(case_id, data, actor_of(request))
        return await _read(request, case_id)

    @post(
        "/{case_id:int}/transitions",
        guards=[coordinator_only],
        summary="Move the case along its life cycle",
    )
    async def transition(
        self, request: AnyRequest, case_id: FromPath[int], data: JSONBody[TransitionCreate]
    ) -> CaseRead:
        await service.transition(case_id, data, actor_of(request))
        return await _read(request, case_id)

    @get("/{case_id:int}/transitions", summary="The life cycle so far, with reasons")
    async def transitions(self, request: AnyRequest, case_id: FromPath[int]) -> list[TransitionRead]:
        actor = actor_of(request)
        await service.require_access(actor, case_id)
        await record(actor, "read", "case_transitions", case_id, case_id=case_id)
        return await views.transitions_of(case_id)

    @get("/{case_id:int}/members", summary="The liste d'accompagnement, past members included")
    async def members(self, request: AnyRequest, case_id: FromPath[int]) -> list[MemberRead]:
        return await _members(request, case_id)

    @post("/{case_id:int}/members", summary="Add a professional to the liste")
    async def add_member(
        self, request: AnyRequest, case_id: FromPath[int], data: JSONBody[MemberIn]
    ) -> list[MemberRead]:
        await service.add_member(case_id, data, actor_of(request))
        return await _members(request, case_id)

    @patch("/{case_id:int}/members/{member_id:int}", summary="A member leaves the liste on a date")
    async def end_membership(
        self,
        request: AnyRequest,
        case_id: FromPath[int],
        member_id: FromPath[int],
        data: JSONBody[MemberEnd],
    ) -> list[MemberRead]:
        await service.end_membership(case_id, member_id, data, actor_of(request))
        return await _members(request, case_id)

    @put("/{case_id:int}/referent", summary="Record the référent de parcours chosen by the person")
    async def choose_referent(
        self, request: AnyRequest, case_id: FromPath[int], data: JSONBody[ReferentChoice]
    ) -> list[ReferentRead]:
        await service.choose_referent(case_id, data, actor_of(request))
        return await views.referents_of(case_id)

    @get("/{case_id:int}/referents", summary="Every référent the case has had")
    async def referents(self, request: AnyRequest, case_id: FromPath[int]) -> list[ReferentRead]:
        actor = actor_of(request)
        await service.require_access(actor, case_id)
        await record(actor, "read", "case_referents", case_id, case_id=case_id)
        return await views.referents_of(case_id)
