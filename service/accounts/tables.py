"""Account tables."""

from piccolo.columns import Boolean, ForeignKey, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from service.directory.tables import Professional


class User(Table, tablename="account_user"):
    """Someone who signs in: an admin, a coordinator of the instance, or a professional."""

    id: Serial

    email = Varchar(length=254, unique=True)
    display_name = Varchar(length=200)
    role = Varchar(length=20)
    professional = ForeignKey(references=Professional, null=True, default=None)
    active = Boolean(default=True)
    created_at = Timestamptz(default=TimestamptzNow())


class ApiToken(Table):
    """A bearer token, kept only as its SHA-256 digest."""

    id: Serial

    user = ForeignKey(references=User)
    token_hash = Varchar(length=64, unique=True)
    label = Varchar(length=100, default="")
    created_at = Timestamptz(default=TimestamptzNow())
    revoked_at = Timestamptz(null=True, default=None)
