"""Each professional's private feed: their meetings and their cases' court deadlines, by reference
only; another professional's feed does not show them; a forged URL gets nothing."""

from __future__ import annotations

from urllib.parse import urlparse

import icalendar

from tests.service.test_invitations import CANARIES, _confirmed_encounter
from tests.support.world import World


async def _feed(world: World, who: str) -> icalendar.Calendar:
    url = (await world.as_(who).get("/api/me/calendar-feed")).json()["url"]
    response = await world.client.get(urlparse(url).path)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/calendar")
    assert not [c for c in CANARIES if c.lower() in response.text.lower()]
    return icalendar.Calendar.from_ical(response.content)


async def test_a_feed_shows_my_meetings_and_deadlines_by_reference(world: World) -> None:
    case_id, meeting = await _confirmed_encounter(world)
    await world.as_("ana").post(
        f"/api/cases/{case_id}/court-events", {"kind": "hearing", "at": "2027-06-01T09:00:00+02:00"}
    )
    events = list((await _feed(world, "carl")).walk("VEVENT"))
    summaries = sorted(str(e["summary"]) for e in events)
    assert summaries == sorted(
        [
            f"Rencontre — situation {meeting['case_reference']}",
            f"Échéance — situation {meeting['case_reference']}",
        ]
    )
    [mine] = [e for e in events if str(e["uid"]) == meeting["uid"]]
    assert str(mine["status"]) == "CONFIRMED" and str(mine["location"]).strip()
    assert list((await _feed(world, "eve")).walk("VEVENT")) == []


async def test_a_forged_feed_url_gets_nothing(world: World) -> None:
    url = urlparse((await world.as_("carl").get("/api/me/calendar-feed")).json()["url"]).path
    forged = await world.client.get(url.replace(".ics", "x.ics"))
    assert forged.status_code == 403 and "BEGIN:VCALENDAR" not in forged.text
    assert (await world.as_("admin").get("/api/me/calendar-feed")).status_code == 403
