"""The iMIP message: one per recipient, text + HTML + calendar with its method, and the .ics attached."""

from __future__ import annotations

from datetime import UTC, datetime

from notifications.mail import Letter, build, message_id

SENT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ICS = b"BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"


def letter(**changes: object) -> Letter:
    base = {
        "key": "invitation:m1:s2:p3:email",
        "sender": "instance@concerto.example.org",
        "recipient": "a@example.org",
        "subject": "Synthèse — situation CC-2026-0042",
        "text": "Bonjour",
        "html": "<p>Bonjour</p>",
        "calendar": ICS,
        "method": "REQUEST",
    }
    return Letter(**{**base, **changes})  # type: ignore[arg-type]


def test_structure_is_alternative_with_calendar_and_an_attachment() -> None:
    msg = build(letter(), SENT)
    assert msg.get_content_type() == "multipart/mixed"
    alternative, attachment = msg.get_payload()  # type: ignore[misc]
    assert alternative.get_content_type() == "multipart/alternative"
    kinds = [p.get_content_type() for p in alternative.get_payload()]
    assert kinds == ["text/plain", "text/html", "text/calendar"]
    calendar = alternative.get_payload()[2]
    assert calendar.get_param("method") == "REQUEST"
    assert calendar["Content-Transfer-Encoding"] == "base64"
    assert calendar.get_payload(decode=True) == ICS
    assert attachment.get_filename() == "invitation.ics"
    assert attachment.get_payload(decode=True) == ICS


def test_cancel_is_named_as_such() -> None:
    msg = build(letter(method="CANCEL"), SENT)
    alternative, attachment = msg.get_payload()  # type: ignore[misc]
    assert alternative.get_payload()[2].get_param("method") == "CANCEL"
    assert attachment.get_filename() == "annulation.ics"


def test_plain_message_without_calendar() -> None:
    msg = build(letter(calendar=b"", method="", html=""), SENT)
    assert msg.get_content_type() == "text/plain"


def test_message_id_is_stable_per_key_and_differs_between_keys() -> None:
    assert build(letter(), SENT)["Message-ID"] == build(letter(), SENT)["Message-ID"]
    assert message_id("a", "x@d.org") != message_id("b", "x@d.org")
    assert message_id("a", "x@d.org").endswith("@d.org>")
