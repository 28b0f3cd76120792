"""The professional's answer page behind an invitation link: the page shows, a button posts (mail
scanners follow links, they do not press buttons)."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Response, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath
from litestar.response import Template

from notifications import wording
from service.clock import now
from service.meetings.tables import Meeting, MeetingParticipant
from service.notify import invitations, links
from service.pages.refused import LINK_PAGE_HANDLERS
from service.scheduling.meetings import on_required_decline, record_response

ANSWERS = {"accepted": "J'accepte", "tentative": "Peut-être", "declined": "Je ne peux pas"}
WORDS = {"accepted": "acceptée", "tentative": "peut-être", "declined": "déclinée", "needs_action": ""}


async def _invitation(token: str) -> tuple[dict[str, Any], dict[str, Any], int]:
    """The participant and meeting an answer link is for, and the sequence it was sent at."""
    payload = links.unsign("answer", token)
    participant = await MeetingParticipant.select().where(MeetingParticipant.id == payload.get("p")).first()
    if participant is None or participant["is_person"]:
        raise links.LinkRefused(expired=False)
    meeting = await Meeting.select().where(Meeting.id == participant["meeting"]).first()
    if meeting is None:
        raise links.LinkRefused(expired=False)
    return participant, meeting, int(payload.get("s", 0))


async def _view(participant: dict[str, Any], meeting: dict[str, Any], sequence: int) -> dict[str, Any]:
    facts = await invitations.facts(meeting["id"])
    start = meeting["start"]
    return {
        "title": invitations.event(facts).summary if start else f"Situation {facts.reference}",
        "when": wording.long_date(start) if start else "à fixer",
        "duration": wording.duration_words(meeting["duration_minutes"]),
        "place": facts.place.line(),
        "required": participant["required"],
        "answer": WORDS.get(participant["response"], ""),
        "updated": meeting["sequence"] > sequence,
        "open": meeting["status"] in ("proposed", "confirmed") and start is not None,
        "status": meeting["status"],
    }


class AnswerPages(Controller):
    path = "/p/answer"
    tags = ["pages"]
    include_in_schema = False
    exception_handlers = LINK_PAGE_HANDLERS

    @get("/{token:str}")
    async def show(self, token: FromPath[str]) -> Response[Any]:
        participant, meeting, sequence = await _invitation(token)
        return Template("answer.html", context={"meeting": await _view(participant, meeting, sequence)})

    @post("/{token:str}", status_code=200)
    async def answer(
        self,
        token: FromPath[str],
        data: Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)],
    ) -> Response[Any]:
        participant, meeting, sequence = await _invitation(token)
        response = data.get("response", "")
        view = await _view(participant, meeting, sequence)
        if response not in ANSWERS or not view["open"]:
            view["error"] = "Choisissez une des trois réponses."
            return Template("answer.html", context={"meeting": view}, status_code=400)
        await record_response(meeting["id"], participant["id"], response, None, meeting["case"])
        message = f"Votre réponse ({WORDS[response]}) est enregistrée le {wording.long_date(now())}."
        if response == "declined" and participant["required"]:
            await on_required_decline(meeting["id"])
            message += " Une autre date va être recherchée ; vous recevrez une nouvelle invitation."
        return Template("answered.html", context={"message": message})
