"""Test configuration for every layer: the database is chosen before the service is imported."""

from __future__ import annotations

import os

from tests.support.database import TestDatabase

TEST_DATABASE = TestDatabase()
os.environ["DATABASE_URL"] = TEST_DATABASE.url
os.environ["CONCERTO_DATA_DIR"] = TEST_DATABASE.workdir
os.environ.setdefault("CONCERTO_SECRET_KEY", "test-secret-key-not-for-production")
os.environ["CONCERTO_DISPATCH"] = "off"  # tests drive the dispatcher themselves
os.environ["CONCERTO_FEEDS_PRIVATE_NETWORK"] = "1"  # test feeds are served on loopback


def pytest_report_header() -> str:
    return f"database: {TEST_DATABASE.engine} ({TEST_DATABASE.url})"


def pytest_unconfigure() -> None:
    TEST_DATABASE.drop()
