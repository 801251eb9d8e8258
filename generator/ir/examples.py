"""The README's usage example: a real call of one operation, built from the spec's example."""

from __future__ import annotations

import keyword
from typing import Any

from generator.ir.types import Operation, Service
from generator.openapi import resolve, schema_name


def readme_example(
    service: Service, document: dict[str, Any], request_classes: dict[str, str]
) -> str:
    """Python source that calls the first operation with a documented request example.

    `request_classes` maps each schema name to the class a request builds it with (its request
    twin, if responses use it too).
    """
    if not service.operations:
        return f"from {service.package} import {service.client_class}\n"
    chosen, example = service.operations[0], None
    for operation in service.operations:
        found = _request_example(document, operation)
        if found is not None:
            chosen, example = operation, found
            break
    imports: set[str] = set()
    lines = [f"    result = client.{chosen.method_name}("]
    for argument in chosen.arguments:
        if argument.is_project_id:
            continue
        if (
            argument.location == "body"
            and isinstance(example, dict)
            and argument.wire_name in example
        ):
            schema = _field_schema(document, chosen, argument.wire_name)
            value = _expression(
                example[argument.wire_name], schema, document, request_classes, imports, 2
            )
        elif argument.required:
            value = repr("...")
        else:
            continue
        lines.append(f"        {argument.python_name}={value},")
    lines.append("    )")
    header = [f"from {service.package} import {service.client_class}"]
    if imports:
        header.append(f"from {service.package}.models import {', '.join(sorted(imports))}")
    body = [
        "",
        f"with {service.client_class}.from_env() as client:",
        *lines,
        "    print(result)",
    ]
    return "\n".join(header + body) + "\n"


def _operation_object(document: dict[str, Any], operation: Operation) -> dict[str, Any]:
    found: dict[str, Any] = document["paths"][operation.path][operation.http_method.lower()]
    return found


def _request_example(document: dict[str, Any], operation: Operation) -> Any:
    media = (
        _operation_object(document, operation)
        .get("requestBody", {})
        .get("content", {})
        .get("application/json", {})
    )
    if "example" in media:
        return media["example"]
    for example in media.get("examples", {}).values():
        if isinstance(example, dict) and "value" in example:
            return example["value"]
    return None


def _field_schema(document: dict[str, Any], operation: Operation, wire_name: str) -> dict[str, Any]:
    media = _operation_object(document, operation)["requestBody"]["content"]["application/json"]
    schema = resolve(media.get("schema", {}), _schemas(document))
    field: dict[str, Any] = schema.get("properties", {}).get(wire_name, {})
    return field


def _schemas(document: dict[str, Any]) -> dict[str, Any]:
    schemas: dict[str, Any] = document.get("components", {}).get("schemas", {}) or {}
    return schemas


def _expression(
    value: Any,
    schema: dict[str, Any],
    document: dict[str, Any],
    request_classes: dict[str, str],
    imports: set[str],
    depth: int,
) -> str:
    """A Python expression for an example value: model constructors for referenced objects."""
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        items = [
            _expression(v, schema["items"], document, request_classes, imports, depth)
            for v in value
        ]
        return "[" + ", ".join(items) + "]"
    name = schema_name(schema)
    if isinstance(value, dict) and name is not None:
        target = resolve(schema, _schemas(document))
        properties = target.get("properties", {})
        if all(_keyword_argument(k) and k in properties for k in value):
            class_name = request_classes[name]
            imports.add(class_name)
            arguments = ", ".join(
                f"{k}="
                + _expression(v, properties[k], document, request_classes, imports, depth + 1)
                for k, v in value.items()
            )
            return f"{class_name}({arguments})"
    return repr(value)


def _keyword_argument(name: object) -> bool:
    return isinstance(name, str) and name.isidentifier() and not keyword.iskeyword(name)
