"""Professionals' busy times imported from the calendar feeds they publish."""
