"""Small problem dictionaries for solver tests."""

from __future__ import annotations

import copy
from typing import Any

WEEK = {d: [["09:00", "12:00"], ["14:00", "17:00"]] for d in ("mon", "tue", "wed", "thu", "fri")}


def pro(ident: str, hours: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    return {"id": ident, "kind": "professional", "working_hours": copy.deepcopy(hours or WEEK), **extra}


def meeting(ident: str, required: list[str], **extra: Any) -> dict[str, Any]:
    return {
        "id": ident,
        "case": "CC-2026-0001",
        "kind": "synthesis",
        "duration_minutes": 60,
        "urgency": 3,
        "required": required,
        **extra,
    }


def problem(
    participants: list[dict[str, Any]], meetings: list[dict[str, Any]], **extra: Any
) -> dict[str, Any]:
    """A week-long problem starting Monday 7 December 2026."""
    return {
        "timezone": "Europe/Paris",
        "horizon": {"start": "2026-12-07", "end": "2026-12-11"},
        "slot_minutes": 15,
        "participants": participants,
        "meetings": meetings,
        **extra,
    }
