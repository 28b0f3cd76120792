"""The hourly follow-up job: reminders that came due (evaluation dates among them) and follow-up
meetings proposed for evaluation dates that have come."""

from __future__ import annotations

from service import hooks
from service.clock import today
from service.followup.evaluations import evaluation_reminders, propose_follow_ups
from service.notify.reminders import SOURCES, queue_due_reminders

hooks.register(SOURCES, evaluation_reminders)  # type: ignore[arg-type]


async def daily() -> int:
    """Returns how many reminders were queued and meetings proposed."""
    queued = await queue_due_reminders()
    proposed = await propose_follow_ups(today())
    return queued + len(proposed)
