"""What can be done to a case, checked against the rules, in one transaction each."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from service.accounts.actor import Actor
from service.audit.recorder import Access, record
from service.cases import lifecycle
from service.cases.identity import case_reference, new_person_ref, person_key
from service.cases.schemas import (
    CaseCreate,
    CaseUpdate,
    MemberEnd,
    MemberIn,
    ReferentChoice,
    TransitionCreate,
)
from service.cases.tables import (
    Case,
    CaseCounter,
    CaseMember,
    CaseTransition,
    PersonIdentity,
    ReferentAssignment,
)
from service.clock import now, today
from service.consent.service import check_institutions, insert_consent
from service.db import transaction
from service.directory.tables import Professional
from service.errors import Conflict, FieldError, Forbidden, Invalid, NotFound
from service.policy import CATEGORIES, CaseAccess, case_access, is_active_member

REPEAT_WINDOW = timedelta(days=365)
SINGLE_INTERVENANT = (
    "A complex case needs at least two intervenants from at least two institutions. "
    "With a single intervenant, or intervenants of a single institution, the situation belongs "
    "to ordinary follow-up: add the other professionals who accompany the person to 'members'."
)


async def get_case(case_id: int) -> Case:
    """The case, or 404."""
    case = await Case.objects().where(Case.id == case_id).first()
    if case is None:
        raise NotFound("case", case_id)
    return case


async def require_access(actor: Actor, case_id: int, *, write: bool = False) -> tuple[Case, CaseAccess]:
    """The case and the actor's access to it; refusals are audited and look like an unknown id."""
    case = await get_case(case_id)
    access = await case_access(actor, case_id)
    allowed = access.can_write if write else access.can_read
    if not allowed:
        await record(actor, "write" if write else "read", "case", case_id, case_id=case_id, outcome="refused")
        if access.can_read:
            raise Forbidden("Only the coordinator and active members of the liste may change this case.")
        raise NotFound("case", case_id)
    return case, access


async def _professionals(ids: set[int]) -> dict[int, dict[str, Any]]:
    rows = await Professional.select(Professional.id, Professional.institution, Professional.active).where(
        Professional.id.is_in(list(ids))
    )
    return {row["id"]: row for row in rows}


async def _check_intake(data: CaseCreate, actor: Actor) -> list[MemberIn]:
    """The members of the intake (the referring professional included), or a 422 naming the field."""
    if actor.role == "professional" and data.referring_professional_id != actor.professional_id:
        raise Invalid(
            "A professional refers cases in their own name.",
            [FieldError("referring_professional_id", f"must be your own id ({actor.professional_id})")],
        )
    members = list(data.members)
    if data.referring_professional_id not in {m.professional_id for m in members}:
        members.append(
            MemberIn(professional_id=data.referring_professional_id, role="à l'origine de la saisine")
        )
    found = await _professionals({m.professional_id for m in members})
    unknown = [m.professional_id for m in members if m.professional_id not in found]
    if unknown:
        field = "referring_professional_id" if data.referring_professional_id in unknown else "members"
        raise Invalid(
            f"Unknown professionals {sorted(set(unknown))}: use ids from /api/professionals.",
            [FieldError(field, f"unknown professional ids {sorted(set(unknown))}")],
        )
    if len({m.professional_id for m in members}) != len(members):
        raise Invalid(
            "A professional appears twice in the liste.",
            [FieldError("members", "list each professional once")],
        )
    if len(members) < 2 or len({found[m.professional_id]["institution"] for m in members}) < 2:
        raise Invalid(
            SINGLE_INTERVENANT,
            [FieldError("members", "at least two intervenants from two institutions")],
        )
    return members


async def _next_reference(year: int) -> str:
    await CaseCounter.insert(CaseCounter(year=year, last=0)).on_conflict(action="DO NOTHING")
    rows = await (
        CaseCounter.update({CaseCounter.last: CaseCounter.last + 1})
        .where(CaseCounter.year == year)
        .returning(CaseCounter.last)
    )
    return case_reference(year, rows[0]["last"])


