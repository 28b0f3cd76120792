"""The dispatcher as this deployment configures it, and the loop of ``concerto dispatch``."""

from __future__ import annotations

import asyncio
import logging

import httpx

from notifications.dispatcher import Channels, Dispatcher
from notifications.transports import HttpSmsGateway, SmtpSettings, Webhook
from service.clock import now
from service.settings import Settings, get_settings

log = logging.getLogger(__name__)


def make_dispatcher(client: httpx.AsyncClient, settings: Settings | None = None) -> Dispatcher:
    """Channels from the environment: SMTP always, SMS and webhooks where configured."""
    s = settings or get_settings()
    channels = Channels(
        sender=s.mailbox,
        smtp=SmtpSettings(s.smtp_host, s.smtp_port, s.smtp_user, s.smtp_password, s.smtp_security),
        sms=HttpSmsGateway(client, s.sms_gateway_url, s.sms_gateway_key) if s.sms_gateway_url else None,
        webhook=Webhook(client, s.webhook_url, s.webhook_secret) if s.webhook_url else None,
    )
    return Dispatcher(channels=channels, now=now, lease_seconds=s.dispatch_lease_seconds)


async def run_forever(once: bool = False) -> None:
    """Tick until stopped (``concerto dispatch``), for deployments that run it apart from the API."""
    from service import db

    async with db.connected(), httpx.AsyncClient(timeout=15) as client:
        dispatcher = make_dispatcher(client)
        while True:
            sent = await dispatcher.tick()
            if sent:
                log.info("sent %d messages", sent)
            if once:
                return
            await asyncio.sleep(get_settings().dispatch_interval_seconds)
