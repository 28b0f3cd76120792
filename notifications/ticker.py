"""APScheduler only ticks: every few seconds the dispatcher sends what is due; other periodic jobs
(queuing reminders that came due, refreshing calendar feeds) run at their own pace. What is due lives
in the database, not in the scheduler."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence

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


def start_ticker(jobs: Sequence[tuple[str, Job, float]]) -> AsyncIOScheduler:
    """Start each (name, job, every seconds) on the running event loop; ``shutdown()`` stops them.
    A job never overlaps itself, and missed ticks collapse into one."""
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # a line every tick says nothing
    scheduler = AsyncIOScheduler(timezone="Europe/Paris")
    for name, job, seconds in jobs:
        scheduler.add_job(
            _guarded(name, job),
            "interval",
            seconds=seconds,
            id=name,
            name=name,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=None,
        )
    scheduler.start()
    return scheduler
