"""Each professional's private calendar feed: their meetings and the court deadlines of their cases,
by reference only. The URL is the secret; it is given by ``GET /api/me/calendar-feed``."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from litestar import Controller, Response, get
from litestar.params import FromPath

from notifications import calendar, wording
from service.audit.recorder import record
from service.cases.tables import Case, CaseMember
from service.clock import now, today
from service.meetings.tables import CourtEvent, Meeting, MeetingParticipant
from service.notify import invitations, links
from service.pages.refused import LINK_PAGE_HANDLERS

PAST_DAYS = 30


async def meeting_events(professional_id: int) -> list[calendar.MeetingEvent]:
    """The professional's meetings of the last 30 days and to come, read in three queries and one
    per room."""
    mine = await MeetingParticipant.select(MeetingParticipant.meeting).where(
        MeetingParticipant.professional == professional_id
    )
    rows = await Meeting.select().where(
        Meeting.id.is_in([r["meeting"] for r in mine] or [-1]),
        Meeting.status.is_in(["proposed", "confirmed", "held"]),
        Meeting.start >= now() - timedelta(days=PAST_DAYS),
    )
    cases = await Case.select(Case.id, Case.reference).where(Case.id.is_in([r["case"] for r in rows] or [-1]))
    references = {c["id"]: c["reference"] for c in cases}
    places: dict[int | None, wording.Place] = {}
    events = []
    for row in rows:
        if row["room"] not in places:
            places[row["room"]] = await invitations.place_of(row)
        status = "TENTATIVE" if row["status"] == "proposed" else "CONFIRMED"
        events.append(
            invitations.row_event(row, references.get(row["case"], ""), places[row["room"]], status)
        )
    return events


async def deadline_events(professional_id: int) -> list[calendar.MeetingEvent]:
    day = today()
    cases = await CaseMember.select(CaseMember.case).where(
        CaseMember.professional == professional_id,
        (CaseMember.until.is_null()) | (CaseMember.until >= day),
    )
    ids = [r["case"] for r in cases] or [-1]
    refs = {
        r["id"]: r["reference"] for r in await Case.select(Case.id, Case.reference).where(Case.id.is_in(ids))
    }
    events = await CourtEvent.select().where(CourtEvent.case.is_in(ids), CourtEvent.at >= now())
    return [
        calendar.all_day(
            f"deadline-{e['id']}@concerto",
            e["at"].astimezone(calendar.PARIS).date(),
            f"Échéance — situation {refs.get(e['case'], '')}",
        )
        for e in events
    ]


class FeedPages(Controller):
    path = "/p/feeds"
    tags = ["pages"]
    include_in_schema = False
    exception_handlers = LINK_PAGE_HANDLERS

    @get("/{token:str}")
    async def feed(self, token: FromPath[str]) -> Response[Any]:
        payload = links.unsign("feed", token.removesuffix(".ics"))
        professional_id = int(payload["pro"])
        events = await meeting_events(professional_id) + await deadline_events(professional_id)
        await record(None, "read", "calendar_feed", professional_id, actor_label="feed")
        body = calendar.feed("Concerto", events, now())
        return Response(
            body, media_type="text/calendar; charset=utf-8", headers={"Cache-Control": "private, max-age=300"}
        )


def feed_url(professional_id: int) -> str:
    return links.url("feed", {"pro": professional_id}, suffix=".ics")
