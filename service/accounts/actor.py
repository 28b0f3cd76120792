"""Who is making a request, as the access policy and the audit log see them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Role = Literal["admin", "coordinator", "professional"]
ROLES: tuple[Role, ...] = ("admin", "coordinator", "professional")


@dataclass(frozen=True)
class Actor:
    """An authenticated user, with the professional and institution they act for."""

    user_id: int
    email: str
    role: Role
    professional_id: int | None = None
    institution_id: int | None = None
    institution_name: str = ""

    @property
    def is_coordinator(self) -> bool:
        return self.role == "coordinator"

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"
