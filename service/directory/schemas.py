"""Request and response models of the directory."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

import msgspec

from service.strict import Strict

InstitutionKind = Literal[
    "departement",
    "france_travail",
    "caf",
    "cpam",
    "hospital",
    "spip",
    "pjj",
    "siao",
    "chrs",
    "association",
    "school",
    "ccas",
    "other",
]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
ClockTime = Annotated[str, msgspec.Meta(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]
# A published calendar: an http(s) address, or nothing.
FeedUrl = Annotated[str, msgspec.Meta(pattern=r"^(https?://[^\s]+)?$", max_length=500)]
WorkingHours = dict[Weekday, list[tuple[ClockTime, ClockTime]]]
Text200 = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
AbsenceKind = Literal["leave", "training", "sick", "other"]


class SiteIn(Strict):
    name: Text200
    address: Annotated[str, msgspec.Meta(min_length=3, max_length=300)]
    postcode: Annotated[str, msgspec.Meta(pattern=r"^\d{5}$")]
    city: Text200
    access: Annotated[str, msgspec.Meta(max_length=1000)] = ""


class SiteRead(msgspec.Struct):
    id: int
    institution_id: int
    name: str
    address: str
    postcode: str
    city: str
    access: str


class InstitutionCreate(Strict):
    name: Text200
    kind: InstitutionKind
    holiday_subdivision: Annotated[str, msgspec.Meta(pattern=r"^(57|67|68)$")] | None = None
    sites: list[SiteIn] = msgspec.field(default_factory=list)


class InstitutionUpdate(Strict):
    name: Text200 | None = None
    kind: InstitutionKind | None = None
    holiday_subdivision: Annotated[str, msgspec.Meta(pattern=r"^(57|67|68)$")] | None = None


class InstitutionRead(msgspec.Struct):
    id: int
    name: str
    kind: str
    holiday_subdivision: str | None
    sites: list[SiteRead]


class ProfessionalCreate(Strict):
    first_name: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    last_name: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    profession: Annotated[str, msgspec.Meta(min_length=2, max_length=150)]
    institution_id: int
    email: Annotated[str, msgspec.Meta(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=254)]
    phone: Annotated[str, msgspec.Meta(max_length=40)] = ""
    site_id: int | None = None
    working_hours: WorkingHours = msgspec.field(default_factory=dict)
    calendar_feed_url: FeedUrl = ""


class ProfessionalUpdate(Strict):
    first_name: Annotated[str, msgspec.Meta(min_length=1, max_length=100)] | None = None
    last_name: Annotated[str, msgspec.Meta(min_length=1, max_length=100)] | None = None
    profession: Annotated[str, msgspec.Meta(min_length=2, max_length=150)] | None = None
    email: Annotated[str, msgspec.Meta(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=254)] | None = None
    phone: Annotated[str, msgspec.Meta(max_length=40)] | None = None
    site_id: int | None = None
    working_hours: WorkingHours | None = None
    calendar_feed_url: FeedUrl | None = None
    active: bool | None = None


class ProfessionalRead(msgspec.Struct):
    id: int
    first_name: str
    last_name: str
    profession: str
    institution_id: int
    institution: str
    email: str
    phone: str
    site_id: int | None
    working_hours: dict[str, list[list[str]]]
    weekly_minutes: int
    calendar_feed_url: str
    active: bool


class AbsenceIn(Strict):
    start: date
    end: date
    kind: AbsenceKind = "leave"


class AbsenceRead(msgspec.Struct):
    id: int
    professional_id: int
    start: date
    end: date
    kind: str


class RoomCreate(Strict):
    site_id: int
    name: Text200
    capacity: Annotated[int, msgspec.Meta(ge=1, le=500)]
    accessible: bool = False
    video_equipped: bool = False


class RoomUpdate(Strict):
    name: Text200 | None = None
    capacity: Annotated[int, msgspec.Meta(ge=1, le=500)] | None = None
    accessible: bool | None = None
    video_equipped: bool | None = None


class RoomRead(msgspec.Struct):
    id: int
    site_id: int
    site: str
    name: str
    capacity: int
    accessible: bool
    video_equipped: bool
