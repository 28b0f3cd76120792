"""Calendar objects, messages and their delivery: imports nothing from ``service``."""
