"""HTTP routes of the directory: institutions and sites, professionals and absences, rooms."""

from __future__ import annotations

from typing import Any

from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, JSONBody

from service import crud, hooks
from service.accounts.auth import directory_editor
from service.db import transaction
from service.directory import hours
from service.directory.schemas import (
    AbsenceIn,
    AbsenceRead,
    InstitutionCreate,
    InstitutionRead,
    InstitutionUpdate,
    ProfessionalCreate,
    ProfessionalRead,
    ProfessionalUpdate,
    RoomCreate,
    RoomRead,
    RoomUpdate,
    SiteIn,
    SiteRead,
)
from service.directory.tables import Absence, Institution, Professional, Room, Site
from service.errors import Conflict, FieldError, Invalid
from service.rows import json_value


def _site(row: dict[str, Any]) -> SiteRead:
    return SiteRead(
        id=row["id"],
        institution_id=row["institution"],
        name=row["name"],
        address=row["address"],
        postcode=row["postcode"],
        city=row["city"],
        access=row["access"],
    )


async def _institution(institution_id: int) -> InstitutionRead:
    row = await crud.one(Institution, institution_id, "institution")
    sites = await Site.select().where(Site.institution == institution_id).order_by(Site.id)
    return InstitutionRead(
        id=row["id"],
        name=row["name"],
        kind=row["kind"],
        holiday_subdivision=row["holiday_subdivision"],
        sites=[_site(s) for s in sites],
    )


async def _name_is_free(name: str, institution_id: int | None = None) -> None:
    query = Institution.exists().where(Institution.name == name)
    if institution_id is not None:
        query = query.where(Institution.id != institution_id)
    if await query:
        raise Conflict("Another institution has this name.", [FieldError("name", "must be unique")])


class InstitutionController(Controller):
    """Partners of the instance and their sites."""

    path = "/api/institutions"
    tags = ["directory"]

    @get("/")
    async def list_institutions(self) -> list[InstitutionRead]:
        ids = await Institution.select(Institution.id).order_by(Institution.name)
        return [await _institution(r["id"]) for r in ids]

    @post("/", guards=[directory_editor])
    async def create(self, data: JSONBody[InstitutionCreate]) -> InstitutionRead:
        await _name_is_free(data.name)
        async with transaction():
            row = Institution(name=data.name, kind=data.kind, holiday_subdivision=data.holiday_subdivision)
            await row.save()
            for site in data.sites:
                await Site.insert(Site(institution=row.id, **_site_values(site)))
        return await _institution(row.id)

    @get("/{institution_id:int}")
    async def read(self, institution_id: FromPath[int]) -> InstitutionRead:
        return await _institution(institution_id)

    @patch("/{institution_id:int}", guards=[directory_editor])
    async def update(
        self, institution_id: FromPath[int], data: JSONBody[InstitutionUpdate]
    ) -> InstitutionRead:
        await crud.one(Institution, institution_id, "institution")
        values = crud.changes(data)
        if "name" in values:
            await _name_is_free(values["name"], institution_id)
        await crud.update(Institution, institution_id, values)
        return await _institution(institution_id)

    @delete("/{institution_id:int}", guards=[directory_editor])
    async def remove(self, institution_id: FromPath[int]) -> None:
        await crud.one(Institution, institution_id, "institution")
        if await Professional.exists().where(Professional.institution == institution_id):
            raise Conflict("This institution still has professionals; move or deactivate them first.")
        async with transaction():
            await Room.delete().where(Room.site.institution == institution_id)
            await Site.delete().where(Site.institution == institution_id)
            await Institution.delete().where(Institution.id == institution_id)

    @post("/{institution_id:int}/sites", guards=[directory_editor])
    async def add_site(self, institution_id: FromPath[int], data: JSONBody[SiteIn]) -> SiteRead:
        await crud.one(Institution, institution_id, "institution")
        row = Site(institution=institution_id, **_site_values(data))
        await row.save()
        return _site(await crud.one(Site, row.id, "site"))


