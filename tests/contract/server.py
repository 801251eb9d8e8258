"""The contract server: a real HTTP server on 127.0.0.1 that checks every request it receives.

Each request is routed to its operation, validated against the spec with openapi-core, and,
when signed with AK/SK, re-signed with Huawei's official signer, which must agree. The answer
is spec-valid by default; tests can make it answer anything, including faults on the wire.
"""

from __future__ import annotations

import copy
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from huaweicloudsdkcore.auth.credentials import BasicCredentials  # type: ignore[import-untyped]
from huaweicloudsdkcore.sdk_request import SdkRequest  # type: ignore[import-untyped]
from huaweicloudsdkcore.signer.signer import Signer  # type: ignore[import-untyped]
from openapi_core import Config, OpenAPI
from openapi_core.testing import MockRequest
from werkzeug.datastructures import ImmutableMultiDict

from generator.openapi import OPERATION_METHODS
from tests.contract.targets import Target

AK = "AKIDCONTRACT0000000001"
SK = "contract-SECRET-key-do-not-log"
_AUTHORIZATION = re.compile(
    r"SDK-HMAC-SHA256 Access=(?P<ak>[^,]+), SignedHeaders=(?P<names>[^,]+), Signature=(?P<sig>[0-9a-f]{64})"
)


def _any_integer(_value: Any) -> bool:
    return True


@dataclass
class Received:
    """A request as the server saw it, with what was wrong with it."""

    method: str
    raw_path: str
    query: list[tuple[str, str]]
    headers: dict[str, str]
    body: bytes
    operation_id: str | None = None
    path_values: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


# A reply: (status, headers, body), or a fault: "drop" (close at once), "truncate" (promise more
# body than is sent), ("sleep", seconds, reply).
Reply = Any
Responder = Callable[[Received], Reply]


class ContractServer:
    """Serves one target's spec on a free port of 127.0.0.1."""

    def __init__(self, target: Target, responder: Responder) -> None:
        self.target = target
        self.responder = responder
        self.received: list[Received] = []
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        spec = copy.deepcopy(target.spec)
        spec["servers"] = [{"url": self.url}]
        # Integer formats name a width, not a documented range: the clients enforce the ranges
        # the pages state (docs/decisions.md), so the oracle does not check widths either.
        widths: dict[str, Callable[[Any], bool]] = {"int32": _any_integer, "int64": _any_integer}
        self.openapi = OpenAPI.from_dict(spec, config=Config(extra_format_validators=widths))
        self.routes = [
            (method.upper(), path, _route_pattern(path), item[method]["operationId"])
            for path, item in target.spec["paths"].items()
            for method in OPERATION_METHODS
            if method in item
        ]
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def check(self, received: Received) -> None:
        """Route, validate with openapi-core, verify the signature; record every problem."""
        route = next(
            (
                (p, pattern, o)
                for m, p, pattern, o in self.routes
                if m == received.method and pattern.fullmatch(received.raw_path)
            ),
            None,
        )
        if route is None:
            received.problems.append(f"no operation for {received.method} {received.raw_path}")
            return
        template, pattern, received.operation_id = route
        match = pattern.fullmatch(received.raw_path)
        assert match is not None
        names = re.findall(r"\{([^}]+)\}", template)
        received.path_values = {
            name: unquote(value) for name, value in zip(names, match.groups(), strict=True)
        }
        request = MockRequest(
            self.url,
            received.method.lower(),
            received.raw_path,
            path_pattern=template,
            args=ImmutableMultiDict(received.query),
            view_args=received.path_values,
            headers=dict(received.headers),
            data=received.body,
            content_type=received.headers.get("Content-Type", "application/json"),
        )
        try:
            self.openapi.validate_request(request)
        except Exception as err:  # every validation failure is a finding, whatever its class
            cause = getattr(err, "__cause__", None)
            detail = "; ".join(str(e.message) for e in getattr(cause, "schema_errors", ()) or ())
            received.problems.append(f"openapi-core: {type(err).__name__}: {err} {detail}".strip())
        authorization = received.headers.get("Authorization", "")
        if authorization.startswith("SDK-HMAC-SHA256"):
            problem = _official_signature_problem(received, authorization)
            if problem:
                received.problems.append(problem)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                parts = urlsplit(self.path)
                received = Received(
                    self.command,
                    parts.path,
                    parse_qsl(parts.query, keep_blank_values=True),
                    dict(self.headers.items()),
                    self.rfile.read(length),
                )
                server.check(received)
                server.received.append(received)
                self._reply(server.responder(received))

            def _reply(self, reply: Reply) -> None:
                if isinstance(reply, tuple) and reply and reply[0] == "sleep":
                    time.sleep(reply[1])
                    reply = reply[2]
                if reply == "drop":
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                truncate = isinstance(reply, tuple) and reply[0] == "truncate"
                status, headers, body = reply[1] if truncate else reply
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body) + (100 if truncate else 0)))
                self.end_headers()
                self.wfile.write(body)
                if truncate:
                    self.close_connection = True

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle  # noqa: N815

            def log_message(self, *_: Any) -> None:
                """Silence the per-request log lines."""

        return Handler


def _route_pattern(template: str) -> re.Pattern[str]:
    """A regex for a path template matching the raw (still percent-encoded) path."""
    pattern = re.escape(template)
    return re.compile(re.sub(r"\\\{[^}]+\\\}", "([^/]+)", pattern))


def _official_signature_problem(received: Received, authorization: str) -> str | None:
    match = _AUTHORIZATION.fullmatch(authorization)
    if match is None:
        return f"malformed Authorization header: {authorization[:40]}"
    if match["ak"] != AK:
        return "signed with another access key"
    headers = {k.lower(): v for k, v in received.headers.items()}
    request = SdkRequest(
        method=received.method,
        host=headers["host"],
        resource_path=received.raw_path,
        query_params=received.query,
        header_params={name: headers[name] for name in match["names"].split(";")},
        body=received.body,
    )
    Signer(BasicCredentials(AK, SK)).sign(request)
    expected = request.header_params["Authorization"]
    return (
        None if expected == authorization else "the official signer computes a different signature"
    )
