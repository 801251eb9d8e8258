"""Faults on the wire: each bad answer ends in the documented result, for every target.

| server does                         | client does                                           |
|-------------------------------------|-------------------------------------------------------|
| invalid JSON in a success           | APIResponseValidationError, body kept                 |
| a success body of the wrong shape   | APIResponseValidationError, body kept                 |
| unknown fields and enum values      | parses: extras in `model_extra`, enums keep the value |
| a non-JSON error page               | the status's APIStatusError, short message, body kept |
| a 200 whose body is cut short       | APIConnectionError                                    |
| the connection dropped              | APIConnectionError                                    |
| no answer within the timeout        | APITimeoutError, within the configured time           |
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from tests.contract.calls import call_live, minimal_arguments
from tests.contract.schemas import simplest
from tests.contract.server import ContractServer
from tests.contract.targets import TARGETS, Operation, Target

MODES = ("sync", "async")
JSON = {"Content-Type": "application/json", "X-Request-Id": "fault-1"}


def _any_operation(target: Target) -> Operation:
    return target.operations()[0]


def _model_operation(target: Target) -> Operation | None:
    """An operation whose success response has a JSON object body, if the target has one."""
    for operation in target.operations():
        _, schema = operation.success()
        if schema is not None and "$ref" in schema:
            return operation
    return None


def _valid_body(operation: Operation) -> dict[str, Any]:
    status, schema = operation.success()
    assert schema is not None
    media = operation.spec["responses"][str(status)]["content"]["application/json"]
    value = media.get("example") or simplest(schema, operation.target.spec["components"])
    assert isinstance(value, dict)
    return dict(value)


def _call(
    operation: Operation, mode: str, server: ContractServer, reply: Any, **settings: Any
) -> Any:
    server.responder = lambda _: reply
    return call_live(operation, mode, minimal_arguments(operation), server.url, **settings)


def _needs_model(target: Target) -> Operation:
    operation = _model_operation(target)
    if operation is None:
        pytest.skip(f"{target.name} has no operation with a response body")
    return operation


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.name)
@pytest.mark.parametrize(
    ("label", "body"), [("invalid JSON", b'{"id": '), ("wrong shape", b"[1, 2, 3]")]
)
def test_a_bad_success_body_is_a_response_validation_error(
    target: Target, mode: str, label: str, body: bytes, server_for: Any
) -> None:
    operation = _needs_model(target)
    status, _ = operation.success()
    with pytest.raises(target.module().APIResponseValidationError) as raised:
        _call(operation, mode, server_for(target.name), (status, JSON, body))
    assert raised.value.body == body, label
    assert raised.value.request_id == "fault-1"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.name)
def test_unknown_fields_and_enum_values_are_tolerated(
    target: Target, mode: str, server_for: Any
) -> None:
    operation = _needs_model(target)
    status, schema = operation.success()
    assert schema is not None
    body = {**_valid_body(operation), "field_from_the_future": {"nested": True}}
    model = target.model_class(schema["$ref"].rsplit("/", 1)[-1])
    enum_field = next(
        (
            name
            for name, field in model.model_fields.items()
            if "Enum" in str(field.annotation) and field.alias in body
        ),
        None,
    )
    if enum_field is not None:
        body[model.model_fields[enum_field].alias or enum_field] = "VALUE_FROM_THE_FUTURE"
    result = _call(
        operation, mode, server_for(target.name), (status, JSON, json.dumps(body).encode())
    )
    assert isinstance(result, model)
    assert result.model_extra["field_from_the_future"] == {"nested": True}
    assert result.model_dump(mode="json")["field_from_the_future"] == {"nested": True}
    if enum_field is not None:
        assert getattr(result, enum_field) == "VALUE_FROM_THE_FUTURE"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.name)
def test_a_non_json_error_page(target: Target, mode: str, server_for: Any) -> None:
    page = (
        b"<html><body><h1>502 Bad Gateway</h1>"
        + b"<p>upstream failed</p>" * 400
        + b"</body></html>"
    )
    with pytest.raises(target.module().InternalServerError) as raised:
        _call(
            _any_operation(target),
            mode,
            server_for(target.name),
            (502, {"Content-Type": "text/html"}, page),
        )
    error = raised.value
    assert (error.status_code, error.error_code, error.error_msg, error.body) == (
        502,
        None,
        None,
        page,
    )
    assert len(str(error)) < 300


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.name)
@pytest.mark.parametrize("fault", ["truncate", "drop"])
def test_a_broken_connection_is_a_connection_error(
    target: Target, mode: str, fault: str, server_for: Any
) -> None:
    operation = _any_operation(target)
    reply: Any = "drop" if fault == "drop" else ("truncate", (200, JSON, b'{"partial": '))
    with pytest.raises(target.module().APIConnectionError):
        _call(operation, mode, server_for(target.name), reply)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.name)
def test_a_slow_answer_times_out_within_the_configured_time(
    target: Target, mode: str, server_for: Any
) -> None:
    operation = _any_operation(target)
    started = time.monotonic()
    with pytest.raises(target.module().APITimeoutError):
        _call(
            operation,
            mode,
            server_for(target.name),
            ("sleep", 3.0, (200, JSON, b"{}")),
            timeout=0.3,
        )
    assert time.monotonic() - started < 2.0
