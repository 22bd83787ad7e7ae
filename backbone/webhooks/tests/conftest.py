"""A receiver on 127.0.0.1 for the webhook tests: answering 200 or 500, slow, or down."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """``mode``: "ok" (200), "error" (500), "gone" (410), "slow" (answers after ``delay``
    seconds, longer than the timeout the tests set) or "down" (nothing listens on the port)."""

    port: int
    mode: str = "ok"
    delay: float = 1.0
    received: list[Received] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def start(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                receiver.received.append(Received(self.path, dict(self.headers), body))
                if receiver.mode == "slow":
                    time.sleep(receiver.delay)
                code = {"ok": 200, "error": 500, "gone": 410, "slow": 200}[receiver.mode]
                try:
                    self.send_response(code)
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"ok")
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the poster gave up (a timeout) or was killed while we waited

            def log_message(self, *args) -> None:
                pass

        ThreadingHTTPServer.allow_reuse_address = True
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.port = self.server.server_address[1]  # port 0 at first: the system picks one
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def go_down(self) -> None:
        self.stop()
        self.mode = "down"

    def come_back(self, mode: str = "ok") -> None:
        self.mode = mode
        self.start()


@pytest.fixture
def receiver(settings):
    settings.BACKBONE_WEBHOOK_ALLOW_PRIVATE = True
    settings.BACKBONE_WEBHOOK_TIMEOUT = 0.3
    settings.SITE_URL = "https://backbone.example.org"
    found = Receiver(port=0)
    found.start()
    yield found
    found.stop()
