"""The one place that wires the service: routes, authentication, errors, lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path

import httpx
from litestar import Litestar, get
from litestar.config.csrf import CSRFConfig
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig

from notifications.outbox import cancel_for_case
from notifications.ticker import start_ticker
from service import db, hooks
from service.accounts.auth import AUTH_MIDDLEWARE
from service.accounts.controller import AccountController
from service.audit.controller import AuditController
from service.availability.controller import FeedController
from service.availability.feeds import refresh_all
from service.cases.controller import CaseController
from service.consent.controller import ConsentController, ParticipationController
from service.directory.controller import (
    InstitutionController,
    ProfessionalController,
    RoomController,
)
from service.errors import EXCEPTION_HANDLERS
from service.followup.controller import ClosureController, MinutesController, PlanController, StatsController
from service.followup.jobs import daily as follow_up_daily
from service.notify.controller import OutboxController
from service.notify.dispatch import make_dispatcher
from service.pages.answers import AnswerPages
from service.pages.feeds import FeedPages
from service.pages.person import PersonPages
from service.scheduling.controller import (
    AlertController,
    CaseMeetingController,
    CourtEventController,
    MeetingController,
    RunController,
)
from service.scheduling.meetings import on_absence
from service.settings import get_settings

PAGES = Path(__file__).parent / "pages"

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
    OutboxController,
    FeedController,
    MinutesController,
    PlanController,
    ClosureController,
    StatsController,
    AnswerPages,
    FeedPages,
    PersonPages,
]


@get("/health", tags=["service"], summary="Liveness and database check")
async def health() -> dict[str, str]:
    await db.engine().run_ddl("SELECT 1")
    return {"status": "ok"}


STATIC = create_static_files_router(path="/static", directories=[PAGES / "static"])


@asynccontextmanager
async def lifespan(_: Litestar) -> AsyncIterator[None]:
    settings = get_settings()
    async with db.connected(), httpx.AsyncClient(timeout=15) as client:
        ticker = None
        if settings.dispatch_enabled:
            dispatcher = make_dispatcher(client, settings)
            ticker = start_ticker(
                [
                    ("dispatch", dispatcher.tick, settings.dispatch_interval_seconds),
                    ("follow-up", follow_up_daily, 3600),
                    ("calendar feeds", partial(refresh_all, client), settings.feed_refresh_minutes * 60),
                ]
            )
        try:
            yield
        finally:
            if ticker is not None:
                ticker.shutdown(wait=False)


def create_app() -> Litestar:
    """The Litestar application."""
    hooks.register(hooks.absence_added, on_absence)
    hooks.register(hooks.consent_withdrawn, cancel_for_case)
    return Litestar(
        route_handlers=[health, *ROUTE_HANDLERS, STATIC],  # type: ignore[list-item]
        template_config=TemplateConfig(directory=PAGES / "templates", engine=JinjaTemplateEngine),
        csrf_config=CSRFConfig(
            secret=get_settings().secret_key,
            cookie_name="concerto_csrf",
            cookie_httponly=True,
            cookie_samesite="strict",
            exclude=["^/api/", "^/health", "^/schema", "^/static/"],
        ),
        middleware=[AUTH_MIDDLEWARE],
        exception_handlers=EXCEPTION_HANDLERS,
        lifespan=[lifespan],
        debug=get_settings().debug,
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
