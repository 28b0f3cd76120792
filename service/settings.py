"""Settings read once from the environment, with safe defaults for the embedded mode."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DEFAULT_DATA_DIR = Path("var")


@dataclass(frozen=True)
class Settings:
    """Everything the service reads from its environment."""

    database_url: str
    data_dir: Path
    host: str
    port: int
    public_url: str
    secret_key: str
    timezone: str
    mailbox: str
    smtp_host: str
    smtp_port: int
    smtp_user: str
    smtp_password: str
    smtp_security: str
    sms_gateway_url: str
    sms_gateway_key: str
    dispatch_interval_seconds: float
    dispatch_enabled: bool
    dispatch_lease_seconds: float
    webhook_url: str
    webhook_secret: str
    reminder_meeting_days: int
    reminder_evaluation_days: tuple[int, ...]
    reminder_deadline_days: int
    reminder_consent_days: int
    debug: bool
    feed_refresh_minutes: float
    feeds_on_private_network: bool
    retention_case_days: int
    retention_audit_days: int
    retention_message_days: int
    retention_busy_days: int


def _secret_key(data_dir: Path) -> str:
    """The signing key: from the environment, or created once and kept beside the database."""
    configured = os.environ.get("CONCERTO_SECRET_KEY")
    if configured:
        return configured
    key_file = data_dir / "secret.key"
    if key_file.exists():
        return key_file.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def _days(value: str) -> tuple[int, ...]:
    """'7,1' -> (7, 1): how many days before a date its reminders go."""
    try:
        return tuple(sorted({int(v) for v in value.split(",") if v.strip()}, reverse=True))
    except ValueError as error:
        raise ValueError(f"a list of whole days is expected, like 7,1; got {value!r}") from error


def load_settings() -> Settings:
    """Read the environment now (tests call this after changing it)."""
    data_dir = Path(os.environ.get("CONCERTO_DATA_DIR", str(DEFAULT_DATA_DIR)))
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{data_dir / 'concerto.sqlite'}"
    port = int(os.environ.get("CONCERTO_PORT", "8000"))
    return Settings(
        database_url=database_url,
        data_dir=data_dir,
        host=os.environ.get("CONCERTO_HOST", "127.0.0.1"),
        port=port,
        public_url=os.environ.get("CONCERTO_PUBLIC_URL", f"http://127.0.0.1:{port}").rstrip("/"),
        secret_key=_secret_key(data_dir),
        timezone=os.environ.get("CONCERTO_TIMEZONE", "Europe/Paris"),
        mailbox=os.environ.get("CONCERTO_MAILBOX", "instance@concerto.example.org"),
        smtp_host=os.environ.get("SMTP_HOST", "127.0.0.1"),
        smtp_port=int(os.environ.get("SMTP_PORT", "25")),
        smtp_user=os.environ.get("SMTP_USER", ""),
        smtp_password=os.environ.get("SMTP_PASSWORD", ""),
        smtp_security=os.environ.get("SMTP_SECURITY", "none"),
        sms_gateway_url=os.environ.get("SMS_GATEWAY_URL", ""),
        sms_gateway_key=os.environ.get("SMS_GATEWAY_KEY", ""),
        dispatch_interval_seconds=float(os.environ.get("CONCERTO_DISPATCH_INTERVAL", "5")),
        dispatch_enabled=os.environ.get("CONCERTO_DISPATCH", "on") != "off",
        dispatch_lease_seconds=float(os.environ.get("CONCERTO_DISPATCH_LEASE", "60")),
        webhook_url=os.environ.get("WEBHOOK_URL", ""),
        webhook_secret=os.environ.get("WEBHOOK_SECRET", ""),
        reminder_meeting_days=int(os.environ.get("CONCERTO_REMIND_MEETING_DAYS", "2")),
        reminder_evaluation_days=_days(os.environ.get("CONCERTO_REMIND_EVALUATION_DAYS", "7,1")),
        reminder_deadline_days=int(os.environ.get("CONCERTO_REMIND_DEADLINE_DAYS", "10")),
        reminder_consent_days=int(os.environ.get("CONCERTO_REMIND_CONSENT_DAYS", "14")),
        debug=os.environ.get("CONCERTO_DEBUG", "") == "1",
        feed_refresh_minutes=float(os.environ.get("CONCERTO_FEED_REFRESH_MINUTES", "30")),
        feeds_on_private_network=os.environ.get("CONCERTO_FEEDS_PRIVATE_NETWORK", "") == "1",
        retention_case_days=int(os.environ.get("CONCERTO_RETENTION_CASE_DAYS", "730")),
        retention_audit_days=int(os.environ.get("CONCERTO_RETENTION_AUDIT_DAYS", "1095")),
        retention_message_days=int(os.environ.get("CONCERTO_RETENTION_MESSAGE_DAYS", "90")),
        retention_busy_days=int(os.environ.get("CONCERTO_RETENTION_BUSY_DAYS", "30")),
    )


@cache
def get_settings() -> Settings:
    """The settings of this process."""
    return load_settings()
