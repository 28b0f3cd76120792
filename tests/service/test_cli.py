"""The concerto command line, run as a user would run it, on the test database."""

from __future__ import annotations

import asyncio
import os
import sys

from service.accounts.tables import ApiToken
from service.accounts.tokens import digest
from tests.support.world import World


async def _concerto(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "service.cli",
        *args,
        stdin=asyncio.subprocess.PIPE if stdin is not None else None,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=dict(os.environ),
    )
    out, err = await process.communicate(stdin)
    return process.returncode or 0, out.decode(), err.decode()


async def test_users_token_prints_a_token_that_authenticates(world: World) -> None:
    code, out, _ = await _concerto("users", "token", "carl@example.org")
    token = out.strip()
    assert code == 0 and token.startswith("cct_")
    assert await ApiToken.exists().where(ApiToken.token_hash == digest(token))
    assert not await ApiToken.exists().where(ApiToken.token_hash == token)
    me = await world.client.get("/api/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json()["professional_id"] == world.pros["carl"]


async def test_unknown_user_gets_a_clear_error(world: World) -> None:
    code, _, err = await _concerto("users", "token", "nobody@example.org")
    assert code == 2 and err.strip() == "concerto: No active user with id nobody@example.org."


async def test_migrate_is_idempotent(world: World) -> None:
    code, _, _ = await _concerto("migrate")
    assert code == 0
