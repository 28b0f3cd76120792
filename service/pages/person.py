"""The person's own space, reached by a signed link sent by e-mail or SMS (no account, no password):
their next rencontre in plain words, their answer, other times, help to take part, their consent and
its withdrawal, who looked at their situation, and their remarks on the minutes."""

from __future__ import annotations

from contextlib import suppress
from typing import Annotated, Any

from litestar import Controller, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery
from litestar.response import Redirect, Template

from notifications import wording
from service.audit.recorder import record
from service.clock import now
from service.consent.controller import access_log
from service.consent.participation import latest_request
from service.consent.schemas import Withdrawal
from service.consent.service import withdraw
from service.consent.tables import Consent, ParticipationRequest
from service.errors import DomainError
from service.followup.minutes import observe
from service.followup.schemas import ObservationIn
from service.followup.tables import Minutes
from service.meetings.tables import Meeting, MeetingParticipant
from service.notify import invitations, links
from service.pages.refused import LINK_PAGE_HANDLERS
from service.pages.texts import CATEGORY_WORDS, HALF_DAYS, TEXTS
from service.rows import json_value
from service.scheduling import runs
from service.scheduling.meetings import record_response

Form = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]
LinkCase = NamedDependency[int]  # the case the signed link opens, from ``_case_of``
WEEK = ("mon", "tue", "wed", "thu", "fri")


def _case_of(token: FromPath[str]) -> int:
    """The case a person's signed link opens (a dependency of every page of their space); a
    refused link ends the request with the page that says why and how to get a new one."""
    try:
        return int(links.unsign("person", token)["c"])
    except (KeyError, ValueError) as error:
        raise links.LinkRefused(expired=False) from error


def _lang(lang: str) -> str:
    return lang if lang in TEXTS else "fr"


def _values(form: dict[str, Any], key: str) -> list[str]:
    value = form.get(key, [])
    return value if isinstance(value, list) else [value]


async def next_rencontre(case_id: int) -> dict[str, Any] | None:
    return (
        await Meeting.select()
        .where(
            Meeting.case == case_id,
            Meeting.kind == "encounter",
            Meeting.status.is_in(["proposed", "confirmed"]),
            Meeting.start >= now(),
        )
        .order_by(Meeting.start)
        .first()
    )


async def _person_participant(meeting_id: int) -> dict[str, Any] | None:
    return (
        await MeetingParticipant.select()
        .where(MeetingParticipant.meeting == meeting_id, MeetingParticipant.is_person == True)  # noqa: E712
        .first()
    )


async def _rencontre_view(case_id: int, lang: str) -> dict[str, Any] | None:
    meeting = await next_rencontre(case_id)
    if meeting is None:
        return None
    facts = await invitations.facts(meeting["id"])
    me = next((i for i in facts.invitees if i.is_person), None)
    answer = await _person_participant(meeting["id"])
    return {
        "id": meeting["id"],
        "when": wording.long_date(meeting["start"]),
        "lasts": wording.duration_words(meeting["duration_minutes"]),
        "where": facts.place.line(),
        "access": facts.place.access,
        "who": invitations.who_words(facts),
        "answer": answer["response"] if answer else "",
        "invited": me is not None,
    }


async def _consents_view(case_id: int, lang: str) -> list[dict[str, Any]]:
    words = CATEGORY_WORDS[lang]
    return [
        {
            "id": c["id"],
            "categories": [words.get(k, k) for k in json_value(c["categories"])],
            "since": c["collected_at"].strftime("%d/%m/%Y"),
            "withdrawn": c["withdrawn_at"].strftime("%d/%m/%Y") if c["fully_withdrawn"] else "",
        }
        for c in await Consent.select().where(Consent.case == case_id).order_by(Consent.id)
    ]


async def _minutes_view(case_id: int) -> list[dict[str, Any]]:
    rows = await Minutes.select(Minutes.meeting, Minutes.meeting._.start).where(Minutes.case == case_id)
    return [
        {"meeting": r["meeting"], "on": wording.long_day(r["meeting.start"])}
        for r in rows
        if r["meeting.start"]
    ]


ROLE_WORDS = {
    "fr": {
        "professional": "un professionnel",
        "coordinator": "la coordination de l'instance",
        "admin": "l'administration",
    },
    "en": {
        "professional": "a professional",
        "coordinator": "the instance's coordination",
        "admin": "the administration",
    },
}


def _access_lines(log: list[Any], lang: str) -> list[dict[str, str]]:
    """One line per day and institution, newest first: who looked, never a name."""
    lines: dict[tuple[str, str], None] = {}
    for e in log:
        who = f"{ROLE_WORDS[lang].get(e.role, e.role)}, {e.institution}"
        lines[(e.at.strftime("%d/%m/%Y"), who)] = None
    return [{"at": at, "who": who} for at, who in list(lines)[:50]]