def _site_values(site: SiteIn) -> dict[str, Any]:
    return {
        "name": site.name,
        "address": site.address,
        "postcode": site.postcode,
        "city": site.city,
        "access": site.access,
    }


def professional_read(row: dict[str, Any]) -> ProfessionalRead:
    """A professional row (joined with its institution's name) as a response."""
    working = json_value(row["working_hours"])
    return ProfessionalRead(
        id=row["id"],
        first_name=row["first_name"],
        last_name=row["last_name"],
        profession=row["profession"],
        institution_id=row["institution"],
        institution=row["institution.name"],
        email=row["email"],
        phone=row["phone"],
        site_id=row["site"],
        working_hours=working,
        weekly_minutes=hours.weekly_minutes(working),
        calendar_feed_url=row["calendar_feed_url"],
        active=row["active"],
    )


async def _professional(professional_id: int) -> ProfessionalRead:
    row = (
        await Professional.select(*Professional.all_columns(), Professional.institution.name)
        .where(Professional.id == professional_id)
        .first()
    )
    if row is None:
        await crud.one(Professional, professional_id, "professional")
    assert row is not None
    return professional_read(row)


async def _email_is_free(email: str, professional_id: int | None = None) -> None:
    query = Professional.exists().where(Professional.email == email.lower())
    if professional_id is not None:
        query = query.where(Professional.id != professional_id)
    if await query:
        raise Conflict("Another professional has this e-mail.", [FieldError("email", "must be unique")])


async def _site_of_institution(site_id: int | None, institution_id: int) -> None:
    if site_id is None:
        return
    if not await Site.exists().where(Site.id == site_id, Site.institution == institution_id):
        raise Invalid(
            "The site must belong to the professional's institution.",
            [FieldError("site_id", f"no site {site_id} in institution {institution_id}")],
        )


class ProfessionalController(Controller):
    """Intervenants, their weekly hours and absences."""

    path = "/api/professionals"
    tags = ["directory"]

    @get("/")
    async def list_professionals(self) -> list[ProfessionalRead]:
        rows = await Professional.select(*Professional.all_columns(), Professional.institution.name).order_by(
            Professional.last_name
        )
        return [professional_read(r) for r in rows]

    @post("/", guards=[directory_editor])
    async def create(self, data: JSONBody[ProfessionalCreate]) -> ProfessionalRead:
        await crud.require_reference(
            Institution, data.institution_id, "institution_id", "see /api/institutions"
        )
        await _site_of_institution(data.site_id, data.institution_id)
        hours.check_hours(data.working_hours)
        await _email_is_free(data.email)
        row = Professional(
            first_name=data.first_name,
            last_name=data.last_name,
            profession=data.profession,
            institution=data.institution_id,
            site=data.site_id,
            email=data.email.lower(),
            phone=data.phone,
            working_hours={d: [list(s) for s in spans] for d, spans in data.working_hours.items()},
            calendar_feed_url=data.calendar_feed_url,
        )
        await row.save()
        return await _professional(row.id)

    @get("/{professional_id:int}")
    async def read(self, professional_id: FromPath[int]) -> ProfessionalRead:
        return await _professional(professional_id)

    @patch("/{professional_id:int}", guards=[directory_editor])
    async def update(
        self, professional_id: FromPath[int], data: JSONBody[ProfessionalUpdate]
    ) -> ProfessionalRead:
        current = await crud.one(Professional, professional_id, "professional")
        values = crud.changes(data, {"site_id": "site"})
        if "working_hours" in values:
            hours.check_hours(values["working_hours"])
            values["working_hours"] = {
                d: [list(s) for s in spans] for d, spans in values["working_hours"].items()
            }
        if "email" in values:
            values["email"] = values["email"].lower()
            await _email_is_free(values["email"], professional_id)
        await _site_of_institution(values.get("site"), current["institution"])
        await crud.update(Professional, professional_id, values)
        return await _professional(professional_id)

    @delete("/{professional_id:int}", guards=[directory_editor], summary="Deactivate (history is kept)")
    async def deactivate(self, professional_id: FromPath[int]) -> None:
        await crud.one(Professional, professional_id, "professional")
        await Professional.update({Professional.active: False}).where(Professional.id == professional_id)

    @get("/{professional_id:int}/absences")
    async def absences(self, professional_id: FromPath[int]) -> list[AbsenceRead]:
        await crud.one(Professional, professional_id, "professional")
        rows = await Absence.select().where(Absence.professional == professional_id).order_by(Absence.start)
        return [_absence(r) for r in rows]

    @post("/{professional_id:int}/absences", guards=[directory_editor])
    async def add_absence(self, professional_id: FromPath[int], data: JSONBody[AbsenceIn]) -> AbsenceRead:
        await crud.one(Professional, professional_id, "professional")
        if data.end < data.start:
            raise Invalid(
                "An absence ends on or after its start.",
                [FieldError("end", f"on or after {data.start}")],
            )
        row = Absence(professional=professional_id, start=data.start, end=data.end, kind=data.kind)
        await row.save()
        await hooks.emit(hooks.absence_added, row.id)
        return _absence(await crud.one(Absence, row.id, "absence"))

    @delete("/{professional_id:int}/absences/{absence_id:int}", guards=[directory_editor])
    async def remove_absence(self, professional_id: FromPath[int], absence_id: FromPath[int]) -> None:
        row = await crud.one(Absence, absence_id, "absence")
        if row["professional"] != professional_id:
            await crud.one(Absence, -1, "absence of this professional")
        await Absence.delete().where(Absence.id == absence_id)


