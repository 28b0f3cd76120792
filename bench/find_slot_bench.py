"""Find-a-slot through the API, on the demo territory scaled to a département: 40 institutions,
600 professionals, 20 rooms, 300 confirmed meetings over the next 40 working days as context; one
synthèse with 10 required professionals, 4 weeks ahead. The service runs as a real process
(`concerto serve`) and is called over loopback HTTP."""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench.timing import percentile
from tests.support.served import served

ROOT = Path(__file__).resolve().parents[1]
CALLS = 200
WARMUP = 10


def _prepare(env: dict[str, str]) -> tuple[int, str]:
    concerto = str(Path(sys.executable).with_name("concerto"))
    subprocess.run([concerto, "migrate"], env=env, cwd=ROOT, check=True, capture_output=True)
    out = subprocess.run(
        [sys.executable, "-m", "bench.scale_territory"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    meeting, token = out.stdout.split()[-2:]
    return int(meeting), token


def measure(calls: int = CALLS) -> dict[str, float]:
    data = tempfile.mkdtemp(prefix="concerto-bench-")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{data}/bench.sqlite",
        "CONCERTO_DATA_DIR": data,
        "CONCERTO_DISPATCH": "off",
        "CONCERTO_SECRET_KEY": "bench",
    }
    meeting, token = _prepare(env)
    timings, proposals = [], set()
    headers = {"Authorization": f"Bearer {token}"}
    with served(env) as base, httpx.Client(base_url=base, headers=headers, timeout=30) as client:
        for n in range(WARMUP + calls):
            began = time.perf_counter()
            response = client.post(f"/api/meetings/{meeting}/find-slot")
            elapsed = time.perf_counter() - began
            response.raise_for_status()
            proposals.add(len(response.json()["proposals"]))
            if n >= WARMUP:
                timings.append(elapsed * 1000)
    timings.sort()
    return {
        "p50": statistics.median(timings),
        "p95": percentile(timings, 95),
        "max": timings[-1],
        "calls": len(timings),
        "proposals": min(proposals),
    }


def section() -> str:
    r = measure()
    return "\n".join(
        [
            "## Find a slot through the API",
            "",
            "The demo territory scaled to a département (40 institutions, 600 professionals, 20 rooms, 300",
            "confirmed meetings over the next eight weeks); one synthèse with 10 required professionals.",
            "`POST /api/meetings/{id}/find-slot` against `concerto serve` (SQLite) over loopback HTTP,",
            f"{int(r['calls'])} calls after {WARMUP} warm-up calls, one at a time. Target: p95 under 150 ms.",
            "",
            "| calls | proposals | p50 | p95 | max |",
            "|---|---|---|---|---|",
            f"| {int(r['calls'])} | {int(r['proposals'])} | {r['p50']:.0f} ms | {r['p95']:.0f} ms "
            f"| {r['max']:.0f} ms |",
        ]
    )


if __name__ == "__main__":
    random.seed(0)
    print(section())
