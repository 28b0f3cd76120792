"""Case responses, built from rows and cut to what the reader may see."""

from __future__ import annotations

from typing import Any

from notifications.glossary import REVEALING_KINDS
from service.cases.schemas import (
    CaseRead,
    CaseSummary,
    MemberRead,
    PersonRead,
    ReferentRead,
    TransitionRead,
)
from service.cases.service import member_is_active
from service.cases.tables import (
    Case,
    CaseMember,
    CaseTransition,
    PersonIdentity,
    ReferentAssignment,
)
from service.clock import today
from service.policy import CaseAccess
from service.rows import json_value

# The question describes the situation: it is social information.
SITUATION_CATEGORY = "social"


def summary(row: dict[str, Any]) -> CaseSummary:
    """The pseudonymous summary of a case row."""
    return CaseSummary(
        id=row["id"],
        reference=row["reference"],
        person_ref=row["person_ref"],
        status=row["status"],
        urgency=row["urgency"],
        submitted_at=row["submitted_at"],
    )


# Some institutions reveal a category by being on the liste (REVEALING_KINDS): their members are
# listed only to readers of that category.


# Read with every case: plain queries (Piccolo's joined selects cost more to build than to run).
_MEMBERS = """
SELECT m.id, m.professional, m.role, m.since, m."until", p.first_name, p.last_name,
       i.id AS institution_id, i.name AS institution, i.kind AS institution_kind
FROM case_member m
JOIN professional p ON p.id = m.professional
JOIN institution i ON i.id = p.institution
WHERE m."case" = {}
ORDER BY m.id
"""


async def members_of(case_id: int, categories: frozenset[str]) -> list[MemberRead]:
    """The liste d'accompagnement, past members included, without the members whose institution
    would reveal a category the reader may not see."""
    day = today()
    return [
        MemberRead(
            id=r["id"],
            professional_id=r["professional"],
            name=f"{r['first_name']} {r['last_name']}",
            institution_id=r["institution_id"],
            institution=r["institution"],
            role=r["role"],
            since=r["since"],
            until=r["until"],
            active=member_is_active(r["since"], r["until"], day),
        )
        for r in await CaseMember.raw(_MEMBERS, case_id)
        if _listable(r["institution_kind"], categories)
    ]


def _listable(kind: str, categories: frozenset[str]) -> bool:
    revealed = REVEALING_KINDS.get(kind)
    return revealed is None or revealed in categories


_REFERENTS = """
SELECT r.id, r.professional, r.chosen_by_person, r.reason, r.since, r."until", p.first_name, p.last_name
FROM referent_assignment r
JOIN professional p ON p.id = r.professional
WHERE r."case" = {}
ORDER BY r.id
"""


async def referents_of(case_id: int) -> list[ReferentRead]:
    """Every référent the case has had, the current one last."""
    return [
        ReferentRead(
            id=r["id"],
            professional_id=r["professional"],
            name=f"{r['first_name']} {r['last_name']}",
            chosen_by_person=bool(r["chosen_by_person"]),
            reason=r["reason"],
            since=r["since"],
            until=r["until"],
        )
        for r in await ReferentAssignment.raw(_REFERENTS, case_id)
    ]


async def transitions_of(case_id: int) -> list[TransitionRead]:
    """The life cycle so far."""
    rows = await CaseTransition.select().where(CaseTransition.case == case_id).order_by(CaseTransition.id)
    return [
        TransitionRead(
            id=r["id"],
            from_status=r["from_status"],
            to_status=r["to_status"],
            reason=r["reason"],
            at=r["at"],
        )
        for r in rows
    ]


async def _person(case_id: int) -> PersonRead | None:
    row = await PersonIdentity.select().where(PersonIdentity.case == case_id).first()
    if row is None:
        return None
    return PersonRead(
        first_name=row["first_name"],
        last_name=row["last_name"],
        birth_date=row["birth_date"],
        email=row["email"],
        phone=row["phone"],
        address=row["address"],
    )


async def _previous_reference(previous_id: int | None) -> str | None:
    if previous_id is None:
        return None
    row = await Case.select(Case.reference).where(Case.id == previous_id).first()
    return row["reference"] if row else None


async def case_read(case: Case, access: CaseAccess) -> CaseRead:
    """The case as this reader may see it: each category only where access covers it."""
    seen = access.categories
    barriers = [b for b in json_value(case.barriers) if _CATEGORY_OF_BARRIER.get(b, "social") in seen]
    current = [r for r in await referents_of(case.id) if r.until is None]
    return CaseRead(
        id=case.id,
        reference=case.reference,
        person_ref=case.person_ref,
        status=case.status,
        urgency=case.urgency,
        submitted_at=case.submitted_at,
        last_activity_at=case.last_activity_at,
        question=case.question if SITUATION_CATEGORY in seen else None,
        barriers=barriers,
        participation_wish=case.participation_wish,
        referring_professional_id=case.referring_professional,
        referent=current[-1] if current else None,
        repeat_referral=case.repeat_referral,
        previous_case_reference=await _previous_reference(case.previous_case),
        outcome=case.outcome,
        members=await members_of(case.id, seen),
        person=await _person(case.id) if "identity" in seen else None,
        visible_categories=sorted(seen),
    )


# A barrier reveals the category it belongs to; it is listed only to readers of that category.
_CATEGORY_OF_BARRIER = {
    "health": "health",
    "justice": "justice",
    "housing": "housing",
    "resources": "resources",
    "employment": "employment",
    "rights": "social",
    "language": "social",
    "mobility": "social",
    "family": "social",
}
