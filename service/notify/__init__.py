"""Wiring of notifications into the service: what is queued when, signed links, answers, feeds."""
