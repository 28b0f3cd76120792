"""iMIP e-mail (RFC 6047): text, HTML and the calendar object in one multipart/alternative, plus the
same object as an .ics attachment for clients that only look there."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr


@dataclass(frozen=True)
class Letter:
    """One message for one recipient, as stored in the outbox."""

    key: str  # the idempotency key: the Message-ID derives from it, so a re-send is recognisable
    sender: str
    recipient: str
    subject: str
    text: str
    html: str = ""
    calendar: bytes = b""
    method: str = ""


def message_id(key: str, sender: str) -> str:
    """The same outbox row always gets the same Message-ID."""
    domain = sender.rpartition("@")[2] or "concerto.invalid"
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:40]}@{domain}>"


def build(letter: Letter, sent_at: datetime) -> EmailMessage:
    """The MIME message of a letter."""
    msg = EmailMessage()
    msg["From"] = formataddr(("Instance de gestion des cas complexes", letter.sender))
    msg["To"] = letter.recipient
    msg["Subject"] = letter.subject
    # Values we generate are already well-formed: stored as they are, not parsed again (fast).
    msg.set_raw("Date", format_datetime(sent_at))
    msg.set_raw("Message-ID", message_id(letter.key, letter.sender))
    msg.set_raw("Auto-Submitted", "auto-generated")
    msg.set_content(letter.text)
    if letter.html:
        msg.add_alternative(letter.html, subtype="html")
    if letter.calendar:
        _attach_calendar(msg, letter)
    return msg


def _attach_calendar(msg: EmailMessage, letter: Letter) -> None:
    msg.add_alternative(
        letter.calendar,
        maintype="text",
        subtype="calendar",
        params={"method": letter.method, "charset": "UTF-8"},
        cte="base64",
    )
    msg.make_mixed()
    msg.add_attachment(
        letter.calendar,
        maintype="application",
        subtype="ics",
        filename="invitation.ics" if letter.method != "CANCEL" else "annulation.ics",
        cte="base64",
    )
