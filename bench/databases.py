"""A fresh PostgreSQL database for a benchmark, when the server is reachable."""

from __future__ import annotations

import asyncio
import os

from tests.support.database import _recreate, _with_database

ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


def fresh_postgres(name: str) -> str | None:
    """The URL of an empty database ``name`` (dropped and created again), or None when unreachable."""
    try:
        asyncio.run(_recreate(ADMIN_URL, name))
    except OSError:
        return None
    return _with_database(ADMIN_URL, name)
