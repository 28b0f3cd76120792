"""Minutes, the shared action plan and evaluation dates."""

from piccolo.columns import Boolean, Date, ForeignKey, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from service.accounts.tables import User
from service.cases.tables import Case
from service.directory.tables import Professional
from service.meetings.tables import Meeting


class Minutes(Table):
    """The compte rendu of a held meeting."""

    id: Serial
    meeting = ForeignKey(references=Meeting, unique=True)
    case = ForeignKey(references=Case)
    recorded_by = ForeignKey(references=User, null=True, default=None)
    recorded_at = Timestamptz(default=TimestamptzNow())


class Attendance(Table):
    """Who was there: present, excused, represented (by whom, as a role) or absent."""

    id: Serial
    minutes = ForeignKey(references=Minutes)
    professional = ForeignKey(references=Professional, null=True, default=None)
    is_person = Boolean(default=False)
    status = Varchar(length=20)
    represented_by = Varchar(length=200, default="")


class MinutesItem(Table):
    """A decision, a note, or the person's own observation; each in one information category, so a
    reader sees only what consent lets them see."""

    id: Serial
    minutes = ForeignKey(references=Minutes)
    kind = Varchar(length=20)  # decision, note, person_observation
    category = Varchar(length=20)  # general, or an information category of the consent
    text = Text()
    written_at = Timestamptz(default=TimestamptzNow())


class PlanAction(Table):
    """An action of the shared plan: who does what by when."""

    id: Serial
    case = ForeignKey(references=Case)
    minutes = ForeignKey(references=Minutes, null=True, default=None)
    title = Text()
    category = Varchar(length=20, default="general")
    owner_professional = ForeignKey(references=Professional, null=True, default=None)
    owner_is_person = Boolean(default=False)
    due = Date(null=True, default=None)
    status = Varchar(length=30, default="open")  # open, done, not_done, circumstances_changed, dropped
    review_note = Text(default="")
    reviewed_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())


class PlanNote(Table):
    """What the person brings (strengths, resources) beside the barriers."""

    id: Serial
    case = ForeignKey(references=Case)
    kind = Varchar(length=20)  # strength, resource, barrier
    category = Varchar(length=20, default="general")
    text = Text()
    created_at = Timestamptz(default=TimestamptzNow())


class EvaluationDate(Table):
    """A date to look at the plan again; when it comes, a follow-up meeting is proposed."""

    id: Serial
    case = ForeignKey(references=Case)
    on = Date()
    purpose = Text(default="")
    follow_up = ForeignKey(references=Meeting, null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
