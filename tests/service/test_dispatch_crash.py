"""Kill -9 the dispatcher again and again while it sends, with a second dispatcher running beside it:
afterwards every message was delivered, and none twice once re-sends of the same Message-ID (a send
cut off before it was recorded) are set aside."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from notifications.mail import message_id
from notifications.outbox import Outgoing, queue
from notifications.tables import OutboxMessage
from tests.support.smtp import smtp_server
from tests.support.world import World

MESSAGES = 300
SENDER = "instance@concerto.example.org"


def _dispatcher(port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(port),
        "CONCERTO_MAILBOX": SENDER,
        "CONCERTO_DISPATCH_LEASE": "2",
        "CONCERTO_DISPATCH_INTERVAL": "0.1",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "service.cli", "dispatch"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


async def _unsent() -> int:
    return await OutboxMessage.count().where(OutboxMessage.status != "sent")


@pytest.mark.slow
async def test_killed_dispatchers_lose_nothing_and_duplicate_nothing(world: World) -> None:
    now = datetime.now(UTC)
    keys = [f"crash:{n}" for n in range(MESSAGES)]
    await queue(
        Outgoing(
            key=k,
            channel="email",
            recipient=f"pro{n % 40}@example.org",
            purpose="reminder",
            due_at=now,
            subject="Rappel : synthèse — situation CC-2026-0001",
            text="Bonjour",
        )
        for n, k in enumerate(keys)
    )
    rng = random.Random(7)
    kills_mid_dispatch = 0
    with smtp_server() as (inbox, port):
        inbox.delay = 0.004
        steady, victim = _dispatcher(port), _dispatcher(port)
        try:
            for _ in range(8):
                await asyncio.sleep(rng.uniform(0.4, 0.9))
                if await _unsent():
                    kills_mid_dispatch += 1
                os.kill(victim.pid, signal.SIGKILL)
                victim.wait()
                victim = _dispatcher(port)
            for _ in range(450):  # up to 90 s for the survivors to finish
                if not await _unsent():
                    break
                await asyncio.sleep(0.2)
        finally:
            for process in (steady, victim):
                process.kill()
                process.wait()
        received = inbox.messages()
    assert kills_mid_dispatch >= 3, "the kills must land while messages are still going out"
    assert await _unsent() == 0
    expected = {message_id(k, SENDER) for k in keys}
    ids = [m["Message-ID"] for m in received]
    assert set(ids) == expected, "every message delivered, nothing else"
    duplicates = len(ids) - len(set(ids))
    assert duplicates <= 8 * 100, "re-sends are bounded by what a killed dispatcher held"
    print(f"{len(ids)} deliveries, {len(expected)} messages, {duplicates} re-sends set aside")
