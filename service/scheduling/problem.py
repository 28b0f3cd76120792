"""Builds the solver's problem (the spec's JSON) from the service's tables."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from service.availability.tables import BusyTime
from service.cases.tables import Case
from service.consent.participation import latest_request
from service.directory.tables import Absence, Professional, Room, Site
from service.meetings.tables import Meeting, MeetingParticipant
from service.rows import json_value
from service.scheduling.timeline import PARIS, local, stamp

HORIZON_DAYS = 42
OPEN = ("to_schedule", "proposed", "confirmed")
HALF_DAYS = {"am": ("09:00", "12:00"), "pm": ("14:00", "17:00")}
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MAX_MEETINGS_PER_DAY = 3


@dataclass
class Context:
    """Rows the builder needs, loaded once."""

    targets: list[dict[str, Any]]
    fixed: list[dict[str, Any]] = field(default_factory=list)
    participants: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    cases: dict[int, dict[str, Any]] = field(default_factory=dict)


def pro_id(professional: int) -> str:
    return f"pro-{professional}"


def person_id(case: int) -> str:
    return f"person-{case}"


def meeting_id(meeting: int) -> str:
    return f"m-{meeting}"


def room_id(room: int | None) -> str | None:
    return f"room-{room}" if room is not None else None


def _instants(start: date, end: date) -> tuple[datetime, datetime]:
    """The horizon as instants: Paris midnight of ``start`` to Paris midnight after ``end``."""
    return (
        datetime.combine(start, time(0), tzinfo=PARIS),
        datetime.combine(end + timedelta(days=1), time(0), tzinfo=PARIS),
    )


async def _load(target_ids: Iterable[int], start: date, end: date) -> Context:
    targets = list(await Meeting.select().where(Meeting.id.is_in(list(target_ids) or [-1])))
    context = Context(targets)
    ids = [m["id"] for m in targets]
    rows = await MeetingParticipant.select().where(MeetingParticipant.meeting.is_in(ids or [-1]))
    people = {r["professional"] for r in rows if r["professional"] is not None}
    theirs = await MeetingParticipant.select(MeetingParticipant.meeting).where(
        MeetingParticipant.professional.is_in(list(people) or [-1])
    )
    low, high = _instants(start, end)
    context.fixed = list(
        await Meeting.select().where(
            Meeting.id.is_in(sorted({r["meeting"] for r in theirs} - set(ids)) or [-1]),
            Meeting.status == "confirmed",
            Meeting.start >= low,
            Meeting.start < high,
        )
    )
    all_ids = ids + [m["id"] for m in context.fixed]
    for r in await MeetingParticipant.select().where(MeetingParticipant.meeting.is_in(all_ids or [-1])):
        context.participants.setdefault(r["meeting"], []).append(r)
    case_ids = {m["case"] for m in targets + context.fixed}
    for row in await Case.select(Case.id, Case.reference, Case.urgency).where(
        Case.id.is_in(list(case_ids) or [-1])
    ):
        context.cases[row["id"]] = row
    return context


async def _busy_times(pro_ids: list[int], start: date, end: date) -> dict[int, list[dict[str, str]]]:
    """Absences (whole days) and busy times imported from calendars, for all these people at once."""
    low, high = _instants(start, end)
    busy: dict[int, list[dict[str, str]]] = {i: [] for i in pro_ids}
    for a in await Absence.select().where(
        Absence.professional.is_in(pro_ids or [-1]), Absence.end >= start, Absence.start <= end
    ):
        last = (a["end"] + timedelta(days=1)).isoformat()
        busy[a["professional"]].append({"start": f"{a['start'].isoformat()}T00:00", "end": f"{last}T00:00"})
    for b in await BusyTime.select().where(
        BusyTime.professional.is_in(pro_ids or [-1]), BusyTime.end > low, BusyTime.start < high
    ):
        busy[b["professional"]].append(
            {"start": stamp(max(b["start"], low)), "end": stamp(min(b["end"], high))}
        )
    return busy


def _professional(row: dict[str, Any], busy: list[dict[str, str]]) -> dict[str, Any]:
    return {
        "id": pro_id(row["id"]),
        "kind": "professional",
        "institution": f"inst-{row['institution']}",
        "working_hours": json_value(row["working_hours"]),
        "busy": busy,
        "max_meetings_per_day": MAX_MEETINGS_PER_DAY,
        "site": f"site-{row['site']}" if row["site"] is not None else None,
    }


def _person_declined(context: Context, case_id: int) -> list[dict[str, str]]:
    """A time the person declined is busy for them."""
    return [
        {"start": stamp(m["start"]), "end": stamp(m["end"])}
        for m in context.targets
        if m["case"] == case_id
        and m["start"] is not None
        and any(p["is_person"] and p["response"] == "declined" for p in context.participants.get(m["id"], []))
    ]


async def _person(case_id: int, start: date, end: date, busy: list[dict[str, str]]) -> dict[str, Any]:
    """The person is free only on the half-days they gave (working half-days when none were given)."""
    request = await latest_request(case_id)
    half_days = json_value(request["preferred_half_days"]) if request else []
    wanted = set(half_days) or {f"{d}-{h}" for d in WEEKDAYS[:5] for h in ("am", "pm")}
    windows = []
    day = start
    while day <= end:
        for half, (lo, hi) in HALF_DAYS.items():
            if f"{WEEKDAYS[day.weekday()]}-{half}" in wanted:
                windows.append({"start": f"{day.isoformat()}T{lo}", "end": f"{day.isoformat()}T{hi}"})
        day += timedelta(days=1)
    needs: dict[str, Any] = {}
    if request is not None:
        if request["accessible_room"]:
            needs["accessible_room"] = True
        if request["video"]:
            needs["video"] = True
        if request["interpreter_language"]:
            needs["interpreter"] = request["interpreter_language"]
    return {"id": person_id(case_id), "kind": "person", "available": windows, "busy": busy, "needs": needs}


async def _rooms() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rows = await Room.select(*Room.all_columns(), Room.site.city)
    rooms = [
        {
            "id": room_id(r["id"]),
            "site": f"site-{r['site']}",
            "capacity": r["capacity"],
            "accessible": r["accessible"],
            "busy": [],
        }
        for r in rows
    ]
    rooms.append({"id": "video", "video": True})
    sites = await Site.select(Site.id, Site.city)
    travel = [
        {"from": f"site-{a['id']}", "to": f"site-{b['id']}", "minutes": 30 if a["city"] != b["city"] else 15}
        for a in sites
        for b in sites
        if a["id"] < b["id"]
    ]
    return rooms, travel


def _meeting(row: dict[str, Any], context: Context, fixed: bool, after: dict[int, int]) -> dict[str, Any]:
    people = context.participants.get(row["id"], [])

    def ident(p: dict[str, Any]) -> str:
        return person_id(row["case"]) if p["is_person"] else pro_id(p["professional"])

    spec: dict[str, Any] = {
        "id": meeting_id(row["id"]),
        "case": context.cases[row["case"]]["reference"],
        "kind": row["kind"],
        "duration_minutes": row["duration_minutes"],
        "urgency": context.cases[row["case"]]["urgency"],
        "required": [ident(p) for p in people if p["required"]],
        "optional": [ident(p) for p in people if not p["required"]],
        "room": row["room_mode"],
    }
    placement = (
        {"start": stamp(row["start"]), "room": room_id(row["room"]) or "video"}
        if row["start"] is not None
        else None
    )
    if fixed:
        spec["fixed"] = placement
        return spec
    if row["earliest"] is not None:
        spec["earliest"] = row["earliest"].isoformat()
    if row["deadline"] is not None:
        spec["deadline"] = stamp(row["deadline"])
    if row["id"] in after:
        spec["after"] = [{"meeting": meeting_id(after[row["id"]]), "min_working_days": 1}]
    if row["status"] in ("proposed", "confirmed") and placement is not None:
        spec["current"] = placement
    return spec


def _within(spec: dict[str, Any], keep: set[str]) -> dict[str, Any]:
    """A context meeting with only the participants the problem knows."""
    spec["required"] = [i for i in spec["required"] if i in keep]
    spec["optional"] = [i for i in spec["optional"] if i in keep]
    return spec


def _declined_busy(context: Context) -> dict[int, list[dict[str, str]]]:
    """A declined time is busy for whoever declined it."""
    busy: dict[int, list[dict[str, str]]] = {}
    for m in context.targets:
        if m["start"] is None:
            continue
        for p in context.participants.get(m["id"], []):
            if p["response"] == "declined" and p["professional"] is not None:
                busy.setdefault(p["professional"], []).append(
                    {"start": stamp(m["start"]), "end": stamp(m["end"])}
                )
    return busy


def _subdivision(professionals: list[dict[str, Any]]) -> str | None:
    """Alsace-Moselle's holidays when every institution involved is there."""
    found = {row["institution.holiday_subdivision"] for row in professionals}
    return found.pop() if len(found) == 1 else None


