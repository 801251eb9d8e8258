"""Surface: every operation has a sync and an async method with exactly the spec's parameters."""

from __future__ import annotations

import inspect
import sys
import typing
from typing import Any

import pytest

from tests.contract.schemas import resolve
from tests.contract.targets import Operation, all_operations

OPTIONS = ("timeout", "max_retries", "extra_headers")
OPERATIONS = all_operations()
_PYTHON_TYPES = {
    "string": str,
    "integer": int,
    "number": float,
    "boolean": bool,
    "array": list,
    "object": dict,
}


def _kinds(annotation: Any, models: Any) -> set[Any]:
    """The runtime types an annotation admits (NotGiven and None aside)."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, __import__("types").UnionType):
        return set().union(*(_kinds(a, models) for a in typing.get_args(annotation)))
    if origin is typing.Literal:
        # A set: typing treats Literal["a", "b"] and Literal["b", "a"] as one type, and its
        # caches may hand back either spelling inside a Union.
        return {("literal", frozenset(typing.get_args(annotation)))}
    if annotation is type(None) or getattr(annotation, "__name__", "") == "NotGiven":
        return set()
    return {origin or annotation}


def _expected(schema: dict[str, Any], operation: Operation) -> set[Any]:
    components = operation.target.spec.get("components", {})
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        target = components["schemas"][name]
        if "properties" in target:
            return {operation.target.request_class(name)}
        return _expected(target, operation)
    if "enum" in schema:
        return {("literal", frozenset(v for v in schema["enum"] if v is not None))}
    kinds = schema.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    expected = {_PYTHON_TYPES[k] for k in kinds if k in _PYTHON_TYPES}
    if "string" in kinds and schema.get("format") in ("date-time", "date", "time"):
        import datetime

        # Parsed formats are their Python type, in arguments as in the models' fields.
        expected.discard(str)
        expected.add(
            {"date-time": datetime.datetime, "date": datetime.date, "time": datetime.time}[
                schema["format"]
            ]
        )
    if "number" in kinds:
        expected.add(float)
    return expected


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("operation", OPERATIONS, ids=str)
def test_method_has_exactly_the_spec_parameters(operation: Operation, mode: str) -> None:
    sync, asynchronous = operation.target.client_classes
    client_class = sync if mode == "sync" else asynchronous
    method = getattr(client_class, operation.method_name)
    # Async methods are coroutines, except paginated ones: they return an awaitable paginator.
    paginated = operation.endpoint.pagination is not None
    assert inspect.iscoroutinefunction(method) == (mode == "async" and not paginated)
    signature = inspect.signature(method)
    arguments = [p for name, p in signature.parameters.items() if name != "self"]
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in arguments)
    endpoint = operation.endpoint
    descriptor = {(p.location, p.wire_name): p.python_name for p in endpoint.parameters}

    # Names and locations: the parameters of the spec, no more, no fewer; auth is not an argument.
    expected = {(p["in"], p["name"]) for p in operation.parameters()}
    body = operation.body_schema()
    properties: dict[str, Any] = {}
    if body is not None:
        resolved = resolve(body, operation.target.spec["components"])
        properties = resolved.get("properties", {})
        expected |= (
            {("body", name) for name in properties}
            if endpoint.body_kind == "fields"
            else {("body", "")}
        )
    assert set(descriptor) == expected
    assert {p.name for p in arguments} == set(descriptor.values()) | set(OPTIONS)

    # Required or optional, and types.
    models = operation.target.module("models")
    # The method's own module (its group's, under `_operations/`) imports `models` for types only.
    hints = typing.get_type_hints(
        method, globalns={**vars(sys.modules[method.__module__]), "_models": models}
    )
    required_body = bool(operation.spec.get("requestBody", {}).get("required"))
    for parameter in operation.parameters():
        python = descriptor[(parameter["in"], parameter["name"])]
        is_project_id = parameter["in"] == "path" and parameter["name"] == "project_id"
        required = parameter.get("required", False) or parameter["in"] == "path"
        # project_id is set once on the client, so it is optional on the method (documented).
        assert (signature.parameters[python].default is inspect.Parameter.empty) == (
            required and not is_project_id
        )
        assert _expected(parameter.get("schema", {}), operation) <= _kinds(hints[python], models)
    if endpoint.body_kind == "fields":
        required = set(resolved.get("required", [])) if required_body else set()
        for name, schema in properties.items():
            python = descriptor[("body", name)]
            assert (signature.parameters[python].default is inspect.Parameter.empty) == (
                name in required
            ), name
            assert _expected(schema, operation) <= _kinds(hints[python], models), name
