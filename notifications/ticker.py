"""APScheduler only ticks: every few seconds the dispatcher sends what is due, every hour the
reminders that have come due are queued. What is due lives in the database, not in the scheduler."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from apscheduler.schedulers.asyncio import AsyncIOScheduler

log = logging.getLogger(__name__)
Job = Callable[[], Awaitable[object]]


def _guarded(name: str, job: Job) -> Job:
    async def run() -> None:
        try:
            await job()
        except Exception:  # a failed tick is logged; the next one tries again
            log.exception("%s tick failed", name)

    return run


def start_ticker(
    dispatch: Job, remind: Job, dispatch_seconds: float, remind_seconds: float = 3600
) -> AsyncIOScheduler:
    """Start the two jobs on the running event loop; ``shutdown()`` stops them."""
    scheduler = AsyncIOScheduler(timezone="Europe/Paris")
    options = {"max_instances": 1, "coalesce": True, "misfire_grace_time": None}
    scheduler.add_job(_guarded("dispatch", dispatch), "interval", seconds=dispatch_seconds, **options)
    scheduler.add_job(_guarded("reminders", remind), "interval", seconds=remind_seconds, **options)
    scheduler.start()
    return scheduler
