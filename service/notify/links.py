"""Signed, expiring, single-purpose links: answering an invitation, the person's space, a feed.

A token signed for one purpose is refused for any other (the purpose is the signing salt)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from service.clock import now
from service.settings import get_settings

LIFETIMES = {
    "answer": timedelta(days=60),
    "person": timedelta(days=60),
    "feed": timedelta(days=3650),
}
PATHS = {"answer": "/p/answer/", "person": "/p/person/", "feed": "/p/feeds/"}


class LinkRefused(Exception):
    """A link that is expired (``expired``) or was never ours."""

    def __init__(self, expired: bool) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


class ClockSigner(TimestampSigner):
    """Signs and checks ages with the service's clock (which tests can freeze)."""

    def get_timestamp(self) -> int:
        return int(now().timestamp())


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    if purpose not in LIFETIMES:
        raise ValueError(f"unknown link purpose {purpose!r}")
    return URLSafeTimedSerializer(get_settings().secret_key, salt=f"concerto-{purpose}", signer=ClockSigner)


def sign(purpose: str, payload: dict[str, Any]) -> str:
    return _serializer(purpose).dumps(payload)


def unsign(purpose: str, token: str) -> dict[str, Any]:
    """The payload, or ``LinkRefused``."""
    try:
        payload = _serializer(purpose).loads(token, max_age=int(LIFETIMES[purpose].total_seconds()))
    except SignatureExpired as error:
        raise LinkRefused(expired=True) from error
    except BadSignature as error:
        raise LinkRefused(expired=False) from error
    if not isinstance(payload, dict):
        raise LinkRefused(expired=False)
    return payload


def url(purpose: str, payload: dict[str, Any], suffix: str = "") -> str:
    return f"{get_settings().public_url}{PATHS[purpose]}{sign(purpose, payload)}{suffix}"
