"""The access policy, in one place: who may read or change which case, and which categories.

A professional opens a case only as an active member of its liste d'accompagnement, or for
30 days after having been its référent; the coordinator of the instance opens every case.
Membership of an institution alone gives nothing. Within a case, each information category is
visible only where a consent in force (or a coordinator's justified exception) covers the
reader's institution; otherwise the reader sees the pseudonymous summary. Administrators run
the directory and the accounts, and read no case data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Literal

from service.accounts.actor import Actor
from service.audit.recorder import Access
from service.cases.tables import CaseMember, ReferentAssignment
from service.clock import now, today
from service.consent.coverage import coverage_for
from service.consent.service import grants_for_case

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

    def relied_on(self) -> Access:
        """What a read under this access relies on, as the audit records it."""
        return Access(tuple(sorted(self.categories)), self.consent_id, self.exception_id)


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


async def standing(actor: Actor, case_id: int) -> Standing:
    """Why, if at all, an actor may open a case."""
    if actor.is_coordinator:
        return "coordinator"
    if actor.role != "professional" or actor.professional_id is None:
        return "none"
    if await is_active_member(actor.professional_id, case_id):
        return "member"
    if await is_recent_referent(actor.professional_id, case_id):
        return "former_referent"
    return "none"


async def case_access(actor: Actor, case_id: int) -> CaseAccess:
    """The access an actor has to a case: the standing to open it, then, within it, each category
    only where a consent in force or a justified exception covers the actor's institution."""
    why = await standing(actor, case_id)
    if why == "none":
        return NO_ACCESS
    coverage = coverage_for(await grants_for_case(case_id), actor.institution_id)
    return CaseAccess(why, coverage.categories, coverage.consent_id, coverage.exception_id)


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
