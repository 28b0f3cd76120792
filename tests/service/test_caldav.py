"""An invitation as the attendee's calendar server sees it: the REQUEST is stored, the update moves
the same event (not a second one), the CANCEL marks it cancelled; the server's own time-range query
finds it at the right hour, so it read our time zone right."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import pytest

from tests.service.test_invitations import _confirmed_encounter, _dispatch
from tests.support.caldav import attendee_calendar, caldav_server
from tests.support.smtp import Inbox
from tests.support.world import World


def itip(message: EmailMessage) -> bytes:
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload
    raise AssertionError("no text/calendar part")


def carl(messages: list[EmailMessage]) -> list[EmailMessage]:
    return [m for m in messages if m["To"] == "carl@example.org"]


def hour_around(start: datetime) -> tuple[datetime, datetime]:
    return start - timedelta(minutes=5), start + timedelta(minutes=5)


@pytest.mark.slow
async def test_request_update_and_cancel_on_a_real_caldav_server(
    world: World, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    _, meeting = await _confirmed_encounter(world)
    await _dispatch(port)
    first_start = datetime.fromisoformat(meeting["start"]).astimezone(UTC)
    with caldav_server() as base, attendee_calendar(base, "carl") as calendar:
        assert calendar.apply(itip(carl(inbox.wait_for(4))[0])) == 201
        assert calendar.uids_between(*hour_around(first_start)) == [meeting["uid"]]

        declined = await world.as_("ana").post(
            f"/api/meetings/{meeting['id']}/response", {"response": "declined"}
        )
        moved = declined.json()
        await _dispatch(port)
        update = carl(inbox.wait_for(8))[-1]
        assert calendar.apply(itip(update)) in (201, 204)
        events = calendar.events()
        assert len(events) == 1, "moved in place, not duplicated"
        new_start = datetime.fromisoformat(moved["start"]).astimezone(UTC)
        assert events[0].decoded("dtstart").astimezone(UTC) == new_start
        assert int(events[0]["sequence"]) == moved["sequence"]
        assert calendar.uids_between(*hour_around(new_start)) == [meeting["uid"]]
        assert calendar.uids_between(*hour_around(first_start)) == []

        await world.as_("ana").post(
            f"/api/meetings/{meeting['id']}/status", {"to": "cancelled", "reason": "annulée"}
        )
        await _dispatch(port)
        cancel = carl(inbox.wait_for(12))[-1]
        assert b"METHOD:CANCEL" in itip(cancel)
        assert calendar.apply(itip(cancel)) in (201, 204)
        events = calendar.events()
        assert len(events) == 1 and str(events[0]["status"]) == "CANCELLED"
        assert int(events[0]["sequence"]) == moved["sequence"] + 1
