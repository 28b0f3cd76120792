"""Busy times from calendar feeds, and how each feed's last refresh went."""

from piccolo.columns import ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.table import Table

from service.directory.tables import Professional


class BusyTime(Table):
    """A time a professional is taken elsewhere (only the times: titles are never kept)."""

    id: Serial
    professional = ForeignKey(references=Professional, index=True)
    start = Timestamptz()
    end = Timestamptz()
    source = Varchar(length=20, default="feed")


class FeedStatus(Table):
    """The last attempt to read a professional's feed: when, whether it worked, why not."""

    id: Serial
    professional = ForeignKey(references=Professional, unique=True)
    url = Varchar(length=500)
    last_attempt = Timestamptz(null=True, default=None)
    last_success = Timestamptz(null=True, default=None)
    last_error = Text(default="")
    events = Integer(default=0)
