"""iTIP calendar objects (RFC 5545/5546) that Outlook, Gmail, Thunderbird and CalDAV servers accept.

Times are written in Europe/Paris with a VTIMEZONE built from the two yearly rules (last Sunday of
March and of October), which every parser reads the same way, rather than a list of RDATEs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vCalAddress, vText

PARIS = ZoneInfo("Europe/Paris")
PRODID = "-//Concerto//Instance de gestion des cas complexes//FR"


@dataclass(frozen=True)
class Attendee:
    """The one recipient written into an invitation (others are never disclosed)."""

    email: str
    label: str  # a role, never a name: "Participant requis"
    required: bool = True
    partstat: str = "NEEDS-ACTION"


@dataclass(frozen=True)
class MeetingEvent:
    """What a calendar needs to know about one meeting, already stripped of identifying data."""

    uid: str
    sequence: int
    start: datetime
    end: datetime
    summary: str
    location: str = ""
    description: str = ""
    url: str = ""
    status: str = "CONFIRMED"  # CONFIRMED, TENTATIVE, CANCELLED
    alarm_minutes: int | None = 60
    categories: tuple[str, ...] = field(default_factory=tuple)


def paris_timezone() -> Timezone:
    """Europe/Paris as two recurring rules (since 1996, unchanged)."""
    zone = Timezone()
    zone.add("tzid", "Europe/Paris")
    winter = TimezoneStandard()
    winter.add("dtstart", datetime(1970, 10, 25, 3, 0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    winter.add("tzoffsetfrom", timedelta(hours=2))
    winter.add("tzoffsetto", timedelta(hours=1))
    winter.add("tzname", "CET")
    summer = TimezoneDaylight()
    summer.add("dtstart", datetime(1970, 3, 29, 2, 0))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    summer.add("tzoffsetfrom", timedelta(hours=1))
    summer.add("tzoffsetto", timedelta(hours=2))
    summer.add("tzname", "CEST")
    zone.add_component(winter)
    zone.add_component(summer)
    return zone


def _calendar(method: str | None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    cal.add_component(paris_timezone())
    return cal


def _event(meeting: MeetingEvent, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", meeting.uid)
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", stamp.astimezone(ZoneInfo("UTC")))
    event.add("dtstart", meeting.start.astimezone(PARIS))
    event.add("dtend", meeting.end.astimezone(PARIS))
    event.add("summary", meeting.summary)
    event.add("status", meeting.status)
    event.add("transp", "OPAQUE")
    event.add("class", "CONFIDENTIAL")
    if meeting.location:
        event.add("location", meeting.location)
    if meeting.description:
        event.add("description", meeting.description)
    if meeting.url:
        event.add("url", meeting.url)
    if meeting.categories:
        event.add("categories", list(meeting.categories))
    return event


def _alarm(minutes: int) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", "Rappel")
    alarm.add("trigger", timedelta(minutes=-minutes))
    return alarm


def _address(email: str, label: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["CN"] = vText(label)
    return address


def invitation(
    method: str, meeting: MeetingEvent, organizer: str, attendee: Attendee, stamp: datetime
) -> bytes:
    """A REQUEST or CANCEL for one recipient: one VEVENT, the service as organizer."""
    if method not in ("REQUEST", "CANCEL"):
        raise ValueError(f"method must be REQUEST or CANCEL, not {method!r}")
    cal = _calendar(method)
    event = _event(meeting, stamp)
    event.add("organizer", _address(organizer, "Instance de gestion des cas complexes"))
    who = _address(attendee.email, attendee.label)
    who.params["ROLE"] = vText("REQ-PARTICIPANT" if attendee.required else "OPT-PARTICIPANT")
    who.params["PARTSTAT"] = vText(attendee.partstat)
    who.params["RSVP"] = vText("TRUE" if method == "REQUEST" else "FALSE")
    who.params["CUTYPE"] = vText("INDIVIDUAL")
    event.add("attendee", who)
    if method == "REQUEST" and meeting.alarm_minutes:
        event.add_component(_alarm(meeting.alarm_minutes))
    cal.add_component(event)
    return cal.to_ical()


def feed(name: str, events: Iterable[MeetingEvent], stamp: datetime) -> bytes:
    """A subscribable calendar (no METHOD) of meetings, evaluation dates and deadlines."""
    cal = _calendar(None)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Paris")
    for meeting in events:
        cal.add_component(_event(meeting, stamp))
    return cal.to_ical()


def all_day(uid: str, on: date, summary: str, description: str = "") -> MeetingEvent:
    """A dated item (evaluation, deadline) shown as a short event at 9:00 on its day."""
    start = datetime(on.year, on.month, on.day, 9, 0, tzinfo=PARIS)
    return MeetingEvent(
        uid=uid,
        sequence=0,
        start=start,
        end=start + timedelta(minutes=15),
        summary=summary,
        description=description,
        alarm_minutes=None,
    )
