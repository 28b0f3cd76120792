"""HTTP routes of the accounts: who am I, and the users an administrator manages."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.params import JSONBody

from service import crud
from service.accounts.actor import Role
from service.accounts.auth import actor_of, admin_only
from service.accounts.tables import User
from service.directory.tables import Professional
from service.errors import Conflict, FieldError, Invalid
from service.strict import Strict


class UserCreate(Strict):
    email: Annotated[str, msgspec.Meta(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=254)]
    display_name: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    role: Role
    professional_id: int | None = None


class UserRead(msgspec.Struct):
    id: int
    email: str
    display_name: str
    role: str
    professional_id: int | None
    active: bool


class Me(msgspec.Struct):
    user_id: int
    email: str
    role: str
    professional_id: int | None
    institution_id: int | None
    institution: str


def _user(row: dict[str, Any]) -> UserRead:
    return UserRead(
        id=row["id"],
        email=row["email"],
        display_name=row["display_name"],
        role=row["role"],
        professional_id=row["professional"],
        active=row["active"],
    )


class AccountController(Controller):
    """Accounts."""

    path = "/api"
    tags = ["accounts"]

    @get("/me", summary="The authenticated user")
    async def me(self, request: Request[Any, Any, Any]) -> Me:
        actor = actor_of(request)
        return Me(
            user_id=actor.user_id,
            email=actor.email,
            role=actor.role,
            professional_id=actor.professional_id,
            institution_id=actor.institution_id,
            institution=actor.institution_name,
        )

    @get("/users", guards=[admin_only])
    async def list_users(self) -> list[UserRead]:
        return [_user(r) for r in await User.select().order_by(User.id)]

    @post("/users", guards=[admin_only])
    async def create_user(self, data: JSONBody[UserCreate]) -> UserRead:
        if (data.role == "professional") != (data.professional_id is not None) and data.role != "coordinator":
            raise Invalid(
                "A professional account is linked to a professional of the directory; others may not be.",
                [FieldError("professional_id", "required for role professional, absent for admin")],
            )
        await crud.require_reference(
            Professional, data.professional_id, "professional_id", "see /api/professionals"
        )
        if await User.exists().where(User.email == data.email.lower()):
            raise Conflict("A user has this e-mail.", [FieldError("email", "must be unique")])
        row = User(
            email=data.email.lower(),
            display_name=data.display_name,
            role=data.role,
            professional=data.professional_id,
        )
        await row.save()
        return _user(await crud.one(User, row.id, "user"))
