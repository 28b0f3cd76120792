"""Database tests: migrations once per run, every table emptied before each test."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from piccolo.conf.apps import Finder
from piccolo.table import sort_table_classes

from service import clock, db
from service.app import create_app
from tests.support.smtp import Inbox, smtp_server
from tests.support.world import World, build_world


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/service/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.db)


@pytest.fixture(scope="session")
async def migrated() -> None:
    await db.migrate()


async def empty_tables() -> None:
    """Delete every row of every table (migrations bookkeeping aside)."""
    tables = Finder().get_table_classes()
    names = ", ".join(f'"{t._meta.tablename}"' for t in tables)
    if db.is_postgres():
        await db.engine().run_ddl(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
        return
    for table in reversed(sort_table_classes(tables)):
        await db.engine().run_ddl(f'DELETE FROM "{table._meta.tablename}"')


@pytest.fixture(scope="session")
async def client(migrated: None) -> AsyncIterator[httpx.AsyncClient]:
    """Requests run on the test loop, where the connection pool lives (Litestar's test client
    would run the app on a thread of its own)."""
    transport = httpx.ASGITransport(app=create_app())
    async with db.connected(), httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


@pytest.fixture(autouse=True)
async def clean(migrated: None) -> AsyncIterator[None]:
    await empty_tables()
    yield
    clock.freeze(None)


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    """A real SMTP server on loopback: what it received, and its port."""
    with smtp_server() as server:
        yield server


@pytest.fixture
async def world(client: httpx.AsyncClient) -> World:
    return await build_world(client)
