"""Queuing and cancelling messages; callers run these inside the transaction of their change."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from notifications.dispatcher import next_daytime
from notifications.tables import OutboxMessage


@dataclass(frozen=True)
class Outgoing:
    """A message to queue. ``key`` makes queuing idempotent: the same key is queued once."""

    key: str
    channel: str
    recipient: str
    purpose: str
    due_at: datetime
    subject: str = ""
    text: str = ""
    html: str = ""
    calendar: bytes = b""
    method: str = ""
    case_id: int | None = None
    meeting_id: int | None = None


def _row(message: Outgoing) -> OutboxMessage:
    due = next_daytime(message.due_at) if message.channel == "sms" else message.due_at
    return OutboxMessage(
        key=message.key,
        channel=message.channel,
        recipient=message.recipient,
        purpose=message.purpose,
        subject=message.subject,
        text=message.text,
        html=message.html,
        calendar=message.calendar.decode(),
        method=message.method,
        case_id=message.case_id,
        meeting_id=message.meeting_id,
        due_at=due,
    )


async def queue(messages: Iterable[Outgoing]) -> int:
    """Insert the messages not queued before; returns how many are new."""
    rows = [_row(m) for m in messages]
    if not rows:
        return 0
    keys = [r.key for r in rows]
    before = await OutboxMessage.count().where(OutboxMessage.key.is_in(keys))
    await OutboxMessage.insert(*rows).on_conflict(target=OutboxMessage.key, action="DO NOTHING")
    return len(keys) - before


async def cancel_for_case(case_id: int) -> int:
    """Consent withdrawn or case closed: nothing still queued about it goes."""
    rows = await (
        OutboxMessage.update({OutboxMessage.status: "cancelled"})
        .where(OutboxMessage.case_id == case_id, OutboxMessage.status == "queued")
        .returning(OutboxMessage.id)
    )
    return len(rows)


async def cancel_for_meeting(meeting_id: int, purposes: Iterable[str] | None = None) -> int:
    """Cancel what is still queued about a meeting (all of it, or only these purposes)."""
    where = [OutboxMessage.meeting_id == meeting_id, OutboxMessage.status == "queued"]
    if purposes is not None:
        where.append(OutboxMessage.purpose.is_in(list(purposes)))
    rows = (
        await OutboxMessage.update({OutboxMessage.status: "cancelled"})
        .where(*where)
        .returning(OutboxMessage.id)
    )
    return len(rows)


async def retry(message_id: int, moment: datetime) -> bool:
    """Put a dead message back in the queue (a coordinator fixed the address, say)."""
    rows = await (
        OutboxMessage.update(
            {OutboxMessage.status: "queued", OutboxMessage.due_at: moment, OutboxMessage.attempts: 0}
        )
        .where(OutboxMessage.id == message_id, OutboxMessage.status == "dead")
        .returning(OutboxMessage.id)
    )
    return bool(rows)
