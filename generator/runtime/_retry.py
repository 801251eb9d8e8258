"""When to retry, and how long to wait: pure functions, shared by the sync and async clients.

Policy: retry connection failures, 429 and 5xx, with exponential backoff and jitter, honouring
`Retry-After`. A non-idempotent call (POST, PATCH) is retried only where the server cannot
have processed it (429 throttling, a connection that never opened) unless the caller opts in.
Authentication failures are never retried: repeated bad signatures lock the access key.

Time comes from a `Clock`: the retry loop reads `clock.now()` (for `total_timeout`) and waits
with `clock.sleep()` (sync) or `clock.async_sleep()` (async). Every client has one, its `clock`
attribute (`SYSTEM_CLOCK`: `time.monotonic`, `time.sleep`, `asyncio.sleep`); assigning another,
such as a subclass whose time moves only when it sleeps, runs retries without waiting. That is
the one supported way to replace time; the package's tests use it.
"""

from __future__ import annotations

import asyncio
import email.utils
import random
import time
from dataclasses import dataclass

import httpx

__all__ = ["SYSTEM_CLOCK", "Clock", "RetryPolicy", "retry_after_seconds"]

INITIAL_DELAY = 0.5
MAX_DELAY = 8.0
# APIGW codes for a bad signature or token: retrying them only counts towards the AK lock-out.
_AUTH_ERROR_CODES = frozenset({"APIGW.0301", "APIGW.0303", "APIGW.0101"})
_NEVER_OPENED = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
_RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})


class Clock:
    """Where a client's retry loop reads the time and waits: the system's, unless replaced.

    Override the methods in a subclass and assign an instance to a client's `clock`.
    """

    def now(self) -> float:
        """Seconds on a monotonic clock (only differences between readings matter)."""
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        """Wait `seconds` before the next attempt (the sync client)."""
        time.sleep(seconds)

    async def async_sleep(self, seconds: float) -> None:
        """Wait `seconds` before the next attempt (the async client)."""
        await asyncio.sleep(seconds)


SYSTEM_CLOCK = Clock()


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Bounds on retrying: attempts after the first, and the total time for all of them."""

    max_retries: int = 2
    total_timeout: float = 60.0
    retry_non_idempotent: bool = False

    def may_retry_exception(self, error: Exception, *, idempotent: bool) -> bool:
        """A transport error: retry if the request never reached the server, or if it is safe."""
        if isinstance(error, _NEVER_OPENED):
            return True
        if isinstance(error, httpx.TransportError):
            return idempotent or self.retry_non_idempotent
        return False

    def may_retry_status(self, status: int, error_code: str | None, *, idempotent: bool) -> bool:
        """An error response: 429 is always safe; 5xx only for idempotent calls or on opt-in."""
        if status == 401 or error_code in _AUTH_ERROR_CODES:
            return False
        if status == 429:
            return True
        if status in _RETRYABLE_STATUS:
            return idempotent or self.retry_non_idempotent
        return False

    def delay(
        self, retries_taken: int, headers: httpx.Headers | None, *, now: float | None = None
    ) -> float:
        """Seconds to wait before retry number `retries_taken + 1`."""
        if headers is not None:
            server = retry_after_seconds(headers, now=now)
            if server is not None and 0 <= server <= 60:
                return server
        backoff: float = min(INITIAL_DELAY * 2.0**retries_taken, MAX_DELAY)
        return backoff * (1 - 0.25 * random.random())


def retry_after_seconds(headers: httpx.Headers, *, now: float | None = None) -> float | None:
    """`Retry-After` (or `retry-after-ms`) as seconds: a number or an HTTP date."""
    milliseconds = headers.get("retry-after-ms")
    if milliseconds is not None:
        try:
            return float(milliseconds) / 1000
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    parsed = email.utils.parsedate_tz(value)
    if parsed is None:
        return None
    timestamp = email.utils.mktime_tz(parsed)
    return max(0.0, timestamp - (time.time() if now is None else now))
