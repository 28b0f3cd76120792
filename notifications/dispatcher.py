"""The durable dispatcher: claims due outbox rows with a lease, sends them, records the outcome.

Several dispatchers may run at once (``FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite serialises
writers). A dispatcher killed mid-send leaves its rows leased; once the lease runs out another takes
them again and sends them with the same Message-ID, so nothing is lost and a duplicate is
recognisable. The database is the only source of truth: the scheduler merely calls ``tick``."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from notifications.calendar import PARIS
from notifications.mail import Letter, build
from notifications.tables import OutboxMessage
from notifications.transports import DeliveryError, SmsGateway, SmtpSession, SmtpSettings, Webhook

MAX_ATTEMPTS = 8
BACKOFF_SECONDS = (60, 300, 900, 3600, 3 * 3600, 6 * 3600, 12 * 3600)
QUIET_FROM, QUIET_UNTIL = time(20, 0), time(8, 0)
CLAIM_SQLITE = (
    "UPDATE outbox_message SET lease_owner = {}, lease_until = {}, attempts = attempts + 1 "
    "WHERE id IN (SELECT id FROM outbox_message WHERE status = 'queued' AND due_at <= {} "
    "AND (lease_until IS NULL OR lease_until < {}) AND channel IN ({}, {}, {}) "
    "ORDER BY due_at, id LIMIT {}) "
    "RETURNING id, key, channel, recipient, subject, text, html, calendar, method, attempts"
)
CLAIM_POSTGRES = CLAIM_SQLITE.replace("LIMIT {})", "LIMIT {} FOR UPDATE SKIP LOCKED)")


def backoff(attempts: int) -> timedelta:
    """The wait before the next try after ``attempts`` failed ones."""
    return timedelta(seconds=BACKOFF_SECONDS[min(attempts, len(BACKOFF_SECONDS)) - 1])


def is_quiet(moment: datetime) -> bool:
    """No SMS between 20:00 and 08:00, Paris time."""
    local = moment.astimezone(PARIS).time()
    return local >= QUIET_FROM or local < QUIET_UNTIL


def next_daytime(moment: datetime) -> datetime:
    """``moment`` itself, or 08:00 Paris time after it when it falls in the quiet hours."""
    if not is_quiet(moment):
        return moment
    local = moment.astimezone(PARIS)
    day = local.date() if local.time() < QUIET_UNTIL else local.date() + timedelta(days=1)
    return datetime.combine(day, QUIET_UNTIL, tzinfo=PARIS)


@dataclass
class Channels:
    """Where messages go; a channel left out keeps its rows queued."""

    sender: str
    smtp: SmtpSettings | None = None
    sms: SmsGateway | None = None
    webhook: Webhook | None = None


@dataclass
class Outcome:
    sent: list[int] = field(default_factory=list)
    failed: list[tuple[int, int, str, bool]] = field(default_factory=list)  # id, attempts, error, permanent


@dataclass
class Dispatcher:
    """Sends what is due, batch by batch."""

    channels: Channels
    now: Callable[[], datetime]
    lease_seconds: float = 60.0
    batch_size: int = 100
    owner: str = field(default_factory=lambda: uuid.uuid4().hex)

    async def tick(self, max_batches: int = 1000) -> int:
        """Send due messages until none is left (or ``max_batches``); returns how many went."""
        sent = 0
        for _ in range(max_batches):
            rows = await self.claim()
            if not rows:
                break
            outcome = await self.deliver(rows)
            await self.record(outcome)
            sent += len(outcome.sent)
        return sent

    def _channels_ready(self, moment: datetime) -> list[str]:
        ready = []
        if self.channels.smtp is not None:
            ready.append("email")
        if self.channels.sms is not None and not is_quiet(moment):
            ready.append("sms")
        if self.channels.webhook is not None:
            ready.append("webhook")
        return ready

    async def claim(self) -> list[dict[str, Any]]:
        """Lease a batch of due rows to this dispatcher, in one statement."""
        moment = self.now()
        channels = self._channels_ready(moment)
        if not channels:
            return []
        lease_until = moment + timedelta(seconds=self.lease_seconds)
        sql = CLAIM_POSTGRES if OutboxMessage._meta.db.engine_type == "postgres" else CLAIM_SQLITE
        wanted = [*channels, "", ""][:3]
        rows = await OutboxMessage.raw(sql, self.owner, lease_until, moment, moment, *wanted, self.batch_size)
        return sorted(rows, key=lambda r: r["id"])

    async def deliver(self, rows: list[dict[str, Any]]) -> Outcome:
        outcome = Outcome()
        emails = [r for r in rows if r["channel"] == "email"]
        if emails:
            await asyncio.to_thread(self._send_emails, emails, outcome)
        for row in rows:
            if row["channel"] == "sms":
                await self._try(row, outcome, self._send_sms)
            elif row["channel"] == "webhook":
                await self._try(row, outcome, self._send_webhook)
        return outcome

    def _send_emails(self, rows: list[dict[str, Any]], outcome: Outcome) -> None:
        assert self.channels.smtp is not None
        moment = self.now()
        with SmtpSession(self.channels.smtp) as session:
            for row in rows:
                try:
                    session.send(build(self._letter(row), moment))
                    outcome.sent.append(row["id"])
                except DeliveryError as error:
                    outcome.failed.append((row["id"], row["attempts"], str(error), error.permanent))

    def _letter(self, row: dict[str, Any]) -> Letter:
        calendar = row["calendar"] or ""
        return Letter(
            key=row["key"],
            sender=self.channels.sender,
            recipient=row["recipient"],
            subject=row["subject"],
            text=row["text"],
            html=row["html"] or "",
            calendar=calendar.encode(),
            method=row["method"] or "",
        )

    async def _try(self, row: dict[str, Any], outcome: Outcome, send: Callable[..., Any]) -> None:
        try:
            await send(row)
            outcome.sent.append(row["id"])
        except DeliveryError as error:
            outcome.failed.append((row["id"], row["attempts"], str(error), error.permanent))

    async def _send_sms(self, row: dict[str, Any]) -> None:
        assert self.channels.sms is not None
        await self.channels.sms.send(row["recipient"], row["text"], row["key"])

    async def _send_webhook(self, row: dict[str, Any]) -> None:
        assert self.channels.webhook is not None
        await self.channels.webhook.send({"event": row["subject"], "data": row["text"]}, row["key"])

    async def record(self, outcome: Outcome) -> None:
        """Mark what went as sent and schedule retries; only rows this dispatcher still holds."""
        moment = self.now()
        mine = OutboxMessage.lease_owner == self.owner
        if outcome.sent:
            await OutboxMessage.update(
                {OutboxMessage.status: "sent", OutboxMessage.sent_at: moment, OutboxMessage.lease_until: None}
            ).where(OutboxMessage.id.is_in(outcome.sent), mine, OutboxMessage.status == "queued")
        for row_id, attempts, error, permanent in outcome.failed:
            dead = permanent or attempts >= MAX_ATTEMPTS
            await OutboxMessage.update(
                {
                    OutboxMessage.status: "dead" if dead else "queued",
                    OutboxMessage.due_at: moment if dead else moment + backoff(attempts),
                    OutboxMessage.last_error: error[:2000],
                    OutboxMessage.lease_until: None,
                }
            ).where(OutboxMessage.id == row_id, mine, OutboxMessage.status == "queued")
