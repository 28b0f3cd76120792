"""Concerto: the service that runs the instance de gestion des cas complexes."""

import os

# Piccolo binds tables to the engine of this module when they are first imported.
os.environ.setdefault("PICCOLO_CONF", "service.piccolo_conf")
