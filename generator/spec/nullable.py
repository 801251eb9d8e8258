"""Response fields the page's own example shows as null become nullable.

The pages type a field (`String`, `Integer`, an object) and then show it as `null` in their
example response, and often say so in words ("When sticky sessions are disabled, the value is
null"; "null is displayed for this parameter when type is set to External"). The service does
send null there, so a client that refuses null for those fields would fail on real responses.
Only responses are loosened: a request field stays as the table types it (a null the client
sends is a choice, not something it must accept). A schema that a request also uses is left as
it is and reported, so the request side never changes; its example then fails the schema and is
dropped as before. Every field made nullable is reported (`nullable-from-example`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.diagnostics import Findings, Location
from generator.openapi import resolve_named, schema_name

Document = dict[str, Any]


def nullable_from_examples(document: Document, sources: dict[str, str], findings: Findings) -> None:
    """Make response fields nullable where an example response of theirs is null (in place)."""
    schemas: dict[str, Any] = document.get("components", {}).get("schemas", {})
    request_side = _request_schemas(document, schemas)
    done: set[tuple[str, str]] = set()
    for operation_id, code, media in _response_media(document):
        source = sources.get(operation_id, operation_id)
        where = Location(section=f"Example Responses ({code})")
        for example in _examples(media):
            for owner, key, path in _nulls(example, media.get("schema", {}), schemas, "", None):
                if owner is None:
                    continue
                name, holder = owner
                prop = holder["properties"][key]
                if _accepts_null(prop, schemas) or (name, key) in done:
                    continue
                if name in request_side:
                    findings.warn(
                        source,
                        where,
                        f"example field {path} is null, but schema '{name}' is also used by a "
                        "request: left as the table types it",
                        "null-in-shared-schema",
                    )
                    continue
                holder["properties"][key] = _nullable(prop)
                done.add((name, key))
                findings.warn(
                    source,
                    where,
                    f"response field {path} ('{key}' of schema '{name}') is null in the page's "
                    "example: made nullable",
                    "nullable-from-example",
                )


def _response_media(document: Document) -> Iterator[tuple[str, str, Document]]:
    for item in document.get("paths", {}).values():
        for operation in item.values():
            for code, response in operation.get("responses", {}).items():
                content = response.get("content", {}) if isinstance(response, dict) else {}
                media = content.get("application/json")
                if isinstance(media, dict):
                    yield operation.get("operationId", ""), str(code), media


def _examples(media: Document) -> list[Any]:
    found = [media["example"]] if "example" in media else []
    for example in media.get("examples", {}).values():
        if isinstance(example, dict) and "value" in example:
            found.append(example["value"])
    return found


def _request_schemas(document: Document, schemas: dict[str, Any]) -> set[str]:
    """Names of the component schemas reachable from any parameter or request body."""
    roots: list[Any] = []
    for item in document.get("paths", {}).values():
        for operation in item.values():
            roots += [p.get("schema") for p in operation.get("parameters", [])]
            roots.append(operation.get("requestBody"))
    reached: set[str] = set()
    stack = roots
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            name = schema_name(node)
            if name is not None and name not in reached and name in schemas:
                reached.add(name)
                stack.append(schemas[name])
            stack += [v for v in node.values() if isinstance(v, dict | list)]
        elif isinstance(node, list):
            stack += node
    return reached


def _nulls(
    value: Any,
    schema: Any,
    schemas: dict[str, Any],
    path: str,
    owner_name: str | None,
) -> Iterator[tuple[tuple[str, dict[str, Any]] | None, str, str]]:
    """(owning schema name and dict, property, path) of every null property value in `value`
    whose schema the example reaches through properties, items and `anyOf`/`oneOf` options."""
    name, resolved = resolve_named(schema, schemas)
    owner_name = name or owner_name
    if not isinstance(resolved, dict):
        return
    for combinator in ("anyOf", "oneOf"):
        for option in resolved.get(combinator, []):
            yield from _nulls(value, option, schemas, path, owner_name)
    if isinstance(value, dict) and isinstance(resolved.get("properties"), dict):
        properties = resolved["properties"]
        for key, item in value.items():
            if key not in properties:
                continue
            child = f"{path}.{key}" if path else key
            if item is None:
                owner = (owner_name, resolved) if owner_name is not None and name else None
                yield owner, key, child
            else:
                yield from _nulls(item, properties[key], schemas, child, None)
    elif isinstance(value, list) and isinstance(resolved.get("items"), dict):
        for index, item in enumerate(value):
            yield from _nulls(item, resolved["items"], schemas, f"{path}[{index}]", None)


def _accepts_null(schema: Any, schemas: dict[str, Any]) -> bool:
    _, resolved = resolve_named(schema, schemas)
    if not isinstance(resolved, dict) or not isinstance(schema, dict):
        return True
    for node in (schema, resolved):
        declared = node.get("type")
        if declared == "null" or (isinstance(declared, list) and "null" in declared):
            return True
        if None in node.get("enum", [None]) and "enum" in node:
            return True
        for combinator in ("anyOf", "oneOf"):
            if any(_accepts_null(o, schemas) for o in node.get(combinator, [])):
                return True
    return not any(k in resolved for k in ("type", "enum", "properties", "anyOf", "oneOf"))


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """The same schema, accepting null as well."""
    result = dict(schema)
    if "$ref" in result:
        ref = result.pop("$ref")
        result["anyOf"] = [{"$ref": ref}, {"type": "null"}]
        return result
    for combinator in ("anyOf", "oneOf"):
        if combinator in result:
            result[combinator] = [*result[combinator], {"type": "null"}]
            return result
    declared = result.get("type")
    if isinstance(declared, str):
        result["type"] = [declared, "null"]
    elif isinstance(declared, list):
        result["type"] = [*declared, "null"]
    if "enum" in result:
        result["enum"] = [*result["enum"], None]
    return result
