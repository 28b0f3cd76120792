"""Makes sure PostgreSQL answers before the PostgreSQL run: starts it if it is down.

Exit 0 when it answers; exit 1 otherwise (the Makefile fails under CI, skips elsewhere).
"""

from __future__ import annotations

import asyncio
import glob
import os
import subprocess
import sys
import time

import asyncpg


async def _answers(url: str) -> bool:
    try:
        connection = await asyncpg.connect(url, timeout=3)
    except (OSError, asyncpg.PostgresError, TimeoutError):
        return False
    await connection.close()
    return True


def _start_cluster() -> None:
    for version_dir in glob.glob("/etc/postgresql/*"):
        version = os.path.basename(version_dir)
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"],
            check=False,
            capture_output=True,
        )


def main(url: str) -> int:
    if asyncio.run(_answers(url)):
        return 0
    print(f"PostgreSQL does not answer at {url}; starting the local cluster.", file=sys.stderr)
    _start_cluster()
    for _ in range(20):
        if asyncio.run(_answers(url)):
            return 0
        time.sleep(0.5)
    print(f"PostgreSQL still does not answer at {url}.", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