async def _previous_case(key: str) -> int | None:
    """The most recent case of the same person active within the last 12 months."""
    rows = await (
        PersonIdentity.select(PersonIdentity.case.id, PersonIdentity.case.last_activity_at)
        .where(PersonIdentity.person_key == key)
        .order_by(PersonIdentity.case.last_activity_at, ascending=False)
        .limit(1)
    )
    if rows and rows[0]["case.last_activity_at"] >= now() - REPEAT_WINDOW:
        return int(rows[0]["case.id"])
    return None


async def submit_case(data: CaseCreate, actor: Actor) -> int:
    """Record an intake; returns the new case id."""
    members = await _check_intake(data, actor)
    if data.consent is not None:
        await check_institutions(data.consent.institution_ids, "consent.institution_ids")
    key = person_key(data.person.first_name, data.person.last_name, data.person.birth_date)
    async with transaction():
        previous = await _previous_case(key)
        case = Case(
            reference=await _next_reference(today().year),
            person_ref=new_person_ref(),
            status="submitted",
            question=data.question,
            barriers=list(data.barriers),
            urgency=data.urgency,
            participation_wish=data.participation_wish,
            referring_professional=data.referring_professional_id,
            submitted_by=actor.user_id,
            repeat_referral=previous is not None,
            previous_case=previous,
            submitted_at=now(),
            last_activity_at=now(),
        )
        await case.save()
        await PersonIdentity.insert(PersonIdentity(case=case.id, person_key=key, **_person_fields(data)))
        for member in members:
            await _add_member_row(case.id, member)
        if data.consent is not None:
            await insert_consent(case.id, data.consent, actor)
        await record(actor, "create", "case", case.id, case_id=case.id, access=Access(tuple(CATEGORIES)))
    return int(case.id)


def _person_fields(data: CaseCreate) -> dict[str, Any]:
    p = data.person
    return {
        "first_name": p.first_name,
        "last_name": p.last_name,
        "birth_date": p.birth_date,
        "email": p.email,
        "phone": p.phone,
        "address": p.address,
    }


async def _add_member_row(case_id: int, member: MemberIn) -> int:
    row = CaseMember(
        case=case_id,
        professional=member.professional_id,
        role=member.role,
        since=member.since or today(),
    )
    await row.save()
    return int(row.id)


async def _touch(case_id: int) -> None:
    await Case.update({Case.last_activity_at: now()}).where(Case.id == case_id)


async def update_case(case_id: int, data: CaseUpdate, actor: Actor) -> None:
    """Change the question, barriers, urgency or participation wish."""
    await require_access(actor, case_id, write=True)
    changes = {name: value for name in data.__struct_fields__ if (value := getattr(data, name)) is not None}
    if not changes:
        raise Invalid("Nothing to change.", [FieldError("body", "send at least one field")])
    async with transaction():
        await Case.update({getattr(Case, k): v for k, v in changes.items()}).where(Case.id == case_id)
        await _touch(case_id)
        await record(
            actor,
            "update",
            "case",
            case_id,
            case_id=case_id,
            access=Access(("social",)),
            detail=",".join(changes),
        )


async def transition(case_id: int, data: TransitionCreate, actor: Actor) -> None:
    """Move the case along its life cycle (coordinator only, checked by the route guard)."""
    case = await get_case(case_id)
    if not lifecycle.is_legal(case.status, data.to):
        allowed = ", ".join(sorted(lifecycle.allowed_next(case.status))) or "none"
        raise Conflict(
            f"A {case.status} case cannot become {data.to}; from {case.status} it can become: {allowed}.",
            [FieldError("to", f"not allowed from {case.status}")],
        )
    async with transaction():
        updated = (
            await Case.update({Case.status: data.to, Case.last_activity_at: now()})
            .where(Case.id == case_id, Case.status == case.status)
            .returning(Case.id)
        )
        if not updated:
            raise Conflict("The case changed meanwhile; read it again and retry.")
        await CaseTransition.insert(
            CaseTransition(
                case=case_id,
                from_status=case.status,
                to_status=data.to,
                reason=data.reason,
                by=actor.user_id,
                at=now(),
            )
        )
        await record(
            actor,
            "transition",
            "case",
            case_id,
            case_id=case_id,
            detail=f"{case.status}->{data.to}",
        )


