"""Wire: generated inputs go out exactly as the spec says, and responses come back as models."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings

from tests.contract.calls import call_live, full_arguments, minimal_arguments
from tests.contract.conftest import examples_per_operation
from tests.contract.server import ContractServer, Received
from tests.contract.targets import Operation, all_operations
from tests.contract.wire import arguments_strategy, same, text_of

OPERATIONS = all_operations()
MODES = ("sync", "async")


def _typed(text: str, schema: dict[str, Any]) -> Any:
    kind = schema.get("type")
    kind = next((k for k in kind if k != "null"), None) if isinstance(kind, list) else kind
    if kind == "integer":
        return int(text)
    if kind == "number":
        return float(text)
    if kind == "boolean":
        return {"true": True, "false": False}.get(text, text)
    return text


def check_request(operation: Operation, arguments: dict[str, Any], received: Received) -> None:
    """The request says exactly what the arguments said, and nothing else."""
    assert received.problems == [], received.problems
    assert received.operation_id == operation.operation_id
    components = operation.target.spec.get("components", {})
    descriptor = {(p.location, p.wire_name): p.python_name for p in operation.endpoint.parameters}
    headers = {k.lower(): v for k, v in received.headers.items()}
    for parameter in operation.parameters():
        python = descriptor[(parameter["in"], parameter["name"])]
        schema = parameter.get("schema", {})
        items = schema.get("items", schema) if schema.get("type") == "array" else schema
        if parameter["in"] == "path":
            value = arguments.get(python, "project-1")
            assert received.path_values[parameter["name"]] == text_of(value)[0]
        elif parameter["in"] == "query":
            sent = [_typed(v, items) for k, v in received.query if k == parameter["name"]]
            expected = (
                [_typed(v, items) for v in text_of(arguments[python])]
                if python in arguments
                else []
            )
            assert same(expected, sent, {"type": "array", "items": items}, components), parameter[
                "name"
            ]
        else:
            sent_header = headers.get(parameter["name"].lower())
            if python not in arguments:
                assert sent_header is None, parameter["name"]
            else:
                assert sent_header == ",".join(text_of(arguments[python])), parameter["name"]
    query_names = {p["name"] for p in operation.parameters() if p["in"] == "query"}
    assert {k for k, _ in received.query} <= query_names, "only the spec's query parameters"
    body = operation.body_schema()
    if operation.endpoint.body_kind == "fields":
        drawn = {
            wire: arguments[python]
            for (location, wire), python in descriptor.items()
            if location == "body" and python in arguments
        }
        if drawn or received.body:
            assert same(drawn, received.json(), body, components)
    elif operation.endpoint.body_kind == "value":
        python = descriptor[("body", "")]
        if python in arguments:
            assert same(arguments[python], received.json(), body, components)
    else:
        assert received.body == b""


def check_result(operation: Operation, result: Any) -> None:
    _, schema = operation.success()
    if schema is None:
        assert result is None
    elif "$ref" in schema:
        assert isinstance(result, operation.target.model_class(schema["$ref"].rsplit("/", 1)[-1]))
    else:
        assert result is not None


@pytest.mark.parametrize("operation", OPERATIONS, ids=str)
def test_generated_inputs_are_sent_as_the_spec_says(
    operation: Operation, servers: dict[str, ContractServer]
) -> None:
    server = servers[operation.target.name]

    @settings(max_examples=examples_per_operation(len(operation.target.operations())))
    @given(arguments=arguments_strategy(operation))
    def check(arguments: dict[str, Any]) -> None:
        for mode in MODES:
            before = len(server.received)
            result = call_live(operation, mode, dict(arguments), server.url)
            [received] = server.received[before:]
            check_request(operation, arguments, received)
            check_result(operation, result)

    check()


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("operation", OPERATIONS, ids=str)
def test_a_full_input_is_sent_as_the_spec_says(
    operation: Operation, mode: str, servers: dict[str, ContractServer]
) -> None:
    """Every argument given and reserved characters in path values, the same every run."""
    server = servers[operation.target.name]
    arguments = full_arguments(operation)
    before = len(server.received)
    result = call_live(operation, mode, dict(arguments), server.url)
    [received] = server.received[before:]
    check_request(operation, arguments, received)
    check_result(operation, result)


ERROR_SHAPES = [
    ({"error_code": "SVC.0400", "error_msg": "flat snake case"}, "SVC.0400", "flat snake case"),
    ({"errorCode": "SVC.0401", "errorMsg": "flat camel case"}, "SVC.0401", "flat camel case"),
    ({"code": "APIGW.0308", "message": "code and message"}, "APIGW.0308", "code and message"),
    ({"error": {"code": "SVC.0403", "message": "nested"}}, "SVC.0403", "nested"),
    (
        {"error": {"error_code": "SVC.0404", "error_msg": "nested snake"}},
        "SVC.0404",
        "nested snake",
    ),
    (
        {"NeutronError": {"type": "PortNotFound", "message": "neutron", "detail": ""}},
        "PortNotFound",
        "neutron",
    ),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("operation", OPERATIONS, ids=str)
def test_every_huawei_error_shape_maps_to_the_right_exception(
    operation: Operation, mode: str, server_for: Any
) -> None:
    server = server_for(operation.target.name)
    error_class = operation.target.module().BadRequestError
    for body, code, message in ERROR_SHAPES:
        server.responder = lambda _, body=body: (
            400,
            {"Content-Type": "application/json", "X-Request-Id": "req-400"},
            json.dumps(body).encode(),
        )
        with pytest.raises(error_class) as raised:
            call_live(operation, mode, minimal_arguments(operation), server.url)
        error = raised.value
        assert (error.status_code, error.request_id, error.error_code, error.error_msg) == (
            400,
            "req-400",
            code,
            message,
        )
