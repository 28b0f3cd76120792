"""Request and response models of the follow-up."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

import msgspec

from service.strict import Strict

Topic = Literal["general", "identity", "social", "housing", "resources", "health", "justice", "employment"]
Presence = Literal["present", "excused", "represented", "absent"]
ActionStatus = Literal["open", "done", "not_done", "circumstances_changed", "dropped"]
Text = Annotated[str, msgspec.Meta(min_length=1, max_length=4000)]


class AttendanceIn(Strict):
    status: Presence
    professional_id: int | None = None
    person: bool = False
    represented_by: Annotated[str, msgspec.Meta(max_length=200)] = ""


class ItemIn(Strict):
    kind: Literal["decision", "note"]
    text: Text
    category: Topic = "general"


class ActionIn(Strict):
    title: Text
    category: Topic = "general"
    owner_professional_id: int | None = None
    owner_is_person: bool = False
    due: date | None = None


class EvaluationIn(Strict):
    on: date
    purpose: Annotated[str, msgspec.Meta(max_length=1000)] = ""


class MinutesIn(Strict):
    attendance: Annotated[list[AttendanceIn], msgspec.Meta(min_length=1)]
    items: list[ItemIn] = msgspec.field(default_factory=list)
    actions: list[ActionIn] = msgspec.field(default_factory=list)
    evaluation: EvaluationIn | None = None


class ObservationIn(Strict):
    text: Text
    category: Topic = "general"


class ActionReview(Strict):
    """Where an action stands; an unfinished one says why (not done, or circumstances changed)."""

    status: ActionStatus
    review_note: Annotated[str, msgspec.Meta(max_length=2000)] = ""


class NoteIn(Strict):
    kind: Literal["strength", "resource", "barrier"]
    text: Text
    category: Topic = "general"


class Closure(Strict):
    outcome: Annotated[str, msgspec.Meta(min_length=3, max_length=2000)]
    reason: Annotated[str, msgspec.Meta(min_length=3, max_length=2000)]


class AttendanceRead(msgspec.Struct):
    professional_id: int | None
    person: bool
    status: str
    represented_by: str


class ItemRead(msgspec.Struct):
    id: int
    kind: str
    category: str
    text: str
    written_at: datetime


class ActionRead(msgspec.Struct):
    id: int
    title: str
    category: str
    owner_professional_id: int | None
    owner_is_person: bool
    due: date | None
    status: str
    review_note: str


class MinutesRead(msgspec.Struct):
    meeting_id: int
    case_id: int
    recorded_at: datetime
    attendance: list[AttendanceRead]
    items: list[ItemRead]
    withheld_items: int  # items in categories the reader's institution may not see
    actions: list[ActionRead]


class NoteRead(msgspec.Struct):
    id: int
    kind: str
    category: str
    text: str


class EvaluationRead(msgspec.Struct):
    id: int
    on: date
    purpose: str
    follow_up_meeting_id: int | None


class PlanRead(msgspec.Struct):
    case_id: int
    actions: list[ActionRead]
    to_review: list[ActionRead]  # unfinished and due: the next meeting goes through them
    notes: list[NoteRead]
    evaluations: list[EvaluationRead]
    withheld: int
