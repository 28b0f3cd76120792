"""The dispatcher's throughput: 10,000 due messages to a real SMTP server on loopback, on SQLite and
(when reachable) PostgreSQL. Each engine gets a fresh database; two dispatchers share the work."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.databases import fresh_postgres

COUNT = 10_000
ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import asyncio, json, sys, time
from datetime import UTC, datetime
import service
from service import db
from notifications.outbox import Outgoing, queue
from notifications.tables import OutboxMessage
from notifications.dispatcher import Channels, Dispatcher
from notifications.transports import SmtpSettings
from service.clock import now

async def main(count):
    await db.migrate()
    await db.start()
    t = datetime.now(UTC)
    for start in range(0, count, 500):
        await queue(
            Outgoing(key=f"bench:{n}", channel="email", recipient=f"pro{n % 600}@example.org",
                     purpose="reminder", due_at=t, subject="Rappel : situation CC-2026-0001", text="Bonjour")
            for n in range(start, min(count, start + 500))
        )
    port = int(sys.argv[2])
    channels = Channels(sender="instance@concerto.example.org", smtp=SmtpSettings("127.0.0.1", port))
    workers = [Dispatcher(channels=channels, now=now) for _ in range(2)]
    began = time.perf_counter()
    sent = sum(await asyncio.gather(*(w.tick() for w in workers)))
    elapsed = time.perf_counter() - began
    left = await OutboxMessage.count().where(OutboxMessage.status != "sent")
    await db.stop()
    print(json.dumps({"sent": sent, "left": left, "seconds": elapsed}))

asyncio.run(main(int(sys.argv[1])))
"""

SINK = """
import sys, time
from tests.support.smtp import smtp_server
with smtp_server() as (inbox, port):
    print(port, flush=True)
    sys.stdin.read()
    print(len(inbox.raw), flush=True)
"""


def _run(database_url: str, count: int) -> dict[str, float]:
    """The SMTP server in a process of its own, as it would be on another machine."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CONCERTO_DATA_DIR": tempfile.mkdtemp(),
        "CONCERTO_SECRET_KEY": "bench",
        "PYTHONPATH": str(ROOT),
    }
    sink = subprocess.Popen(
        [sys.executable, "-c", SINK],
        env=env,
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert sink.stdout is not None and sink.stdin is not None
    port = sink.stdout.readline().strip()
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(count), port],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    received, _ = sink.communicate("", timeout=60)
    result["received"] = float(received.strip())
    return result


def section(count: int = COUNT) -> str:
    rows = []
    engines = [
        ("SQLite", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite"),
        ("PostgreSQL", fresh_postgres("concerto_bench")),
    ]
    for name, url in engines:
        if url is None:
            rows.append(f"| {name} | not reachable | | | |")
            continue
        r = _run(url, count)
        rows.append(
            f"| {name} | {int(r['sent']):,} | {r['seconds']:.1f} s | {r['sent'] / r['seconds']:,.0f} /s | "
            f"{int(r['received']):,} received, {int(r['left'])} left |"
        )
    return "\n".join(
        [
            "## Dispatcher",
            "",
            f"{count:,} due e-mails queued in the outbox, sent by two dispatchers of one process to an",
            "aiosmtpd server on loopback (one SMTP connection per batch of 100); time from the first claim",
            "to the last row marked sent. Target: under 60 s. The kill -9 test (tests/service/",
            "test_dispatch_crash.py) checks that none is lost and none sent twice under another Message-ID.",
            "",
            "| engine | sent | time | rate | check |",
            "|---|---|---|---|---|",
            *rows,
        ]
    )


if __name__ == "__main__":
    print(section(int(sys.argv[1]) if len(sys.argv) > 1 else COUNT))
