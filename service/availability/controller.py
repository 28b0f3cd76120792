"""How professionals' calendar feeds are doing, and a refresh on demand (coordinators)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx
import msgspec
from litestar import Controller, Request, get, post

from service.accounts.auth import actor_of, coordinator_only
from service.audit.recorder import record
from service.availability.feeds import refresh_all
from service.availability.tables import FeedStatus


class FeedStatusRead(msgspec.Struct):
    professional_id: int
    url: str
    last_attempt: datetime | None
    last_success: datetime | None
    last_error: str
    events: int


def _read(row: dict[str, Any]) -> FeedStatusRead:
    return FeedStatusRead(
        professional_id=row["professional"],
        url=row["url"],
        last_attempt=row["last_attempt"],
        last_success=row["last_success"],
        last_error=row["last_error"],
        events=row["events"],
    )


class FeedController(Controller):
    path = "/api/calendar-feeds"
    tags = ["availability"]
    guards = [coordinator_only]

    @get("/", summary="Each feed's last refresh; failing ones first")
    async def list_feeds(self, request: Request[Any, Any, Any]) -> list[FeedStatusRead]:
        rows = await FeedStatus.select().order_by(FeedStatus.professional)
        await record(actor_of(request), "list", "calendar_feed")
        return sorted((_read(r) for r in rows), key=lambda f: (f.last_error == "", f.professional_id))

    @post("/refresh", status_code=200, summary="Read every feed now")
    async def refresh(self, request: Request[Any, Any, Any]) -> list[FeedStatusRead]:
        async with httpx.AsyncClient() as client:
            await refresh_all(client)
        await record(actor_of(request), "refresh", "calendar_feed")
        rows = await FeedStatus.select().order_by(FeedStatus.professional)
        return sorted((_read(r) for r in rows), key=lambda f: (f.last_error == "", f.professional_id))
