"""Scheduling runs and alerts."""

from piccolo.columns import JSON, Float, ForeignKey, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from service.accounts.tables import User
from service.cases.tables import Case
from service.meetings.tables import Meeting


class ScheduleRun(Table):
    """One solve: the exact problem sent, its solution, and where it stands."""

    id: Serial
    status = Varchar(length=20, default="queued")  # queued, running, done, failed
    reason = Varchar(length=40, default="request")  # request, absence, decline, court_date
    requested_by = ForeignKey(references=User, null=True, default=None)
    meeting_ids = JSON(default="[]")
    time_limit = Float(default=10.0)
    problem = JSON(default="{}")
    solution = JSON(default="{}")
    error = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())
    finished_at = Timestamptz(null=True, default=None)


class Alert(Table):
    """A meeting that cannot be held before its deadline, with who or what blocks it."""

    id: Serial
    meeting = ForeignKey(references=Meeting)
    case = ForeignKey(references=Case)
    reason = Varchar(length=30)
    detail = Text(default="")
    blocking = JSON(default="[]")
    created_at = Timestamptz(default=TimestamptzNow())
    resolved_at = Timestamptz(null=True, default=None)
