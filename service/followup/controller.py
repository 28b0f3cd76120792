"""HTTP routes of the follow-up: minutes, the shared plan, closure, and the steering figures."""

from __future__ import annotations

import csv
import io
from typing import Any

from litestar import Controller, Request, Response, get, patch, post
from litestar.params import FromPath, JSONBody

from service.accounts.auth import actor_of, case_worker, coordinator_only, directory_editor
from service.audit.recorder import record
from service.cases.service import require_access
from service.followup import chart, closure, minutes, plan, stats
from service.followup.schemas import (
    ActionIn,
    ActionRead,
    ActionReview,
    Closure,
    EvaluationIn,
    EvaluationRead,
    ItemRead,
    MinutesIn,
    MinutesRead,
    NoteIn,
    NoteRead,
    ObservationIn,
    PlanRead,
)
from service.policy import CaseAccess

AnyRequest = Request[Any, Any, Any]


async def _meeting_case(request: AnyRequest, meeting_id: int, write: bool = False) -> CaseAccess:
    meeting = await minutes.held_meeting(meeting_id)
    _, access = await require_access(actor_of(request), meeting["case"], write=write)
    return access


class MinutesController(Controller):
    path = "/api/meetings/{meeting_id:int}/minutes"
    tags = ["follow-up"]
    guards = [case_worker]

    @get("/", summary="The minutes, as consent lets the reader see them")
    async def read(self, request: AnyRequest, meeting_id: FromPath[int]) -> MinutesRead:
        access = await _meeting_case(request, meeting_id)
        found = await minutes.read(meeting_id, access)
        await record(
            actor_of(request), "read", "minutes", meeting_id, case_id=found.case_id, access=access.relied_on()
        )
        return found

    @post("/", summary="Write the minutes of a held meeting: attendance, decisions, actions")
    async def write(
        self, request: AnyRequest, meeting_id: FromPath[int], data: JSONBody[MinutesIn]
    ) -> MinutesRead:
        access = await _meeting_case(request, meeting_id, write=True)
        await minutes.write(meeting_id, data, actor_of(request))
        return await minutes.read(meeting_id, access)

    @post("/observations", summary="Add the person's observations (on their behalf)")
    async def observe(
        self, request: AnyRequest, meeting_id: FromPath[int], data: JSONBody[ObservationIn]
    ) -> ItemRead:
        await _meeting_case(request, meeting_id, write=True)
        return await minutes.observe(meeting_id, data, actor_of(request))


class PlanController(Controller):
    path = "/api/cases/{case_id:int}/plan"
    tags = ["follow-up"]
    guards = [case_worker]

    @get("/", summary="The shared action plan; unfinished actions to review come first")
    async def read(self, request: AnyRequest, case_id: FromPath[int]) -> PlanRead:
        _, access = await require_access(actor_of(request), case_id)
        await record(actor_of(request), "read", "plan", case_id, case_id=case_id, access=access.relied_on())
        return await plan.plan(case_id, access)

    @post("/actions", summary="Add an action: owner, due date")
    async def add_action(
        self, request: AnyRequest, case_id: FromPath[int], data: JSONBody[ActionIn]
    ) -> ActionRead:
        await require_access(actor_of(request), case_id, write=True)
        return await plan.add_action(case_id, data, actor_of(request))

    @patch("/actions/{action_id:int}", summary="Review an action (done, or unfinished and why)")
    async def review(
        self,
        request: AnyRequest,
        case_id: FromPath[int],
        action_id: FromPath[int],
        data: JSONBody[ActionReview],
    ) -> ActionRead:
        await require_access(actor_of(request), case_id, write=True)
        return await plan.review_action(case_id, action_id, data, actor_of(request))

    @post("/notes", summary="Record a strength, a resource or a barrier")
    async def add_note(self, request: AnyRequest, case_id: FromPath[int], data: JSONBody[NoteIn]) -> NoteRead:
        await require_access(actor_of(request), case_id, write=True)
        return await plan.add_note(case_id, data, actor_of(request))

    @post("/evaluations", summary="Set an evaluation date (reminders before; a meeting proposed on the day)")
    async def add_evaluation(
        self, request: AnyRequest, case_id: FromPath[int], data: JSONBody[EvaluationIn]
    ) -> EvaluationRead:
        await require_access(actor_of(request), case_id, write=True)
        return await plan.add_evaluation(case_id, data, actor_of(request))


class ClosureController(Controller):
    path = "/api/cases/{case_id:int}/closure"
    tags = ["follow-up"]
    guards = [coordinator_only]

    @post("/", status_code=200, summary="Close the case with its outcome; open meetings are cancelled")
    async def close(
        self, request: AnyRequest, case_id: FromPath[int], data: JSONBody[Closure]
    ) -> dict[str, str]:
        await closure.close(case_id, data, actor_of(request))
        return {"status": "closed", "outcome": data.outcome}


class StatsController(Controller):
    path = "/api/stats"
    tags = ["steering committee"]
    guards = [directory_editor]

    @get("/", summary="Anonymous indicators; counts under 5 are masked")
    async def figures(self, request: AnyRequest) -> dict[str, Any]:
        await record(actor_of(request), "read", "stats")
        return await stats.indicators()

    @get("/export.csv", summary="The same indicators as CSV")
    async def export(self, request: AnyRequest) -> Response[str]:
        await record(actor_of(request), "export", "stats")
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["indicator", "value"])
        writer.writerows(stats.rows(await stats.indicators()))
        return Response(
            out.getvalue(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="concerto-indicateurs.csv"'},
        )

    @get("/delays.svg", summary="Chart: median intake-to-synthèse delay by quarter of intake")
    async def delays(self, request: AnyRequest) -> Response[str]:
        await record(actor_of(request), "read", "stats_chart")
        return Response(chart.delay_chart(stats.by_quarter(await stats.delays())), media_type="image/svg+xml")
