"""The steering committee's figures: anonymous, and every count under 5 masked so no one can be
recognised from them."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from service.cases.tables import Case, ReferentAssignment
from service.consent.tables import ParticipationRequest
from service.meetings.tables import Meeting
from service.rows import json_value

SMALL = 5
MASKED = "<5"

Count = int | str


def mask(n: int) -> Count:
    """Counts from 1 to 4 are shown as '<5'."""
    return MASKED if 0 < n < SMALL else n


def share(part: int, whole: int) -> float | str:
    """A percentage, or '<5' when the whole is too small to show."""
    if whole < SMALL:
        return MASKED
    return round(100 * part / whole, 1)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    rank = q * (len(ordered) - 1)
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass
class Delay:
    submitted_at: datetime
    days: float


async def delays() -> list[Delay]:
    """Intake to first held synthèse, in days, one per case that had one."""
    held = await Meeting.select(Meeting.case, Meeting.start).where(
        Meeting.kind == "synthesis", Meeting.status == "held", Meeting.start.is_not_null()
    )
    first: dict[int, datetime] = {}
    for m in held:
        first[m["case"]] = min(first.get(m["case"], m["start"]), m["start"])
    cases = await Case.select(Case.id, Case.submitted_at).where(Case.id.is_in(list(first) or [-1]))
    return [
        Delay(c["submitted_at"], round((first[c["id"]] - c["submitted_at"]).total_seconds() / 86400, 1))
        for c in cases
    ]


def _delay_figures(found: list[Delay]) -> dict[str, Any]:
    days = [d.days for d in found]
    if len(days) < SMALL:
        return {"cases": mask(len(days)), "median_days": MASKED, "p90_days": MASKED}
    return {
        "cases": len(days),
        "median_days": round(statistics.median(days), 1),
        "p90_days": round(percentile(days, 0.9), 1),
    }


async def _cases() -> dict[str, Any]:
    rows = await Case.select(Case.status, Case.barriers)
    statuses = Counter(r["status"] for r in rows)
    barriers = Counter(b for r in rows for b in json_value(r["barriers"]))
    return {
        "total": mask(len(rows)),
        "by_status": {k: mask(v) for k, v in sorted(statuses.items())},
        "by_barrier": {k: mask(v) for k, v in sorted(barriers.items())},
    }


async def _deadlines() -> dict[str, Any]:
    rows = await Meeting.select(Meeting.end, Meeting.deadline).where(
        Meeting.status == "held", Meeting.deadline.is_not_null(), Meeting.end.is_not_null()
    )
    met = sum(1 for r in rows if r["end"] <= r["deadline"])
    return {"held_with_a_deadline": mask(len(rows)), "held_before_deadline_percent": share(met, len(rows))}


async def _participation() -> dict[str, Any]:
    """How persons took part, over the cases that held a meeting: their last request's mode."""
    cases = {r["case"] for r in await Meeting.select(Meeting.case).where(Meeting.status == "held")}
    requests = (
        await ParticipationRequest.select(ParticipationRequest.case, ParticipationRequest.mode)
        .where(ParticipationRequest.case.is_in(list(cases) or [-1]))
        .order_by(ParticipationRequest.id)
    )
    mode = {r["case"]: r["mode"] for r in requests}
    modes = Counter(mode.get(c, "not_requested") for c in cases)
    took_part = sum(v for k, v in modes.items() if k in ("present", "part", "represented", "written"))
    return {
        "cases_with_a_meeting_held": mask(len(cases)),
        "took_part_percent": share(took_part, len(cases)),
        "by_mode": {k: mask(v) for k, v in sorted(modes.items())},
    }


async def _referents() -> dict[str, Any]:
    rows = await ReferentAssignment.select(ReferentAssignment.chosen_by_person)
    chosen = sum(1 for r in rows if r["chosen_by_person"])
    return {
        "chosen_by_the_person": mask(chosen),
        "not_chosen_by_the_person": mask(len(rows) - chosen),
        "chosen_percent": share(chosen, len(rows)),
    }


async def indicators() -> dict[str, Any]:
    return {
        "cases": await _cases(),
        "intake_to_first_synthesis": _delay_figures(await delays()),
        "court_deadlines": await _deadlines(),
        "participation": await _participation(),
        "referents": await _referents(),
    }


def rows(figures: dict[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    """Flattened (indicator, value) pairs, for the CSV export."""
    found: list[tuple[str, str]] = []
    for key, value in figures.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            found += rows(value, f"{name}.")
        else:
            found.append((name, str(value)))
    return found


def quarter(moment: datetime) -> str:
    return f"{moment.year}-T{(moment.month - 1) // 3 + 1}"


def by_quarter(found: list[Delay]) -> list[tuple[str, float | None, int]]:
    """(quarter of intake, median delay or None when masked, number of cases)."""
    groups: dict[str, list[float]] = {}
    for d in found:
        groups.setdefault(quarter(d.submitted_at), []).append(d.days)
    return [
        (q, round(statistics.median(v), 1) if len(v) >= SMALL else None, len(v))
        for q, v in sorted(groups.items())
    ]