async def _page(token: str, case_id: int, lang: str, done: str) -> Template:
    request = await latest_request(case_id)
    log = await access_log(case_id)
    await record(None, "read", "person_space", case_id, case_id=case_id, actor_label="person")
    return Template(
        "person.html",
        context={
            "t": TEXTS[lang],
            "lang": lang,
            "other": "en" if lang == "fr" else "fr",
            "token": token,
            "done": done,
            "rencontre": await _rencontre_view(case_id, lang),
            "consents": await _consents_view(case_id, lang),
            "access": [
                {"at": e.at.strftime("%d/%m/%Y"), "who": f"{e.role}, {e.institution}"} for e in log[:50]
            ],
            "minutes": await _minutes_view(case_id),
            "half_days": [
                (f"{d}-{h}", f"{HALF_DAYS[lang][d]} {HALF_DAYS[lang][h]}") for d in WEEK for h in ("am", "pm")
            ],
            "chosen": set(json_value(request["preferred_half_days"])) if request else set(),
            "request": request or {},
        },
    )


class PersonPages(Controller):
    path = "/p/person/{token:str}"
    tags = ["pages"]
    include_in_schema = False
    dependencies = {"case_id": Provide(_case_of, sync_to_thread=False)}
    exception_handlers = LINK_PAGE_HANDLERS

    @get("/")
    async def show(
        self, token: FromPath[str], case_id: LinkCase, lang: FromQuery[str] = "fr", done: FromQuery[str] = ""
    ) -> Response[Any]:
        return await _page(token, case_id, _lang(lang), done)

    @post("/answer")
    async def answer(self, token: FromPath[str], case_id: LinkCase, data: Form) -> Response[Any]:
        response = str(data.get("response", ""))
        meeting = await next_rencontre(case_id)
        if meeting is not None and response in ("accepted", "declined"):
            await _answer(meeting, response)
        return _back(token, data)

    @post("/availability")
    async def availability(self, token: FromPath[str], case_id: LinkCase, data: Form) -> Response[Any]:
        chosen = sorted(
            v for v in _values(data, "half_days") if v.split("-")[0] in WEEK and v[-2:] in ("am", "pm")
        )
        await _update_request(case_id, {ParticipationRequest.preferred_half_days: chosen})
        meeting = await next_rencontre(case_id)
        if meeting is not None:
            await runs.run_now([meeting["id"]], "person_availability", None)
        return _back(token, data)

    @post("/accommodations")
    async def accommodations(self, token: FromPath[str], case_id: LinkCase, data: Form) -> Response[Any]:
        await _update_request(
            case_id,
            {
                ParticipationRequest.interpreter_language: str(data.get("interpreter", ""))[:40].strip(),
                ParticipationRequest.accessible_room: data.get("accessible") == "on",
                ParticipationRequest.video: data.get("video") == "on",
                ParticipationRequest.companion: str(data.get("companion", ""))[:300].strip(),
            },
        )
        return _back(token, data)

    @post("/consent/{consent_id:int}/withdraw")
    async def withdraw_consent(
        self, token: FromPath[str], case_id: LinkCase, consent_id: FromPath[int], data: Form
    ) -> Response[Any]:
        # Already withdrawn, or not this person's: the page then shows the consent as it stands.
        with suppress(DomainError):
            await withdraw(case_id, consent_id, Withdrawal(method="person_page"), None, label="person")
        return _back(token, data)

    @post("/observations")
    async def observations(self, token: FromPath[str], case_id: LinkCase, data: Form) -> Response[Any]:
        meeting_id = int(str(data.get("meeting", "0")) or 0)
        text = str(data.get("text", "")).strip()[:4000]
        if text and await Minutes.exists().where(Minutes.meeting == meeting_id, Minutes.case == case_id):
            await observe(meeting_id, ObservationIn(text=text), None)
        return _back(token, data)


def _back(token: str, data: dict[str, Any]) -> Redirect:
    lang = _lang(str(data.get("lang", "fr")))
    return Redirect(f"/p/person/{token}?lang={lang}&done=1", status_code=303)


async def _answer(meeting: dict[str, Any], response: str) -> None:
    me = await _person_participant(meeting["id"])
    if me is None:
        return
    await record_response(meeting["id"], me["id"], response, None, meeting["case"])
    if response == "declined":
        await runs.run_now([meeting["id"]], "person_decline", None)


async def _update_request(case_id: int, values: dict[Any, Any]) -> None:
    """The person's wishes go on their participation request (one is opened if none exists)."""
    request = await latest_request(case_id)
    if request is None:
        row = ParticipationRequest(case=case_id, requested_by="person", mode="present", created_at=now())
        await row.save()
        request_id = row.id
    else:
        request_id = request["id"]
    await ParticipationRequest.update(values).where(ParticipationRequest.id == request_id)
    await record(None, "update", "participation", request_id, case_id=case_id, actor_label="person")


def person_url(case_id: int) -> str:
    return links.url("person", {"c": case_id})
