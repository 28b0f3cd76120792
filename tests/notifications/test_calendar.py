"""Every invitation reads the same in icalendar, vobject and ical: start, end, UID, SEQUENCE, METHOD,
in summer and in winter time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import ical.calendar_stream
import icalendar
import pytest
import vobject

from notifications.calendar import PARIS, Attendee, MeetingEvent, feed, invitation

STAMP = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
SUMMER = datetime(2027, 7, 6, 10, 0, tzinfo=PARIS)  # 08:00 UTC
WINTER = datetime(2027, 1, 12, 10, 0, tzinfo=PARIS)  # 09:00 UTC


def meeting(start: datetime, sequence: int = 3) -> MeetingEvent:
    return MeetingEvent(
        uid="6f1c2b1e-0d5c-4c1b-9b7a-2f0a7c3e9d11",
        sequence=sequence,
        start=start,
        end=start + timedelta(minutes=90),
        summary="Synthèse — situation CC-2027-0042",
        location="Maison des solidarités, salle 2",
    )


def read_icalendar(data: bytes) -> tuple[datetime, datetime, str, int, str]:
    cal = icalendar.Calendar.from_ical(data)
    event = next(iter(cal.walk("VEVENT")))
    return (
        event.decoded("dtstart"),
        event.decoded("dtend"),
        str(event["uid"]),
        int(event["sequence"]),
        str(cal["method"]),
    )


def read_vobject(data: bytes) -> tuple[datetime, datetime, str, int, str]:
    cal = vobject.readOne(data.decode())
    event = cal.vevent
    return (
        event.dtstart.value,
        event.dtend.value,
        event.uid.value,
        int(event.sequence.value),
        cal.method.value,
    )


def read_ical(data: bytes) -> tuple[datetime, datetime, str, int, str]:
    stream = ical.calendar_stream.IcsCalendarStream.from_ics(data.decode())
    cal = stream.calendars[0]
    event = cal.events[0]
    assert isinstance(event.dtstart, datetime) and isinstance(event.dtend, datetime)
    return event.dtstart, event.dtend, event.uid or "", event.sequence or 0, cal.method or ""


@pytest.mark.parametrize("start", [SUMMER, WINTER], ids=["summer", "winter"])
@pytest.mark.parametrize("method", ["REQUEST", "CANCEL"])
def test_three_parsers_read_the_same_event(start: datetime, method: str) -> None:
    data = invitation(
        method, meeting(start), "instance@example.org", Attendee("a@example.org", "Participant"), STAMP
    )
    readings = [reader(data) for reader in (read_icalendar, read_vobject, read_ical)]
    utc = [(s.astimezone(UTC), e.astimezone(UTC), uid, seq, m) for s, e, uid, seq, m in readings]
    assert utc[0] == utc[1] == utc[2]
    assert utc[0] == (
        start.astimezone(UTC),
        (start + timedelta(minutes=90)).astimezone(UTC),
        meeting(start).uid,
        3,
        method,
    )


def test_summer_and_winter_offsets_are_the_real_ones() -> None:
    for start, hour in ((SUMMER, 8), (WINTER, 9)):
        data = invitation(
            "REQUEST", meeting(start), "instance@example.org", Attendee("a@example.org", "P"), STAMP
        )
        for reader in (read_icalendar, read_vobject, read_ical):
            assert reader(data)[0].astimezone(UTC).hour == hour, reader.__name__


def test_invitation_has_organizer_one_attendee_dtstamp_and_alarm() -> None:
    data = invitation(
        "REQUEST",
        meeting(WINTER),
        "instance@example.org",
        Attendee("a@example.org", "Participant requis"),
        STAMP,
    )
    event = next(iter(icalendar.Calendar.from_ical(data).walk("VEVENT")))
    assert str(event["organizer"]) == "mailto:instance@example.org"
    attendee = event["attendee"]
    assert str(attendee) == "mailto:a@example.org"
    assert attendee.params["RSVP"] == "TRUE" and attendee.params["ROLE"] == "REQ-PARTICIPANT"
    assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"
    assert event.decoded("dtstamp") == STAMP
    assert b"DTSTART;TZID=Europe/Paris:20270112T100000" in data
    assert list(event.walk("VALARM"))
    assert data.count(b"BEGIN:VEVENT") == 1


def test_cancel_carries_status_and_no_rsvp() -> None:
    cancelled = MeetingEvent(**{**meeting(WINTER, 4).__dict__, "status": "CANCELLED"})
    data = invitation("CANCEL", cancelled, "instance@example.org", Attendee("a@example.org", "P"), STAMP)
    event = next(iter(icalendar.Calendar.from_ical(data).walk("VEVENT")))
    assert str(event["status"]) == "CANCELLED"
    assert event["attendee"].params["RSVP"] == "FALSE"
    assert not list(event.walk("VALARM"))


def test_unknown_method_is_refused() -> None:
    with pytest.raises(ValueError, match="REQUEST or CANCEL"):
        invitation("PUBLISH", meeting(WINTER), "i@example.org", Attendee("a@example.org", "P"), STAMP)


def test_feed_has_no_method_and_every_event() -> None:
    data = feed("Concerto", [meeting(SUMMER), meeting(WINTER)], STAMP)
    cal = icalendar.Calendar.from_ical(data)
    assert "METHOD" not in cal
    assert len(list(cal.walk("VEVENT"))) == 2
