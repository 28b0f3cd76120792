"""The audit log, for coordinators."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec
from litestar import Controller, Request, get
from litestar.params import FromQuery

from service.accounts.auth import actor_of, coordinator_only
from service.audit.recorder import entries, record
from service.cases.tables import Case
from service.errors import NotFound
from service.rows import json_value


class AuditRead(msgspec.Struct):
    id: int
    at: datetime
    actor: str
    role: str
    institution: str
    action: str
    object_type: str
    object_id: str
    case_id: int | None
    categories: list[str]
    consent_id: int | None
    exception_id: int | None
    outcome: str
    detail: str


def audit_read(row: dict[str, Any]) -> AuditRead:
    """An audit row as a response."""
    return AuditRead(
        id=row["id"],
        at=row["at"],
        actor=row["actor"],
        role=row["role"],
        institution=row["institution"],
        action=row["action"],
        object_type=row["object_type"],
        object_id=row["object_id"],
        case_id=row["case_id"],
        categories=list(json_value(row["categories"])),
        consent_id=row["consent_id"],
        exception_id=row["exception_id"],
        outcome=row["outcome"],
        detail=row["detail"],
    )


async def _case_id(case: str) -> int:
    """A case given by id or by reference."""
    if case.isdigit():
        return int(case)
    row = await Case.select(Case.id).where(Case.reference == case).first()
    if row is None:
        raise NotFound("case", case)
    return int(row["id"])


class AuditController(Controller):
    """Who read or changed what, and relying on what."""

    path = "/api/audit"
    tags = ["audit"]
    guards = [coordinator_only]

    @get("/", summary="Audit rows, newest first; ?case=ID or CC-YYYY-NNNN")
    async def list_entries(
        self, request: Request[Any, Any, Any], case: FromQuery[str | None] = None
    ) -> list[AuditRead]:
        case_id = await _case_id(case) if case else None
        rows = await entries(case_id)
        await record(actor_of(request), "read", "audit", case_id or "", case_id=case_id)
        return [audit_read(r) for r in rows]
