"""Channels: SMTP e-mail, SMS through an HTTP gateway, signed webhooks.

Each channel sends one message and raises ``DeliveryError`` when it did not go; ``permanent`` says
a retry cannot help (an address the server refuses)."""

from __future__ import annotations

import hashlib
import hmac
import json
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any, Protocol

import httpx

SMTP_TIMEOUT_SECONDS = 30


class DeliveryError(Exception):
    """A message did not go; ``permanent`` when retrying cannot help."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    user: str = ""
    password: str = ""
    security: str = "none"  # none, starttls, ssl


class SmtpSession:
    """One SMTP connection reused for a batch of messages (blocking: run it in a thread)."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpSession:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        if s.security == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                s.host, s.port, timeout=SMTP_TIMEOUT_SECONDS, context=ssl.create_default_context()
            )
        else:
            smtp = smtplib.SMTP(s.host, s.port, timeout=SMTP_TIMEOUT_SECONDS)
            if s.security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
        if s.user:
            smtp.login(s.user, s.password)
        return smtp

    def send(self, message: EmailMessage) -> None:
        try:
            if self._smtp is None:
                self._smtp = self._connect()
            refused = self._smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            raise DeliveryError(f"recipient refused: {error.recipients}", permanent=True) from error
        except (smtplib.SMTPException, OSError) as error:
            self.close()
            raise DeliveryError(f"SMTP: {error}") from error
        if refused:
            raise DeliveryError(f"recipient refused: {refused}", permanent=True)

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                self._smtp.close()
            self._smtp = None


class SmsGateway(Protocol):
    """Anything that sends a text message to a phone number."""

    async def send(self, phone: str, text: str, key: str) -> None: ...


class HttpSmsGateway:
    """An SMS provider's HTTP API: POST {to, text, reference} with a bearer key."""

    def __init__(self, client: httpx.AsyncClient, url: str, api_key: str) -> None:
        self.client, self.url, self.api_key = client, url, api_key

    async def send(self, phone: str, text: str, key: str) -> None:
        try:
            response = await self.client.post(
                self.url,
                json={"to": phone, "text": text, "reference": key},
                headers={"Authorization": f"Bearer {self.api_key}", "Idempotency-Key": key},
            )
        except httpx.HTTPError as error:
            raise DeliveryError(f"SMS gateway unreachable: {error}") from error
        if response.status_code >= 400:
            permanent = 400 <= response.status_code < 500 and response.status_code != 429
            raise DeliveryError(f"SMS gateway answered {response.status_code}", permanent=permanent)


def webhook_signature(secret: str, body: bytes) -> str:
    """HMAC-SHA256 of the body, hex; the receiver recomputes it with the shared secret."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class Webhook:
    """POSTs JSON events to a partner's URL, signed so the partner can trust them."""

    def __init__(self, client: httpx.AsyncClient, url: str, secret: str) -> None:
        self.client, self.url, self.secret = client, url, secret

    async def send(self, event: dict[str, Any], key: str) -> None:
        body = json.dumps(event, sort_keys=True).encode()
        headers = {
            "Content-Type": "application/json",
            "X-Concerto-Signature": webhook_signature(self.secret, body),
            "Idempotency-Key": key,
        }
        try:
            response = await self.client.post(self.url, content=body, headers=headers)
        except httpx.HTTPError as error:
            raise DeliveryError(f"webhook unreachable: {error}") from error
        if response.status_code >= 400:
            raise DeliveryError(f"webhook answered {response.status_code}")
