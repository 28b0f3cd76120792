"""Database engines and transactions: SQLite embedded by default, PostgreSQL beyond one machine."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType

SQLITE_TIMEOUT_SECONDS = 30


def engine_from_url(url: str) -> Engine:
    """Build the Piccolo engine named by ``DATABASE_URL``."""
    scheme = urlparse(url).scheme
    if scheme == "sqlite":
        path = url.removeprefix("sqlite:///")
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        return SQLiteEngine(path=path, timeout=SQLITE_TIMEOUT_SECONDS)
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
    """Open the connection pool where the engine has one."""
    db = engine()
    if isinstance(db, PostgresEngine):
        await db.start_connection_pool(min_size=1, max_size=10)


async def stop() -> None:
    """Close the connection pool."""
    db = engine()
    if isinstance(db, PostgresEngine):
        await db.close_connection_pool()


async def migrate() -> None:
    """Apply every committed migration that has not run yet."""
    from piccolo.apps.migrations.commands.forwards import run_forwards

    result = await run_forwards(app_name="all", fake=False)
    if not result.success:
        raise RuntimeError(f"migrations failed: {result.message}")
