"""Reading professionals' published calendars (ICS over HTTP): only the busy times are kept, never a
title. A feed that fails is reported on its status and keeps its last busy times; it never blocks
scheduling."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlsplit

import httpx
import icalendar
import recurring_ical_events

from service.availability.tables import BusyTime, FeedStatus
from service.clock import PARIS, now, today
from service.db import transaction
from service.directory.tables import Professional
from service.settings import get_settings

HORIZON_DAYS = 90
MAX_BYTES = 5_000_000
TIMEOUT_SECONDS = 10.0
MAX_REDIRECTS = 5

Period = tuple[datetime, datetime]


@dataclass(frozen=True)
class FeedResult:
    professional_id: int
    ok: bool
    events: int = 0
    error: str = ""


def _instant(value: date | datetime) -> datetime:
    """A DTSTART/DTEND as an aware instant: dates are Paris midnights, floating times Paris times."""
    if not isinstance(value, datetime):
        return datetime.combine(value, time(0), tzinfo=PARIS)
    return value if value.tzinfo is not None else value.replace(tzinfo=PARIS)


def _period(event: Any) -> Period | None:
    if str(event.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT":
        return None
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        return None
    start = event.decoded("DTSTART")
    if "DTEND" in event:
        end = event.decoded("DTEND")
    elif "DURATION" in event:
        end = start + event.decoded("DURATION")
    else:
        end = start + timedelta(days=1) if not isinstance(start, datetime) else start
    begin, finish = _instant(start), _instant(end)
    return (begin, finish) if finish > begin else None


def busy_periods(calendar_bytes: bytes, start: date, end: date) -> list[Period]:
    """Every opaque, not cancelled occurrence between ``start`` and ``end`` (recurrences expanded),
    merged where they overlap. Raises ``ValueError`` when the bytes are not a calendar."""
    calendar = icalendar.Calendar.from_ical(calendar_bytes)
    periods = sorted(p for e in recurring_ical_events.of(calendar).between(start, end) if (p := _period(e)))
    merged: list[Period] = []
    for begin, finish in periods:
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], finish))
        else:
            merged.append((begin, finish))
    return merged


class FeedRefused(ValueError):
    """An address the service will not read: not http(s), unknown, or on a private network."""


async def _fetch(client: httpx.AsyncClient, url: str) -> bytes:
    """The feed's bytes; every address on the way, redirections included, is checked first."""
    for _ in range(MAX_REDIRECTS + 1):
        await _check_address(url)
        response = await client.get(url, timeout=TIMEOUT_SECONDS, follow_redirects=False)
        if response.next_request is None:
            response.raise_for_status()
            if len(response.content) > MAX_BYTES:
                raise ValueError(f"the feed is larger than {MAX_BYTES // 1_000_000} MB")
            return response.content
        url = str(response.next_request.url)
    raise FeedRefused(f"more than {MAX_REDIRECTS} redirections")


async def _check_address(url: str) -> None:
    """A feed address must not make the server read its own network (an administrator's typo or
    worse would otherwise reach internal services), unless CONCERTO_FEEDS_PRIVATE_NETWORK allows it."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FeedRefused(f"{url!r} is not an http(s) address")
    if get_settings().feeds_on_private_network:
        return
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        found = await asyncio.get_running_loop().getaddrinfo(parts.hostname, port)
    except socket.gaierror as error:
        raise FeedRefused(f"{parts.hostname} could not be resolved") from error
    for *_, address in found:
        ip = ipaddress.ip_address(address[0])
        if not ip.is_global:
            raise FeedRefused(
                f"{parts.hostname} is on a private or local network ({ip}); "
                "use the calendar's public address (or set CONCERTO_FEEDS_PRIVATE_NETWORK=1)"
            )


async def _status(professional_id: int, url: str, **values: Any) -> None:
    columns = {getattr(FeedStatus, k): v for k, v in values.items()}
    exists = await FeedStatus.exists().where(FeedStatus.professional == professional_id)
    if exists:
        await FeedStatus.update({FeedStatus.url: url, **columns}).where(
            FeedStatus.professional == professional_id
        )
    else:
        await FeedStatus.insert(FeedStatus(professional=professional_id, url=url, **values))


async def refresh_feed(
    professional_id: int, url: str, client: httpx.AsyncClient, start: date, end: date
) -> FeedResult:
    """Replace the professional's busy times with what the feed says now; on failure keep the old ones."""
    attempt = now()
    try:
        periods = busy_periods(await _fetch(client, url), start, end)
    except (httpx.HTTPError, ValueError) as error:
        message = _explain(error)
        async with transaction():
            await _status(professional_id, url, last_attempt=attempt, last_error=message)
        return FeedResult(professional_id, ok=False, error=message)
    async with transaction():
        await BusyTime.delete().where(BusyTime.professional == professional_id, BusyTime.source == "feed")
        if periods:
            await BusyTime.insert(
                *[BusyTime(professional=professional_id, start=b, end=e) for b, e in periods]
            )
        await _status(
            professional_id,
            url,
            last_attempt=attempt,
            last_success=attempt,
            last_error="",
            events=len(periods),
        )
    return FeedResult(professional_id, ok=True, events=len(periods))


def _explain(error: Exception) -> str:
    if isinstance(error, FeedRefused):
        return f"the address is refused: {error}"
    if isinstance(error, httpx.HTTPStatusError):
        return f"the feed answered HTTP {error.response.status_code}; check the address"
    if isinstance(error, httpx.TimeoutException):
        return f"no answer within {TIMEOUT_SECONDS:.0f} s"
    if isinstance(error, httpx.HTTPError):
        return f"the feed could not be reached ({type(error).__name__})"
    return f"the feed is not a readable calendar ({error})"


async def refresh_all(client: httpx.AsyncClient) -> list[FeedResult]:
    """Every active professional with a feed address, over the scheduling horizon."""
    start = today()
    end = start + timedelta(days=HORIZON_DAYS)
    rows = await Professional.select(Professional.id, Professional.calendar_feed_url).where(
        Professional.active == True,  # noqa: E712 (a column comparison, not a truth test)
        Professional.calendar_feed_url != "",
    )
    return [await refresh_feed(r["id"], r["calendar_feed_url"], client, start, end) for r in rows]
