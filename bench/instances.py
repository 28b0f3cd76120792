"""Generated scheduling problems at three scales, and the OptaPlanner meeting datasets converted
to the problem format with their hard rules."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "optaplanner-meeting"
FIRST_DAY = date(2027, 1, 4)  # a Monday


@dataclass(frozen=True)
class Scale:
    name: str
    meetings: int
    professionals: int
    working_days: int
    institutions: int = 12
    rooms: int = 6
    required: tuple[int, int] = (3, 6)


SCALES = {
    "small": Scale("small", 12, 40, 15, 8, 4),
    "medium": Scale("medium", 60, 160, 20, 16, 8),
    "departement": Scale("departement", 300, 600, 40, 40, 20, (4, 12)),
}

PATTERNS = [
    {d: [["09:00", "12:30"], ["13:30", "17:00"]] for d in ("mon", "tue", "wed", "thu", "fri")},
    {d: [["09:00", "12:30"], ["13:30", "17:00"]] for d in ("mon", "tue", "thu", "fri")},
    {d: [["08:30", "12:30"]] for d in ("mon", "tue", "wed", "thu", "fri")},
    {d: [["10:00", "13:00"], ["14:00", "18:00"]] for d in ("mon", "tue", "wed", "thu")},
]


def _calendar_days(working_days: int) -> int:
    return working_days * 7 // 5 + 3


def _stamp(day: date, clock: str) -> str:
    return f"{day.isoformat()}T{clock}"


def _professional(
    rng: random.Random, index: int, scale: Scale, sites: list[str], days: int
) -> dict[str, Any]:
    busy = []
    for _ in range(rng.randint(2, 8)):
        day = FIRST_DAY + timedelta(days=rng.randrange(days))
        hour = rng.choice([9, 10, 11, 14, 15, 16])
        busy.append({"start": _stamp(day, f"{hour:02d}:00"), "end": _stamp(day, f"{hour + 1:02d}:00")})
    if rng.random() < 0.1:  # a week of leave
        day = FIRST_DAY + timedelta(days=rng.randrange(days))
        busy.append({"start": _stamp(day, "00:00"), "end": _stamp(day + timedelta(days=5), "00:00")})
    return {
        "id": f"pro-{index}",
        "kind": "professional",
        "institution": f"inst-{index % scale.institutions}",
        "working_hours": rng.choice(PATTERNS),
        "busy": busy,
        "max_meetings_per_day": rng.choice([2, 3, None]),
        "site": sites[index % len(sites)],
    }


def _person(rng: random.Random, ident: str, days: int) -> dict[str, Any]:
    windows = []
    for _ in range(rng.randint(6, 12)):
        day = FIRST_DAY + timedelta(days=rng.randrange(days))
        if day.weekday() >= 5:
            continue
        start, end = rng.choice([("09:00", "12:00"), ("14:00", "17:00")])
        windows.append({"start": _stamp(day, start), "end": _stamp(day, end)})
    needs = {"accessible_room": True} if rng.random() < 0.2 else {}
    return {"id": ident, "kind": "person", "available": windows, "needs": needs}


def generate(scale: Scale, seed: int) -> dict[str, Any]:
    """A problem of ``scale``: teams of professionals per case, the person in half of the meetings,
    a preparation before a fifth of them, some court deadlines."""
    rng = random.Random(seed)
    days = _calendar_days(scale.working_days)
    sites = [f"site-{k}" for k in range(max(2, scale.rooms // 4))]
    participants = [_professional(rng, i, scale, sites, days) for i in range(scale.professionals)]
    rooms = [
        {
            "id": f"room-{k}",
            "site": sites[k % len(sites)],
            "capacity": rng.choice([8, 12, 16, 20]),
            "accessible": rng.random() < 0.7,
        }
        for k in range(scale.rooms)
    ]
    rooms.append({"id": "video", "video": True})
    meetings: list[dict[str, Any]] = []
    while len(meetings) < scale.meetings:
        case = f"CC-2027-{len(meetings) + 1:04d}"
        team = rng.sample(range(scale.professionals), rng.randint(*scale.required))
        required = [f"pro-{i}" for i in team]
        meeting: dict[str, Any] = {
            "id": f"m-{len(meetings)}",
            "case": case,
            "kind": "synthesis",
            "urgency": rng.randint(1, 5),
            "duration_minutes": rng.choice([60, 90, 120]),
            "required": required,
            "optional": [f"pro-{rng.randrange(scale.professionals)}"] if rng.random() < 0.3 else [],
            "room": rng.choice(["either", "in_person", "in_person"]),
        }
        meeting["optional"] = [o for o in meeting["optional"] if o not in required]
        if rng.random() < 0.3:
            deadline = FIRST_DAY + timedelta(days=rng.randint(days // 3, days - 1))
            meeting["deadline"] = _stamp(deadline, "12:00")
        if len(meetings) % 2 == 0:
            person = f"person-{len(meetings)}"
            participants.append(_person(rng, person, days))
            meeting["required"] = [*required, person]
            meeting["kind"] = "encounter"
            if len(meetings) % 10 == 0 and len(meetings) + 1 < scale.meetings:
                prep = {
                    **meeting,
                    "id": f"m-{len(meetings) + 1}",
                    "kind": "preparation",
                    "required": required,
                    "optional": [],
                    "duration_minutes": 60,
                }
                meeting["after"] = [{"meeting": prep["id"], "min_working_days": 1}]
                meetings.append(meeting)
                meetings.append(prep)
                continue
        meetings.append(meeting)
    return {
        "timezone": "Europe/Paris",
        "horizon": {
            "start": FIRST_DAY.isoformat(),
            "end": (FIRST_DAY + timedelta(days=days - 1)).isoformat(),
        },
        "slot_minutes": 15,
        "holidays": {"country": "FR", "subdivision": None, "extra": []},
        "participants": participants,
        "rooms": rooms,
        "travel_minutes": [{"from": a, "to": b, "minutes": 30} for a in sites for b in sites if a < b],
        "meetings": meetings[: scale.meetings],
    }


def optaplanner(path: Path) -> dict[str, Any]:
    """An OptaPlanner meeting dataset as a problem: its grains become each person's availability,
    its rooms keep their capacity (which must hold required + preferred attendees), preferred
    attendees become optional ones, and a meeting stays within one day."""
    data = json.loads(path.read_text())
    day_dates = {d: FIRST_DAY + timedelta(days=d) for d in sorted({g[0] for g in data["grains"]})}
    by_day: dict[int, list[int]] = {}
    for day, minute in data["grains"]:
        by_day.setdefault(day, []).append(minute)
    windows = []
    for day, minutes in by_day.items():
        minutes.sort()
        start = prev = minutes[0]
        for m in [*minutes[1:], None]:
            if m is None or m != prev + 15:
                windows.append({"start": _at(day_dates[day], start), "end": _at(day_dates[day], prev + 15)})
                if m is not None:
                    start = m
            prev = m if m is not None else prev
    people = [{"id": f"p{i}", "kind": "person", "available": windows} for i in range(len(data["persons"]))]
    rooms = [{"id": f"r{i}", "capacity": r["capacity"]} for i, r in enumerate(data["rooms"])]
    meetings = [
        {
            "id": f"m{i}",
            "case": m["topic"],
            "kind": "synthesis",
            "duration_minutes": m["duration"] * 15,
            "urgency": 3,
            "required": [f"p{j}" for j in m["required"]],
            "optional": [f"p{j}" for j in m["preferred"] if j not in m["required"]],
            "room": "in_person",
        }
        for i, m in enumerate(data["meetings"])
    ]
    last = max(day_dates.values())
    return {
        "timezone": "Europe/Paris",
        "horizon": {"start": FIRST_DAY.isoformat(), "end": last.isoformat()},
        "slot_minutes": 15,
        "participants": people,
        "rooms": rooms,
        "meetings": meetings,
    }


def _at(day: date, minute: int) -> str:
    return (
        datetime.combine(day, time())
        .replace(hour=minute // 60, minute=minute % 60)
        .strftime("%Y-%m-%dT%H:%M")
    )
