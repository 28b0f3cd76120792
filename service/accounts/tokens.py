"""Bearer tokens: shown once, stored as a SHA-256 digest, looked up by digest."""

from __future__ import annotations

import hashlib
import secrets
from typing import cast

from service.accounts.actor import Actor, Role
from service.accounts.tables import ApiToken, User
from service.errors import NotFound

TOKEN_PREFIX = "cct_"  # noqa: S105 (a prefix, not a secret)


def digest(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode()).hexdigest()


async def issue_token(email: str, label: str = "") -> str:
    """Create a token for the user with this e-mail and return it (the only time it is seen)."""
    user = await User.objects().where(User.email == email.strip().lower()).first()
    if user is None or not user.active:
        raise NotFound("active user", email)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    await ApiToken.insert(ApiToken(user=user.id, token_hash=digest(token), label=label))
    return token


async def actor_for_token(token: str) -> Actor | None:
    """The actor a token authenticates, or ``None`` for an unknown or revoked token."""
    row = await (
        ApiToken.select(
            ApiToken.user.id,
            ApiToken.user.email,
            ApiToken.user.role,
            ApiToken.user.active,
            ApiToken.user._.professional._.id,
            ApiToken.user._.professional._.institution._.id,
            ApiToken.user._.professional._.institution._.name,
        )
        .where(ApiToken.token_hash == digest(token), ApiToken.revoked_at.is_null())
        .first()
    )
    if row is None or not row["user.active"]:
        return None
    return Actor(
        user_id=row["user.id"],
        email=row["user.email"],
        role=cast(Role, row["user.role"]),
        professional_id=row["user.professional.id"],
        institution_id=row["user.professional.institution.id"],
        institution_name=row["user.professional.institution.name"] or "",
    )
