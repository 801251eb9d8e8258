"""Raw responses: a call's HTTP details beside its parsed body (`client.with_raw_response`)."""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, ParamSpec, TypeVar

import httpx

__all__ = [
    "RAW_REQUESTED",
    "RawResponse",
    "RawResponses",
    "async_raw_response_wrapper",
    "raw_response_wrapper",
]

T = TypeVar("T")
P = ParamSpec("P")

# Set while a `with_raw_response` method runs: the call returns a `RawResponse`.
RAW_REQUESTED: contextvars.ContextVar[bool] = contextvars.ContextVar("raw_response", default=False)


@dataclass(frozen=True, slots=True)
class RawResponse(Generic[T]):
    """A call's HTTP details beside the parsed body (`client.with_raw_response.<method>`)."""

    status_code: int
    headers: httpx.Headers
    request_id: str | None
    parsed: T
    http_response: httpx.Response


def raw_response_wrapper(method: Callable[P, T]) -> Callable[P, RawResponse[T]]:
    """Calls `method` and returns its `RawResponse` instead of only the parsed body."""

    @functools.wraps(method)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        token = RAW_REQUESTED.set(True)
        try:
            result: Any = method(*args, **kwargs)
        finally:
            RAW_REQUESTED.reset(token)
        return result  # type: ignore[no-any-return]

    return wrapped


def async_raw_response_wrapper(
    method: Callable[P, Awaitable[T]],
) -> Callable[P, Awaitable[RawResponse[T]]]:
    """The async twin of `raw_response_wrapper`."""

    @functools.wraps(method)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        token = RAW_REQUESTED.set(True)
        try:
            result: Any = await method(*args, **kwargs)
        finally:
            RAW_REQUESTED.reset(token)
        return result  # type: ignore[no-any-return]

    return wrapped


class RawResponses:
    """`client.with_raw_response`: each operation method, returning a `RawResponse`."""

    def __init__(self, client: Any, wrapper: Callable[[Any], Any]) -> None:
        self._client = client
        self._wrapper = wrapper

    def __getattr__(self, name: str) -> Any:
        if name not in getattr(type(self._client), "_operation_names", ()):
            raise AttributeError(f"{type(self._client).__name__} has no operation {name!r}")
        wrapped = self._wrapper(getattr(self._client, name))
        setattr(self, name, wrapped)  # looked up once per name
        return wrapped

    def __dir__(self) -> list[str]:
        return sorted(getattr(type(self._client), "_operation_names", ()))
