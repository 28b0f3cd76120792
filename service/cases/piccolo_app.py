"""Piccolo app of the cases."""

import os

from piccolo.conf.apps import AppConfig

from service.cases.tables import (
    Case,
    CaseCounter,
    CaseMember,
    CaseTransition,
    PersonIdentity,
    ReferentAssignment,
)

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="cases",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "piccolo_migrations"),
    table_classes=[
        Case,
        PersonIdentity,
        CaseMember,
        ReferentAssignment,
        CaseTransition,
        CaseCounter,
    ],
    migration_dependencies=["service.accounts.piccolo_app", "service.directory.piccolo_app"],
    commands=[],
)
