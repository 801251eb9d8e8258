"""The generated client against hostile values and a hostile server, on real sockets.

A raw TCP server on 127.0.0.1 records the exact bytes each request carried and then misbehaves
as told: hangs, cuts the response short, sends 50 MB, answers 429 forever. Path values are
checked on the request line itself and the AK/SK signature is re-computed by Huawei's
official signer (`huaweicloudsdkcore`), as the gateway would. Every test runs sync and async.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import socketserver
import ssl
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote

import elb_client
import httpx
import pytest
from elb_client import AsyncElbClient, ElbClient
from hss_client import (
    AkSkAuth,
    APIConnectionError,
    APITimeoutError,
    AsyncHssClient,
    BadRequestError,
    HssClient,
    HuaweiCloudError,
    RateLimitError,
    TokenAuth,
)
from huaweicloudsdkcore.auth.credentials import BasicCredentials  # type: ignore[import-untyped]
from huaweicloudsdkcore.sdk_request import SdkRequest  # type: ignore[import-untyped]
from huaweicloudsdkcore.signer.signer import Signer  # type: ignore[import-untyped]

MODES = ("sync", "async")
AK, SK = "AKIDHOSTILE0000000", "sk-HOSTILE-secret-77"
TOKEN, SECURITY_TOKEN = "tok-HOSTILE-iam-token", "sts-HOSTILE-temporary"
HSS_PATH = "/host-management/vpc-endpointes"
HUGE = 50 * 1024 * 1024


@dataclass
class Seen:
    """One request as it arrived: the request line's target, headers, body."""

    method: str
    target: str
    headers: dict[str, str]
    body: bytes


Behaviour = Callable[[socket.socket, Seen], None]


