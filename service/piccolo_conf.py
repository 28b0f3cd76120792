"""Piccolo configuration: the engine from ``DATABASE_URL`` and the apps of each area."""

from piccolo.conf.apps import AppRegistry

from service.db import engine_from_url
from service.settings import get_settings

DB = engine_from_url(get_settings().database_url)

APP_REGISTRY = AppRegistry(
    apps=[
        "service.directory.piccolo_app",
        "service.accounts.piccolo_app",
        "service.cases.piccolo_app",
        "service.audit.piccolo_app",
        "service.meetings.piccolo_app",
        "service.consent.piccolo_app",
        "service.scheduling.piccolo_app",
        "notifications.piccolo_app",
        "service.availability.piccolo_app",
        "service.followup.piccolo_app",
    ]
)
