"""Request and response models of consent, exceptions and participation."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

import msgspec

from service.strict import Strict

Category = Literal["identity", "social", "housing", "resources", "health", "justice", "employment"]
CollectionMethod = Literal["signed_form", "oral_witnessed", "person_page"]
Mode = Literal["present", "part", "represented", "written", "absent_informed"]
HalfDay = Annotated[str, msgspec.Meta(pattern=r"^(mon|tue|wed|thu|fri|sat)-(am|pm)$")]


class ConsentIn(Strict):
    categories: Annotated[list[Category], msgspec.Meta(min_length=1)]
    institution_ids: Annotated[list[int], msgspec.Meta(min_length=1)]
    notice_version: Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
    method: CollectionMethod
    representative: Annotated[str, msgspec.Meta(max_length=300)] = ""
    valid_until: date | None = None


class Withdrawal(Strict):
    """Withdraw everything (no lists) or only some categories or institutions."""

    method: CollectionMethod
    categories: list[Category] = msgspec.field(default_factory=list)
    institution_ids: list[int] = msgspec.field(default_factory=list)


class ConsentRead(msgspec.Struct):
    id: int
    case_id: int
    categories: list[str]
    institution_ids: list[int]
    notice_version: str
    method: str
    collected_at: datetime
    representative: str
    valid_until: date | None
    withdrawn_at: datetime | None
    fully_withdrawn: bool
    withdrawn_categories: list[str]
    withdrawn_institution_ids: list[int]
    in_force: bool


class ExceptionIn(Strict):
    legal_basis: Annotated[str, msgspec.Meta(min_length=3, max_length=200)]
    reason: Annotated[str, msgspec.Meta(min_length=10, max_length=2000)]
    categories: Annotated[list[Category], msgspec.Meta(min_length=1)]
    institution_ids: Annotated[list[int], msgspec.Meta(min_length=1)]
    seek_consent_again_on: date


class ExceptionRead(msgspec.Struct):
    id: int
    case_id: int
    legal_basis: str
    reason: str
    categories: list[str]
    institution_ids: list[int]
    seek_consent_again_on: date
    recorded_at: datetime
    ended_at: datetime | None


class ParticipationIn(Strict):
    requested_by: Literal["person", "referent"]
    mode: Mode
    interpreter_language: Annotated[str, msgspec.Meta(max_length=40)] = ""
    accessible_room: bool = False
    video: bool = False
    companion: Annotated[str, msgspec.Meta(max_length=300)] = ""
    constraints: Annotated[str, msgspec.Meta(max_length=1000)] = ""
    preferred_half_days: list[HalfDay] = msgspec.field(default_factory=list)
    conflict_flagged: bool = False


class AgreementIn(Strict):
    agreed: bool


class AgreementRead(msgspec.Struct):
    professional_id: int
    agreed: bool
    at: datetime


class ParticipationRead(msgspec.Struct):
    id: int
    case_id: int
    requested_by: str
    mode: str
    interpreter_language: str
    accessible_room: bool
    video: bool
    companion: str
    constraints: str
    preferred_half_days: list[str]
    conflict_flagged: bool
    person_agreed: bool | None
    agreements: list[AgreementRead]
    missing_agreements: list[int]


class AccessLogEntry(msgspec.Struct):
    """One line of "who saw my situation": a role and an institution, never a name."""

    at: datetime
    role: str
    institution: str
    action: str
    categories: list[str]
