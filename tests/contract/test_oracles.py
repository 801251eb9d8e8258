"""Oracles: Huawei's signer, Huawei's SDK and openapi-python-client agree with our client."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import assume, given, settings

from tests.contract.calls import call_live
from tests.contract.conftest import examples_per_operation
from tests.contract.oracles import (
    generate_opc_client,
    official_client,
    official_request,
    official_sdk,
    opc_call,
    opc_generated,
    opc_unsupported,
    snake,
)
from tests.contract.server import AK, SK, ContractServer, Received
from tests.contract.targets import TARGETS, Operation, all_operations
from tests.contract.wire import arguments_strategy, same

OPERATIONS = all_operations()


def _wire(
    operation: Operation, arguments: dict[str, Any]
) -> tuple[dict[tuple[str, str], Any], Any]:
    """The arguments as (location, wire name) parameters and a JSON body."""
    parameters: dict[tuple[str, str], Any] = {}
    fields: dict[str, Any] = {}
    body: Any = None
    for parameter in operation.endpoint.parameters:
        if parameter.python_name not in arguments:
            continue
        value = arguments[parameter.python_name]
        if parameter.location == "body" and parameter.wire_name:
            fields[parameter.wire_name] = value
        elif parameter.location == "body":
            body = value
        else:
            parameters[(parameter.location, parameter.wire_name)] = value
    if operation.endpoint.body_kind == "fields" and (
        fields or operation.spec.get("requestBody", {}).get("required")
    ):
        body = fields
    return parameters, body


def _no_dot_segments(operation: Operation, arguments: dict[str, Any], project_id: Any) -> bool:
    """Both other clients leave "." and ".." path values unencoded, so they vanish as dot
    segments (ours encodes the dots): such inputs cannot be compared."""
    paths = [v for (location, _), v in _wire(operation, arguments)[0].items() if location == "path"]
    return all(str(v) not in (".", "..") for v in [*paths, project_id])


def _with_defaults(operation: Operation, arguments: dict[str, Any]) -> dict[str, Any]:
    """Absent parameters that have a default get it, since the other clients send defaults."""
    descriptor = {(p.location, p.wire_name): p.python_name for p in operation.endpoint.parameters}
    filled = dict(arguments)
    for parameter in operation.parameters():
        python = descriptor[(parameter["in"], parameter["name"])]
        if python not in filled and "default" in parameter.get("schema", {}):
            filled[python] = parameter["schema"]["default"]
    return filled


def _compare(operation: Operation, ours: Received, theirs: Received, *, query: bool) -> None:
    assert (theirs.method, theirs.operation_id) == (ours.method, ours.operation_id)
    assert theirs.path_values == ours.path_values
    components = operation.target.spec.get("components", {})
    assert same(ours.json(), theirs.json(), operation.body_schema() or {}, components)
    if query:
        schemas = {
            p["name"]: p.get("schema", {}) for p in operation.parameters() if p["in"] == "query"
        }
        for name, schema in schemas.items():
            items = schema.get("items", schema) if schema.get("type") == "array" else schema
            mine = [v for k, v in ours.query if k == name]
            other = [v for k, v in theirs.query if k == name]
            assert same(
                _parsed(mine, items),
                _parsed(other, items),
                {"type": "array", "items": items},
                components,
            ), name


def _parsed(values: list[str], schema: dict[str, Any]) -> list[Any]:
    kind = schema.get("type")
    if kind == "integer":
        return [int(v) for v in values]
    if kind == "number":
        return [float(v) for v in values]
    if kind == "boolean":
        return [v.lower() == "true" for v in values]
    return values


def test_the_signature_oracle_catches_a_bad_signature(servers: dict[str, ContractServer]) -> None:
    server = servers[TARGETS[0].name]
    operation = TARGETS[0].operations()[0]
    before = len(server.received)
    bad = f"SDK-HMAC-SHA256 Access={AK}, SignedHeaders=host;x-sdk-date, Signature={'0' * 64}"
    path = operation.path.replace("{project_id}", "p")
    httpx.request(
        operation.method.upper(),
        server.url + path,
        headers={"Authorization": bad, "X-Sdk-Date": "20240101T000000Z"},
    )
    [received] = server.received[before:]
    assert "the official signer computes a different signature" in received.problems


@pytest.mark.parametrize("operation", OPERATIONS, ids=str)
def test_the_official_sdk_sends_the_same_method_path_and_body(
    operation: Operation, servers: dict[str, ContractServer]
) -> None:
    sdk = official_sdk(operation.target, operation)
    if sdk is None or not hasattr(sdk, f"{operation.operation_id}Request"):
        pytest.skip(
            f"Huawei publishes no SDK with {operation.operation_id} for {operation.target.name}"
        )
    server = servers[operation.target.name]
    descriptor = {(p.location, p.wire_name): p.python_name for p in operation.endpoint.parameters}
    project = descriptor.get(("path", "project_id"))

    @settings(max_examples=examples_per_operation(len(operation.target.operations())))
    @given(arguments=arguments_strategy(operation))
    def check(arguments: dict[str, Any]) -> None:
        project_id = arguments.get(project, "project-1") if project else "project-1"
        # The official SDK also sends the project ID as a header, which must be visible ASCII.
        assume(all(32 < ord(c) < 127 for c in project_id))
        assume(_no_dot_segments(operation, arguments, project_id))
        before = len(server.received)
        call_live(operation, "sync", dict(arguments), server.url)
        parameters, body = _wire(operation, arguments)
        client = official_client(sdk, operation.target, server.url, AK, SK, project_id)
        request = official_request(
            sdk, operation, {wire: v for (_, wire), v in parameters.items()}, body
        )
        getattr(client, snake(operation.operation_id))(request)
        ours, theirs = server.received[before:]
        _compare(operation, ours, theirs, query=False)

    check()


@pytest.fixture(scope="session")
def opc_packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder: Path = tmp_path_factory.mktemp("openapi_python_client")
    return {target.name: generate_opc_client(target, folder) for target in TARGETS}


@pytest.mark.parametrize("operation", OPERATIONS, ids=str)
def test_openapi_python_client_sends_the_same_request(
    operation: Operation, servers: dict[str, ContractServer], opc_packages: dict[str, str]
) -> None:
    server = servers[operation.target.name]
    package = opc_packages[operation.target.name]
    if not opc_generated(package, operation):
        pytest.skip(
            f"openapi-python-client could not generate {operation.operation_id} (see its warnings)"
        )
    descriptor = {(p.location, p.wire_name): p.python_name for p in operation.endpoint.parameters}
    left_out = {descriptor[key] for key in opc_unsupported(package, operation)}

    @settings(max_examples=examples_per_operation(len(operation.target.operations())))
    @given(arguments=arguments_strategy(operation))
    def check(arguments: dict[str, Any]) -> None:
        arguments = {
            k: v for k, v in _with_defaults(operation, arguments).items() if k not in left_out
        }
        assume(_no_dot_segments(operation, arguments, arguments.get("project_id", "project-1")))
        before = len(server.received)
        call_live(operation, "sync", dict(arguments), server.url)
        parameters, body = _wire(operation, arguments)
        opc_call(package, operation, parameters, body, server.url)
        ours, theirs = server.received[before:]
        _compare(operation, ours, theirs, query=True)

    check()
