"""The audit log: every read and write of case data, append-only."""