async def add_member(case_id: int, data: MemberIn, actor: Actor) -> int:
    """Add a professional to the liste d'accompagnement."""
    await require_access(actor, case_id, write=True)
    if not (await _professionals({data.professional_id})):
        raise Invalid(
            "Unknown professional.",
            [FieldError("professional_id", "use an id from /api/professionals")],
        )
    day = data.since or today()
    clash = await CaseMember.exists().where(
        CaseMember.case == case_id,
        CaseMember.professional == data.professional_id,
        (CaseMember.until.is_null()) | (CaseMember.until >= day),
    )
    if clash:
        raise Conflict(
            "This professional is already on the liste.",
            [FieldError("professional_id", "already a member")],
        )
    async with transaction():
        member_id = await _add_member_row(case_id, data)
        await _touch(case_id)
        await record(actor, "create", "case_member", member_id, case_id=case_id)
    return member_id


async def end_membership(case_id: int, member_id: int, data: MemberEnd, actor: Actor) -> None:
    """A member leaves the liste on ``until``; a leaving référent stops being référent then."""
    await require_access(actor, case_id, write=True)
    member = await CaseMember.objects().where(CaseMember.id == member_id, CaseMember.case == case_id).first()
    if member is None:
        raise NotFound("member of this case", member_id)
    if member.until is not None:
        raise Conflict(
            "This membership has already ended.", [FieldError("until", f"ended on {member.until}")]
        )
    if data.until < member.since:
        raise Invalid(
            "A membership cannot end before it began.",
            [FieldError("until", f"on or after {member.since}")],
        )
    async with transaction():
        await CaseMember.update({CaseMember.until: data.until}).where(CaseMember.id == member_id)
        await ReferentAssignment.update({ReferentAssignment.until: now()}).where(
            ReferentAssignment.case == case_id,
            ReferentAssignment.professional == member.professional,
            ReferentAssignment.until.is_null(),
        )
        await _touch(case_id)
        await record(actor, "update", "case_member", member_id, case_id=case_id, detail=f"until {data.until}")


async def choose_referent(case_id: int, data: ReferentChoice, actor: Actor) -> int:
    """Record the référent de parcours; the previous one's assignment ends now."""
    await require_access(actor, case_id, write=True)
    if not data.chosen_by_person and len(data.reason.strip()) < 3:
        raise Invalid(
            "When the person did not choose the référent, say why.",
            [FieldError("reason", "required when chosen_by_person is false")],
        )
    if not await is_active_member(data.professional_id, case_id):
        raise Invalid(
            "The référent is chosen among the active members of the liste.",
            [FieldError("professional_id", "not an active member of this case")],
        )
    current = await current_referent(case_id)
    if current is not None and current.professional == data.professional_id:
        raise Conflict(
            "This professional is already the référent.",
            [FieldError("professional_id", "already référent")],
        )
    async with transaction():
        if current is not None:
            await ReferentAssignment.update({ReferentAssignment.until: now()}).where(
                ReferentAssignment.id == current.id
            )
        row = ReferentAssignment(
            case=case_id,
            professional=data.professional_id,
            chosen_by_person=data.chosen_by_person,
            reason=data.reason,
            recorded_by=actor.user_id,
            since=now(),
        )
        await row.save()
        await _touch(case_id)
        await record(actor, "create", "referent", row.id, case_id=case_id)
    return int(row.id)


async def current_referent(case_id: int) -> ReferentAssignment | None:
    """The référent de parcours in office, if any."""
    return (
        await ReferentAssignment.objects()
        .where(ReferentAssignment.case == case_id, ReferentAssignment.until.is_null())
        .first()
    )


def member_is_active(since: date, until: date | None, day: date) -> bool:
    """Whether a membership covers ``day``."""
    return since <= day and (until is None or until >= day)
