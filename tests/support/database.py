"""A throw-away database per test run: a SQLite file, or a fresh PostgreSQL database."""

from __future__ import annotations

import asyncio
import os
import tempfile
from urllib.parse import urlparse, urlunparse

import asyncpg


def _with_database(url: str, name: str) -> str:
    return urlunparse(urlparse(url)._replace(path=f"/{name}"))


async def _recreate(admin_url: str, name: str) -> None:
    connection = await asyncpg.connect(admin_url)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()


async def _drop(admin_url: str, name: str) -> None:
    connection = await asyncpg.connect(admin_url)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


class TestDatabase:
    """Chooses the engine from ``TEST_DATABASE_URL`` (PostgreSQL) or makes a SQLite file."""

    def __init__(self) -> None:
        self.admin_url = os.environ.get("TEST_DATABASE_URL", "")
        self.workdir = tempfile.mkdtemp(prefix="concerto-test-")
        if self.admin_url:
            self.name = f"concerto_test_{os.getpid()}"
            asyncio.run(_recreate(self.admin_url, self.name))
            self.url = _with_database(self.admin_url, self.name)
        else:
            self.url = f"sqlite:///{self.workdir}/test.sqlite"

    @property
    def engine(self) -> str:
        return "postgresql" if self.admin_url else "sqlite"

    def drop(self) -> None:
        if self.admin_url:
            asyncio.run(_drop(self.admin_url, self.name))
