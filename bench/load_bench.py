"""API reads under load: the demo territory served by `concerto serve` (SQLite, one process), read
by a coordinator and a professional at a fixed arrival rate (open loop: a request leaves every 5 ms
whether the previous ones answered or not), over loopback. The load generator runs on the same
2-core machine, so it takes its share of the CPU. Every read writes its audit row."""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench.databases import fresh_postgres
from bench.timing import percentile
from tests.support.served import served

ROOT = Path(__file__).resolve().parents[1]
RATE = 200  # requests per second
SECONDS = 20
COORDINATOR = "aicha.diallo@cd99.example.org"
PROFESSIONAL = "claire.vasseur@cd99.example.org"


def _token(env: dict[str, str], email: str) -> str:
    concerto = str(Path(sys.executable).with_name("concerto"))
    out = subprocess.run(
        [concerto, "users", "token", email], env=env, cwd=ROOT, check=True, capture_output=True
    )
    return out.stdout.decode().strip()


def _prepare(database_url: str | None) -> tuple[dict[str, str], list[str]]:
    data = tempfile.mkdtemp(prefix="concerto-load-")
    env = {
        **os.environ,
        "DATABASE_URL": database_url or f"sqlite:///{data}/load.sqlite",
        "CONCERTO_DATA_DIR": data,
        "CONCERTO_DISPATCH": "off",
        "CONCERTO_SECRET_KEY": "bench",
    }
    concerto = str(Path(sys.executable).with_name("concerto"))
    subprocess.run([concerto, "demo"], env=env, cwd=ROOT, check=True, capture_output=True)
    return env, [_token(env, COORDINATOR), _token(env, PROFESSIONAL)]


async def _one(
    client: httpx.AsyncClient, path: str, token: str, timings: list[float], errors: list[str]
) -> None:
    began = time.perf_counter()
    try:
        response = await client.get(path, headers={"Authorization": f"Bearer {token}"})
        if response.status_code != 200:
            errors.append(str(response.status_code))
    except httpx.HTTPError as error:
        errors.append(type(error).__name__)
    timings.append((time.perf_counter() - began) * 1000)


async def _load(base: str, tokens: list[str], case_ids: list[int]) -> tuple[list[float], list[str]]:
    paths = [
        "/api/cases",
        "/api/professionals",
        *(f"/api/cases/{c}" for c in case_ids),
        *(f"/api/cases/{c}/members" for c in case_ids),
    ]
    timings: list[float] = []
    errors: list[str] = []
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=50)
    async with httpx.AsyncClient(base_url=base, timeout=10, limits=limits) as client:
        tasks = []
        start = time.perf_counter()
        for n in range(RATE * SECONDS):
            await asyncio.sleep(max(0.0, start + n / RATE - time.perf_counter()))
            path = paths[n % len(paths)]
            tasks.append(asyncio.create_task(_one(client, path, tokens[n % 2], timings, errors)))
        await asyncio.gather(*tasks)
    return timings, errors


def measure(database_url: str | None = None) -> dict[str, float]:
    env, tokens = _prepare(database_url)
    with served(env) as base:
        listed = httpx.get(f"{base}/api/cases", headers={"Authorization": f"Bearer {tokens[1]}"}).json()
        case_ids = [c["id"] for c in listed][:5]
        timings, errors = asyncio.run(_load(base, tokens, case_ids))
    timings.sort()
    return {
        "requests": len(timings),
        "p50": statistics.median(timings),
        "p95": percentile(timings, 95),
        "p99": percentile(timings, 99),
        "errors": len(errors),
    }


TARGET_P99_MS = 50


def _row(engine: str, r: dict[str, float]) -> str:
    met = "met" if r["p99"] < TARGET_P99_MS and r["errors"] == 0 else "**not met**"
    return (
        f"| {engine} | {int(r['requests'])} | {r['p50']:.0f} ms | {r['p95']:.0f} ms | {r['p99']:.0f} ms "
        f"| {int(r['errors'])} | {met} |"
    )


def section() -> str:
    rows = [_row("SQLite", measure())]
    postgres = fresh_postgres("concerto_load")
    rows.append(
        _row("PostgreSQL", measure(postgres)) if postgres else "| PostgreSQL | not reachable | | | | | |"
    )
    return "\n".join(
        [
            "## API reads under load",
            "",
            f"{RATE} requests per second for {SECONDS} s (open loop) against `concerto serve` on the demo",
            "territory (one process), alternating a coordinator and a professional over case lists, case",
            "reads, listes and the directory; each read also writes its audit row. The load generator shares",
            f"the 2 cores. Target: p99 under {TARGET_P99_MS} ms with 0 errors. On SQLite the served process",
            "keeps a few connections open (Piccolo's engine would open one, and a thread, per query) in",
            "write-ahead logging mode; the token, liste and référent reads are single plain queries.",
            "",
            "| engine | requests | p50 | p95 | p99 | errors | target |",
            "|---|---|---|---|---|---|---|",
            *rows,
        ]
    )


if __name__ == "__main__":
    print(measure(sys.argv[1] if len(sys.argv) > 1 else None))
