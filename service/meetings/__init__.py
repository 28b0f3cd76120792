"""Meetings of the instance: synthèses, preparations, rencontres, plenary sessions; court timelines."""
