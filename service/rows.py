"""Small helpers for rows as the engines return them."""

from __future__ import annotations

import json
from typing import Any


def json_value(value: Any) -> Any:
    """A JSON column's value: SQLite returns text, PostgreSQL may too."""
    return json.loads(value) if isinstance(value, str) else value
