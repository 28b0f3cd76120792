"""A static HTTP server on loopback serving what the test puts in it (calendar feeds, say)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Files(dict[str, tuple[int, bytes]]):
    """path → (status, body); the server answers 404 for anything else. A 3xx answer's body is
    its Location. ``requested`` lists the paths asked for, in order."""

    base = ""

    def __init__(self) -> None:
        super().__init__()
        self.requested: list[str] = []

    def url(self, path: str) -> str:
        return f"{self.base}{path}"


@contextmanager
def http_files() -> Iterator[Files]:
    files = Files()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            files.requested.append(self.path)
            status, body = files.get(self.path, (404, b"not found"))
            self.send_response(status)
            if 300 <= status < 400:
                self.send_header("Location", body.decode())
            self.send_header("Content-Type", "text/calendar; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    files.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield files
    finally:
        server.shutdown()
        server.server_close()
