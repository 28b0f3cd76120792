"""The access policy, in one place: who may read or change which case, and which categories.

A professional reads a case only as an active member of its liste d'accompagnement, or for
30 days after having been its référent; the coordinator of the instance reads every case.
Membership of an institution alone gives nothing. Administrators run the directory and the
accounts, and read no case data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Literal

from service.accounts.actor import Actor
from service.cases.tables import CaseMember, ReferentAssignment
from service.clock import now, today

CATEGORIES: tuple[str, ...] = (
    "identity",
    "social",
    "housing",
    "resources",
    "health",
    "justice",
    "employment",
)
FORMER_REFERENT_GRACE = timedelta(days=30)

Standing = Literal["coordinator", "member", "former_referent", "none"]


@dataclass(frozen=True)
class CaseAccess:
    """What an actor may do with one case."""

    standing: Standing
    categories: frozenset[str] = field(default_factory=frozenset)
    consent_id: int | None = None
    exception_id: int | None = None

    @property
    def can_read(self) -> bool:
        return self.standing != "none"

    @property
    def can_write(self) -> bool:
        return self.standing in {"coordinator", "member"}


NO_ACCESS = CaseAccess("none")


async def is_active_member(professional_id: int, case_id: int) -> bool:
    """Whether the professional is on the case's liste today."""
    day = today()
    return await CaseMember.exists().where(
        CaseMember.case == case_id,
        CaseMember.professional == professional_id,
        CaseMember.since <= day,
        (CaseMember.until.is_null()) | (CaseMember.until >= day),
    )


async def is_recent_referent(professional_id: int, case_id: int) -> bool:
    """Whether the professional stopped being référent of the case less than 30 days ago."""
    return await ReferentAssignment.exists().where(
        ReferentAssignment.case == case_id,
        ReferentAssignment.professional == professional_id,
        ReferentAssignment.until >= now() - FORMER_REFERENT_GRACE,
    )


async def case_access(actor: Actor, case_id: int) -> CaseAccess:
    """The access an actor has to a case."""
    if actor.is_coordinator:
        return CaseAccess("coordinator", frozenset(CATEGORIES))
    if actor.role != "professional" or actor.professional_id is None:
        return NO_ACCESS
    if await is_active_member(actor.professional_id, case_id):
        return CaseAccess("member", frozenset(CATEGORIES))
    if await is_recent_referent(actor.professional_id, case_id):
        return CaseAccess("former_referent", frozenset(CATEGORIES))
    return NO_ACCESS


async def visible_case_ids(actor: Actor) -> set[int] | None:
    """The cases an actor may list; ``None`` means every case."""
    if actor.is_coordinator:
        return None
    if actor.role != "professional" or actor.professional_id is None:
        return set()
    day = today()
    members = await CaseMember.select(CaseMember.case).where(
        CaseMember.professional == actor.professional_id,
        CaseMember.since <= day,
        (CaseMember.until.is_null()) | (CaseMember.until >= day),
    )
    referents = await ReferentAssignment.select(ReferentAssignment.case).where(
        ReferentAssignment.professional == actor.professional_id,
        ReferentAssignment.until >= now() - FORMER_REFERENT_GRACE,
    )
    return {row["case"] for row in members} | {row["case"] for row in referents}
