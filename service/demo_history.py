"""Eighteen months of past work for the demo territory, so the steering figures have something to
say: cases referred, synthèses held (most before their court date), persons taking part in various
ways, référents chosen or not, cases closed with an outcome. Invented and deterministic."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, time, timedelta
from typing import Any

from service.cases.identity import case_reference, new_person_ref, person_key
from service.cases.tables import (
    Case,
    CaseCounter,
    CaseMember,
    CaseTransition,
    PersonIdentity,
    ReferentAssignment,
)
from service.clock import PARIS, today
from service.consent.tables import Consent, ParticipationRequest
from service.directory.tables import Professional
from service.meetings.tables import CourtEvent, Meeting, MeetingParticipant
from service.policy import CATEGORIES

CASES = 48
FIRST = [
    "Inès",
    "Rayan",
    "Maëlle",
    "Yanis",
    "Sacha",
    "Noémie",
    "Bilal",
    "Océane",
    "Kylian",
    "Léna",
    "Mamadou",
    "Zoé",
]
LAST = [
    "Moreau",
    "Perrin",
    "Benali",
    "Giraud",
    "Fontaine",
    "Traoré",
    "Lemoine",
    "Carpentier",
    "Nguyen",
    "Roussel",
]
BARRIERS = [
    "housing",
    "health",
    "resources",
    "employment",
    "mobility",
    "family",
    "rights",
    "language",
    "justice",
]
MODES = ["present", "present", "part", "represented", "written", "absent_informed"]
OUTCOMES = [
    "Relogement et reprise d'un emploi",
    "Soins engagés, droits ouverts",
    "Orientation vers un accompagnement",
]


async def _reference(year: int) -> str:
    counter = await CaseCounter.objects().get_or_create(CaseCounter.year == year, {CaseCounter.last: 0})
    counter.last += 1
    await counter.save()
    return case_reference(year, counter.last)


async def _case(rng: random.Random, submitted: datetime, members: list[int], status: str) -> int:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    case = Case(
        reference=await _reference(submitted.year),
        person_ref=new_person_ref(),
        status=status,
        question="Situation bloquée entre plusieurs dispositifs : quelle coordination ?",
        barriers=rng.sample(BARRIERS, rng.randint(2, 4)),
        urgency=rng.randint(2, 5),
        participation_wish=rng.choice(MODES),
        referring_professional=members[0],
        outcome=rng.choice(OUTCOMES) if status == "closed" else "",
        submitted_at=submitted,
        last_activity_at=submitted,
    )
    await case.save()
    await PersonIdentity.insert(
        PersonIdentity(
            case=case.id, first_name=first, last_name=last, person_key=person_key(first, last, None)
        )
    )
    for pid in members:
        await CaseMember.insert(
            CaseMember(case=case.id, professional=pid, role="intervenant", since=submitted.date())
        )
    steps = ["accepted", "active"] + (["closed"] if status == "closed" else [])
    previous = "submitted"
    for step in steps:
        await CaseTransition.insert(
            CaseTransition(
                case=case.id,
                from_status=previous,
                to_status=step,
                reason="Examen par l'instance",
                at=submitted,
            )
        )
        previous = step
    await Consent.insert(
        Consent(
            case=case.id,
            categories=list(CATEGORIES),
            institutions=[],
            notice_version="2025-09",
            method="signed_form",
            collected_at=submitted,
        )
    )
    await ReferentAssignment.insert(
        ReferentAssignment(
            case=case.id, professional=members[0], chosen_by_person=rng.random() < 0.85, since=submitted
        )
    )
    return int(case.id)


async def _synthesis(rng: random.Random, case_id: int, submitted: datetime, members: list[int]) -> None:
    day = (submitted + timedelta(days=rng.randint(8, 70))).date()
    while day.weekday() >= 5:
        day += timedelta(days=1)
    start = datetime.combine(day, time(rng.choice([9, 14])), tzinfo=PARIS)
    deadline = None
    if rng.random() < 0.5:
        hearing = start + timedelta(days=rng.choice([-3, 6, 10, 15, 20]))
        event = CourtEvent(case=case_id, kind="hearing", at=hearing, jurisdiction="TJ de Brissac")
        await event.save()
        deadline = hearing - timedelta(days=2)
    meeting = Meeting(
        case=case_id,
        kind="synthesis",
        status="held",
        start=start,
        end=start + timedelta(minutes=90),
        deadline=deadline,
        uid=str(uuid.uuid4()),
        sequence=1,
    )
    await meeting.save()
    for pid in members:
        await MeetingParticipant.insert(
            MeetingParticipant(meeting=meeting.id, professional=pid, response="accepted")
        )
    if rng.random() < 0.7:
        await ParticipationRequest.insert(
            ParticipationRequest(case=case_id, requested_by="referent", mode=rng.choice(MODES))
        )


async def load_history(keys: dict[str, Any]) -> int:
    """Past cases over the last eighteen months; returns how many."""
    rng = random.Random(2026)
    rows = await Professional.select(Professional.id, Professional.institution)
    by_institution: dict[int, list[int]] = {}
    for r in rows:
        by_institution.setdefault(r["institution"], []).append(r["id"])
    institutions = sorted(by_institution)
    origin = datetime.combine(today() - timedelta(days=540), time(9), tzinfo=UTC)
    for n in range(CASES):
        submitted = origin + timedelta(days=int(n * 500 / CASES) + rng.randint(0, 6))
        chosen = rng.sample(institutions, rng.randint(2, 4))
        members = [rng.choice(by_institution[i]) for i in chosen]
        status = "closed" if submitted < origin + timedelta(days=400) and rng.random() < 0.6 else "active"
        case_id = await _case(rng, submitted, members, status)
        if submitted.date() + timedelta(days=75) < today():
            await _synthesis(rng, case_id, submitted, members)
    return CASES
