"""Retry decisions, table-driven with frozen time: attempts, waits, the final outcome, and every
response the client received closed.

Time is the client's `clock` (the runtime's documented seam, `_retry.Clock`), frozen by the
harness; the harness's transport counts the response streams it opened and the client closed.
"""

from __future__ import annotations

import email.utils
import importlib
from dataclasses import dataclass

import httpx
import pytest
import sink_client

from generator.runtime._retry import RetryPolicy, retry_after_seconds
from tests.client.harness import MODES, Harness, respond


def status(code: int, error_code: str | None = None, **headers: str) -> httpx.Response:
    body = (
        {"error_code": error_code, "error_msg": "m"}
        if error_code
        else {"error_code": "X", "error_msg": "m"}
    )
    return httpx.Response(code, json=body, headers=headers)


WIDGET = "0b6c6a7e-3f5a-4c1e-9d2b-7a8e9f0a1b2c"
OK_POST = httpx.Response(200)
OK_GET = httpx.Response(200, json={"id": "w1", "name": "n", "type": "basic"})
CONNECT = httpx.ConnectError("connection refused")
READ_TIMEOUT = httpx.ReadTimeout("read timed out")
BROKEN = httpx.RemoteProtocolError("peer closed connection")


@dataclass(frozen=True)
class Case:
    id: str
    method: str  # "post": HSS create_vpc_endpoint; "get": sink show_widget
    replies: tuple[httpx.Response | Exception, ...]
    attempts: int
    outcome: str | None  # the error class's name in the client's package; None: success
    sleeps: tuple[float, ...] | None = None  # None: only the count is checked
    settings: tuple[tuple[str, object], ...] = ()


CASES = [
    Case(
        "post-429-is-retried-honouring-retry-after",
        "post",
        (status(429, **{"Retry-After": "3"}), OK_POST),
        2,
        None,
        (3.0,),
    ),
    Case("post-500-is-not-retried", "post", (status(500), OK_POST), 1, "InternalServerError"),
    Case("post-503-is-not-retried", "post", (status(503), OK_POST), 1, "InternalServerError"),
    Case(
        "post-500-retried-on-opt-in",
        "post",
        (status(500), OK_POST),
        2,
        None,
        settings=(("retry_non_idempotent", True),),
    ),
    Case("post-connect-error-is-retried", "post", (CONNECT, OK_POST), 2, None),
    Case("post-read-timeout-is-not-retried", "post", (READ_TIMEOUT, OK_POST), 1, "APITimeoutError"),
    Case(
        "post-broken-connection-is-not-retried", "post", (BROKEN, OK_POST), 1, "APIConnectionError"
    ),
    Case("post-401-never", "post", (status(401), OK_POST), 1, "AuthenticationError"),
    Case(
        "post-403-bad-signature-never",
        "post",
        (status(403, "APIGW.0301"), OK_POST),
        1,
        "PermissionDeniedError",
    ),
    Case("post-400-never", "post", (status(400), OK_POST), 1, "BadRequestError"),
    Case("get-503-twice-then-ok", "get", (status(503), status(503), OK_GET), 3, None),
    Case("get-503-until-attempts-run-out", "get", (status(503),), 3, "InternalServerError"),
    Case("get-read-timeout-is-retried", "get", (READ_TIMEOUT, OK_GET), 2, None),
    Case("get-broken-connection-is-retried", "get", (BROKEN, OK_GET), 2, None),
    Case(
        "get-429-forever-stops-after-max-retries",
        "get",
        (status(429, **{"Retry-After": "1"}),),
        3,
        "RateLimitError",
        (1.0, 1.0),
    ),
    Case(
        "get-max-retries-zero",
        "get",
        (status(503), OK_GET),
        1,
        "InternalServerError",
        settings=(("max_retries", 0),),
    ),
    Case(
        "get-more-retries",
        "get",
        (status(502),) * 4 + (OK_GET,),
        5,
        None,
        settings=(("max_retries", 4),),
    ),
    Case(
        "get-retry-after-beyond-total-time-is-not-waited-for",
        "get",
        (status(503, **{"Retry-After": "50"}), OK_GET),
        1,
        "InternalServerError",
        settings=(("total_timeout", 30.0),),
    ),
    Case("get-401-never", "get", (status(401), OK_GET), 1, "AuthenticationError"),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_retry_decisions(mode: str, case: Case) -> None:
    package, method = (
        ("hss_client", "create_vpc_endpoint")
        if case.method == "post"
        else ("sink_client", "show_widget")
    )
    harness = Harness(package, mode, respond(*case.replies), **dict(case.settings))
    arguments = {} if case.method == "post" else {"widget_id": WIDGET}
    if case.outcome is None:
        harness.call(method, **arguments)
    else:
        with pytest.raises(getattr(importlib.import_module(package), case.outcome)):
            harness.call(method, **arguments)
    assert len(harness.requests) == case.attempts
    assert_every_response_closed(harness, case.replies, case.attempts)
    assert len(harness.time.sleeps) == case.attempts - 1
    if case.sleeps is not None:
        assert tuple(harness.time.sleeps) == case.sleeps
    # Exponential backoff with jitter stays within its bounds.
    for retry, slept in enumerate(harness.time.sleeps):
        assert 0 < slept <= 50.0
        assert slept in (1.0, 3.0) or slept <= 0.5 * 2**retry


@pytest.mark.parametrize("mode", MODES)
def test_max_retries_can_be_overridden_per_call(mode: str) -> None:
    harness = Harness("sink_client", mode, respond(status(503)), max_retries=5)
    with pytest.raises(sink_client.InternalServerError):
        harness.call("show_widget", widget_id=WIDGET, max_retries=1)
    assert len(harness.requests) == 2
    assert_every_response_closed(harness, (status(503),), 2)


def assert_every_response_closed(
    harness: Harness, replies: tuple[httpx.Response | Exception, ...], attempts: int
) -> None:
    """Each attempt that got a response (`respond` repeats the last reply) opened one stream,
    and the client closed every one, the retried ones included."""
    answered = [replies[min(i, len(replies) - 1)] for i in range(attempts)]
    responses = sum(1 for reply in answered if isinstance(reply, httpx.Response))
    assert (harness.transport.opened, harness.transport.closed) == (responses, responses)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "2"}, 2.0),
        ({"Retry-After": "0.5"}, 0.5),
        ({"retry-after-ms": "1500"}, 1.5),
        ({"Retry-After": email.utils.formatdate(1000.0 + 7, usegmt=True)}, 7.0),
        ({"Retry-After": email.utils.formatdate(1000.0 - 60, usegmt=True)}, 0.0),
        ({"Retry-After": "soon"}, None),
        ({}, None),
    ],
)
def test_retry_after_parsing(headers: dict[str, str], expected: float | None) -> None:
    assert retry_after_seconds(httpx.Headers(headers), now=1000.0) == expected


def test_backoff_grows_exponentially_with_bounded_jitter() -> None:
    policy = RetryPolicy()
    for retries in range(6):
        ceiling = min(0.5 * 2**retries, 8.0)
        for _ in range(50):
            assert 0.75 * ceiling <= policy.delay(retries, None) <= ceiling
