"""The errors a client raises, all under one base class.

    HuaweiCloudError
    ├── APIConnectionError          the request did not get a response
    │   └── APITimeoutError         ... because a timeout expired
    ├── APIResponseValidationError  a success response whose body is not what the spec says
    └── APIStatusError              the server answered with an error status
        ├── BadRequestError         400
        ├── AuthenticationError     401
        ├── PermissionDeniedError   403
        ├── NotFoundError           404
        ├── ConflictError           409
        ├── RateLimitError          429
        └── InternalServerError     5xx

An `APIStatusError` whose `error_code` the service documents carries what its documentation says
in `.documented` (from the service's error-code page). Invalid arguments raise
`pydantic.ValidationError` before anything is sent.
Messages never contain credentials, and bodies are truncated in messages (kept whole in `.body`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

__all__ = [
    "APIConnectionError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "DocumentedError",
    "HuaweiCloudError",
    "InternalServerError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
]

MESSAGE_BODY_LIMIT = 200
# A message with the documentation's words stays under this length (the words are cut, or left out).
MESSAGE_LIMIT = 300
_DOCUMENTED = ". Documented: "
# Pairs of (code key, message key) used by Huawei Cloud services, most common first.
_ERROR_KEYS = (
    ("error_code", "error_msg"),
    ("errorCode", "errorMsg"),
    ("error_code", "error_message"),
    ("code", "message"),
    ("code", "msg"),
    ("type", "message"),
)


@dataclass(frozen=True, slots=True)
class DocumentedError:
    """What the service's documentation says an error code means: the HTTP status it comes
    with, its message, what it means and what to do about it (each as the page words it)."""

    code: str
    status: int | None = None
    message: str | None = None
    description: str | None = None
    measure: str | None = None


class HuaweiCloudError(Exception):
    """Base class of every error a generated client raises."""


class APIConnectionError(HuaweiCloudError):
    """No response: the connection failed, broke, or the request could not be sent."""

    def __init__(
        self, message: str = "Connection error.", *, request: httpx.Request | None = None
    ) -> None:
        super().__init__(message)
        self.request = request


class APITimeoutError(APIConnectionError):
    """A timeout expired before a response arrived."""

    def __init__(
        self, message: str = "Request timed out.", *, request: httpx.Request | None = None
    ) -> None:
        super().__init__(message, request=request)


class APIResponseValidationError(HuaweiCloudError):
    """The server said success, but its body cannot be read as the documented response.

    By default only a body that is not JSON, or of another top-level shape, is refused; with
    `strict_response_validation=True`, any departure from the spec. `problems` holds each as
    (field, message); `body` the raw body.
    """

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: bytes,
        problems: tuple[tuple[str, str], ...] = (),
    ) -> None:
        super().__init__(message)
        self.response = response
        self.status_code = response.status_code
        self.request_id = response.headers.get("X-Request-Id")
        self.body = body
        self.problems = problems


class APIStatusError(HuaweiCloudError):
    """The server answered with an error status; Huawei's error code and message are parsed.

    `documented` holds what the documentation says `error_code` means: empty for a code it does
    not list, several entries for a code it lists for several situations (those documented with
    this response's status first).
    """

    def __init__(
        self,
        *,
        response: httpx.Response,
        body: bytes,
        error_code: str | None,
        error_msg: str | None,
        documented: tuple[DocumentedError, ...] = (),
    ) -> None:
        self.response = response
        self.status_code = response.status_code
        self.request_id = response.headers.get("X-Request-Id")
        self.error_code = error_code
        self.error_msg = error_msg
        self.documented = documented
        self.body = body
        super().__init__(self._message())

    def _message(self) -> str:
        parts = [f"HTTP {self.status_code}"]
        if self.error_code:
            parts.append(self.error_code)
        detail = self.error_msg if self.error_msg is not None else _excerpt(self.body)
        if detail:
            parts.append(_truncate(detail))
        if self.request_id:
            parts.append(f"(request id {self.request_id})")
        message = ": ".join(parts[:2]) + (" " + " ".join(parts[2:]) if len(parts) > 2 else "")
        if self.documented:
            meaning = " ".join(
                text
                for text in (self.documented[0].description, self.documented[0].measure)
                if text
            )
            room = MESSAGE_LIMIT - 1 - len(message) - len(_DOCUMENTED)  # the rest of the line
            if meaning and room >= 40:
                message += _DOCUMENTED + _truncate(meaning, room - 1)  # room for its "…"
        return message


class BadRequestError(APIStatusError):
    """400: the request was invalid."""


class AuthenticationError(APIStatusError):
    """401: missing or wrong credentials (never retried)."""


class PermissionDeniedError(APIStatusError):
    """403: the credentials lack permission."""


class NotFoundError(APIStatusError):
    """404: no such resource."""


class ConflictError(APIStatusError):
    """409: the request conflicts with the resource's state."""


class RateLimitError(APIStatusError):
    """429: throttled."""


class InternalServerError(APIStatusError):
    """5xx: the service failed."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitError,
}


def status_error(
    response: httpx.Response,
    body: bytes,
    error_codes: Mapping[str, tuple[DocumentedError, ...]] | None = None,
) -> APIStatusError:
    """The exception for an error response, with code and message from any Huawei error shape,
    and what `error_codes` (the service's documented codes) says the code means."""
    error_code, error_msg = parse_error_body(body)
    cls = _BY_STATUS.get(response.status_code)
    if cls is None:
        cls = InternalServerError if response.status_code >= 500 else APIStatusError
    entries = (error_codes or {}).get(error_code or "", ())
    documented = sorted(entries, key=lambda entry: entry.status != response.status_code)
    return cls(
        response=response,
        body=body,
        error_code=error_code,
        error_msg=error_msg,
        documented=tuple(documented),
    )


def parse_error_body(body: bytes) -> tuple[str | None, str | None]:
    """Error code and message from a JSON body: flat, or nested one level under a key."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None, None
    found = _find_pair(data)
    if found == (None, None) and isinstance(data, dict):
        for value in data.values():
            found = _find_pair(value)
            if found != (None, None):
                break
    return found


def _find_pair(data: Any) -> tuple[str | None, str | None]:
    if not isinstance(data, dict):
        return None, None
    # A shape whose both keys are present wins over one that only shares the message key.
    for code_key, message_key in _ERROR_KEYS:
        if code_key in data and message_key in data:
            return _text(data[code_key]), _text(data[message_key])
    for code_key, message_key in _ERROR_KEYS:
        if code_key != "type" and (code_key in data or message_key in data):
            return _text(data.get(code_key)), _text(data.get(message_key))
    return None, None


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _truncate(text: str, limit: int = MESSAGE_BODY_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def _excerpt(body: bytes) -> str:
    return _truncate(body[: MESSAGE_BODY_LIMIT * 4].decode("utf-8", "replace"))
