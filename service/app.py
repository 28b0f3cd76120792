"""The one place that wires the service: routes, authentication, errors, lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar, get
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme

from service import db
from service.accounts.auth import AUTH_MIDDLEWARE
from service.accounts.controller import AccountController
from service.audit.controller import AuditController
from service.cases.controller import CaseController
from service.consent.controller import ConsentController, ParticipationController
from service.directory.controller import (
    InstitutionController,
    ProfessionalController,
    RoomController,
)
from service.errors import EXCEPTION_HANDLERS

ROUTE_HANDLERS: list[object] = [
    AccountController,
    InstitutionController,
    ProfessionalController,
    RoomController,
    CaseController,
    ConsentController,
    ParticipationController,
    AuditController,
]


@get("/health", tags=["service"], summary="Liveness and database check")
async def health() -> dict[str, str]:
    await db.engine().run_ddl("SELECT 1")
    return {"status": "ok"}


@asynccontextmanager
async def lifespan(_: Litestar) -> AsyncIterator[None]:
    await db.start()
    try:
        yield
    finally:
        await db.stop()


def create_app() -> Litestar:
    """The Litestar application."""
    return Litestar(
        route_handlers=[health, *ROUTE_HANDLERS],  # type: ignore[list-item]
        middleware=[AUTH_MIDDLEWARE],
        exception_handlers=EXCEPTION_HANDLERS,
        lifespan=[lifespan],
        openapi_config=OpenAPIConfig(
            title="Concerto",
            version="0.1.0",
            description="The instance de gestion des cas complexes: intake, consent, scheduling, follow-up.",
            path="/schema",
            components=Components(
                security_schemes={
                    "BearerToken": SecurityScheme(
                        type="http", scheme="bearer", description="`concerto users token EMAIL`"
                    )
                }
            ),
            security=[{"BearerToken": []}],
            render_plugins=[SwaggerRenderPlugin()],
        ),
    )
