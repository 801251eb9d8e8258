"""Examples: every documented example validates against its schema and round-trips the models."""

from __future__ import annotations

import json
from typing import Any

import pytest
from openapi_schema_validator import OAS31Validator

from tests.contract.schemas import inline
from tests.contract.targets import Operation, all_operations
from tests.contract.wire import same


def _examples() -> list[tuple[Operation, str, int | None, dict[str, Any], Any]]:
    """(operation, where, status or None for the request, media schema, example value)."""
    found: list[tuple[Operation, str, int | None, dict[str, Any], Any]] = []
    for operation in all_operations():
        media = operation.spec.get("requestBody", {}).get("content", {}).get("application/json", {})
        found += [
            (operation, "request", None, media.get("schema", {}), value) for value in _values(media)
        ]
        for code, response in operation.spec["responses"].items():
            media = (
                response.get("content", {}).get("application/json", {})
                if isinstance(response, dict)
                else {}
            )
            found += [
                (operation, f"response {code}", int(code), media.get("schema", {}), v)
                for v in _values(media)
            ]
        for parameter in operation.parameters():
            for value in _values(parameter) + _values(parameter.get("schema", {})):
                found.append(
                    (
                        operation,
                        f"parameter {parameter['name']}",
                        None,
                        parameter.get("schema", {}),
                        value,
                    )
                )
    return found


def _values(holder: dict[str, Any]) -> list[Any]:
    values = [holder["example"]] if "example" in holder else []
    values += [
        e["value"]
        for e in holder.get("examples", {}).values()
        if isinstance(e, dict) and "value" in e
    ]
    return values


EXAMPLES = _examples()


@pytest.mark.parametrize("case", EXAMPLES, ids=[f"{c[0]}:{c[1]}" for c in EXAMPLES])
def test_example_validates_and_round_trips(
    case: tuple[Operation, str, int | None, dict[str, Any], Any],
) -> None:
    operation, where, status, schema, value = case
    components = operation.target.spec.get("components", {})
    validator = OAS31Validator({**schema, "components": components})
    assert list(validator.iter_errors(value)) == []
    if where.startswith("parameter"):
        return
    endpoint = operation.endpoint
    model_name = endpoint.body_model if status is None else dict(endpoint.responses).get(status)
    assert model_name is not None, f"no model for the {where} example"
    model = getattr(operation.target.module("models"), model_name)
    if status is None:
        parsed = model.model_validate(value)  # requests: strict
    else:
        text = json.dumps(value)
        # The spec's own model accepts its example, but for the fields no table lists (the
        # transcriber reports those); the tolerant model gives back all of it.
        strict = getattr(operation.target.module("_strict_models"), model_name)
        listed = json.dumps(documented(value, schema, components))
        strict.model_validate_json(listed, strict=True, by_alias=True, by_name=False)
        parsed = model.model_validate_json(text, by_alias=True, by_name=False)
    dumped = parsed.model_dump(mode="json", by_alias=True, exclude_unset=True)
    assert same(value, dumped, schema, components), (value, dumped)


def documented(value: Any, schema: Any, components: dict[str, Any]) -> Any:
    """The value with the fields its schema does not list left out."""
    resolved = inline(schema, components, depth=8) if isinstance(schema, dict) else {}
    if isinstance(value, dict) and isinstance(resolved, dict) and "properties" in resolved:
        properties = resolved["properties"]
        if isinstance(resolved.get("additionalProperties"), dict):
            return value
        return {
            k: documented(v, properties[k], components) for k, v in value.items() if k in properties
        }
    if (
        isinstance(value, list)
        and isinstance(resolved, dict)
        and isinstance(resolved.get("items"), dict)
    ):
        return [documented(v, resolved["items"], components) for v in value]
    return value
