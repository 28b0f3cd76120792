"""Loads the fictional demo territory of ``fixtures/territory.json``."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from service.accounts.tables import User
from service.cases.identity import case_reference, new_person_ref, person_key
from service.cases.tables import (
    Case,
    CaseCounter,
    CaseMember,
    CaseTransition,
    PersonIdentity,
    ReferentAssignment,
)
from service.consent.tables import Consent
from service.db import transaction
from service.demo_history import load_history
from service.directory.tables import Absence, Institution, Professional, Room, Site
from service.policy import CATEGORIES

TERRITORY = Path(__file__).resolve().parent.parent / "fixtures" / "territory.json"

# The steps that lead a submitted case to each status.
PATHS: dict[str, list[str]] = {
    "submitted": [],
    "accepted": ["accepted"],
    "redirected": ["redirected"],
    "declined": ["declined"],
    "active": ["accepted", "active"],
    "closed": ["accepted", "active", "closed"],
    "archived": ["accepted", "active", "closed", "archived"],
}


async def is_loaded() -> bool:
    """Whether the database already holds a directory."""
    return bool(await Institution.count())


async def coordinators() -> list[str]:
    """E-mails of the coordinators, to tell a new user whom to make a token for."""
    rows = await User.select(User.email).where(User.role == "coordinator").order_by(User.id)
    return [row["email"] for row in rows]


async def load(path: Path = TERRITORY) -> dict[str, int]:
    """Load the territory in one transaction; returns counts by kind."""
    data = json.loads(await asyncio.to_thread(path.read_text))
    async with transaction():
        keys: dict[str, int] = {}
        await _institutions(data["institutions"], keys)
        await _professionals(data["professionals"], keys)
        for room in data["rooms"]:
            keys[room["key"]] = await _save(
                Room(
                    site=keys[room["site"]],
                    name=room["name"],
                    capacity=room["capacity"],
                    accessible=room["accessible"],
                    video_equipped=room["video_equipped"],
                )
            )
        for user in data["users"]:
            professional = keys[user["professional"]] if user.get("professional") else None
            await _save(
                User(
                    email=user["email"].lower(),
                    display_name=user["display_name"],
                    role=user["role"],
                    professional=professional,
                )
            )
        for number, case in enumerate(sorted(data["cases"], key=lambda c: c["submitted_on"]), start=1):
            await _case(case, keys, number)
        past = await load_history(keys)
    counts = {kind: len(data[kind]) for kind in ("institutions", "professionals", "rooms", "users", "cases")}
    return {**counts, "past cases": past}


async def _save(row: Any) -> int:
    await row.save()
    return int(row.id)


async def _institutions(items: list[dict[str, Any]], keys: dict[str, int]) -> None:
    for item in items:
        keys[item["key"]] = await _save(
            Institution(
                name=item["name"],
                kind=item["kind"],
                holiday_subdivision=item.get("holiday_subdivision"),
            )
        )
        for site in item["sites"]:
            keys[site["key"]] = await _save(
                Site(
                    institution=keys[item["key"]],
                    name=site["name"],
                    address=site["address"],
                    postcode=site["postcode"],
                    city=site["city"],
                    access=site.get("access", ""),
                )
            )


async def _professionals(items: list[dict[str, Any]], keys: dict[str, int]) -> None:
    for item in items:
        keys[item["key"]] = await _save(
            Professional(
                first_name=item["first_name"],
                last_name=item["last_name"],
                profession=item["profession"],
                institution=keys[item["institution"]],
                site=keys.get(item.get("site") or ""),
                email=item["email"].lower(),
                phone=item.get("phone", ""),
                working_hours=item["working_hours"],
            )
        )
        for absence in item.get("absences", []):
            await _save(
                Absence(
                    professional=keys[item["key"]],
                    start=date.fromisoformat(absence["start"]),
                    end=date.fromisoformat(absence["end"]),
                    kind=absence["kind"],
                )
            )


def _at(day: date) -> datetime:
    return datetime.combine(day, time(10, 0), tzinfo=UTC)


async def _case(item: dict[str, Any], keys: dict[str, int], number: int) -> None:
    submitted = date.fromisoformat(item["submitted_on"])
    person = item["person"]
    birth = date.fromisoformat(person["birth_date"]) if person.get("birth_date") else None
    counter = await CaseCounter.objects().get_or_create(
        CaseCounter.year == submitted.year, {CaseCounter.last: 0}
    )
    counter.last += 1
    await counter.save()
    case_id = await _save(
        Case(
            reference=case_reference(submitted.year, counter.last),
            person_ref=new_person_ref(),
            status=item["status"],
            question=item["question"],
            barriers=item["barriers"],
            urgency=item["urgency"],
            participation_wish=item["participation_wish"],
            referring_professional=keys[item["referring_professional"]],
            outcome=item.get("status_reason", "") if item["status"] in {"closed", "archived"} else "",
            submitted_at=_at(submitted),
            last_activity_at=_at(submitted),
        )
    )
    await _save(
        PersonIdentity(
            case=case_id,
            first_name=person["first_name"],
            last_name=person["last_name"],
            birth_date=birth,
            email=person.get("email") or "",
            phone=person.get("phone") or "",
            address=person.get("address", ""),
            person_key=person_key(person["first_name"], person["last_name"], birth),
        )
    )
    for member in item["members"]:
        await _save(
            CaseMember(
                case=case_id,
                professional=keys[member["professional"]],
                role=member["role"],
                since=date.fromisoformat(member["since"]),
            )
        )
    previous = "submitted"
    for step in PATHS[item["status"]]:
        await _save(
            CaseTransition(
                case=case_id,
                from_status=previous,
                to_status=step,
                reason=item.get("status_reason") or "Examen par l'instance",
                at=_at(submitted),
            )
        )
        previous = step
    if item["status"] not in {"submitted", "declined", "redirected"}:
        await _consent(case_id, item, keys, submitted)
    if item.get("referent"):
        await _save(
            ReferentAssignment(
                case=case_id,
                professional=keys[item["referent"]],
                chosen_by_person=True,
                since=_at(submitted),
            )
        )


async def _consent(case_id: int, item: dict[str, Any], keys: dict[str, int], day: date) -> None:
    """The consent signed when the case was accepted: every category, for the members' institutions
    and the instance's coordination (the département)."""
    member_ids = [keys[m["professional"]] for m in item["members"]]
    rows = await Professional.select(Professional.institution).where(Professional.id.is_in(member_ids))
    coordination = await Institution.select(Institution.id).where(Institution.kind == "departement").first()
    institutions = {row["institution"] for row in rows} | ({coordination["id"]} if coordination else set())
    await _save(
        Consent(
            case=case_id,
            categories=list(CATEGORIES),
            institutions=sorted(institutions),
            notice_version="2026-01",
            method="signed_form",
            collected_at=_at(day),
        )
    )
