"""Database engines and transactions: SQLite embedded by default, PostgreSQL beyond one machine."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import aiosqlite
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType, dict_factory

SQLITE_TIMEOUT_SECONDS = 30
SQLITE_POOL_SIZE = 4


class PooledSQLiteEngine(SQLiteEngine):
    """Piccolo's SQLite engine opens a connection, and a thread, for every query outside a
    transaction. Once ``start_connection_pool`` has run (a served process, a command), a few
    connections stay open and each query borrows one; before, it behaves as Piccolo's own.
    Transactions keep their own connection, as in Piccolo."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._idle: asyncio.Queue[aiosqlite.Connection] | None = None

    async def start_connection_pool(self, size: int = SQLITE_POOL_SIZE) -> None:
        if self._idle is not None or sqlite3.sqlite_version_info < (3, 35):
            return  # before 3.35 an insert cannot return its key: Piccolo's own path is kept
        idle: asyncio.Queue[aiosqlite.Connection] = asyncio.Queue()
        for _ in range(size):
            idle.put_nowait(await self._open())
        self._idle = idle

    async def _open(self) -> aiosqlite.Connection:
        connection = aiosqlite.connect(**self.connection_kwargs)
        # A pooled connection's worker thread must never keep a finished process alive (a
        # command or a test that did not close the pool): aiosqlite makes it non-daemon.
        connection._thread.daemon = True
        await connection
        connection.row_factory = dict_factory  # type: ignore[assignment]  # as Piccolo sets it
        await connection.execute("PRAGMA foreign_keys = 1")
        return connection

    def idle_connections(self) -> int:
        """Pooled connections not lent out (0 without a pool)."""
        return self._idle.qsize() if self._idle is not None else 0

    async def close_connection_pool(self) -> None:
        idle, self._idle = self._idle, None
        while idle is not None and not idle.empty():
            await idle.get_nowait().close()

    async def _run_in_new_connection(
        self, query: str, args: list[Any] | None = None, query_type: str = "generic", table: Any = None
    ) -> Any:
        if self._idle is None:
            return await super()._run_in_new_connection(query, args, query_type, table)
        idle = self._idle
        connection = await idle.get()
        try:
            # Piccolo opens connections in autocommit mode: a failed statement leaves no
            # transaction behind, and the connection goes back as it came.
            async with connection.execute(query, args or []) as cursor:
                return await cursor.fetchall()
        finally:
            idle.put_nowait(connection)


def engine_from_url(url: str) -> Engine:
    """Build the Piccolo engine named by ``DATABASE_URL``."""
    scheme = urlparse(url).scheme
    if scheme == "sqlite":
        path = url.removeprefix("sqlite:///")
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        return PooledSQLiteEngine(path=path, timeout=SQLITE_TIMEOUT_SECONDS)
    if scheme in {"postgresql", "postgres"}:
        return PostgresEngine(config={"dsn": url}, extensions=())
    raise ValueError(
        f"DATABASE_URL={url!r} is not supported: use sqlite:///PATH or postgresql://USER@HOST/DB"
    )


def engine() -> Engine:
    """The engine every table of this process is bound to."""
    from service.piccolo_conf import DB

    return DB


def is_postgres() -> bool:
    """Whether this process runs on PostgreSQL."""
    return isinstance(engine(), PostgresEngine)


@asynccontextmanager
async def transaction() -> AsyncIterator[Any]:
    """A write transaction; on SQLite taken ``IMMEDIATE`` so concurrent writers queue, not fail."""
    db = engine()
    if isinstance(db, SQLiteEngine):
        async with db.transaction(transaction_type=TransactionType.immediate) as txn:
            yield txn
    else:
        async with db.transaction() as txn:
            yield txn


async def start() -> None:
    """Open the connection pool; on SQLite, write-ahead logging first, so that reads go on while
    a write commits (the setting stays with the database file)."""
    db = engine()
    if isinstance(db, PostgresEngine):
        await db.start_connection_pool(min_size=1, max_size=10)
    elif isinstance(db, PooledSQLiteEngine):
        await db.run_ddl("PRAGMA journal_mode=WAL")
        await db.start_connection_pool()


async def stop() -> None:
    """Close the connection pool."""
    db = engine()
    if isinstance(db, PostgresEngine | PooledSQLiteEngine):
        await db.close_connection_pool()


@asynccontextmanager
async def connected() -> AsyncIterator[None]:
    """The pool open for the length of the block (a command, the served process, a test session)."""
    await start()
    try:
        yield
    finally:
        await stop()


async def migrate() -> None:
    """Apply every committed migration that has not run yet."""
    from piccolo.apps.migrations.commands.forwards import run_forwards

    result = await run_forwards(app_name="all", fake=False)
    if not result.success:
        raise RuntimeError(f"migrations failed: {result.message}")
