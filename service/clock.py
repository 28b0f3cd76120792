"""The service's clock: one place to read the time, so tests can freeze it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
_frozen: datetime | None = None


def now() -> datetime:
    """The current instant, in UTC."""
    return _frozen if _frozen is not None else datetime.now(UTC)


def today() -> date:
    """Today's date in Paris, where the instance meets."""
    return now().astimezone(PARIS).date()


def freeze(at: datetime | None) -> None:
    """Stop the clock at ``at`` (``None`` lets it run again)."""
    global _frozen
    _frozen = at
