"""Shared steps of plain create/read/update routes over one table."""

from __future__ import annotations

from typing import Any

import msgspec
from piccolo.columns import Column
from piccolo.table import Table

from service.errors import FieldError, Invalid, NotFound


async def one(table: type[Table], row_id: int, what: str) -> dict[str, Any]:
    """The row as a dict, or 404."""
    row = await table.select().where(table._meta.primary_key == row_id).first()
    if row is None:
        raise NotFound(what, row_id)
    return row


def changes(data: msgspec.Struct, renames: dict[str, str] | None = None) -> dict[str, Any]:
    """The fields a PATCH body sets, under their column names."""
    renames = renames or {}
    values = {
        renames.get(name, name): value
        for name in data.__struct_fields__
        if (value := getattr(data, name)) is not None
    }
    if not values:
        raise Invalid("Nothing to change.", [FieldError("body", "send at least one field")])
    return values


async def update(table: type[Table], row_id: int, values: dict[str, Any]) -> None:
    """Apply column values to one row."""
    columns: dict[Column | str, Any] = {
        table._meta.get_column_by_name(name): value for name, value in values.items()
    }
    await table.update(columns).where(table._meta.primary_key == row_id)


async def require_reference(table: type[Table], row_id: int | None, field: str, hint: str) -> None:
    """422 naming ``field`` when it points to nothing."""
    if row_id is not None and not await table.exists().where(table._meta.primary_key == row_id):
        raise Invalid(f"{field} points to nothing.", [FieldError(field, f"unknown id {row_id}: {hint}")])
