"""HTTP routes of court events, meetings, scheduling runs and alerts."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, patch, post
from litestar.params import FromPath, JSONBody

from service.accounts.auth import actor_of, case_worker, coordinator_only
from service.audit.recorder import record
from service.cases.service import require_access
from service.errors import FieldError, Invalid, NotFound
from service.meetings.tables import CourtEvent, Meeting
from service.policy import visible_case_ids
from service.rows import json_value
from service.scheduling import meetings, runs
from service.scheduling.schemas import (
    AlertRead,
    Confirmation,
    CourtEventIn,
    CourtEventMove,
    CourtEventRead,
    FindSlotRead,
    MeetingIn,
    MeetingRead,
    ResponseIn,
    RunIn,
    RunRead,
    StatusChange,
)
from service.scheduling.tables import Alert, ScheduleRun
from service.scheduling.timeline import deadline_before

AnyRequest = Request[Any, Any, Any]


async def _court_event(row: dict[str, Any]) -> CourtEventRead:
    subdivision = await meetings._subdivision_of(row["case"])
    return CourtEventRead(
        id=row["id"],
        case_id=row["case"],
        kind=row["kind"],
        at=row["at"],
        jurisdiction=row["jurisdiction"],
        lead_working_days=row["lead_working_days"],
        meetings_must_end_by=deadline_before(row["at"], row["lead_working_days"], subdivision),
    )


class CourtEventController(Controller):
    """Jalons judiciaires: the dates the social project must meet."""

    path = "/api/cases/{case_id:int}/court-events"
    tags = ["court timeline"]
    guards = [case_worker]

    @get("/", summary="Court events of a case, with the deadline each sets")
    async def list_events(self, request: AnyRequest, case_id: FromPath[int]) -> list[CourtEventRead]:
        actor = actor_of(request)
        await require_access(actor, case_id)
        await record(actor, "read", "court_events", case_id, case_id=case_id)
        rows = await CourtEvent.select().where(CourtEvent.case == case_id).order_by(CourtEvent.at)
        return [await _court_event(r) for r in rows]

    @post("/", summary="Record a court event; meetings it constrains are re-checked")
    async def add(
        self, request: AnyRequest, case_id: FromPath[int], data: JSONBody[CourtEventIn]
    ) -> CourtEventRead:
        actor = actor_of(request)
        await require_access(actor, case_id, write=True)
        event_id = await meetings.add_court_event(case_id, data, actor)
        row = await CourtEvent.select().where(CourtEvent.id == event_id).first()
        assert row is not None
        return await _court_event(row)

    @patch("/{event_id:int}", summary="Move a court date; meetings that no longer fit are rescheduled")
    async def move(
        self,
        request: AnyRequest,
        case_id: FromPath[int],
        event_id: FromPath[int],
        data: JSONBody[CourtEventMove],
    ) -> CourtEventRead:
        actor = actor_of(request)
        await require_access(actor, case_id, write=True)
        await meetings.move_court_event(case_id, event_id, data.at, actor)
        row = await CourtEvent.select().where(CourtEvent.id == event_id).first()
        assert row is not None
        return await _court_event(row)


class CaseMeetingController(Controller):
    """The meetings of a case."""

    path = "/api/cases/{case_id:int}/meetings"
    tags = ["meetings"]
    guards = [case_worker]

    @get("/", summary="Meetings of a case")
    async def list_meetings(self, request: AnyRequest, case_id: FromPath[int]) -> list[MeetingRead]:
        actor = actor_of(request)
        await require_access(actor, case_id)
        await record(actor, "read", "meetings", case_id, case_id=case_id)
        rows = await Meeting.select().where(Meeting.case == case_id).order_by(Meeting.id)
        return [await meetings.meeting_read(r) for r in rows]

    @post("/", summary="A meeting to schedule, participants drawn from the liste")
    async def create(
        self, request: AnyRequest, case_id: FromPath[int], data: JSONBody[MeetingIn]
    ) -> MeetingRead:
        actor = actor_of(request)
        await require_access(actor, case_id, write=True)
        meeting_id = await meetings.create_meeting(case_id, data, actor)
        return await meetings.meeting_read(await meetings.meeting_row(meeting_id))


async def _meeting_access(request: AnyRequest, meeting_id: int, write: bool = False) -> dict[str, Any]:
    row = await meetings.meeting_row(meeting_id)
    await require_access(actor_of(request), row["case"], write=write)
    return row


class MeetingController(Controller):
    """One meeting: read, find a slot, confirm, answer, change status."""

    path = "/api/meetings/{meeting_id:int}"
    tags = ["meetings"]
    guards = [case_worker]

    @get("/", summary="One meeting with its participants' answers")
    async def read(self, request: AnyRequest, meeting_id: FromPath[int]) -> MeetingRead:
        row = await _meeting_access(request, meeting_id)
        await record(actor_of(request), "read", "meeting", meeting_id, case_id=row["case"])
        return await meetings.meeting_read(row)

    @post("/find-slot", summary="Ranked proposals, with who can attend each")
    async def find_slot(self, request: AnyRequest, meeting_id: FromPath[int]) -> FindSlotRead:
        row = await _meeting_access(request, meeting_id, write=True)
        await record(actor_of(request), "find_slot", "meeting", meeting_id, case_id=row["case"])
        return await meetings.find_slot(meeting_id)

    @post("/confirm", summary="Confirm the proposed placement (or the one given)")
    async def confirm(
        self, request: AnyRequest, meeting_id: FromPath[int], data: JSONBody[Confirmation]
    ) -> MeetingRead:
        await _meeting_access(request, meeting_id, write=True)
        await meetings.confirm(meeting_id, data, actor_of(request))
        return await meetings.meeting_read(await meetings.meeting_row(meeting_id))

    @post("/status", summary="Cancel, mark held, or send back to be scheduled")
    async def change_status(
        self, request: AnyRequest, meeting_id: FromPath[int], data: JSONBody[StatusChange]
    ) -> MeetingRead:
        await _meeting_access(request, meeting_id, write=True)
        await meetings.change_status(meeting_id, data.to, data.reason, actor_of(request))
        return await meetings.meeting_read(await meetings.meeting_row(meeting_id))

    @post("/response", summary="The calling participant accepts, declines or is unsure")
    async def respond(
        self, request: AnyRequest, meeting_id: FromPath[int], data: JSONBody[ResponseIn]
    ) -> MeetingRead:
        await _meeting_access(request, meeting_id)
        await meetings.respond(meeting_id, data.response, actor_of(request))
        return await meetings.meeting_read(await meetings.meeting_row(meeting_id))


def _run_read(row: dict[str, Any]) -> RunRead:
    return RunRead(
        id=row["id"],
        status=row["status"],
        reason=row["reason"],
        meeting_ids=json_value(row["meeting_ids"]),
        created_at=row["created_at"],
        finished_at=row["finished_at"],
        error=row["error"],
        solution=json_value(row["solution"]),
    )


async def _run_row(run_id: int) -> dict[str, Any]:
    row = await ScheduleRun.select().where(ScheduleRun.id == run_id).first()
    if row is None:
        raise NotFound("scheduling run", run_id)
    return row


class RunController(Controller):
    """Batch scheduling of the instance's pending meetings (coordinator)."""

    path = "/api/scheduling/runs"
    tags = ["scheduling"]
    guards = [coordinator_only]

    @post(
        "/",
        status_code=202,
        summary="Schedule pending meetings (all, or those given); runs in the background",
    )
    async def start(self, request: AnyRequest, data: JSONBody[RunIn]) -> RunRead:
        ids = data.meeting_ids
        if ids is None:
            ids = [r["id"] for r in await Meeting.select(Meeting.id).where(Meeting.status == "to_schedule")]
        known = {r["id"] for r in await Meeting.select(Meeting.id).where(Meeting.id.is_in(ids or [-1]))}
        if set(ids) - known:
            raise Invalid(
                "Unknown meetings.", [FieldError("meeting_ids", f"unknown ids {sorted(set(ids) - known)}")]
            )
        run_id = await runs.create_run(ids, "request", actor_of(request), data.time_limit)
        await record(actor_of(request), "create", "schedule_run", run_id, detail=f"{len(ids)} meetings")
        runs.start_in_background(run_id)
        return _run_read(await _run_row(run_id))

    @get("/{run_id:int}", summary="Progress and result of a run")
    async def read(self, run_id: FromPath[int]) -> RunRead:
        return _run_read(await _run_row(run_id))

    @get("/{run_id:int}/problem", summary="The exact problem sent to the solver (replay with concerto solve)")
    async def problem(self, run_id: FromPath[int]) -> dict[str, Any]:
        return dict(json_value((await _run_row(run_id))["problem"]))


class AlertController(Controller):
    """Deadlines that cannot be met, with who or what blocks them."""

    path = "/api/alerts"
    tags = ["scheduling"]
    guards = [case_worker]

    @get("/", summary="Open alerts of the cases the caller may see")
    async def list_alerts(self, request: AnyRequest) -> list[AlertRead]:
        actor = actor_of(request)
        visible = await visible_case_ids(actor)
        query = Alert.select().where(Alert.resolved_at.is_null()).order_by(Alert.id)
        if visible is not None:
            query = query.where(Alert.case.is_in(sorted(visible) or [-1]))
        rows = await query
        await record(actor, "list", "alert", detail=f"{len(rows)} alerts")
        return [
            AlertRead(
                r["id"],
                r["meeting"],
                r["case"],
                r["reason"],
                r["detail"],
                json_value(r["blocking"]),
                r["created_at"],
            )
            for r in rows
        ]
