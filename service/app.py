"""The one place that wires the service: routes, authentication, errors, lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar, get
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme

from service import db, hooks
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
from service.scheduling.controller import (
    AlertController,
    CaseMeetingController,
    CourtEventController,
    MeetingController,
    RunController,
)
from service.scheduling.meetings import on_absence

ROUTE_HANDLERS: list[object] = [
    AccountController,
    InstitutionController,
    ProfessionalController,
    RoomController,
    CaseController,
    ConsentController,
    ParticipationController,
    AuditController,
    CourtEventController,
    CaseMeetingController,
    MeetingController,
    RunController,
    AlertController,
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
    hooks.register(hooks.absence_added, on_absence)
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
