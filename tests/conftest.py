"""Test-wide fixtures: generated packages on the path, and a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import os
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from generator.spec.validation_cache import CACHE_VARIABLE
from tests.helpers import ROOT

# Tests (and the generator processes they start) keep their validation cache to themselves.
os.environ.setdefault(CACHE_VARIABLE, tempfile.mkdtemp(prefix="hpg-test-cache-"))

# The generated packages are imported as a user would after vendoring them; a mutation run
# puts its mutated copy first.
for folder in (
    ROOT / "generated",
    ROOT / "tests" / "golden",
    os.environ.get("CONTRACT_PACKAGE_ROOT"),
):
    if folder and str(folder) not in sys.path:
        sys.path.insert(0, str(folder))


@dataclass
class Received:
    """One request as the loopback server saw it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


@dataclass(frozen=True)
class Reply:
    """What the loopback server answers."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, status: int, value: Any, headers: dict[str, str] | None = None) -> Reply:
        return cls(
            status,
            json.dumps(value).encode(),
            {"Content-Type": "application/json", **(headers or {})},
        )


Responder = Callable[[Received], Reply]


class LoopbackServer:
    """A threaded HTTP server bound to 127.0.0.1 that records requests and answers by a function."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.respond: Responder = lambda _: Reply()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                received = Received(
                    self.command, self.path, dict(self.headers.items()), self.rfile.read(length)
                )
                server.received.append(received)
                reply = server.respond(received)
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

            # The names http.server dispatches to.
            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle  # noqa: N815

            def log_message(self, *_: Any) -> None:
                """Silence the per-request log lines."""

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        # A short poll interval: shutting the server down waits for the next poll.
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


@pytest.fixture
def loopback() -> Iterator[LoopbackServer]:
    server = LoopbackServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()
