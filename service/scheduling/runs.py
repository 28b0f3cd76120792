"""Scheduling runs: the problem is built from the tables, solved outside the event loop, and its
placements written back as proposals; meetings that cannot be placed before a deadline raise alerts."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from typing import Any

import solver
from service.accounts.actor import Actor
from service.audit.recorder import record
from service.clock import now, today
from service.db import transaction
from service.directory.tables import Professional
from service.meetings.tables import Meeting, MeetingParticipant
from service.notify import invitations
from service.rows import json_value
from service.scheduling.problem import build_problem
from service.scheduling.tables import Alert, ScheduleRun
from service.scheduling.timeline import aware

logger = logging.getLogger(__name__)
_background: set[asyncio.Task[None]] = set()


def solve_problem(problem: dict[str, Any], mode: str, time_limit: float) -> dict[str, Any]:
    """Solve a problem file's content; runs in a worker thread."""
    loaded = solver.load_problem(problem)
    return solver.dump_solution(solver.solve(loaded, mode=mode, time_limit=time_limit))


async def create_run(meeting_ids: list[int], reason: str, actor: Actor | None, time_limit: float) -> int:
    """Record a queued run."""
    run = ScheduleRun(
        status="queued",
        reason=reason,
        requested_by=actor.user_id if actor else None,
        meeting_ids=sorted(meeting_ids),
        time_limit=time_limit,
        created_at=now(),
    )
    await run.save()
    return int(run.id)


def start_in_background(run_id: int) -> None:
    """Execute a run without holding the request; the task is kept until it ends."""
    task = asyncio.create_task(_quietly(run_id))
    _background.add(task)
    task.add_done_callback(_background.discard)


async def _quietly(run_id: int) -> None:
    """A background run's failure is on the run itself (status failed, error), not raised again."""
    try:
        await execute(run_id)
    except Exception:
        logger.exception("scheduling run %s failed", run_id)


async def execute(run_id: int) -> None:
    """Build, solve (in a thread), apply; a failure is recorded on the run, never lost."""
    run = await ScheduleRun.select().where(ScheduleRun.id == run_id).first()
    assert run is not None
    try:
        problem = await build_problem(json_value(run["meeting_ids"]), today())
        await ScheduleRun.update({ScheduleRun.status: "running", ScheduleRun.problem: problem}).where(
            ScheduleRun.id == run_id
        )
        solution = await asyncio.to_thread(solve_problem, problem, "batch", run["time_limit"])
        async with transaction():
            await apply(solution)
            await ScheduleRun.update(
                {ScheduleRun.status: "done", ScheduleRun.solution: solution, ScheduleRun.finished_at: now()}
            ).where(ScheduleRun.id == run_id)
    except Exception as error:  # recorded for the coordinator; the run is visible as failed
        await ScheduleRun.update(
            {ScheduleRun.status: "failed", ScheduleRun.error: repr(error), ScheduleRun.finished_at: now()}
        ).where(ScheduleRun.id == run_id)
        raise


def _local_id(value: str | None, prefix: str) -> int | None:
    return int(value.removeprefix(prefix)) if value and value.startswith(prefix) else None


async def apply(solution: dict[str, Any]) -> None:
    """Write placements as proposals (a confirmed meeting that moves stays confirmed, one version
    later); meetings left out go back to be scheduled, with an alert when a deadline is at stake."""
    for a in solution["assignments"]:
        await _place(a)
    for u in solution["unscheduled"]:
        await _leave_out(u)


async def _place(a: dict[str, Any]) -> None:
    mid = _local_id(a["meeting"], "m-")
    row = await Meeting.select().where(Meeting.id == mid).first()
    if row is None or row["status"] in ("held", "cancelled"):
        return
    start, end = aware(datetime.fromisoformat(a["start"])), aware(datetime.fromisoformat(a["end"]))
    room = _local_id(a["room"], "room-")
    changed = row["start"] != start or row["room"] != room
    await Meeting.update(
        {
            Meeting.start: start,
            Meeting.end: end,
            Meeting.room: room,
            Meeting.status: "confirmed" if row["status"] == "confirmed" else "proposed",
            Meeting.sequence: row["sequence"] + (1 if changed else 0),
            Meeting.updated_at: now(),
        }
    ).where(Meeting.id == mid)
    if changed:
        await MeetingParticipant.update({MeetingParticipant.response: "needs_action"}).where(
            MeetingParticipant.meeting == mid
        )
        if row["status"] == "confirmed":
            await invitations.queue_invitations(row["id"])
    await Alert.update({Alert.resolved_at: now()}).where(Alert.meeting == mid, Alert.resolved_at.is_null())


async def _leave_out(u: dict[str, Any]) -> None:
    mid = _local_id(u["meeting"], "m-")
    row = await Meeting.select().where(Meeting.id == mid).first()
    if row is None or row["status"] in ("held", "cancelled"):
        return
    if row["start"] is not None:
        await Meeting.update(
            {
                Meeting.start: None,
                Meeting.end: None,
                Meeting.room: None,
                Meeting.status: "to_schedule",
                Meeting.sequence: row["sequence"] + 1,
            }
        ).where(Meeting.id == mid)
        if row["status"] == "confirmed":
            await invitations.queue_cancellations(row["id"], row["start"])
    if row["deadline"] is not None:
        await Alert.update({Alert.resolved_at: now()}).where(
            Alert.meeting == mid, Alert.resolved_at.is_null()
        )
        await Alert.insert(
            Alert(
                meeting=mid,
                case=row["case"],
                reason=u["reason"],
                detail=await _named(u["detail"], u["blocking"]),
                blocking=await _blocking(u["blocking"]),
                created_at=now(),
            )
        )


async def _blocking(ids: list[str]) -> list[dict[str, Any]]:
    """Who blocks, by name and institution (the coordinator and the référent read alerts)."""
    found: list[dict[str, Any]] = []
    for ident in ids:
        pid = _local_id(ident, "pro-")
        row = None
        if pid is not None:
            row = await (
                Professional.select(
                    Professional.first_name, Professional.last_name, Professional.institution._.name
                )
                .where(Professional.id == pid)
                .first()
            )
        if row is None:
            name = "la personne accompagnée" if ident.startswith("person-") else ident
            found.append({"participant": ident, "name": name})
            continue
        found.append(
            {
                "participant": ident,
                "professional_id": pid,
                "name": f"{row['first_name']} {row['last_name']}",
                "institution": row["institution.name"],
            }
        )
    return found


async def _named(detail: str, ids: list[str]) -> str:
    for entry in await _blocking(ids):
        detail = detail.replace(entry["participant"], entry["name"])
    return detail


async def run_now(meeting_ids: list[int], reason: str, actor: Actor | None, time_limit: float = 10.0) -> int:
    """Create and execute a run at once (rescheduling triggers), audited."""
    run_id = await create_run(meeting_ids, reason, actor, time_limit)
    await execute(run_id)
    await record(
        actor,
        "reschedule",
        "schedule_run",
        run_id,
        detail=f"{reason}: {len(meeting_ids)} meetings",
        actor_label="service",
    )
    return run_id
