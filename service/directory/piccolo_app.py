"""Piccolo app of the directory."""

import os

from piccolo.conf.apps import AppConfig

from service.directory.tables import Absence, Institution, Professional, Room, Site

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="directory",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "piccolo_migrations"),
    table_classes=[Institution, Site, Professional, Absence, Room],
    migration_dependencies=[],
    commands=[],
)
