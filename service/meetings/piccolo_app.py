"""Piccolo app of the meetings."""

import os

from piccolo.conf.apps import AppConfig

from service.meetings.tables import CourtEvent, Meeting, MeetingParticipant, Session

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="meetings",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "piccolo_migrations"),
    table_classes=[CourtEvent, Session, Meeting, MeetingParticipant],
    migration_dependencies=["service.cases.piccolo_app", "service.directory.piccolo_app"],
    commands=[],
)
