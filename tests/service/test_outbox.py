"""The durable dispatcher against a real SMTP server: sent once, retried with backoff, dead letters,
quiet hours for SMS, signed webhooks, idempotent queuing, concurrent dispatchers."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta

import httpx

from notifications.dispatcher import MAX_ATTEMPTS, Channels, Dispatcher
from notifications.outbox import Outgoing, cancel_for_case, queue, retry
from notifications.tables import OutboxMessage
from notifications.transports import HttpSmsGateway, SmtpSettings, Webhook, webhook_signature
from service import clock
from tests.support.smtp import Inbox, free_port
from tests.support.world import World

NOON = datetime(2026, 12, 2, 11, 0, tzinfo=UTC)  # 12:00 in Paris
NIGHT = datetime(2026, 12, 2, 22, 0, tzinfo=UTC)  # 23:00 in Paris


def mail(n: int, case_id: int | None = None, recipient: str = "") -> Outgoing:
    return Outgoing(
        key=f"test:{n}",
        channel="email",
        recipient=recipient or f"pro{n}@example.org",
        purpose="invitation",
        due_at=NOON,
        subject=f"Synthèse — situation CC-2026-{n:04d}",
        text="Bonjour",
        case_id=case_id,
    )


def dispatcher(port: int, **channels: object) -> Dispatcher:
    chosen = Channels(
        sender="instance@concerto.example.org", smtp=SmtpSettings("127.0.0.1", port), **channels
    )  # type: ignore[arg-type]
    return Dispatcher(channels=chosen, now=clock.now, lease_seconds=30)


async def statuses() -> dict[str, int]:
    rows = await OutboxMessage.select(OutboxMessage.status)
    found: dict[str, int] = {}
    for r in rows:
        found[r["status"]] = found.get(r["status"], 0) + 1
    return found


async def test_queuing_the_same_key_twice_queues_once(world: World) -> None:
    assert await queue([mail(1), mail(2)]) == 2
    assert await queue([mail(1), mail(3)]) == 1
    assert await OutboxMessage.count() == 3


async def test_due_messages_are_sent_once_with_a_stable_message_id(
    world: World, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    clock.freeze(NOON)
    await queue([mail(n) for n in range(5)])
    later = Outgoing(**{**mail(9).__dict__, "due_at": NOON + timedelta(hours=1)})
    await queue([later])
    assert await dispatcher(port).tick() == 5
    assert await dispatcher(port).tick() == 0
    received = inbox.wait_for(5)
    assert len(received) == 5
    assert len({m["Message-ID"] for m in received}) == 5
    assert await statuses() == {"sent": 5, "queued": 1}
    clock.freeze(NOON + timedelta(hours=1))
    assert await dispatcher(port).tick() == 1


async def test_a_refused_address_goes_to_the_dead_letters_at_once(
    world: World, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    inbox.refuse.add("gone@example.org")
    clock.freeze(NOON)
    await queue([mail(1), mail(2, recipient="gone@example.org")])
    assert await dispatcher(port).tick() == 1
    dead = await OutboxMessage.select().where(OutboxMessage.status == "dead").first()
    assert dead is not None and "refused" in dead["last_error"]
    listed = await world.as_("coord").get("/api/outbox?status=dead")
    assert [m["recipient"] for m in listed.json()] == ["gone@example.org"]
    assert (await world.as_("ana").get("/api/outbox?status=dead")).status_code == 403
    inbox.refuse.clear()
    again = await world.as_("coord").post(f"/api/outbox/{dead['id']}/retry")
    assert again.status_code == 200 and again.json()["status"] == "queued"
    assert (await world.as_("coord").post(f"/api/outbox/{dead['id']}/retry")).status_code == 409
    assert await dispatcher(port).tick() == 1


async def test_an_unreachable_server_is_retried_with_backoff_then_dead(world: World) -> None:
    closed_port = free_port()
    clock.freeze(NOON)
    await queue([mail(1)])
    waits = []
    for attempt in range(1, MAX_ATTEMPTS + 1):
        assert await dispatcher(closed_port).tick() == 0
        row = await OutboxMessage.select().first()
        assert row is not None and row["attempts"] == attempt
        if attempt < MAX_ATTEMPTS:
            assert row["status"] == "queued" and "SMTP" in row["last_error"]
            waits.append(row["due_at"] - clock.now())
            clock.freeze(row["due_at"])
    assert waits == sorted(waits) and waits[0] == timedelta(minutes=1)
    assert (await OutboxMessage.select().first() or {})["status"] == "dead"


async def test_sms_wait_for_the_morning(world: World, smtp: tuple[Inbox, int]) -> None:
    _, port = smtp
    sent: list[dict[str, object]] = []

    def gateway(request: httpx.Request) -> httpx.Response:
        assert request.headers["Authorization"] == "Bearer sms-key"
        sent.append(json.loads(request.content))
        return httpx.Response(202)

    clock.freeze(NIGHT)
    sms = Outgoing(
        key="sms:1",
        channel="sms",
        recipient="+33600000000",
        purpose="person_invitation",
        due_at=NIGHT,
        text="Rencontre le mardi",
    )
    await queue([sms])
    row = await OutboxMessage.select().first()
    assert row is not None and row["due_at"] == datetime(2026, 12, 3, 7, 0, tzinfo=UTC)  # 08:00 Paris
    async with httpx.AsyncClient(transport=httpx.MockTransport(gateway)) as client:
        d = dispatcher(port, sms=HttpSmsGateway(client, "http://sms.invalid/send", "sms-key"))
        assert await d.tick() == 0
        clock.freeze(datetime(2026, 12, 3, 7, 0, tzinfo=UTC))
        assert await d.tick() == 1
    assert sent == [{"to": "+33600000000", "text": "Rencontre le mardi", "reference": "sms:1"}]


async def test_webhooks_are_signed(world: World, smtp: tuple[Inbox, int]) -> None:
    _, port = smtp
    seen: list[httpx.Request] = []

    def partner(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200)

    clock.freeze(NOON)
    await queue(
        [
            Outgoing(
                key="hook:1",
                channel="webhook",
                recipient="partner",
                purpose="meeting.confirmed",
                due_at=NOON,
                subject="meeting.confirmed",
                text="m-1",
            )
        ]
    )
    async with httpx.AsyncClient(transport=httpx.MockTransport(partner)) as client:
        assert (
            await dispatcher(port, webhook=Webhook(client, "http://partner.invalid/hook", "s3cret")).tick()
            == 1
        )
    body = seen[0].content
    assert seen[0].headers["X-Concerto-Signature"] == webhook_signature("s3cret", body)
    assert seen[0].headers["X-Concerto-Signature"] != webhook_signature("other", body)


async def test_cancelled_rows_never_go(world: World, smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    clock.freeze(NOON)
    await queue([mail(1, case_id=7), mail(2, case_id=8)])
    assert await cancel_for_case(7) == 1
    assert await dispatcher(port).tick() == 1
    assert [m["To"] for m in inbox.wait_for(1)] == ["pro2@example.org"]
    assert not await retry(1, NOON)  # only dead letters can be retried


async def test_two_dispatchers_at_once_send_each_message_once(world: World, smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    clock.freeze(NOON)
    await queue([mail(n) for n in range(60)])
    first, second = dispatcher(port), dispatcher(port)
    first.batch_size = second.batch_size = 7
    counts = await asyncio.gather(first.tick(), second.tick())
    assert sum(counts) == 60
    received = inbox.wait_for(60)
    assert len(received) == 60 and len({m["Message-ID"] for m in received}) == 60
