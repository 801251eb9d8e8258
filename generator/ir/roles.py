"""Which schemas are sent and which are received: requests are strict, responses tolerant.

A model class is either a request model (validated before sending) or a response model (read
as sent), so a schema that both requests and responses use needs one class of each kind. The
response keeps the schema's name and the request twin is named `<Name>Param`, as
openai-python names its request-side types.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from generator.openapi import OPERATION_METHODS, ref_name
from generator.spec.refs import pointer_target

Schema = dict[str, Any]
# The operations a path item may hold, in the order OpenAPI lists them.


def schema_refs(value: Any, document: Schema | None = None) -> Iterator[str]:
    """The schema names `value` refers to; other local refs are followed into `document`."""
    stack = [value]
    followed: set[str] = set()
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                name = ref_name(ref)
                if name is not None:
                    yield name
                elif document is not None and ref.startswith("#/") and ref not in followed:
                    followed.add(ref)
                    stack.append(pointer_target(document, ref)[1])
            # Example values are data: a `$ref` key inside one refers to nothing.
            stack.extend(v for k, v in node.items() if k not in ("example", "examples"))
        elif isinstance(node, list):
            stack.extend(node)


def closure(roots: Iterable[str], schemas: dict[str, Schema]) -> set[str]:
    """`roots` and every schema they reach through `$ref`s."""
    reached: set[str] = set()
    pending = [name for name in roots if name in schemas]
    while pending:
        name = pending.pop()
        if name in reached:
            continue
        reached.add(name)
        pending.extend(r for r in schema_refs(schemas[name]) if r in schemas and r not in reached)
    return reached


def spec_roles(document: Schema) -> tuple[set[str], set[str]]:
    """The schema names that requests reach and those that responses reach, in a spec."""
    schemas: dict[str, Schema] = document.get("components", {}).get("schemas", {}) or {}
    sent: set[str] = set()
    received: set[str] = set()
    for item in (document.get("paths") or {}).values():
        if not isinstance(item, dict):
            continue
        sent.update(schema_refs(item.get("parameters"), document))
        for method in OPERATION_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                sent.update(schema_refs(operation.get("parameters"), document))
                sent.update(schema_refs(operation.get("requestBody"), document))
                received.update(schema_refs(operation.get("responses"), document))
    return closure(sent, schemas), closure(received, schemas)


def is_enumeration(schema: Any) -> bool:
    """An enumeration is the same class for both roles: only its fields' handling differs."""
    return (
        isinstance(schema, dict)
        and isinstance(schema.get("enum"), list)
        and "properties" not in schema
        and "allOf" not in schema
    )
