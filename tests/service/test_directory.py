"""The directory over HTTP: institutions, sites, professionals, absences, rooms."""

from __future__ import annotations

from service.directory.tables import Institution, Professional
from tests.support.world import World

HOURS_80 = {d: [["09:00", "12:00"], ["13:00", "17:00"]] for d in ("mon", "tue", "thu", "fri")}


async def test_institution_with_sites(world: World) -> None:
    body = {
        "name": "CAF du Val",
        "kind": "caf",
        "sites": [
            {
                "name": "Accueil",
                "address": "3 place de la Gare",
                "postcode": "99000",
                "city": "Nordville",
            }
        ],
    }
    created = (await world.as_("coord").post("/api/institutions", body)).json()
    assert created["kind"] == "caf" and created["sites"][0]["city"] == "Nordville"
    again = await world.as_("coord").post("/api/institutions", body)
    assert again.status_code == 409 and again.json()["errors"][0]["field"] == "name"
    renamed = await world.as_("admin").patch(
        f"/api/institutions/{created['id']}", {"holiday_subdivision": "57"}
    )
    assert renamed.json()["holiday_subdivision"] == "57"


async def test_bad_kind_is_named(world: World) -> None:
    response = await world.as_("coord").post("/api/institutions", {"name": "X", "kind": "bank"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "kind"
    assert await Institution.count() == 3


async def test_professional_with_part_time_hours(world: World) -> None:
    body = {
        "first_name": "Inès",
        "last_name": "Moreau",
        "profession": "CESF",
        "institution_id": world.institutions["ft"],
        "email": "Ines.Moreau@example.org",
        "working_hours": HOURS_80,
    }
    created = (await world.as_("coord").post("/api/professionals", body)).json()
    assert created["weekly_minutes"] == 4 * 7 * 60 and created["email"] == "ines.moreau@example.org"
    assert "wed" not in created["working_hours"]


async def test_incoherent_hours_are_refused_with_the_span_named(world: World) -> None:
    body = {
        "first_name": "Inès",
        "last_name": "Moreau",
        "profession": "CESF",
        "institution_id": world.institutions["ft"],
        "email": "ines@example.org",
        "working_hours": {"mon": [["09:00", "12:00"], ["11:00", "10:00"]]},
    }
    response = await world.as_("coord").post("/api/professionals", body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"].startswith("working_hours.mon")
    assert await Professional.count() == 6


async def test_site_must_belong_to_the_institution(world: World) -> None:
    body = {
        "first_name": "A",
        "last_name": "B",
        "profession": "CESF",
        "institution_id": world.institutions["ft"],
        "email": "ab@example.org",
        "site_id": world.sites["spip"],
    }
    response = await world.as_("coord").post("/api/professionals", body)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "site_id"


async def test_absences(world: World) -> None:
    url = f"/api/professionals/{world.pros['carl']}/absences"
    bad = await world.as_("coord").post(url, {"start": "2026-12-10", "end": "2026-12-01"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "end"
    made = (
        await world.as_("coord").post(url, {"start": "2026-12-21", "end": "2026-12-31", "kind": "leave"})
    ).json()
    assert (await world.as_("carl").get(url)).json() == [made]
    assert (await world.as_("coord").delete(f"{url}/{made['id']}")).status_code == 204


async def test_rooms(world: World) -> None:
    body = {
        "site_id": world.sites["ft"],
        "name": "Salle B",
        "capacity": 8,
        "accessible": False,
        "video_equipped": True,
    }
    room = (await world.as_("coord").post("/api/rooms", body)).json()
    assert room["site"].endswith("site") and room["capacity"] == 8
    assert (await world.as_("coord").patch(f"/api/rooms/{room['id']}", {"capacity": 0})).status_code == 422
    assert (await world.as_("coord").patch(f"/api/rooms/{room['id']}", {"accessible": True})).json()[
        "accessible"
    ]
    assert (await world.as_("coord").get("/api/rooms/999")).status_code == 404


async def test_professionals_cannot_edit_the_directory(world: World) -> None:
    response = await world.as_("ana").post(
        "/api/rooms", {"site_id": world.sites["ft"], "name": "S", "capacity": 3}
    )
    assert response.status_code == 403


async def test_institution_with_professionals_cannot_be_deleted(world: World) -> None:
    assert (
        await world.as_("coord").delete(f"/api/institutions/{world.institutions['ft']}")
    ).status_code == 409
