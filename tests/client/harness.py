"""Drives a generated client, sync or async, through a counting mock transport with frozen time.

Time is injected through the client's documented seam, its `clock` attribute (the runtime's
`_retry.Clock`); the transport counts the response streams it hands out and those the client
closed.
"""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx

MODES = ("sync", "async")
Handler = Callable[[httpx.Request], httpx.Response]


@dataclass
class FrozenTime:
    """A clock that only moves when the client sleeps (the interface of `_retry.Clock`)."""

    time: float = 1000.0
    sleeps: list[float] = field(default_factory=list)

    def now(self) -> float:
        return self.time

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.time += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)


class CountingTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Answers every request with `handler`, counting the response streams (the connections a
    real transport would hold) that it opened and that the client closed."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.opened = 0
        self.closed = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        return self._counted(self.handler(request))

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        return self._counted(self.handler(request))

    def _counted(self, response: httpx.Response) -> httpx.Response:
        stream = _CountedStream(response.read(), self)
        return httpx.Response(response.status_code, headers=response.headers, stream=stream)


class _CountedStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    def __init__(self, content: bytes, transport: CountingTransport) -> None:
        self._content = content
        self._transport = transport
        self._closed = False
        transport.opened += 1

    def __iter__(self) -> Iterator[bytes]:
        yield self._content

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self._content

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._transport.closed += 1

    async def aclose(self) -> None:
        self.close()


class Harness:
    """One client of `package` in `mode`, whose requests go to `handler` and are recorded."""

    def __init__(self, package: str, mode: str, handler: Handler, **settings: Any) -> None:
        module = importlib.import_module(package)
        self.mode = mode
        self.requests: list[httpx.Request] = []
        self.time = FrozenTime()

        def record(request: httpx.Request) -> httpx.Response:
            request.read()
            self.requests.append(
                httpx.Request(
                    request.method, request.url, headers=request.headers, content=request.content
                )
            )
            return handler(request)

        self.transport = transport = CountingTransport(record)
        settings.setdefault("auth", None)
        settings.setdefault("base_url", "https://api.example.com")
        settings.setdefault("project_id", "project-1")
        client_class = next(
            getattr(module, n)
            for n in module.__all__
            if n.endswith("Client") and n.startswith("Async") == (mode == "async")
        )
        if mode == "sync":
            self.client = client_class(http_client=httpx.Client(transport=transport), **settings)
        else:
            self.client = client_class(
                http_client=httpx.AsyncClient(transport=transport), **settings
            )
        self.client.clock = self.time

    def call(self, method: str, **arguments: Any) -> Any:
        return self._run(getattr(self.client, method), arguments)

    def raw(self, method: str, **arguments: Any) -> Any:
        return self._run(getattr(self.client.with_raw_response, method), arguments)

    def _run(self, function: Callable[..., Any], arguments: dict[str, Any]) -> Any:
        if self.mode == "sync":
            return function(**arguments)

        async def run() -> Any:
            return await function(**arguments)  # a coroutine, or a paginator's first page

        return asyncio.run(run())


def respond(*replies: httpx.Response | Exception) -> Handler:
    """A handler that answers with `replies` in order (an exception is raised as a transport error)."""
    queue = list(replies)

    def handler(_: httpx.Request) -> httpx.Response:
        reply = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(reply, Exception):
            raise reply
        # A fresh response each time: a response's stream belongs to one client and one read.
        return httpx.Response(reply.status_code, headers=reply.headers, content=reply.read())

    return handler
