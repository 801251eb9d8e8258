"""Drives a generated client, sync or async, through `httpx.MockTransport` with frozen time."""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

MODES = ("sync", "async")
Handler = Callable[[httpx.Request], httpx.Response]


@dataclass
class FrozenTime:
    """A clock that only moves when the client sleeps."""

    now: float = 1000.0
    sleeps: list[float] = field(default_factory=list)

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)


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

        transport = httpx.MockTransport(record)
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
            self.client._sleep = self.time.sleep
        else:
            self.client = client_class(
                http_client=httpx.AsyncClient(transport=transport), **settings
            )
            self.client._sleep = self.time.async_sleep
        self.client._clock = self.time.clock

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