@dataclass
class RawServer:
    """A threaded TCP server on 127.0.0.1 speaking just enough HTTP/1.1 to misbehave."""

    behaviour: Behaviour
    seen: list[Seen] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        server = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                connection: socket.socket = self.request
                reader = connection.makefile("rb")
                while True:
                    line = reader.readline(65536)
                    if not line:
                        return
                    method, target, _ = line.decode("latin-1").split(" ", 2)
                    headers: dict[str, str] = {}
                    while (header := reader.readline(65536)) not in (b"\r\n", b"\n", b""):
                        name, _, value = header.decode("latin-1").partition(":")
                        headers[name.strip()] = value.strip()
                    length = int(
                        headers.get("Content-Length") or headers.get("content-length") or 0
                    )
                    seen = Seen(method, target, headers, reader.read(length))
                    server.seen.append(seen)
                    server.behaviour(connection, seen)

        class Threaded(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self._server = Threaded(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def stop(self) -> None:
        self.release.set()
        self._server.shutdown()
        self._server.server_close()


def answer(status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> Behaviour:
    def behaviour(connection: socket.socket, _: Seen) -> None:
        head = [f"HTTP/1.1 {status} X", f"Content-Length: {len(body)}"]
        head += [f"{k}: {v}" for k, v in (headers or {}).items()]
        connection.sendall(("\r\n".join(head) + "\r\n\r\n").encode() + body)

    return behaviour


@pytest.fixture
def serve() -> Iterator[Callable[[Behaviour], RawServer]]:
    servers: list[RawServer] = []

    def start(behaviour: Behaviour) -> RawServer:
        servers.append(RawServer(behaviour))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


def run(mode: str, client: Any, method: str, **arguments: Any) -> Any:
    """Call `method` on a fresh sync or async client and close it."""
    if mode == "sync":
        with client:
            return getattr(client, method)(**arguments)

    async def call() -> Any:
        async with client:
            return await getattr(client, method)(**arguments)

    return asyncio.run(call())


def hss(mode: str, url: str, **settings: Any) -> Any:
    settings.setdefault("project_id", "project-1")
    settings.setdefault("auth", None)
    return (HssClient if mode == "sync" else AsyncHssClient)(base_url=url, **settings)


def elb(mode: str, url: str, **settings: Any) -> Any:
    settings.setdefault("project_id", "project-1")
    settings.setdefault("auth", None)
    return (ElbClient if mode == "sync" else AsyncElbClient)(base_url=url, **settings)


def official_verify(seen: Seen) -> None:
    """Re-sign the received request with Huawei's official signer: the signature must match."""
    authorization = seen.headers["Authorization"]
    names = authorization.split("SignedHeaders=", 1)[1].split(",", 1)[0]
    lower = {k.lower(): v for k, v in seen.headers.items()}
    path, _, query = seen.target.partition("?")
    request = SdkRequest(
        method=seen.method,
        host=lower["host"],
        resource_path=path,
        query_params=parse_qsl(query, keep_blank_values=True),
        header_params={name: lower[name] for name in names.split(";")},
        body=seen.body,
    )
    Signer(BasicCredentials(AK, SK)).sign(request)
    assert request.header_params["Authorization"] == authorization


# --- path parameters ------------------------------------------------------------------------

HOSTILE_SEGMENTS = ["../x", "%2e%2e", "a/b", "?q", "#f", "..", ".", "a b", "%", "ü/..", "x;y=1"]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("value", HOSTILE_SEGMENTS)
def test_path_values_cannot_change_path_or_query_and_still_verify(
    mode: str, value: str, serve: Callable[[Behaviour], RawServer]
) -> None:
    server = serve(answer(200))
    client = hss(mode, server.url, auth=AkSkAuth(AK, SK), project_id=value)
    run(mode, client, "create_vpc_endpoint", enterprise_project_id="all")
    [seen] = server.seen
    path, _, query = seen.target.partition("?")
    assert query == "enterprise_project_id=all", "the value added nothing to the query"
    assert "#" not in seen.target
    segments = path.split("/")
    assert segments[:2] == ["", "v5"]
    assert "/".join(segments[3:]) == HSS_PATH.lstrip("/"), "no segment was added or removed"
    assert unquote(segments[2]) == value, "one segment, and it decodes to exactly the value"
    assert segments[2] not in (".", "..")
    assert not set(segments[2]) & set("/?#")
    official_verify(seen)


# --- headers --------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "headers",
    [
        {"X-Trace": "a\r\nX-Injected: 1"},
        {"X-Trace": "a\nb"},
        {"X-Trace": "a\rb"},
        {"X-Trace": "a\0b"},
        {"X-Trace\r\nX-Injected": "1"},
    ],
)
def test_line_breaks_in_headers_are_refused_before_sending(
    mode: str, headers: dict[str, str], serve: Callable[[Behaviour], RawServer]
) -> None:
    server = serve(answer(200))
    with pytest.raises(ValueError, match="line break or NUL"):
        run(mode, hss(mode, server.url), "create_vpc_endpoint", extra_headers=headers)
    assert server.seen == []


@pytest.mark.parametrize(
    "make",
    [
        lambda: AkSkAuth("AK\r\nX-Injected: 1", SK),
        lambda: AkSkAuth(AK, SK, security_token="sts\nX-Injected: 1"),
        lambda: TokenAuth("tok\r\nX-Injected: 1"),
    ],
)
def test_credentials_with_line_breaks_are_refused_without_showing_them(make: Any) -> None:
    with pytest.raises(ValueError, match="line break or NUL") as raised:
        make()
    assert "Injected" not in str(raised.value)


def test_a_query_value_with_line_breaks_stays_in_the_query(
    serve: Callable[[Behaviour], RawServer],
) -> None:
    server = serve(answer(200))
    run("sync", hss("sync", server.url), "create_vpc_endpoint", enterprise_project_id="a\r\nb: c")
    [seen] = server.seen
    assert seen.target.endswith("?enterprise_project_id=a%0D%0Ab%3A%20c")
    assert "b" not in seen.headers


# --- where the signature is made --------------------------------------------------------------
# The client signs before httpx builds the request, unless the httpx client has a Host header of
# its own, which would replace the host that was signed: that case goes through httpx's auth
# flow, which signs the finished request. A client's own params join the query, before ours.


def _http(mode: str, **settings: Any) -> Any:
    return httpx.Client(**settings) if mode == "sync" else httpx.AsyncClient(**settings)


def _named(seen: Seen, name: str) -> list[str]:
    return [value for key, value in seen.headers.items() if key.lower() == name]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("settings", "query"),
    [
        ({}, "enterprise_project_id=all"),
        ({"headers": {"X-Custom": "kept"}}, "enterprise_project_id=all"),
        ({"params": {"trace": "a b"}}, "trace=a%20b&enterprise_project_id=all"),
        ({"headers": {"Host": "hss.example.com"}}, "enterprise_project_id=all"),
    ],
    ids=["own client", "user client", "user client with params", "user client with a Host"],
)
def test_signatures_verify_whatever_the_users_httpx_client_adds(
    mode: str, settings: dict[str, Any], query: str, serve: Callable[[Behaviour], RawServer]
) -> None:
    # The server closes each connection: a user's client is the user's to close, not ours.
    server = serve(answer(200, headers={"Connection": "close"}))
    http = _http(mode, **settings) if settings else None
    client = hss(mode, server.url, auth=AkSkAuth(AK, SK), http_client=http)
    run(mode, client, "create_vpc_endpoint", enterprise_project_id="all")
    [seen] = server.seen
    assert seen.target.partition("?")[2] == query
    for name, value in settings.get("headers", {}).items():
        assert _named(seen, name.lower()) == [value]
    official_verify(seen)


@pytest.mark.parametrize("mode", MODES)
def test_a_users_client_params_join_the_operations_query(
    mode: str, serve: Callable[[Behaviour], RawServer]
) -> None:
    # httpx 0.28 replaces a request URL's query with its client's params.
    server = serve(answer(200, headers={"Connection": "close"}))
    http = _http(mode, params={"trace": "1"})
    client = hss(mode, server.url, auth=TokenAuth(TOKEN), http_client=http)
    run(mode, client, "create_vpc_endpoint", enterprise_project_id="a b")
    [seen] = server.seen
    assert seen.target.partition("?")[2] == "trace=1&enterprise_project_id=a%20b"
    assert _named(seen, "x-auth-token") == [TOKEN]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("name", "value"),
    [("x-sdk-date", "20240101T000000Z"), ("HOST", "hss.example.com")],
    ids=["date", "host"],
)
def test_a_callers_date_or_host_in_any_case_is_signed_and_sent_once(
    mode: str, name: str, value: str, serve: Callable[[Behaviour], RawServer]
) -> None:
    server = serve(answer(200))
    client = hss(mode, server.url, auth=AkSkAuth(AK, SK))
    run(mode, client, "create_vpc_endpoint", extra_headers={name: value})
    [seen] = server.seen
    assert _named(seen, name.lower()) == [value]
    assert len(_named(seen, "authorization")) == 1
    official_verify(seen)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("auth", "name"),
    [
        (TokenAuth(TOKEN), "x-auth-token"),
        (AkSkAuth(AK, SK), "authorization"),
    ],
    ids=["token", "aksk"],
)
def test_the_auth_replaces_a_callers_header_of_the_same_name_in_any_case(
    mode: str, auth: httpx.Auth, name: str, serve: Callable[[Behaviour], RawServer]
) -> None:
    server = serve(answer(200))
    extra = {name.upper(): "forged", name: "forged"}
    run(mode, hss(mode, server.url, auth=auth), "create_vpc_endpoint", extra_headers=extra)
    [seen] = server.seen
    [value] = _named(seen, name)
    assert value != "forged"
    if name == "authorization":
        official_verify(seen)


