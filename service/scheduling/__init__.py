"""Scheduling in the service: court deadlines, meetings, find-a-slot, runs, rescheduling, alerts."""
