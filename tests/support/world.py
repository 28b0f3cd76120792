"""A small territory built directly in the database, and an HTTP caller per role."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx

from service.accounts.tables import User
from service.accounts.tokens import issue_token
from service.directory.tables import Institution, Professional, Room, Site

ALL_CATEGORIES = ("identity", "social", "housing", "resources", "health", "justice", "employment")
FULL_WEEK = {d: [["09:00", "12:30"], ["13:30", "17:00"]] for d in ("mon", "tue", "wed", "thu", "fri")}


@dataclass
class Caller:
    """Sends requests with one user's bearer token."""

    client: httpx.AsyncClient
    token: str | None

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    async def get(self, url: str, **kwargs: Any) -> Any:
        return await self.client.get(url, headers=self.headers, **kwargs)

    async def post(self, url: str, json: Any = None) -> Any:
        return await self.client.post(url, json=json, headers=self.headers)

    async def patch(self, url: str, json: Any = None) -> Any:
        return await self.client.patch(url, json=json, headers=self.headers)

    async def put(self, url: str, json: Any = None) -> Any:
        return await self.client.put(url, json=json, headers=self.headers)

    async def delete(self, url: str) -> Any:
        return await self.client.delete(url, headers=self.headers)


@dataclass
class World:
    """Institutions, professionals (keyed by a short name) and a caller per user."""

    client: httpx.AsyncClient
    institutions: dict[str, int] = field(default_factory=dict)
    sites: dict[str, int] = field(default_factory=dict)
    pros: dict[str, int] = field(default_factory=dict)
    rooms: dict[str, int] = field(default_factory=dict)
    callers: dict[str, Caller] = field(default_factory=dict)

    def as_(self, who: str) -> Caller:
        return self.callers[who]

    @property
    def anonymous(self) -> Caller:
        return Caller(self.client, None)

    def consent(self, *institutions: str, categories: tuple[str, ...] = ALL_CATEGORIES) -> dict[str, Any]:
        """A signed consent for the given institutions (all of the world's by default)."""
        return {
            "categories": list(categories),
            "institution_ids": [self.institutions[i] for i in institutions or self.institutions],
            "notice_version": "2026-09",
            "method": "signed_form",
        }

    def intake(self, *members: str, referrer: str | None = None, **overrides: Any) -> dict[str, Any]:
        """An intake body with the named professionals as members."""
        body: dict[str, Any] = {
            "person": {
                "first_name": "Zébulon",
                "last_name": "Canari-Témoin",
                "birth_date": "1984-05-06",
            },
            "referring_professional_id": self.pros[referrer or members[0]],
            "question": "Comment coordonner logement, soins et insertion avant l'audience ?",
            "barriers": ["housing", "health", "justice"],
            "urgency": 4,
            "participation_wish": "present",
            "members": [{"professional_id": self.pros[m], "role": "intervenant"} for m in members],
            "consent": self.consent(),
        }
        body.update(overrides)
        return body


async def _institution(name: str, kind: str, city: str) -> tuple[int, int]:
    institution = Institution(name=name, kind=kind)
    await institution.save()
    site = Site(
        institution=institution.id,
        name=f"{name} — site",
        address="1 rue de la Paix",
        postcode="99000",
        city=city,
        access="Bus 3, arrêt Mairie.",
    )
    await site.save()
    return institution.id, site.id


async def build_world(client: httpx.AsyncClient) -> World:
    """Three institutions; professionals ana, bea (département), carl (France Travail),
    dan (SPIP), eve (département, no case); users for each, a coordinator and an admin."""
    world = World(client)
    for key, name, kind, city in [
        ("cd", "Département", "departement", "Nordville"),
        ("ft", "France Travail Nordville", "france_travail", "Nordville"),
        ("spip", "SPIP", "spip", "Sudville"),
    ]:
        world.institutions[key], world.sites[key] = await _institution(name, kind, city)
    for key, inst in [
        ("ana", "cd"),
        ("bea", "cd"),
        ("carl", "ft"),
        ("dan", "spip"),
        ("eve", "cd"),
        ("coord", "cd"),
    ]:
        pro = Professional(
            first_name=key.title(),
            last_name="Test",
            profession="assistante de service social",
            institution=world.institutions[inst],
            site=world.sites[inst],
            email=f"{key}@example.org",
            working_hours=FULL_WEEK,
        )
        await pro.save()
        world.pros[key] = pro.id
        role = "coordinator" if key == "coord" else "professional"
        await User.insert(
            User(email=f"{key}@example.org", display_name=key.title(), role=role, professional=pro.id)
        )
        world.callers[key] = Caller(client, await issue_token(f"{key}@example.org"))
    await User.insert(User(email="admin@example.org", display_name="Admin", role="admin"))
    world.callers["admin"] = Caller(client, await issue_token("admin@example.org"))
    room = Room(site=world.sites["cd"], name="Salle 1", capacity=10, accessible=True, video_equipped=True)
    await room.save()
    world.rooms["salle1"] = room.id
    return world
