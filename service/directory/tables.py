"""Directory tables."""

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


class Institution(Table):
    """A partner of the instance: département, France Travail, CAF, hospital, SPIP..."""

    id: Serial

    name = Varchar(length=200, unique=True)
    kind = Varchar(length=40)
    holiday_subdivision = Varchar(length=10, null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())


class Site(Table):
    """A place where an institution receives people and holds meetings."""

    id: Serial

    institution = ForeignKey(references=Institution)
    name = Varchar(length=200)
    address = Varchar(length=300)
    postcode = Varchar(length=10)
    city = Varchar(length=120)
    access = Text(default="")


class Professional(Table):
    """An intervenant: a named person of an institution, with weekly hours."""

    id: Serial

    first_name = Varchar(length=100)
    last_name = Varchar(length=100)
    profession = Varchar(length=150)
    institution = ForeignKey(references=Institution)
    site = ForeignKey(references=Site, null=True, default=None)
    email = Varchar(length=254, unique=True)
    phone = Varchar(length=40, default="")
    working_hours = JSON(default="{}")
    calendar_feed_url = Varchar(length=500, default="")
    active = Boolean(default=True)


class Absence(Table):
    """A period a professional is away (dates inclusive); the reason stays generic."""

    id: Serial

    professional = ForeignKey(references=Professional)
    start = Date()
    end = Date()
    kind = Varchar(length=20, default="leave")


class Room(Table):
    """A meeting room on a site."""

    id: Serial

    site = ForeignKey(references=Site)
    name = Varchar(length=120)
    capacity = Integer()
    accessible = Boolean(default=False)
    video_equipped = Boolean(default=False)
