"""Request and response models of court events, meetings, runs and alerts."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

import msgspec

from service.strict import Strict

CourtEventKind = Literal["hearing", "adversarial_debate", "report_due", "end_of_measure", "release"]
MeetingKind = Literal["synthesis", "preparation", "encounter"]
MeetingStatus = Literal["to_schedule", "proposed", "confirmed", "held", "cancelled"]
RoomMode = Literal["in_person", "video", "either"]
Duration = Annotated[int, msgspec.Meta(ge=15, le=480, multiple_of=15)]


class CourtEventIn(Strict):
    kind: CourtEventKind
    at: datetime
    jurisdiction: Annotated[str, msgspec.Meta(max_length=200)] = ""
    lead_working_days: Annotated[int, msgspec.Meta(ge=0, le=60)] = 2


class CourtEventMove(Strict):
    at: datetime


class CourtEventRead(msgspec.Struct):
    id: int
    case_id: int
    kind: str
    at: datetime
    jurisdiction: str
    lead_working_days: int
    meetings_must_end_by: datetime


class MeetingIn(Strict):
    kind: MeetingKind
    required_professional_ids: Annotated[list[int], msgspec.Meta(min_length=1)]
    optional_professional_ids: list[int] = msgspec.field(default_factory=list)
    duration_minutes: Duration = 90
    room_mode: RoomMode = "either"
    earliest: date | None = None
    prepares_meeting_id: int | None = None


class StatusChange(Strict):
    to: MeetingStatus
    reason: Annotated[str, msgspec.Meta(min_length=3, max_length=1000)]


class Confirmation(Strict):
    """Confirm the proposed placement, or give one."""

    start: datetime | None = None
    room_id: int | None = None


class ResponseIn(Strict):
    response: Literal["accepted", "declined", "tentative"]


class ParticipantRead(msgspec.Struct):
    professional_id: int | None
    is_person: bool
    required: bool
    response: str


class MeetingRead(msgspec.Struct):
    id: int
    case_id: int
    case_reference: str
    kind: str
    status: str
    duration_minutes: int
    room_mode: str
    room_id: int | None
    start: datetime | None
    end: datetime | None
    earliest: date | None
    deadline: datetime | None
    uid: str
    sequence: int
    flagged: str
    participants: list[ParticipantRead]


class ProposalRead(msgspec.Struct):
    start: datetime
    end: datetime
    room_id: int | None
    professional_ids: list[int]
    person_attends: bool
    missing_optional_professional_ids: list[int]


class FindSlotRead(msgspec.Struct):
    meeting_id: int
    proposals: list[ProposalRead]
    unscheduled: list[dict[str, Any]]


class RunIn(Strict):
    meeting_ids: list[int] | None = None
    time_limit: Annotated[float, msgspec.Meta(gt=0, le=120)] = 10.0


class RunRead(msgspec.Struct):
    id: int
    status: str
    reason: str
    meeting_ids: list[int]
    created_at: datetime
    finished_at: datetime | None
    error: str
    solution: dict[str, Any]


class AlertRead(msgspec.Struct):
    id: int
    meeting_id: int
    case_id: int
    reason: str
    detail: str
    blocking: list[dict[str, Any]]
    created_at: datetime
