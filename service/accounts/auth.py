"""Bearer authentication and role guards."""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult
from litestar.middleware.base import DefineMiddleware

from service.accounts.actor import Actor
from service.accounts.tokens import actor_for_token
from service.errors import Forbidden, Unauthorized

# Health, the OpenAPI schema, public signed-link pages and static files need no token.
PUBLIC_PATHS = ["^/health", "^/schema", "^/p/", "^/static/"]


class BearerTokenMiddleware(AbstractAuthenticationMiddleware):
    """Authenticates ``Authorization: Bearer <token>``."""

    async def authenticate_request(
        self, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> AuthenticationResult:
        header = connection.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorized(
                "Send 'Authorization: Bearer <token>'; `concerto users token EMAIL` makes one."
            )
        actor = await actor_for_token(token.strip())
        if actor is None:
            raise Unauthorized("This token is unknown or revoked; ask an administrator for a new one.")
        return AuthenticationResult(user=actor, auth=token)


AUTH_MIDDLEWARE = DefineMiddleware(BearerTokenMiddleware, exclude=PUBLIC_PATHS)


def actor_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Actor:
    """The authenticated actor of a connection."""
    user = connection.user
    assert isinstance(user, Actor)
    return user


def _require(*roles: str) -> Any:
    def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        if actor_of(connection).role not in roles:
            raise Forbidden(f"This needs the role {' or '.join(roles)}.")

    return guard


admin_only = _require("admin")
coordinator_only = _require("coordinator")
directory_editor = _require("admin", "coordinator")
case_worker = _require("coordinator", "professional")
