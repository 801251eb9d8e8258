"""Models: each model's JSON Schema agrees with the spec, and constraint boundaries hold."""

from __future__ import annotations

import copy
from typing import Any

import httpx
import pydantic
import pytest

from tests.contract.schemas import (
    Items,
    array_boundaries,
    boundaries,
    model_facts,
    resolve,
    simplest,
    spec_facts,
)
from tests.contract.targets import TARGETS, Operation, Target, all_operations

SCHEMAS = [
    (t, name) for t in TARGETS for name in sorted(t.spec.get("components", {}).get("schemas", {}))
]
OPERATIONS = all_operations()


def _id(case: tuple[Target, str]) -> str:
    return f"{case[0].name}:{case[1]}"


@pytest.mark.parametrize("case", SCHEMAS, ids=_id)
def test_model_json_schema_agrees_with_the_spec(case: tuple[Target, str]) -> None:
    """Every class that enforces the schema (the spec's own, a request twin) says what it says."""
    target, name = case
    components = target.spec["components"]
    expected = spec_facts(components["schemas"][name], components)
    for model in target.spec_classes(name):
        schema = pydantic.TypeAdapter(model).json_schema(
            by_alias=True, ref_template="#/$defs/{model}"
        )
        definitions = schema.pop("$defs", {})
        if "$ref" in schema:  # a recursive model is a reference to its own definition
            schema = definitions[schema["$ref"].rsplit("/", 1)[-1]]
        actual = model_facts(schema, definitions, target.class_to_schema())
        if "properties" in expected:
            assert set(actual["properties"]) == set(expected["properties"]), "wire names"
            assert actual["required"] == expected["required"], "required fields"
            for field in expected["properties"]:
                assert actual["properties"][field] == expected["properties"][field], field
        assert actual == expected, model


def _object_cases() -> list[tuple[Target, str, str, str, Any, bool]]:
    cases = []
    for target, name in SCHEMAS:
        components = target.spec["components"]
        schema = components["schemas"][name]
        for field, field_schema in schema.get("properties", {}).items():
            resolved = resolve(field_schema, components)
            values = boundaries(resolved)
            if resolved.get("type") == "array" and isinstance(resolved.get("items"), dict):
                values += array_boundaries(resolved)
                values += [
                    (f"item {label}", [value], valid)
                    for label, value, valid in boundaries(resolved["items"])
                ]
            cases += [(target, name, field, label, value, valid) for label, value, valid in values]
        cases += [
            (target, name, field, "missing", None, False) for field in schema.get("required", [])
        ]
    return cases


OBJECT_CASES = _object_cases()


@pytest.mark.parametrize(
    "case", OBJECT_CASES, ids=[f"{c[0].name}:{c[1]}.{c[2]}:{c[3]}" for c in OBJECT_CASES]
)
def test_field_boundaries_are_accepted_or_rejected_as_the_spec_says(
    case: tuple[Target, str, str, str, Any, bool],
) -> None:
    target, name, field, label, value, valid = case
    components = target.spec["components"]
    instance = copy.deepcopy(simplest(components["schemas"][name], components))
    if label == "missing":
        instance.pop(field, None)
    elif isinstance(value, Items):
        field_schema = resolve(components["schemas"][name]["properties"][field], components)
        item = simplest(field_schema["items"], components)
        instance[field] = [copy.deepcopy(item) for _ in range(value.count)]
    else:
        instance[field] = value
    for model in target.spec_classes(name):
        if valid:
            model.model_validate(instance)
        else:
            with pytest.raises(pydantic.ValidationError):
                model.model_validate(instance)


def _parameter_cases() -> list[tuple[Operation, str, str, Any, bool]]:
    cases = []
    for operation in OPERATIONS:
        descriptor = {
            (p.location, p.wire_name): p.python_name for p in operation.endpoint.parameters
        }
        for parameter in operation.parameters():
            python = descriptor[(parameter["in"], parameter["name"])]
            for label, value, valid in boundaries(parameter.get("schema", {})):
                if valid and value in ("", []):
                    continue  # an empty value cannot be sent: the client refuses it by design
                cases.append((operation, python, label, value, valid))
    return cases


PARAMETER_CASES = _parameter_cases()


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize(
    "case", PARAMETER_CASES, ids=[f"{c[0]}.{c[1]}:{c[2]}" for c in PARAMETER_CASES]
)
def test_parameter_boundaries_and_rejected_values_send_nothing(
    case: tuple[Operation, str, str, Any, bool], mode: str
) -> None:
    _send_boundary(case, mode)


def _body_cases() -> list[tuple[Operation, str, str, Any, bool]]:
    cases = []
    for operation in OPERATIONS:
        body = operation.body_schema()
        if body is None or operation.endpoint.body_kind != "fields":
            continue
        components = operation.target.spec["components"]
        resolved = resolve(body, components)
        descriptor = {
            p.wire_name: p.python_name
            for p in operation.endpoint.parameters
            if p.location == "body"
        }
        for wire, schema in resolved.get("properties", {}).items():
            field = resolve(schema, components)
            values = boundaries(field)
            if field.get("type") == "array" and isinstance(field.get("items"), dict):
                values += [
                    (f"item {label}", [value], valid)
                    for label, value, valid in boundaries(field["items"])
                ]
            cases += [
                (operation, descriptor[wire], label, value, valid) for label, value, valid in values
            ]
    return cases


BODY_CASES = _body_cases()


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("case", BODY_CASES, ids=[f"{c[0]}.{c[1]}:{c[2]}" for c in BODY_CASES])
def test_body_field_boundaries_through_the_client(
    case: tuple[Operation, str, str, Any, bool], mode: str
) -> None:
    """A rejected body field value raises before sending; an accepted one is sent."""
    _send_boundary(case, mode)


def _send_boundary(case: tuple[Operation, str, str, Any, bool], mode: str) -> None:
    """An accepted value is sent once; a rejected one raises and sends nothing."""
    operation, python, label, value, valid = case
    from tests.contract.calls import minimal_arguments, send

    sent: list[httpx.Request] = []
    arguments = {**minimal_arguments(operation), python: value}
    if valid:
        send(operation, mode, arguments, sent)
        assert len(sent) == 1, label
    else:
        with pytest.raises(pydantic.ValidationError):
            send(operation, mode, arguments, sent)
        assert sent == [], "a rejected value must not be sent"
