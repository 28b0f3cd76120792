"""The audit log refuses updates, at the database itself: rows are only ever appended
(and, past their retention, purged)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.postgres import PostgresEngine

from service.audit.tables import AuditEntry

ID = "2026-11-23T04:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "audit log is append-only"

SQLITE_TRIGGER = """
CREATE TRIGGER IF NOT EXISTS audit_entry_append_only BEFORE UPDATE ON audit_entry
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
"""

POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$ LANGUAGE plpgsql
"""

POSTGRES_TRIGGER = """
CREATE TRIGGER audit_entry_append_only BEFORE UPDATE ON audit_entry
FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()
"""


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="audit", description=DESCRIPTION)

    async def add_trigger() -> None:
        engine = AuditEntry._meta.db
        if isinstance(engine, PostgresEngine):
            await engine.run_ddl(POSTGRES_FUNCTION)
            await engine.run_ddl(POSTGRES_TRIGGER)
        else:
            await engine.run_ddl(SQLITE_TRIGGER)

    manager.add_raw(add_trigger)
    return manager
