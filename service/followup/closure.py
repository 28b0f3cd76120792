"""Closing a case with its outcome: open meetings are cancelled (with their cancellations sent) and
nothing else still queued about the case goes out."""

from __future__ import annotations

from notifications.outbox import cancel_for_case
from service.accounts.actor import Actor
from service.cases.schemas import TransitionCreate
from service.cases.service import get_case, transition
from service.cases.tables import Case
from service.db import transaction
from service.errors import Conflict, FieldError
from service.followup.schemas import Closure
from service.meetings.tables import Meeting
from service.scheduling.meetings import OPEN, change_status


async def close(case_id: int, data: Closure, actor: Actor) -> None:
    case = await get_case(case_id)
    if case.status not in ("accepted", "active"):
        raise Conflict(
            f"Only an accepted or active case is closed; this one is {case.status}.",
            [FieldError("status", case.status)],
        )
    async with transaction():  # one change: the steps below join it
        await cancel_for_case(case_id)
        for m in await Meeting.select(Meeting.id).where(Meeting.case == case_id, Meeting.status.is_in(OPEN)):
            await change_status(m["id"], "cancelled", f"situation closed: {data.reason}", actor)
        await Case.update({Case.outcome: data.outcome}).where(Case.id == case_id)
        await transition(case_id, TransitionCreate(to="closed", reason=data.reason), actor)