def _absence(row: dict[str, Any]) -> AbsenceRead:
    return AbsenceRead(
        id=row["id"],
        professional_id=row["professional"],
        start=row["start"],
        end=row["end"],
        kind=row["kind"],
    )


def _room(row: dict[str, Any]) -> RoomRead:
    return RoomRead(
        id=row["id"],
        site_id=row["site"],
        site=row["site.name"],
        name=row["name"],
        capacity=row["capacity"],
        accessible=row["accessible"],
        video_equipped=row["video_equipped"],
    )


async def _room_read(room_id: int) -> RoomRead:
    await crud.one(Room, room_id, "room")
    row = await Room.select(*Room.all_columns(), Room.site.name).where(Room.id == room_id).first()
    assert row is not None
    return _room(row)


class RoomController(Controller):
    """Meeting rooms on the sites."""

    path = "/api/rooms"
    tags = ["directory"]

    @get("/")
    async def list_rooms(self) -> list[RoomRead]:
        rows = await Room.select(*Room.all_columns(), Room.site.name).order_by(Room.id)
        return [_room(r) for r in rows]

    @post("/", guards=[directory_editor])
    async def create(self, data: JSONBody[RoomCreate]) -> RoomRead:
        await crud.require_reference(Site, data.site_id, "site_id", "see the sites of /api/institutions")
        row = Room(
            site=data.site_id,
            name=data.name,
            capacity=data.capacity,
            accessible=data.accessible,
            video_equipped=data.video_equipped,
        )
        await row.save()
        return await _room_read(row.id)

    @get("/{room_id:int}")
    async def read(self, room_id: FromPath[int]) -> RoomRead:
        return await _room_read(room_id)

    @patch("/{room_id:int}", guards=[directory_editor])
    async def update(self, room_id: FromPath[int], data: JSONBody[RoomUpdate]) -> RoomRead:
        await crud.one(Room, room_id, "room")
        await crud.update(Room, room_id, crud.changes(data))
        return await _room_read(room_id)

    @delete("/{room_id:int}", guards=[directory_editor])
    async def remove(self, room_id: FromPath[int]) -> None:
        await crud.one(Room, room_id, "room")
        await Room.delete().where(Room.id == room_id)
