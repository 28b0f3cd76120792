"""Appends audit rows. There is no update and no delete: the log only grows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from service.accounts.actor import Actor
from service.audit.tables import AuditEntry
from service.clock import now


@dataclass(frozen=True)
class Access:
    """What a read relied on: the categories touched and the consent or exception covering them."""

    categories: tuple[str, ...] = ()
    consent_id: int | None = None
    exception_id: int | None = None


async def record(
    actor: Actor | None,
    action: str,
    object_type: str,
    object_id: object = "",
    *,
    case_id: int | None = None,
    access: Access = Access(),
    outcome: str = "allowed",
    detail: str = "",
    actor_label: str = "",
) -> None:
    """Append one row; ``actor`` is ``None`` for the person acting through a signed link."""
    await AuditEntry.insert(
        AuditEntry(
            at=now(),
            user_id=actor.user_id if actor else None,
            actor=actor.email if actor else (actor_label or "anonymous"),
            role=actor.role if actor else "person",
            institution_id=actor.institution_id if actor else None,
            institution=actor.institution_name if actor else "",
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            case_id=case_id,
            categories=list(access.categories),
            consent_id=access.consent_id,
            exception_id=access.exception_id,
            outcome=outcome,
            detail=detail,
        )
    )


async def entries(case_id: int | None = None, limit: int = 500) -> list[dict[str, Any]]:
    """The newest rows first, for one case or all."""
    query = AuditEntry.select().order_by(AuditEntry.id, ascending=False).limit(limit)
    if case_id is not None:
        query = query.where(AuditEntry.case_id == case_id)
    return list(await query)
