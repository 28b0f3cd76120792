"""Piccolo app of scheduling."""

import os

from piccolo.conf.apps import AppConfig

from service.scheduling.tables import Alert, ScheduleRun

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="scheduling",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "piccolo_migrations"),
    table_classes=[ScheduleRun, Alert],
    migration_dependencies=["service.meetings.piccolo_app"],
    commands=[],
)
