"""Loads the demo territory and scales it to a département for the find-a-slot benchmark; prints the
id of a synthèse with 10 required professionals and a coordinator's token."""

from __future__ import annotations

import asyncio
import random
import uuid
from datetime import datetime, time, timedelta

import service  # noqa: F401  (sets PICCOLO_CONF)
from service import db, demo
from service.accounts.tokens import issue_token
from service.cases.tables import Case, CaseMember
from service.clock import PARIS, today
from service.directory.tables import Institution, Professional, Room, Site
from service.meetings.tables import Meeting, MeetingParticipant

KINDS = ["departement", "france_travail", "caf", "cpam", "hospital", "spip", "siao", "chrs", "association"]
FULL = [["09:00", "12:30"], ["13:30", "17:00"]]
DAYS = ["mon", "tue", "wed", "thu", "fri"]


def hours(rng: random.Random) -> dict[str, list[list[str]]]:
    """Full time for most, three days a week for three in ten."""
    days = rng.sample(DAYS, 3) if rng.random() < 0.3 else DAYS
    return {d: FULL for d in days}


async def institutions(rng: random.Random) -> tuple[list[int], list[int]]:
    sites = [r["id"] for r in await Site.select(Site.id)]
    for i in range(40 - await Institution.count()):
        inst = Institution(name=f"Institution {i}", kind=KINDS[i % len(KINDS)])
        await inst.save()
        site = Site(
            institution=inst.id, name=f"Site {i}", address="1 rue", postcode="99000", city=f"Ville {i % 6}"
        )
        await site.save()
        sites.append(site.id)
    return [r["id"] for r in await Institution.select(Institution.id)], sites


async def professionals(rng: random.Random, insts: list[int], sites: list[int]) -> list[int]:
    pros = [r["id"] for r in await Professional.select(Professional.id)]
    for n in range(600 - len(pros)):
        p = Professional(
            first_name="P",
            last_name=str(n),
            profession="intervenant",
            institution=rng.choice(insts),
            site=rng.choice(sites),
            email=f"p{n}@bench.example.org",
            working_hours=hours(rng),
        )
        await p.save()
        pros.append(p.id)
    return pros


async def rooms(rng: random.Random, sites: list[int]) -> list[int]:
    found = [r["id"] for r in await Room.select(Room.id)]
    for n in range(20 - len(found)):
        room = Room(site=rng.choice(sites), name=f"Salle {n}", capacity=12, accessible=True)
        await room.save()
        found.append(room.id)
    return found


async def confirmed_meetings(
    rng: random.Random, pros: list[int], room_ids: list[int], cases: list[int]
) -> None:
    """300 confirmed meetings on working days of the next eight weeks, 4 to 12 professionals each."""
    placed = 0
    while placed < 300:
        day = today() + timedelta(days=rng.randrange(1, 56))
        if day.weekday() >= 5:
            continue
        start = datetime.combine(day, time(rng.choice([9, 10, 14, 15])), tzinfo=PARIS)
        meeting = Meeting(
            case=rng.choice(cases),
            kind="synthesis",
            status="confirmed",
            start=start,
            end=start + timedelta(minutes=90),
            room=rng.choice(room_ids),
            uid=str(uuid.uuid4()),
        )
        await meeting.save()
        for pid in rng.sample(pros, rng.randint(4, 12)):
            await MeetingParticipant.insert(MeetingParticipant(meeting=meeting.id, professional=pid))
        placed += 1


async def target(rng: random.Random, pros: list[int], case_id: int) -> int:
    chosen = rng.sample(pros, 10)
    for pid in chosen:
        await CaseMember.insert(CaseMember(case=case_id, professional=pid, role="intervenant", since=today()))
    meeting = Meeting(case=case_id, kind="synthesis", duration_minutes=90, uid=str(uuid.uuid4()))
    await meeting.save()
    for pid in chosen:
        await MeetingParticipant.insert(MeetingParticipant(meeting=meeting.id, professional=pid))
    return int(meeting.id)


async def main() -> None:
    rng = random.Random(5)
    async with db.connected():
        await demo.load()
        insts, sites = await institutions(rng)
        pros = await professionals(rng, insts, sites)
        room_ids = await rooms(rng, sites)
        cases = [r["id"] for r in await Case.select(Case.id)]
        await confirmed_meetings(rng, pros, room_ids, cases)
        meeting = await target(rng, pros, cases[0])
        print(meeting, await issue_token((await demo.coordinators())[0]))


if __name__ == "__main__":
    asyncio.run(main())
