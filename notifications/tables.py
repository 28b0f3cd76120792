"""The outbox: every message is a row, written in the transaction of the change that causes it."""

from piccolo.columns import Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class OutboxMessage(Table):
    """A message to send: queued, then sent, failed (retried later), dead or cancelled."""

    id: Serial
    key = Varchar(length=200, unique=True)  # idempotency: queuing the same key twice does nothing
    channel = Varchar(length=10)  # email, sms, webhook
    recipient = Varchar(length=254)
    purpose = Varchar(length=40)  # invitation, cancellation, reminder, person_invitation...
    subject = Varchar(length=300, default="")
    text = Text(default="")
    html = Text(default="")
    calendar = Text(default="")
    method = Varchar(length=10, default="")
    case_id = Integer(null=True, default=None, index=True)
    meeting_id = Integer(null=True, default=None, index=True)
    status = Varchar(length=12, default="queued", index=True)
    due_at = Timestamptz(index=True)
    attempts = Integer(default=0)
    lease_owner = Varchar(length=64, default="")
    lease_until = Timestamptz(null=True, default=None)
    last_error = Text(default="")
    sent_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
