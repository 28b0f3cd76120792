"""Meeting and court-timeline tables."""

from typing import Any

from piccolo.columns import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from service.accounts.tables import User
from service.cases.tables import Case
from service.directory.tables import Professional, Room


class CourtEvent(Table):
    """A jalon judiciaire: the meetings it governs end ``lead_working_days`` working days before."""

    id: Serial
    case = ForeignKey(references=Case)
    kind = Varchar(length=30)  # hearing, adversarial_debate, report_due, end_of_measure, release
    at = Timestamptz()
    jurisdiction = Varchar(length=200, default="")
    lead_working_days = Integer(default=2)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class Session(Table, tablename="instance_session"):
    """A séance de l'instance: a plenary sitting with slots for several cases."""

    id: Serial
    start = Timestamptz()
    slots = Integer(default=6)
    slot_minutes = Integer(default=30)
    parallel_rooms = Integer(default=1)
    room = ForeignKey(references=Room, null=True, default=None)
    status = Varchar(length=20, default="planned")


class Meeting(Table):
    """A synthèse, a temps de préparation, a rencontre (the person attends), or a case's slot in a session."""

    id: Serial
    case = ForeignKey(references=Case)
    kind = Varchar(length=20)  # synthesis, preparation, encounter, session_slot
    status = Varchar(length=20, default="to_schedule")  # to_schedule, proposed, confirmed, held, cancelled
    duration_minutes = Integer(default=90)
    room_mode = Varchar(length=10, default="either")  # in_person, video, either
    room = ForeignKey(references=Room, null=True, default=None)
    start = Timestamptz(null=True, default=None)
    end = Timestamptz(null=True, default=None)
    earliest = Date(null=True, default=None)
    court_event = ForeignKey(references=CourtEvent, null=True, default=None)
    deadline = Timestamptz(null=True, default=None)
    prepares: ForeignKey[Any] = ForeignKey(references="self", null=True, default=None)
    session = ForeignKey(references=Session, null=True, default=None)
    # Calendar identity: a random UUID never changed, and a sequence raised on every change.
    uid = Varchar(length=64, unique=True)
    sequence = Integer(default=0)
    flagged = Text(default="")
    created_by = ForeignKey(references=User, null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class MeetingParticipant(Table):
    """Who is asked to a meeting: a professional, or the person (``is_person``)."""

    id: Serial
    meeting = ForeignKey(references=Meeting)
    professional = ForeignKey(references=Professional, null=True, default=None)
    is_person = Boolean(default=False)
    required = Boolean(default=True)
    response = Varchar(length=20, default="needs_action")  # needs_action, accepted, declined, tentative
    responded_at = Timestamptz(null=True, default=None)
