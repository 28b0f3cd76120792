"""The SQLite engine's pool: queries borrow a few open connections, in write-ahead logging mode."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

import httpx
import pytest
from piccolo.engine.sqlite import SQLiteEngine

from service import db
from service.directory.tables import Institution

pytestmark = pytest.mark.sqlite
sqlite_only = pytest.mark.skipif(
    not isinstance(db.engine(), SQLiteEngine), reason="the pool is SQLite's; PostgreSQL has asyncpg's own"
)


@sqlite_only
async def test_reads_borrow_open_connections_in_write_ahead_logging_mode(client: httpx.AsyncClient) -> None:
    engine = db.engine()
    assert isinstance(engine, db.PooledSQLiteEngine)
    assert (await engine.run_ddl("PRAGMA journal_mode"))[0]["journal_mode"] == "wal"
    await Institution.insert(Institution(name="CAF", kind="caf"))
    counts = await asyncio.gather(*(Institution.count() for _ in range(3 * db.SQLITE_POOL_SIZE)))
    assert counts == [1] * (3 * db.SQLITE_POOL_SIZE)
    assert engine.idle_connections() == db.SQLITE_POOL_SIZE


@sqlite_only
async def test_a_failed_query_leaves_no_write_lock_behind(client: httpx.AsyncClient) -> None:
    await Institution.insert(Institution(name="CAF", kind="caf"))
    with pytest.raises(Exception, match="UNIQUE"):
        await Institution.insert(Institution(name="CAF", kind="caf"))
    # An immediate transaction would wait the 30 s busy timeout behind a transaction left open.
    async with asyncio.timeout(5):
        async with db.transaction():
            await Institution.insert(Institution(name="CPAM", kind="cpam"))
    assert await Institution.count() == 2
    assert db.engine().idle_connections() == db.SQLITE_POOL_SIZE  # type: ignore[attr-defined]


@sqlite_only
def test_a_process_that_never_closes_the_pool_still_exits(tmp_path: object) -> None:
    script = (
        "import asyncio\n"
        "from service import db\n"
        "from service.directory.tables import Institution\n"
        "async def main():\n"
        "    await db.migrate()\n"
        "    await db.start()\n"
        "    print(await Institution.count())\n"
        "asyncio.run(main())\n"
    )
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/alone.sqlite"}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, timeout=30)
    assert done.returncode == 0 and done.stdout.splitlines()[-1] == b"0", done.stderr.decode()
