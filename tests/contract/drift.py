"""Response bodies as a drifting service may send them: built from the spec, then degraded.

`full_body` fills every documented field (one item per list, nesting bounded); `degradations`
breaks it one place at a time, at every level: a field removed, null, a value of another JSON
type, a string or number beyond its bounds, an extra field, an unknown enumeration value.
`spec_accepts` is the oracle for strict validation: the spec's schema with every object closed
to fields it does not list (the pages list every field a response has).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from openapi_schema_validator import OAS31Validator

from tests.contract.schemas import inline, simplest
from tests.contract.wire import instant

Schema = dict[str, Any]
Path = tuple[str | int, ...]
EXTRA = "x_field_from_the_future"
UNKNOWN = "VALUE_FROM_THE_FUTURE"
_DEPTH = 16


@dataclass(frozen=True)
class Degraded:
    """One broken body: what was done, where, and the body."""

    kind: str
    path: Path
    body: Any

    def __str__(self) -> str:
        return f"{self.kind} at {'.'.join(map(str, self.path)) or 'body'}"


def full_body(schema: Any, depth: int = _DEPTH) -> Any:
    """A value of the (inlined) schema with every property present."""
    if not isinstance(schema, dict) or depth <= 0:
        return None
    for combinator in ("anyOf", "oneOf", "allOf"):
        if isinstance(schema.get(combinator), list) and schema[combinator]:
            if combinator == "allOf":
                merged: Schema = {}
                for part in schema["allOf"]:
                    merged = _merge(merged, part if isinstance(part, dict) else {})
                rest = {k: v for k, v in schema.items() if k != "allOf"}
                return full_body(_merge(rest, merged), depth)
            rest = {k: v for k, v in schema.items() if k != combinator}
            return full_body({**rest, **schema[combinator][0]}, depth)
    if "const" in schema:
        return schema["const"]
    if isinstance(schema.get("enum"), list):
        present = [v for v in schema["enum"] if v is not None]
        return present[0] if present else None
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object" or "properties" in schema:
        return {
            name: full_body(sub, depth - 1) for name, sub in schema.get("properties", {}).items()
        }
    if kind == "array":
        items = schema.get("items", {"type": "string"})
        if (items is False or depth <= 2) and not schema.get("minItems"):
            return []  # a recursive schema ends in an empty list
        count = max(1, schema.get("minItems", 1))
        return [full_body(items, depth - 1)] * count
    if kind == "string":
        return _string(schema)
    if kind in ("integer", "number"):
        low = float(schema.get("minimum", schema.get("exclusiveMinimum")) or 0)
        value = max(low + (1 if "exclusiveMinimum" in schema else 0), 0)
        high = schema.get("maximum")
        value = min(value, high) if high is not None else value
        return int(value) if kind == "integer" else float(value) + 0.5 * (high is None)
    if kind == "boolean":
        return True
    return None


def _merge(first: Schema, second: Schema) -> Schema:
    merged = {**first, **second}
    if "properties" in first or "properties" in second:
        merged["properties"] = {**first.get("properties", {}), **second.get("properties", {})}
    return merged


def _string(schema: Schema) -> str:
    form = schema.get("format")
    if form == "date-time":
        return "2026-12-07T01:02:03.456Z"
    if form == "date":
        return "2026-12-07"
    if form == "time":
        return "01:02:03"
    if "pattern" in schema:
        return str(simplest(schema, {}))
    length: int = max(1, min(schema.get("minLength", 1), schema.get("maxLength", 8)))
    return "v" * length


def _at(value: Any, path: Path) -> Any:
    for part in path:
        value = value[part]
    return value


def _schema_at(schema: Any, path: Path) -> Any:
    for part in path:
        if not isinstance(schema, dict):
            return {}
        schema = _flat(schema)
        schema = (
            schema.get("items", {})
            if isinstance(part, int)
            else schema.get("properties", {}).get(part, {})
        )
    return _flat(schema) if isinstance(schema, dict) else {}


def _flat(schema: Schema) -> Schema:
    """The first option of a union, the merge of an allOf: what `full_body` filled."""
    for combinator in ("anyOf", "oneOf"):
        if isinstance(schema.get(combinator), list) and schema[combinator]:
            rest = {k: v for k, v in schema.items() if k != combinator}
            return _flat({**rest, **schema[combinator][0]})
    if isinstance(schema.get("allOf"), list):
        merged: Schema = {k: v for k, v in schema.items() if k != "allOf"}
        for part in schema["allOf"]:
            merged = _merge(merged, _flat(part) if isinstance(part, dict) else {})
        return merged
    return schema


def places(value: Any, every_item: bool = False, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    """Every field and list item in the body, outermost first (of a list, only its first item
    unless `every_item`)."""
    if isinstance(value, dict):
        items: Iterator[tuple[str | int, Any]] = iter(value.items())
    elif isinstance(value, list):
        items = iter(enumerate(value if every_item else value[:1]))
    else:
        return
    for key, item in items:
        yield (*path, key), item
        yield from places(item, every_item, (*path, key))


def _other_type(value: Any) -> Any:
    if isinstance(value, bool):
        return "true"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return 12345
    if isinstance(value, list):
        return {"not": "a list"}
    if isinstance(value, dict):
        return "not an object"
    return ["was", "null"]


def _beyond(schema: Schema, value: Any) -> Any:
    """A value just beyond a stated bound, or None when the schema states none."""
    if isinstance(value, str) and "maxLength" in schema and "enum" not in schema:
        return "w" * (schema["maxLength"] + 1)
    if isinstance(value, str) and schema.get("minLength", 0) > 0:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if "maximum" in schema:
            return schema["maximum"] + 1
        if "minimum" in schema:
            return schema["minimum"] - 1
    if isinstance(value, list) and "maxItems" in schema:
        return value * (schema["maxItems"] + 1)
    return None


def degradations(body: Any, schema: Schema) -> Iterator[Degraded]:
    """Every single-place break of `body` (a `full_body` of `schema`)."""
    if isinstance(body, dict):
        yield Degraded("extra field", (), {**body, EXTRA: {"nested": [1, "two", None]}})
    for path, value in places(body):
        parent_path, key = path[:-1], path[-1]
        field = _schema_at(schema, path)

        def replaced(new: Any, path: Path = path) -> Any:
            copied = copy.deepcopy(body)
            _at(copied, path[:-1])[path[-1]] = new
            return copied

        if isinstance(key, str):
            removed = copy.deepcopy(body)
            del _at(removed, parent_path)[key]
            yield Degraded("removed", path, removed)
        yield Degraded("null", path, replaced(None))
        yield Degraded("another JSON type", path, replaced(_other_type(value)))
        beyond = _beyond(field, value)
        if beyond is not None:
            yield Degraded("beyond its bounds", path, replaced(beyond))
        if isinstance(value, dict):
            yield Degraded("extra field", path, replaced({**value, EXTRA: [True]}))
        if isinstance(field.get("enum"), list):
            yield Degraded("unknown enumeration value", path, replaced(UNKNOWN))


def closed(schema: Any) -> Any:
    """The schema with every object closed to the fields it lists (no `additionalProperties`)."""
    if isinstance(schema, list):
        return [closed(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    result = {
        k: closed(v) if k not in ("enum", "const", "default", "example", "examples") else v
        for k, v in schema.items()
    }
    if "properties" in schema and "additionalProperties" not in schema and "allOf" not in schema:
        result["additionalProperties"] = False
    return result


def spec_validator(schema: Schema, components: Schema) -> OAS31Validator:
    """A validator of the schema as the pages state it (objects closed, refs inlined)."""
    return OAS31Validator(closed(inline(schema, components, depth=8)))


def spec_accepts(validator: OAS31Validator, body: Any) -> bool:
    return bool(validator.is_valid(body))


def same_json(sent: Any, received: Any) -> bool:
    """Whether a dumped value is what was sent: the same JSON, timestamps in any ISO spelling."""
    if isinstance(sent, dict) and isinstance(received, dict):
        return sent.keys() == received.keys() and all(same_json(sent[k], received[k]) for k in sent)
    if isinstance(sent, list) and isinstance(received, list):
        return len(sent) == len(received) and all(
            same_json(a, b) for a, b in zip(sent, received, strict=True)
        )
    if isinstance(sent, str) and isinstance(received, str) and sent != received:
        return instant(sent) == instant(received)
    if isinstance(sent, bool) or isinstance(received, bool):
        return sent is received
    if isinstance(sent, int | float) and isinstance(received, int | float):
        return float(sent) == float(received)
    return bool(sent == received and type(sent) is type(received))