# --- transport security ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://api.example.com",
        "http://localhost@evil.example",
        "http://evil.example#@127.0.0.1",
        "http://127.0.0.1\\@evil.example",
        "http://127.0.0.1:80@evil.example/",
        "http://127.0.0.1.nip.io",
        "http://0x7f000001",
        "ftp://127.0.0.1",
        "file:///etc/passwd",
    ],
)
def test_plain_http_is_refused_unless_the_host_really_is_loopback(url: str) -> None:
    with pytest.raises(ValueError, match="base_url"):
        HssClient(auth=None, base_url=url, project_id="p")


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"),
            *("-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


@pytest.fixture
def tls_server(certificate: tuple[Path, Path]) -> Iterator[tuple[str, list[bytes]]]:
    """An HTTPS server on 127.0.0.1 with a self-signed certificate, answering 200."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    listener = socket.create_server(("127.0.0.1", 0))
    received: list[bytes] = []

    def loop() -> None:
        while True:
            try:
                raw, _ = listener.accept()
            except OSError:
                return
            try:
                with context.wrap_socket(raw, server_side=True) as connection:
                    received.append(connection.recv(65536))
                    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
            except (ssl.SSLError, OSError):
                raw.close()

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{listener.getsockname()[1]}", received
    listener.close()


@pytest.mark.parametrize("mode", MODES)
def test_tls_is_verified_by_default(mode: str, tls_server: tuple[str, list[bytes]]) -> None:
    url, received = tls_server
    with pytest.raises(APIConnectionError):
        run(mode, hss(mode, url, max_retries=0), "create_vpc_endpoint")
    assert received == [], "nothing was sent over the unverified connection"


@pytest.mark.parametrize("mode", MODES)
def test_a_users_own_client_decides_verification(
    mode: str, tls_server: tuple[str, list[bytes]], certificate: tuple[Path, Path]
) -> None:
    url, received = tls_server
    trusted = ssl.create_default_context(cafile=str(certificate[0]))
    http: Any = (
        httpx.Client(verify=trusted) if mode == "sync" else httpx.AsyncClient(verify=trusted)
    )
    run(mode, hss(mode, url, http_client=http), "create_vpc_endpoint")
    assert len(received) == 1
    assert received[0].startswith(b"POST /v5/project-1/")


# --- a hostile server -----------------------------------------------------------------------


def hang(_: socket.socket, __: Seen) -> None:
    time.sleep(30)


def cut_short(connection: socket.socket, _: Seen) -> None:
    connection.sendall(b'HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{"partial": ')
    connection.shutdown(socket.SHUT_RDWR)
    connection.close()


@pytest.mark.parametrize("mode", MODES)
def test_a_hanging_server_times_out_within_timeout_times_attempts(
    mode: str, serve: Callable[[Behaviour], RawServer]
) -> None:
    server = serve(hang)
    client = elb(mode, server.url, timeout=0.5, max_retries=2)
    started = time.monotonic()
    with pytest.raises(elb_client.APITimeoutError) as raised:
        run(mode, client, "list_load_balancers")
    elapsed = time.monotonic() - started
    # 3 attempts of 0.5 s, plus backoff of at most 0.5 + 1.0 s between them.
    assert 1.5 <= elapsed < 8, elapsed
    assert len(server.seen) == 3
    assert len(str(raised.value)) < 200


@pytest.mark.parametrize("mode", MODES)
def test_a_hanging_post_is_not_retried(mode: str, serve: Callable[[Behaviour], RawServer]) -> None:
    server = serve(hang)
    started = time.monotonic()
    with pytest.raises(APITimeoutError):
        run(mode, hss(mode, server.url, timeout=0.5, max_retries=3), "create_vpc_endpoint")
    assert time.monotonic() - started < 5
    assert len(server.seen) == 1, "the server may have processed it: not retried"


@pytest.mark.parametrize("mode", MODES)
def test_a_response_cut_short_is_a_connection_error(
    mode: str, serve: Callable[[Behaviour], RawServer]
) -> None:
    server = serve(cut_short)
    started = time.monotonic()
    with pytest.raises(elb_client.APIConnectionError) as raised:
        run(mode, elb(mode, server.url, max_retries=1), "list_load_balancers")
    assert not isinstance(raised.value, elb_client.APITimeoutError)
    assert time.monotonic() - started < 8
    assert len(server.seen) == 2


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("kind", ["html", "json"])
def test_a_huge_error_body_is_kept_whole_and_the_message_stays_short(
    mode: str, kind: str, serve: Callable[[Behaviour], RawServer]
) -> None:
    if kind == "html":
        body = b"<html>" + b"x" * (HUGE - 13) + b"</html>"
    else:
        text = "e" * (HUGE - 60)
        body = json.dumps({"error_code": "HSS.0001", "error_msg": text}).encode()
    server = serve(answer(400, body, {"X-Request-Id": "huge-1"}))
    started = time.monotonic()
    with pytest.raises(BadRequestError) as raised:
        run(mode, hss(mode, server.url), "create_vpc_endpoint")
    assert time.monotonic() - started < 30
    assert len(raised.value.body) == len(body) >= HUGE - 100
    assert len(str(raised.value)) < 300
    assert len(repr(raised.value)) < 400
    assert "huge-1" in str(raised.value)
    assert len(server.seen) == 1


@pytest.mark.parametrize("mode", MODES)
def test_a_non_json_5xx_is_retried_then_raised_short(
    mode: str, serve: Callable[[Behaviour], RawServer]
) -> None:
    page = b"<html><body>" + b"<p>Bad gateway</p>" * 2000 + b"</body></html>"
    server = serve(answer(502, page, {"Content-Type": "text/html"}))
    with pytest.raises(elb_client.InternalServerError) as raised:
        run(mode, elb(mode, server.url, max_retries=1), "list_load_balancers")
    assert raised.value.status_code == 502
    assert raised.value.error_code is None
    assert raised.value.body == page
    assert len(str(raised.value)) < 300
    assert len(server.seen) == 2


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("retry_after", "low", "high"),
    [
        (None, 0.5, 6),  # backoff 0.5 and 1.0 s, less jitter
        ("1", 1.9, 6),  # honoured: 1 s twice
        ("999999999", 0.5, 6),  # past any sane wait: ignored, backoff instead
        ("1e400", 0.5, 6),  # infinity
        ("nan", 0.5, 6),
        ("-3", 0.5, 6),
        ("Fri, 31 Dec 9999 23:59:59 GMT", 0.5, 6),
    ],
)
def test_429_forever_ends_in_rate_limit_error_within_attempts_and_time(
    mode: str,
    retry_after: str | None,
    low: float,
    high: float,
    serve: Callable[[Behaviour], RawServer],
) -> None:
    headers = {"Content-Type": "application/json"}
    if retry_after is not None:
        headers["Retry-After"] = retry_after
    body = json.dumps({"error_code": "APIGW.0308", "error_msg": "throttled"}).encode()
    server = serve(answer(429, body, headers))
    started = time.monotonic()
    with pytest.raises(RateLimitError) as raised:
        # POST: 429 is retried even for non-idempotent calls (the server did not process it).
        run(mode, hss(mode, server.url, max_retries=2), "create_vpc_endpoint")
    elapsed = time.monotonic() - started
    assert low * 0.75 <= elapsed < high, elapsed
    assert len(server.seen) == 3
    assert raised.value.error_code == "APIGW.0308"


@pytest.mark.parametrize("mode", MODES)
def test_total_timeout_caps_a_long_retry_after(
    mode: str, serve: Callable[[Behaviour], RawServer]
) -> None:
    server = serve(answer(429, b"", {"Retry-After": "30"}))
    started = time.monotonic()
    with pytest.raises(RateLimitError):
        run(mode, hss(mode, server.url, max_retries=5, total_timeout=5.0), "create_vpc_endpoint")
    assert time.monotonic() - started < 4
    assert len(server.seen) == 1, "a wait past the total timeout is not started"


# --- secrets --------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_secrets_are_in_nothing_captured(
    mode: str,
    serve: Callable[[Behaviour], RawServer],
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger: ours, httpx, httpcore
    texts: list[str] = []
    failures: list[Behaviour] = [
        answer(403, b'{"error_code": "APIGW.0303", "error_msg": "bad signature"}'),
        answer(500, b"<html>boom</html>"),
        cut_short,
        answer(200, b'{"not": "expected"}'),
    ]
    signatures: list[str] = []
    for behaviour in failures:
        server = serve(behaviour)
        for auth in (AkSkAuth(AK, SK, security_token=SECURITY_TOKEN), TokenAuth(TOKEN)):
            client = hss(mode, server.url, auth=auth, max_retries=1)
            texts += [repr(client), str(client), repr(auth), str(auth)]
            try:
                run(mode, client, "create_vpc_endpoint", host_id_list=["h"])
            except HuaweiCloudError as err:
                texts += [str(err), repr(err), repr(err.args), str(err.__cause__)]
                texts += [repr(getattr(err, "request", None))]
        signatures += [
            s.headers["Authorization"].rsplit("Signature=", 1)[1]
            for s in server.seen
            if "Authorization" in s.headers
        ]
    captured = capsys.readouterr()
    texts += [caplog.text, captured.out, captured.err]
    texts += [str(record.__dict__) for record in caplog.records]
    assert any("attempt" in record.getMessage() for record in caplog.records)
    assert signatures
    for secret in (SK, TOKEN, SECURITY_TOKEN, *signatures):
        leaks = [text for text in texts if secret in text]
        assert not leaks, f"{secret[:6]}… leaked: {leaks[0][:200]}"
