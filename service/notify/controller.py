"""The outbox as coordinators see it (dead letters to act on), and each professional's feed URL."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.params import FromPath, FromQuery

from notifications.outbox import retry
from notifications.tables import OutboxMessage
from service.accounts.auth import actor_of, coordinator_only
from service.audit.recorder import record
from service.clock import now
from service.errors import Conflict, FieldError, Forbidden, Invalid, NotFound
from service.pages.feeds import feed_url

STATUSES = ("queued", "sent", "dead", "cancelled")


class OutboxRead(msgspec.Struct):
    id: int
    channel: str
    purpose: str
    recipient: str
    status: str
    attempts: int
    due_at: datetime
    sent_at: datetime | None
    last_error: str
    case_id: int | None
    meeting_id: int | None


class FeedLink(msgspec.Struct):
    url: str


def _read(row: dict[str, Any]) -> OutboxRead:
    return OutboxRead(**{f: row[f] for f in OutboxRead.__struct_fields__})


class OutboxController(Controller):
    path = "/api"
    tags = ["notifications"]

    @get("/outbox", guards=[coordinator_only], summary="Messages by status (dead letters need a hand)")
    async def list_outbox(
        self, request: Request[Any, Any, Any], status: FromQuery[str] = "dead"
    ) -> list[OutboxRead]:
        if status not in STATUSES:
            raise Invalid("Unknown status.", [FieldError("status", f"one of {', '.join(STATUSES)}")])
        rows = (
            await OutboxMessage.select()
            .where(OutboxMessage.status == status)
            .order_by(OutboxMessage.id, ascending=False)
            .limit(500)
        )
        await record(actor_of(request), "list", "outbox", status)
        return [_read(r) for r in rows]

    @post(
        "/outbox/{message_id:int}/retry",
        guards=[coordinator_only],
        status_code=200,
        summary="Queue a dead message again",
    )
    async def retry_message(self, request: Request[Any, Any, Any], message_id: FromPath[int]) -> OutboxRead:
        row = await OutboxMessage.select().where(OutboxMessage.id == message_id).first()
        if row is None:
            raise NotFound("outbox message", message_id)
        if not await retry(message_id, now()):
            raise Conflict(
                f"Only a dead message can be retried; this one is {row['status']}.",
                [FieldError("status", row["status"])],
            )
        await record(actor_of(request), "retry", "outbox", message_id, case_id=row["case_id"])
        updated = await OutboxMessage.select().where(OutboxMessage.id == message_id).first()
        return _read(updated or row)

    @get("/me/calendar-feed", summary="The private URL of my calendar feed (keep it secret)")
    async def my_feed(self, request: Request[Any, Any, Any]) -> FeedLink:
        actor = actor_of(request)
        if actor.professional_id is None:
            raise Forbidden("Only a professional of the directory has a calendar feed.")
        return FeedLink(feed_url(actor.professional_id))
