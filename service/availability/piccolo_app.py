"""Piccolo app of imported availability."""

import os

from piccolo.conf.apps import AppConfig

from service.availability.tables import BusyTime, FeedStatus

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="availability",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "piccolo_migrations"),
    table_classes=[BusyTime, FeedStatus],
    migration_dependencies=["service.directory.piccolo_app"],
    commands=[],
)
