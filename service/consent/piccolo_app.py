"""Piccolo app of consent and participation."""

import os

from piccolo.conf.apps import AppConfig

from service.consent.tables import Consent, ParticipationAgreement, ParticipationRequest, SharingException

CURRENT_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

APP_CONFIG = AppConfig(
    app_name="consent",
    migrations_folder_path=os.path.join(CURRENT_DIRECTORY, "piccolo_migrations"),
    table_classes=[Consent, SharingException, ParticipationRequest, ParticipationAgreement],
    migration_dependencies=["service.cases.piccolo_app", "service.accounts.piccolo_app"],
    commands=[],
)
