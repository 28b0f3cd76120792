"""The life cycle of a case: which steps are legal, as a pure table."""

from __future__ import annotations

TRANSITIONS: dict[str, frozenset[str]] = {
    "submitted": frozenset({"accepted", "redirected", "declined"}),
    "accepted": frozenset({"active", "closed"}),
    "active": frozenset({"closed"}),
    "closed": frozenset({"active", "archived"}),
    "redirected": frozenset({"archived"}),
    "declined": frozenset({"archived"}),
    "archived": frozenset(),
}

OPEN_STATUSES = frozenset({"submitted", "accepted", "active"})


def allowed_next(status: str) -> frozenset[str]:
    """The statuses a case in ``status`` may move to."""
    return TRANSITIONS.get(status, frozenset())


def is_legal(current: str, target: str) -> bool:
    """Whether ``current → target`` is a step of the life cycle."""
    return target in allowed_next(current)
