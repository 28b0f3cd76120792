"""Reading professionals' published calendars (ICS over HTTP): only the busy times are kept, never a
title. A feed that fails is reported on its status and keeps its last busy times; it never blocks
scheduling."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import httpx
import icalendar
import recurring_ical_events

from service.availability.tables import BusyTime, FeedStatus
from service.clock import PARIS, now, today
from service.db import transaction
from service.directory.tables import Professional

HORIZON_DAYS = 90
MAX_BYTES = 5_000_000
TIMEOUT_SECONDS = 10.0

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


async def _fetch(client: httpx.AsyncClient, url: str) -> bytes:
    response = await client.get(url, timeout=TIMEOUT_SECONDS, follow_redirects=True)
    response.raise_for_status()
    if len(response.content) > MAX_BYTES:
        raise ValueError(f"the feed is larger than {MAX_BYTES // 1_000_000} MB")
    return response.content


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
