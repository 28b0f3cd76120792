"""Busy times imported from a professional's published calendar, served over real HTTP on loopback:
a weekly meeting across the October clock change, an all-day training, a free (transparent) slot
and a cancelled event ignored; a failing feed is reported and keeps the last busy times; the solver
avoids them."""

from __future__ import annotations

from datetime import UTC, date, datetime

import httpx
import pytest

from service import clock
from service.availability.feeds import busy_periods, refresh_all
from service.availability.tables import BusyTime, FeedStatus
from service.directory.tables import Professional
from service.scheduling.problem import build_problem
from service.settings import get_settings
from tests.support.http_files import http_files
from tests.support.world import World

FEED = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Test//Feed//FR\r
BEGIN:VTIMEZONE\r
TZID:Europe/Paris\r
BEGIN:STANDARD\r
DTSTART:19701025T030000\r
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r
TZOFFSETFROM:+0200\r
TZOFFSETTO:+0100\r
END:STANDARD\r
BEGIN:DAYLIGHT\r
DTSTART:19700329T020000\r
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r
TZOFFSETFROM:+0100\r
TZOFFSETTO:+0200\r
END:DAYLIGHT\r
END:VTIMEZONE\r
BEGIN:VEVENT\r
UID:weekly-team@test\r
DTSTAMP:20261001T000000Z\r
DTSTART;TZID=Europe/Paris:20261020T100000\r
DTEND;TZID=Europe/Paris:20261020T113000\r
RRULE:FREQ=WEEKLY;COUNT=3\r
SUMMARY:R\xc3\xa9union d'\xc3\xa9quipe (Mme Secret)\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:training@test\r
DTSTAMP:20261001T000000Z\r
DTSTART;VALUE=DATE:20261023\r
DTEND;VALUE=DATE:20261024\r
SUMMARY:Formation\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:called-off@test\r
DTSTAMP:20261001T000000Z\r
DTSTART;TZID=Europe/Paris:20261022T140000\r
DTEND;TZID=Europe/Paris:20261022T160000\r
STATUS:CANCELLED\r
SUMMARY:Annul\xc3\xa9\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:free@test\r
DTSTAMP:20261001T000000Z\r
DTSTART;TZID=Europe/Paris:20261021T140000\r
DTEND;TZID=Europe/Paris:20261021T150000\r
TRANSP:TRANSPARENT\r
SUMMARY:Disponible\r
END:VEVENT\r
END:VCALENDAR\r
"""
OCTOBER = (date(2026, 10, 19), date(2026, 11, 15))


def test_recurrences_are_expanded_across_the_clock_change() -> None:
    periods = busy_periods(FEED, *OCTOBER)
    starts = [p[0].astimezone(UTC) for p in periods]
    assert starts == [
        datetime(2026, 10, 20, 8, 0, tzinfo=UTC),  # 10:00 summer time
        datetime(2026, 10, 22, 22, 0, tzinfo=UTC),  # the all-day training, from Paris midnight
        datetime(2026, 10, 27, 9, 0, tzinfo=UTC),  # 10:00 winter time, after the 25 October change
        datetime(2026, 11, 3, 9, 0, tzinfo=UTC),
    ]
    assert periods[1][1].astimezone(UTC) == datetime(2026, 10, 23, 22, 0, tzinfo=UTC)


async def _with_feed(world: World, who: str, url: str) -> None:
    await Professional.update({Professional.calendar_feed_url: url}).where(Professional.id == world.pros[who])


async def test_a_feed_replaces_busy_times_and_a_failure_keeps_them(world: World) -> None:
    clock.freeze(datetime(2026, 10, 19, 6, 0, tzinfo=UTC))
    with http_files() as files:
        files["/carl.ics"] = (200, FEED)
        await _with_feed(world, "carl", files.url("/carl.ics"))
        await _with_feed(world, "ana", files.url("/missing.ics"))
        async with httpx.AsyncClient() as client:
            results = {r.professional_id: r for r in await refresh_all(client)}
            assert results[world.pros["carl"]].ok and results[world.pros["carl"]].events == 4
            assert not results[world.pros["ana"]].ok and "404" in results[world.pros["ana"]].error
            files["/carl.ics"] = (200, b"<html>maintenance</html>")
            again = {r.professional_id: r for r in await refresh_all(client)}
    assert not again[world.pros["carl"]].ok and "not a readable calendar" in again[world.pros["carl"]].error
    assert await BusyTime.count().where(BusyTime.professional == world.pros["carl"]) == 4
    statuses = (await world.as_("coord").get("/api/calendar-feeds")).json()
    assert [s["professional_id"] for s in statuses if s["last_error"]] == sorted(
        [world.pros["ana"], world.pros["carl"]]
    )
    assert (await world.as_("carl").get("/api/calendar-feeds")).status_code == 403
    row = await FeedStatus.select().where(FeedStatus.professional == world.pros["carl"]).first()
    assert row is not None and row["last_success"] is not None and row["events"] == 4


async def test_imported_busy_times_reach_the_solver_without_their_titles(world: World) -> None:
    clock.freeze(datetime(2026, 10, 19, 6, 0, tzinfo=UTC))
    with http_files() as files:
        files["/carl.ics"] = (200, FEED)
        await _with_feed(world, "carl", files.url("/carl.ics"))
        async with httpx.AsyncClient() as client:
            await refresh_all(client)
    case = (await world.as_("ana").post("/api/cases", world.intake("ana", "carl"))).json()
    body = {"kind": "synthesis", "required_professional_ids": [world.pros["ana"], world.pros["carl"]]}
    meeting = (await world.as_("ana").post(f"/api/cases/{case['id']}/meetings", body)).json()
    problem = await build_problem([meeting["id"]], clock.today())
    carl = next(p for p in problem["participants"] if p["id"] == f"pro-{world.pros['carl']}")
    assert {"start": "2026-10-27T10:00", "end": "2026-10-27T11:30"} in carl["busy"]
    assert {"start": "2026-10-23T00:00", "end": "2026-10-24T00:00"} in carl["busy"]
    assert "Secret" not in str(problem)


async def test_redirections_are_followed_and_each_address_checked(world: World) -> None:
    clock.freeze(datetime(2026, 10, 19, 6, 0, tzinfo=UTC))
    with http_files() as files:
        files["/moved.ics"] = (301, files.url("/carl.ics").encode())
        files["/carl.ics"] = (200, FEED)
        files["/sneaky.ics"] = (302, b"file:///etc/passwd")
        await _with_feed(world, "carl", files.url("/moved.ics"))
        await _with_feed(world, "ana", files.url("/sneaky.ics"))
        async with httpx.AsyncClient() as client:
            results = {r.professional_id: r for r in await refresh_all(client)}
    assert results[world.pros["carl"]].ok and results[world.pros["carl"]].events == 4
    refused = results[world.pros["ana"]]
    assert not refused.ok and "is not an http(s) address" in refused.error


async def test_a_feed_on_the_private_network_is_refused_by_default(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outside tests, a feed address must not make the server read its own network."""
    monkeypatch.delenv("CONCERTO_FEEDS_PRIVATE_NETWORK")
    get_settings.cache_clear()
    try:
        with http_files() as files:
            files["/carl.ics"] = (200, FEED)
            await _with_feed(world, "carl", files.url("/carl.ics"))
            async with httpx.AsyncClient() as client:
                [result] = await refresh_all(client)
            assert files.requested == []  # refused before any request
    finally:
        monkeypatch.setenv("CONCERTO_FEEDS_PRIVATE_NETWORK", "1")
        get_settings.cache_clear()
    assert not result.ok and "private or local network (127.0.0.1)" in result.error
    assert await BusyTime.count() == 0


async def test_a_feed_address_must_be_http(world: World) -> None:
    answer = await world.as_("admin").patch(
        f"/api/professionals/{world.pros['carl']}", {"calendar_feed_url": "file:///etc/passwd"}
    )
    assert answer.status_code in (400, 422) and "calendar_feed_url" in answer.text
