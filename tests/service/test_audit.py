"""The audit log only grows."""

from __future__ import annotations

import pytest

from service.audit.recorder import record
from service.audit.tables import AuditEntry
from tests.support.world import World


async def test_audit_rows_cannot_be_updated(world: World) -> None:
    await record(None, "read", "case", 1, case_id=1, actor_label="test")
    with pytest.raises(Exception, match="append-only"):
        await AuditEntry.update({AuditEntry.outcome: "refused"}).where(AuditEntry.case_id == 1)
    assert (await AuditEntry.select(AuditEntry.outcome).first())["outcome"] == "allowed"


async def test_audit_is_for_coordinators_only(world: World) -> None:
    for who in ("admin", "ana"):
        assert (await world.as_(who).get("/api/audit")).status_code == 403
    assert (await world.anonymous.get("/api/audit")).status_code == 401
