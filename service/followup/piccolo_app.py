"""Piccolo app of the follow-up."""

import os

from piccolo.conf.apps import AppConfig

from service.followup.tables import Attendance, EvaluationDate, Minutes, MinutesItem, PlanAction, PlanNote

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="followup",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "piccolo_migrations"),
    table_classes=[Minutes, Attendance, MinutesItem, PlanAction, PlanNote, EvaluationDate],
    migration_dependencies=["service.meetings.piccolo_app", "service.cases.piccolo_app"],
    commands=[],
)
