"""Request and response models of the cases area."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

import msgspec

from service.consent.schemas import ConsentIn
from service.strict import Strict

Barrier = Literal[
    "health",
    "rights",
    "language",
    "mobility",
    "family",
    "resources",
    "housing",
    "justice",
    "employment",
]
ParticipationWish = Literal["present", "part", "represented", "written", "absent_informed"]
CaseStatus = Literal["submitted", "accepted", "redirected", "declined", "active", "closed", "archived"]

Name = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
Reason = Annotated[str, msgspec.Meta(min_length=3, max_length=2000)]
Urgency = Annotated[int, msgspec.Meta(ge=1, le=5)]


class PersonIn(Strict):
    first_name: Name
    last_name: Name
    birth_date: date | None = None
    email: Annotated[str, msgspec.Meta(max_length=254)] = ""
    phone: Annotated[str, msgspec.Meta(max_length=40)] = ""
    address: Annotated[str, msgspec.Meta(max_length=500)] = ""


class MemberIn(Strict):
    professional_id: int
    role: Annotated[str, msgspec.Meta(min_length=2, max_length=150)]
    since: date | None = None


class CaseCreate(Strict):
    """An intake: the saisine of the instance."""

    person: PersonIn
    referring_professional_id: int
    question: Annotated[str, msgspec.Meta(min_length=10, max_length=4000)]
    barriers: Annotated[list[Barrier], msgspec.Meta(min_length=1)]
    urgency: Urgency = 3
    participation_wish: ParticipationWish = "absent_informed"
    members: list[MemberIn] = msgspec.field(default_factory=list)
    consent: ConsentIn | None = None


class CaseUpdate(Strict):
    question: Annotated[str, msgspec.Meta(min_length=10, max_length=4000)] | None = None
    barriers: Annotated[list[Barrier], msgspec.Meta(min_length=1)] | None = None
    urgency: Urgency | None = None
    participation_wish: ParticipationWish | None = None


class TransitionCreate(Strict):
    to: CaseStatus
    reason: Reason


class MemberEnd(Strict):
    until: date


class ReferentChoice(Strict):
    professional_id: int
    chosen_by_person: bool = True
    reason: Annotated[str, msgspec.Meta(max_length=2000)] = ""


class PersonRead(msgspec.Struct):
    first_name: str
    last_name: str
    birth_date: date | None
    email: str
    phone: str
    address: str


class MemberRead(msgspec.Struct):
    id: int
    professional_id: int
    name: str
    institution_id: int
    institution: str
    role: str
    since: date
    until: date | None
    active: bool


class ReferentRead(msgspec.Struct):
    id: int
    professional_id: int
    name: str
    chosen_by_person: bool
    reason: str
    since: datetime
    until: datetime | None


class TransitionRead(msgspec.Struct):
    id: int
    from_status: str
    to_status: str
    reason: str
    at: datetime


class CaseSummary(msgspec.Struct):
    """The pseudonymous summary: what anyone entitled to the case sees."""

    id: int
    reference: str
    person_ref: str
    status: str
    urgency: int
    submitted_at: datetime


class CaseRead(msgspec.Struct):
    id: int
    reference: str
    person_ref: str
    status: str
    urgency: int
    submitted_at: datetime
    last_activity_at: datetime
    question: str | None
    barriers: list[str]
    participation_wish: str
    referring_professional_id: int
    referent: ReferentRead | None
    repeat_referral: bool
    previous_case_reference: str | None
    outcome: str
    members: list[MemberRead]
    person: PersonRead | None
    visible_categories: list[str]
