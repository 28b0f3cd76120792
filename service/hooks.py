"""In-process events between areas, so an area reacts to another without importing it.

An area registers a coroutine function; the area where the event happens awaits them all inside
its transaction."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

Handler = Callable[[int], Awaitable[object]]

consent_withdrawn: list[Handler] = []
absence_added: list[Handler] = []


def register(handlers: list[Handler], handler: Handler) -> None:
    """Add a handler once, however often the app is created."""
    if handler not in handlers:
        handlers.append(handler)


async def emit(handlers: list[Handler], subject_id: int) -> None:
    """Await every handler of an event."""
    for handler in handlers:
        await handler(subject_id)
