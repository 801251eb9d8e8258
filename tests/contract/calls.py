"""Calling an operation generically: minimal valid arguments, and a recording transport."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from tests.contract.schemas import inline, resolve, simplest
from tests.contract.targets import Operation

_MINIMAL: dict[str, dict[str, Any]] = {}


def _minimal(operation: Operation) -> dict[str, Any]:
    """Python-keyed arguments: every required parameter and body field at its simplest value."""
    key = f"{operation.target.package_root}:{operation}"
    if key not in _MINIMAL:
        _MINIMAL[key] = _build_minimal(operation)
    return _MINIMAL[key]


def _build_minimal(operation: Operation) -> dict[str, Any]:
    components = operation.target.spec.get("components", {})
    descriptor = {(p.location, p.wire_name): p.python_name for p in operation.endpoint.parameters}
    arguments: dict[str, Any] = {}
    for parameter in operation.parameters():
        if parameter.get("required") or parameter["in"] == "path":
            schema = {**parameter.get("schema", {})}
            if schema.get("type") == "string" and not schema.get("minLength"):
                schema["minLength"] = 1
            arguments[descriptor[(parameter["in"], parameter["name"])]] = simplest(
                schema, components
            )
    body = operation.body_schema()
    if body is not None and operation.spec.get("requestBody", {}).get("required"):
        value = simplest(body, components)
        if operation.endpoint.body_kind == "fields":
            arguments.update({descriptor[("body", k)]: v for k, v in value.items()})
        else:
            arguments[descriptor[("body", "")]] = value
    return arguments


def success_reply(operation: Operation) -> httpx.Response:
    """A spec-valid success response: the documented example, or a minimal valid body."""
    status, schema = operation.success()
    if schema is None:
        return httpx.Response(status)
    media = operation.spec["responses"][str(status)]["content"]["application/json"]
    body = (
        media["example"]
        if "example" in media
        else simplest(schema, operation.target.spec.get("components", {}))
    )
    return httpx.Response(status, json=body)


def minimal_arguments(operation: Operation) -> dict[str, Any]:
    return dict(_minimal(operation))


def send(
    operation: Operation,
    mode: str,
    arguments: dict[str, Any],
    sent: list[httpx.Request],
    reply: httpx.Response | None = None,
) -> Any:
    """Call the operation's method with `arguments` through a transport that records requests."""
    if reply is None:
        reply = success_reply(operation)

    def handler(request: httpx.Request) -> httpx.Response:
        request.read()
        sent.append(request)
        return httpx.Response(reply.status_code, headers=reply.headers, content=reply.content)

    sync, asynchronous = operation.target.client_classes
    settings = {
        "auth": None,
        "base_url": "https://contract.example.com",
        "project_id": "project-1",
        "max_retries": 0,
    }
    if mode == "sync":
        with sync(
            http_client=httpx.Client(transport=httpx.MockTransport(handler)), **settings
        ) as client:
            return getattr(client, operation.method_name)(**arguments)

    async def run() -> Any:
        transport = httpx.MockTransport(handler)
        async with asynchronous(
            http_client=httpx.AsyncClient(transport=transport), **settings
        ) as client:
            return await getattr(client, operation.method_name)(**arguments)

    return asyncio.run(run())


def call_live(
    operation: Operation, mode: str, arguments: dict[str, Any], base_url: str, **settings: Any
) -> Any:
    """Call the operation against a real server, signing with the contract access key."""
    from tests.contract.server import AK, SK

    sync, asynchronous = operation.target.client_classes
    auth = operation.target.module().AkSkAuth(AK, SK)
    options = {
        "base_url": base_url,
        "project_id": "project-1",
        "max_retries": 0,
        "auth": auth,
        **settings,
    }
    if mode == "sync":
        with sync(**options) as client:
            return getattr(client, operation.method_name)(**arguments)

    async def run() -> Any:
        async with asynchronous(**options) as client:
            return await getattr(client, operation.method_name)(**arguments)

    return asyncio.run(run())


def success_tuple(operation: Operation) -> tuple[int, dict[str, str], bytes]:
    """The success reply as the contract server sends it."""
    response = success_reply(operation)
    headers = (
        {"Content-Type": "application/json", "X-Request-Id": "contract-request"}
        if response.content
        else {"X-Request-Id": "contract-request"}
    )
    return response.status_code, headers, response.content


TRICKY = "a/b?c#d %e"  # reserved characters a path value must not leak into the URL structure


def full_arguments(operation: Operation) -> dict[str, Any]:
    """Every parameter and every body field given, path values full of reserved characters.

    Hypothesis explores at random; this input is the same every run, so that a mutation run
    never depends on luck to send a body or a path value that needs encoding.
    """
    components = operation.target.spec.get("components", {})
    descriptor = {(p.location, p.wire_name): p.python_name for p in operation.endpoint.parameters}
    arguments: dict[str, Any] = dict(minimal_arguments(operation))
    for parameter in operation.parameters():
        python = descriptor[(parameter["in"], parameter["name"])]
        schema = parameter.get("schema", {})
        fits = (
            schema.get("type") == "string"
            and "pattern" not in schema
            and "enum" not in schema
            and "format" not in schema
        )
        if parameter["in"] == "path" and fits and schema.get("maxLength", 99) >= len(TRICKY):
            arguments[python] = TRICKY + "x" * max(0, schema.get("minLength", 0) - len(TRICKY))
        elif python not in arguments:
            from tests.contract.wire import wire_safe

            arguments[python] = simplest(wire_safe(inline(schema, components)), components)
    body = operation.body_schema()
    if body is not None:
        resolved = resolve(body, components)
        media = operation.spec["requestBody"]["content"]["application/json"]
        example = media.get("example")
        if operation.endpoint.body_kind == "fields":
            value = (
                example
                if isinstance(example, dict)
                else {
                    name: simplest(schema, components)
                    for name, schema in resolved.get("properties", {}).items()
                }
            )
            arguments.update(
                {descriptor[("body", k)]: v for k, v in value.items() if ("body", k) in descriptor}
            )
        else:
            arguments[descriptor[("body", "")]] = (
                example if example is not None else simplest(body, components)
            )
    return arguments
