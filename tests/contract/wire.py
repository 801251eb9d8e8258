"""Inputs for the wire tests: hypothesis strategies from the spec, and spec-aware comparison."""

from __future__ import annotations

import datetime
from typing import Any

from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from tests.contract.schemas import inline
from tests.contract.targets import Operation

ABSENT = object()


def wire_safe(schema: dict[str, Any]) -> dict[str, Any]:
    """What a URL or header can carry: no empty strings, no empty lists (the client refuses them)."""
    kinds = schema.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if "string" in kinds and "enum" not in schema and not schema.get("minLength"):
        return {**schema, "minLength": 1}
    if "array" in kinds and isinstance(schema.get("items"), dict):
        return {
            **schema,
            "minItems": max(1, schema.get("minItems", 0)),
            "items": wire_safe(schema["items"]),
        }
    return schema


def _header_text(value: Any) -> bool:
    """Header values travel as visible ASCII, without the whitespace HTTP trims."""
    texts = value if isinstance(value, list) else [value]
    return all(
        not isinstance(t, str)
        or (t == t.strip() and all(33 <= ord(c) < 127 or c == " " for c in t) and "," not in t)
        for t in texts
    )


def closed(schema: Any) -> Any:
    """Objects with documented properties get no others: requests are strict by design."""
    if isinstance(schema, dict):
        result = {
            k: closed(v) if k not in ("enum", "default", "example", "examples") else v
            for k, v in schema.items()
        }
        if "properties" in result and "additionalProperties" not in result:
            result["additionalProperties"] = False
        return result
    if isinstance(schema, list):
        return [closed(item) for item in schema]
    return schema


def parameter_strategy(
    parameter: dict[str, Any], components: dict[str, Any]
) -> st.SearchStrategy[Any]:
    schema = wire_safe(inline(parameter.get("schema", {}), components))
    strategy = from_schema(schema)
    if parameter["in"] == "header":
        strategy = strategy.filter(_header_text)
    return strategy


def arguments_strategy(operation: Operation) -> st.SearchStrategy[dict[str, Any]]:
    """Python-keyed arguments: every required parameter, some optional ones, a valid body."""
    components = operation.target.spec.get("components", {})
    descriptor = {(p.location, p.wire_name): p.python_name for p in operation.endpoint.parameters}
    parts: dict[str, st.SearchStrategy[Any]] = {}
    for parameter in operation.parameters():
        python = descriptor[(parameter["in"], parameter["name"])]
        strategy = parameter_strategy(parameter, components)
        required = parameter.get("required") or parameter["in"] == "path"
        parts[python] = strategy if required else st.one_of(st.just(ABSENT), strategy)
    body = operation.body_schema()
    if body is not None:
        body_strategy = from_schema(closed(inline(body, components)))
        if not operation.spec.get("requestBody", {}).get("required"):
            body_strategy = st.one_of(st.just(ABSENT), body_strategy)
        parts["__body__"] = body_strategy

    def assemble(values: dict[str, Any]) -> dict[str, Any]:
        arguments = {k: v for k, v in values.items() if k != "__body__" and v is not ABSENT}
        body_value = values.get("__body__", ABSENT)
        if body_value is not ABSENT:
            if operation.endpoint.body_kind == "fields":
                arguments.update({descriptor[("body", k)]: v for k, v in body_value.items()})
            else:
                arguments[descriptor[("body", "")]] = body_value
        return arguments

    return st.fixed_dictionaries(parts).map(assemble)


def same(drawn: Any, sent: Any, schema: Any, components: dict[str, Any]) -> bool:
    """Whether a sent JSON value says what was drawn, reading the schema (dates, numbers)."""
    schema = inline(schema, components, depth=6) if isinstance(schema, dict) else {}
    if isinstance(drawn, dict) and isinstance(sent, dict):
        properties = schema.get("properties", {}) if isinstance(schema, dict) else {}
        extra = schema.get("additionalProperties", {}) if isinstance(schema, dict) else {}
        return drawn.keys() == sent.keys() and all(
            same(
                drawn[k],
                sent[k],
                properties.get(k, extra if isinstance(extra, dict) else {}),
                components,
            )
            for k in drawn
        )
    if isinstance(drawn, list) and isinstance(sent, list):
        items = schema.get("items", {}) if isinstance(schema, dict) else {}
        return len(drawn) == len(sent) and all(
            same(d, s, items, components) for d, s in zip(drawn, sent, strict=True)
        )
    if isinstance(drawn, str) and isinstance(sent, str) and _is_format(schema, "date-time"):
        return instant(drawn) == instant(sent)
    if (
        isinstance(drawn, int | float)
        and not isinstance(drawn, bool)
        and isinstance(sent, int | float)
    ):
        return float(drawn) == float(sent)
    return bool(drawn == sent and type(drawn) is type(sent))


def text_of(value: Any) -> list[str]:
    """The strings a query or header value becomes on the wire (lists repeat, booleans lower)."""
    values = value if isinstance(value, list) else [value]
    return ["true" if v is True else "false" if v is False else str(v) for v in values]


def _is_format(schema: Any, name: str) -> bool:
    if not isinstance(schema, dict):
        return False
    options = [schema, *schema.get("anyOf", []), *schema.get("oneOf", [])]
    return any(isinstance(o, dict) and o.get("format") == name for o in options)


def instant(text: str) -> datetime.datetime | str:
    try:
        return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
