"""A real CalDAV server (Radicale) on loopback, playing an attendee's calendar, and the few requests a
calendar client makes when it applies an invitation received by e-mail."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

import httpx
import icalendar

from tests.support.smtp import free_port

QUERY = """<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><C:calendar-data/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
    <C:time-range start="{start}" end="{end}"/>
  </C:comp-filter></C:comp-filter></C:filter>
</C:calendar-query>"""


@dataclass
class AttendeeCalendar:
    """One user's calendar collection on the server."""

    client: httpx.Client
    collection: str

    def apply(self, itip: bytes) -> int:
        """What a mail client does with an iMIP message: REQUEST stores or replaces the event under
        its UID; CANCEL keeps it, marked cancelled. The server validates what it stores."""
        cal = icalendar.Calendar.from_ical(itip)
        method = str(cal.pop("METHOD"))
        event = next(iter(cal.walk("VEVENT")))
        if method == "CANCEL":
            event["STATUS"] = "CANCELLED"
        response = self.client.put(
            f"{self.collection}{event['UID']}.ics",
            content=cal.to_ical(),
            headers={"Content-Type": "text/calendar"},
        )
        return response.status_code

    def events(self) -> list[icalendar.Event]:
        listing = self.client.request("PROPFIND", self.collection, headers={"Depth": "1"})
        hrefs = [h for h in _hrefs(listing.text) if h.endswith(".ics")]
        return [
            next(iter(icalendar.Calendar.from_ical(self.client.get(h).content).walk("VEVENT"))) for h in hrefs
        ]

    def uids_between(self, start: datetime, end: datetime) -> list[str]:
        """The server's own time-range query: it has to read our VTIMEZONE right to answer it."""
        body = QUERY.format(start=f"{start:%Y%m%dT%H%M%SZ}", end=f"{end:%Y%m%dT%H%M%SZ}")
        found = self.client.request(
            "REPORT", self.collection, content=body, headers={"Depth": "1", "Content-Type": "application/xml"}
        )
        return [str(e["UID"]) for e in _calendars(found.text)]


def _hrefs(xml: str) -> list[str]:
    import re

    return re.findall(r"<(?:\w+:)?href>([^<]+)</(?:\w+:)?href>", xml)


def _calendars(xml: str) -> list[icalendar.Event]:
    import html
    import re

    events = []
    for data in re.findall(r"<(?:\w+:)?calendar-data[^>]*>(.*?)</(?:\w+:)?calendar-data>", xml, re.S):
        events += list(icalendar.Calendar.from_ical(html.unescape(data)).walk("VEVENT"))
    return events


@contextmanager
def caldav_server() -> Iterator[str]:
    """Radicale in its own process, storing in a temporary folder; yields its base URL."""
    port = free_port()
    folder = tempfile.mkdtemp(prefix="radicale-")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "radicale",
            "--server-hosts",
            f"127.0.0.1:{port}",
            "--auth-type",
            "none",
            "--rights-type",
            "owner_only",
            "--storage-filesystem-folder",
            folder,
            "--logging-level",
            "warning",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(base, timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextmanager
def attendee_calendar(base: str, user: str) -> Iterator[AttendeeCalendar]:
    with httpx.Client(base_url=base, auth=(user, "x"), timeout=10) as client:
        collection = f"/{user}/calendar/"
        made = client.request("MKCALENDAR", collection)
        assert made.status_code == 201, made.text
        yield AttendeeCalendar(client, collection)
