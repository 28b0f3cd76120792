"""Which categories a consent or an exception covers for an institution, today."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from service.rows import json_value


@dataclass(frozen=True)
class Grant:
    """A consent or an exception, reduced to what it covers."""

    kind: str  # consent | exception
    id: int
    categories: frozenset[str]
    institutions: frozenset[int]


def consent_grant(row: dict[str, Any], day: date) -> Grant | None:
    """What a consent row covers on ``day`` (``None`` once fully withdrawn or expired)."""
    if row["fully_withdrawn"] or (row["valid_until"] is not None and row["valid_until"] < day):
        return None
    categories = frozenset(json_value(row["categories"])) - frozenset(json_value(row["withdrawn_categories"]))
    institutions = frozenset(json_value(row["institutions"])) - frozenset(
        json_value(row["withdrawn_institutions"])
    )
    return Grant("consent", row["id"], categories, institutions)


def exception_grant(row: dict[str, Any]) -> Grant | None:
    """What an exception row covers (``None`` once ended)."""
    if row["ended_at"] is not None:
        return None
    return Grant(
        "exception",
        row["id"],
        frozenset(json_value(row["categories"])),
        frozenset(json_value(row["institutions"])),
    )


@dataclass(frozen=True)
class Coverage:
    categories: frozenset[str]
    consent_id: int | None
    exception_id: int | None


def coverage_for(grants: list[Grant], institution_id: int | None) -> Coverage:
    """The categories the grants open to an institution, and the first consent and exception relied on."""
    categories: set[str] = set()
    consent_id = exception_id = None
    for grant in grants:
        if institution_id is None or institution_id not in grant.institutions or not grant.categories:
            continue
        categories |= grant.categories
        if grant.kind == "consent" and consent_id is None:
            consent_id = grant.id
        if grant.kind == "exception" and exception_id is None:
            exception_id = grant.id
    return Coverage(frozenset(categories), consent_id, exception_id)
