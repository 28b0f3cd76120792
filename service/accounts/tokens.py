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


# Read on every request: one plain query (Piccolo's joined select costs more to build than to run).
_ACTOR_QUERY = """
SELECT u.id, u.email, u.role, u.active, p.id AS professional_id,
       i.id AS institution_id, i.name AS institution_name
FROM api_token t
JOIN account_user u ON u.id = t."user"
LEFT JOIN professional p ON p.id = u.professional
LEFT JOIN institution i ON i.id = p.institution
WHERE t.token_hash = {} AND t.revoked_at IS NULL
"""


async def actor_for_token(token: str) -> Actor | None:
    """The actor a token authenticates, or ``None`` for an unknown or revoked token."""
    rows = await ApiToken.raw(_ACTOR_QUERY, digest(token))
    if not rows or not rows[0]["active"]:
        return None
    row = rows[0]
    return Actor(
        user_id=row["id"],
        email=row["email"],
        role=cast(Role, row["role"]),
        professional_id=row["professional_id"],
        institution_id=row["institution_id"],
        institution_name=row["institution_name"] or "",
    )
