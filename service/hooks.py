"""In-process events between areas, so an area reacts to another without importing it.

An area registers a coroutine function; the area where the event happens awaits them all inside
its transaction."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

CaseHandler = Callable[[int], Awaitable[None]]

consent_withdrawn: list[CaseHandler] = []


async def emit(handlers: list[CaseHandler], case_id: int) -> None:
    """Await every handler of an event."""
    for handler in handlers:
        await handler(case_id)
