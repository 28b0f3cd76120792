"""Reminders of dated items: court deadlines with no meeting held, consents reaching review, and the
sources other areas register (evaluation dates). Each is queued once (its key names the item and the
date), so the hourly scan can run as often as it likes. Meeting reminders are queued with the
invitation itself."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from notifications import wording
from notifications.calendar import PARIS as PARIS_TZ
from notifications.outbox import Outgoing, queue
from service.accounts.tables import User
from service.cases.lifecycle import OPEN_STATUSES
from service.cases.service import current_referent
from service.cases.tables import Case
from service.clock import now, today
from service.consent.tables import Consent
from service.db import transaction
from service.directory.tables import Professional
from service.meetings.tables import CourtEvent, Meeting
from service.settings import get_settings


@dataclass(frozen=True)
class Due:
    """Something dated that people must be reminded of."""

    key: str
    what: str  # "échéance", "date d'évaluation", "révision du consentement"
    case_id: int
    on: date
    recipients: list[str]


Source = Callable[[date], Awaitable[list[Due]]]
SOURCES: list[Source] = []


async def coordinators() -> list[str]:
    rows = await User.select(User.email).where(User.role == "coordinator", User.active == True)  # noqa: E712
    return sorted(r["email"] for r in rows)


async def recipients(case_id: int, coordination: list[str]) -> list[str]:
    """The case's référent, then the coordinators."""
    referent = await current_referent(case_id)
    if referent is None:
        return coordination
    row = (
        await Professional.select(Professional.email).where(Professional.id == referent.professional).first()
    )
    return ([row["email"]] if row else []) + coordination


async def open_case_ids() -> set[int]:
    """Cases still followed: reminders about the others would reach no one who needs them."""
    return {r["id"] for r in await Case.select(Case.id).where(Case.status.is_in(sorted(OPEN_STATUSES)))}


async def court_deadlines(on: date) -> list[Due]:
    """Court dates within the notice period whose case has held no meeting in the 90 days before."""
    horizon = on + timedelta(days=get_settings().reminder_deadline_days)
    events = await CourtEvent.select().where(
        CourtEvent.at >= _start_of(on), CourtEvent.at < _start_of(horizon + timedelta(days=1))
    )
    found = []
    followed, coordination = await open_case_ids(), await coordinators()
    for e in events:
        if e["case"] not in followed:
            continue
        held = await Meeting.exists().where(
            Meeting.case == e["case"], Meeting.status == "held", Meeting.start >= e["at"] - timedelta(days=90)
        )
        if held:
            continue
        day = e["at"].astimezone(PARIS_TZ).date()
        people = await recipients(e["case"], coordination)
        found.append(Due(f"deadline:e{e['id']}:{day}", "échéance", e["case"], day, people))
    return found


async def consent_reviews(on: date) -> list[Due]:
    """Consents reaching their review date: the person is to be asked again."""
    horizon = on + timedelta(days=get_settings().reminder_consent_days)
    rows = await Consent.select().where(
        Consent.valid_until >= on,
        Consent.valid_until <= horizon,
        Consent.fully_withdrawn == False,  # noqa: E712
    )
    found = []
    followed, coordination = await open_case_ids(), await coordinators()
    for c in rows:
        if c["case"] in followed:
            people = await recipients(c["case"], coordination)
            found.append(
                Due(
                    f"consent-review:c{c['id']}:{c['valid_until']}",
                    "révision du consentement",
                    c["case"],
                    c["valid_until"],
                    people,
                )
            )
    return found


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=PARIS_TZ)


async def _messages(due: Due) -> list[Outgoing]:
    case = await Case.select(Case.reference).where(Case.id == due.case_id).first()
    reference = case["reference"] if case else ""
    link = f"{get_settings().public_url}/api/cases/{due.case_id}"
    text = wording.dated_reminder(due.what, reference, _start_of(due.on), link)
    return [
        Outgoing(
            key=f"{due.key}:{email}",
            channel="email",
            recipient=email,
            purpose="reminder",
            due_at=now(),
            subject=text.subject,
            text=text.text,
            html=text.html,
            case_id=due.case_id,
        )
        for email in dict.fromkeys(due.recipients)
    ]


async def queue_due_reminders() -> int:
    """Queue every reminder that has come due and was not queued before; returns how many are new."""
    on = today()
    queued = 0
    for source in [court_deadlines, consent_reviews, *SOURCES]:
        for due in await source(on):
            async with transaction():
                queued += await queue(await _messages(due))
    return queued