def horizon(today: date, targets: list[dict[str, Any]]) -> tuple[date, date]:
    """From tomorrow to six weeks on, or to the latest deadline if later."""
    start = today + timedelta(days=1)
    end = start + timedelta(days=HORIZON_DAYS - 1)
    for m in targets:
        if m["deadline"] is not None:
            end = max(end, local(m["deadline"]).date())
    return start, end


async def build_problem(target_ids: Iterable[int], today: date) -> dict[str, Any]:
    """The problem for these meetings; confirmed meetings of the same people are fixed context."""
    ids = list(target_ids)
    first = await Meeting.select().where(Meeting.id.is_in(ids or [-1]))
    start, end = horizon(today, list(first))
    context = await _load(ids, start, end)
    declined = _declined_busy(context)
    # Only the people of the meetings to place: confirmed meetings around them are context, kept
    # with those people alone (the others' diaries do not bear on this problem).
    target_people = [p for m in context.targets for p in context.participants.get(m["id"], [])]
    pro_ids = sorted({p["professional"] for p in target_people if p["professional"] is not None})
    busy = await _busy_times(pro_ids, start, end)
    professionals = (
        await Professional.select(*Professional.all_columns(), Professional.institution._.holiday_subdivision)
        .where(Professional.id.is_in(pro_ids or [-1]))
        .order_by(Professional.id)
    )
    participants = [
        _professional(row, declined.get(row["id"], []) + busy[row["id"]]) for row in professionals
    ]
    persons = sorted(
        {
            m["case"]
            for m in context.targets
            if any(p["is_person"] for p in context.participants.get(m["id"], []))
        }
    )
    participants += [await _person(c, start, end, _person_declined(context, c)) for c in persons]
    rooms, travel = await _rooms()
    after = {m["prepares"]: m["id"] for m in context.targets if m["prepares"] is not None}
    meetings = [_meeting(m, context, False, after) for m in context.targets]
    keep = {pro_id(i) for i in pro_ids} | {person_id(c) for c in persons}
    meetings += [_within(_meeting(m, context, True, {}), keep) for m in context.fixed]
    return {
        "timezone": str(PARIS),
        "horizon": {"start": start.isoformat(), "end": end.isoformat()},
        "slot_minutes": 15,
        "holidays": {"country": "FR", "subdivision": _subdivision(professionals), "extra": []},
        "participants": participants,
        "rooms": rooms,
        "travel_minutes": travel,
        "meetings": meetings,
    }
