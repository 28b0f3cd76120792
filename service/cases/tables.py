"""Case tables. The person's identity is kept apart from the case itself."""

from typing import Any

from piccolo.columns import (
    JSON,
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
from service.directory.tables import Professional


class Case(Table, tablename="complex_case"):
    """A referral of one person's situation to the instance."""

    id: Serial

    reference = Varchar(length=20, unique=True)
    person_ref = Varchar(length=20, unique=True)
    status = Varchar(length=20, default="submitted")
    question = Text()
    barriers = JSON(default="[]")
    urgency = Integer(default=3)
    participation_wish = Varchar(length=30, default="absent_informed")
    referring_professional = ForeignKey(references=Professional)
    submitted_by = ForeignKey(references=User, null=True, default=None)
    repeat_referral = Boolean(default=False)
    previous_case: ForeignKey[Any] = ForeignKey(references="self", null=True, default=None)
    outcome = Text(default="")
    submitted_at = Timestamptz(default=TimestamptzNow())
    last_activity_at = Timestamptz(default=TimestamptzNow())


class PersonIdentity(Table):
    """Who the person is: shown only to those entitled to the identity category."""

    id: Serial

    case = ForeignKey(references=Case, unique=True)
    first_name = Varchar(length=100)
    last_name = Varchar(length=100)
    birth_date = Date(null=True, default=None)
    email = Varchar(length=254, default="")
    phone = Varchar(length=40, default="")
    address = Text(default="")
    # Keyed digest of name and birth date: finds a repeat referral without searching names.
    person_key = Varchar(length=64, index=True)


class CaseMember(Table):
    """A professional of the liste d'accompagnement, from ``since`` until ``until``."""

    id: Serial

    case = ForeignKey(references=Case)
    professional = ForeignKey(references=Professional)
    role = Varchar(length=150)
    since = Date()
    until = Date(null=True, default=None)


class ReferentAssignment(Table):
    """The référent de parcours over time: who, since when, and whether the person chose them."""

    id: Serial

    case = ForeignKey(references=Case)
    professional = ForeignKey(references=Professional)
    chosen_by_person = Boolean(default=True)
    reason = Text(default="")
    recorded_by = ForeignKey(references=User, null=True, default=None)
    since = Timestamptz(default=TimestamptzNow())
    until = Timestamptz(null=True, default=None)


class CaseTransition(Table):
    """One step of the life cycle, with its reason."""

    id: Serial

    case = ForeignKey(references=Case)
    from_status = Varchar(length=20)
    to_status = Varchar(length=20)
    reason = Text()
    by = ForeignKey(references=User, null=True, default=None)
    at = Timestamptz(default=TimestamptzNow())


class CaseCounter(Table):
    """The last reference number issued each year."""

    id: Serial

    year = Integer(unique=True)
    last = Integer(default=0)
