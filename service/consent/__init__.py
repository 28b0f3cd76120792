"""Consent, justified exceptions and the person's participation (DESIGN §3, §4)."""
