"""Audit table. Plain ids, not foreign keys: the log outlives what it records."""

from piccolo.columns import JSON, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class AuditEntry(Table):
    """One access to case data: when, who, from which institution, what, relying on what."""

    id: Serial

    at = Timestamptz(default=TimestamptzNow(), index=True)
    user_id = Integer(null=True, default=None)
    actor = Varchar(length=254)
    role = Varchar(length=20)
    institution_id = Integer(null=True, default=None)
    institution = Varchar(length=200, default="")
    action = Varchar(length=40)
    object_type = Varchar(length=40)
    object_id = Varchar(length=40, default="")
    case_id = Integer(null=True, default=None, index=True)
    categories = JSON(default="[]")
    consent_id = Integer(null=True, default=None)
    exception_id = Integer(null=True, default=None)
    outcome = Varchar(length=20, default="allowed")
    detail = Text(default="")
