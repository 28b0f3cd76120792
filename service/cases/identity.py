"""Pseudonymous references and the keyed digest that spots a repeat referral."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
from datetime import date

from service.settings import get_settings

# No 0/O or 1/I: a person_ref is read aloud on the phone.
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_person_ref() -> str:
    """A random pseudonymous reference for the person, such as ``PA-7KX2QM``."""
    return "PA-" + "".join(secrets.choice(_ALPHABET) for _ in range(6))


def _normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    letters = "".join(c for c in decomposed if c.isalnum())
    return letters.casefold()


def person_key(first_name: str, last_name: str, birth_date: date | None) -> str:
    """An HMAC of the normalised name and birth date, keyed with the service secret."""
    material = "|".join(
        [
            _normalise(last_name),
            _normalise(first_name),
            birth_date.isoformat() if birth_date else "",
        ]
    )
    key = get_settings().secret_key.encode()
    return hmac.new(key, material.encode(), hashlib.sha256).hexdigest()


def case_reference(year: int, number: int) -> str:
    """``CC-YYYY-NNNN``."""
    return f"CC-{year}-{number:04d}"
