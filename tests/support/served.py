"""The service as a real process on loopback (``concerto serve``), on the test database."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from tests.support.smtp import free_port


@contextmanager
def served(environment: dict[str, str] | None = None) -> Iterator[str]:
    """Yields the base URL; the environment is this process's unless one is given."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**(environment or os.environ), "CONCERTO_DISPATCH": "off", "CONCERTO_PUBLIC_URL": base}
    process = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(150):
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise RuntimeError("the service did not start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
