"""Schema helpers of the contract suite: inlining refs, comparable facts, boundary values.

Facts are what a spec schema and a model's JSON Schema must agree on: types, nullability,
every validation keyword, item and map value schemas, and references to named schemas.
Descriptions, titles and extensions are documentation, not contract.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hypothesis import HealthCheck, Phase, find, settings
from hypothesis_jsonschema import from_schema

from generator.openapi import SCHEMA_REF

Schema = dict[str, Any]
CONSTRAINTS = (
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "multipleOf",
    "format",
)
# Integer formats imply no bounds: the clients enforce the ranges a page states, not the width
# a format names (a documented decision; see docs/decisions.md). Email formats are not checked by the client: pydantic needs the email-validator package for it.
_IGNORED_FORMATS = frozenset(
    {"int32", "int64", "float", "double", "byte", "binary", "email", "idn-email", None}
)


def resolve(schema: Schema, components: Schema) -> Schema:
    """The schema a chain of `$ref`s ends at."""
    while "$ref" in schema:
        schema = components["schemas"][schema["$ref"][len(SCHEMA_REF) :]]
    return schema


def inline(schema: Any, components: Schema, depth: int = 4) -> Any:
    """The schema with every `$ref` replaced by its target; recursion beyond `depth` is `false`."""
    if isinstance(schema, dict):
        if "$ref" in schema:
            if depth <= 0:
                return False
            target = components["schemas"][schema["$ref"][len(SCHEMA_REF) :]]
            siblings = {k: v for k, v in schema.items() if k != "$ref"}
            return inline({**target, **siblings}, components, depth - 1)
        return {
            k: inline(v, components, depth)
            if k not in ("example", "examples", "default", "enum")
            else v
            for k, v in schema.items()
        }
    if isinstance(schema, list):
        return [inline(item, components, depth) for item in schema]
    return schema


# Generation only, derandomized: the first example is already minimal, and shrinking is slow.
_FIND_SETTINGS = settings(
    database=None,
    derandomize=True,
    phases=[Phase.generate],
    max_examples=50,
    suppress_health_check=list(HealthCheck),
    deadline=None,
)


def simplest(schema: Schema, components: Schema) -> Any:
    """A minimal valid instance of a schema (deterministic)."""
    return find(from_schema(inline(schema, components)), lambda _: True, settings=_FIND_SETTINGS)


def spec_facts(schema: Any, components: Schema) -> Any:
    """Facts of a spec schema; component references stay references."""
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        name = schema["$ref"][len(SCHEMA_REF) :]
        target = components.get("schemas", {}).get(name, {})
        if isinstance(target.get("enum"), list) and "properties" not in target:
            # A named value set is a `Literal` alias in the models: compared by its values.
            siblings = {k: v for k, v in schema.items() if k != "$ref"}
            return spec_facts({**target, **siblings}, components)
        return _reference(name, schema)
    return _facts(schema, lambda s: spec_facts(s, components))


def model_facts(schema: Any, definitions: Schema, class_to_schema: dict[str, str]) -> Any:
    """Facts of a pydantic JSON Schema; `$defs` of spec components stay references."""
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name in class_to_schema:
            return _reference(class_to_schema[name], schema)
        return model_facts(
            {**definitions[name], **{k: v for k, v in schema.items() if k != "$ref"}},
            definitions,
            class_to_schema,
        )
    return _facts(schema, lambda s: model_facts(s, definitions, class_to_schema))


def _reference(name: str, schema: Schema) -> dict[str, Any]:
    """A reference to a named schema, with the default a field may set beside it."""
    facts: dict[str, Any] = {"ref": name}
    if "default" in schema:
        facts["default"] = schema["default"]
    return facts


def _facts(schema: Schema, recurse: Any) -> dict[str, Any]:
    options = [schema]
    for combinator in ("anyOf", "oneOf"):
        if combinator in schema:
            options = [
                {**{k: v for k, v in schema.items() if k != combinator}, **o}
                for o in schema[combinator]
            ]
    facts: dict[str, Any] = {"types": set(), "nullable": False}
    merged: list[Any] = []
    for option in options:
        if "$ref" in option:
            sub = recurse(option)
            if isinstance(sub, dict) and "ref" not in sub:
                # An unnamed definition (a constrained union member) counts as written inline.
                facts["types"] |= sub.pop("types", set())
                facts["nullable"] = facts["nullable"] or sub.pop("nullable", False)
                facts.update(sub)
            else:
                merged.append(sub)
            continue
        kinds = option.get("type")
        kinds = kinds if isinstance(kinds, list) else [kinds] if kinds else []
        for kind in kinds:
            if kind == "null":
                facts["nullable"] = True
            else:
                facts["types"].add(kind)
        if "enum" in option:
            values = [v for v in option["enum"] if v is not None]
            facts["nullable"] = facts["nullable"] or None in option["enum"]
            facts["enum"] = sorted(values, key=repr)
            facts["types"] |= {_json_type(v) for v in values}
        for keyword in CONSTRAINTS:
            if keyword in option and not (
                keyword == "format" and option[keyword] in _IGNORED_FORMATS
            ):
                facts[keyword] = option[keyword]
        if "items" in option:
            facts["items"] = recurse(option["items"])
        if isinstance(option.get("additionalProperties"), dict):
            facts["values"] = recurse(option["additionalProperties"])
        if "properties" in option:
            facts["properties"] = {k: recurse(v) for k, v in option["properties"].items()}
            facts["required"] = set(option.get("required", []))
            for name in facts["required"] & set(facts["properties"]):
                # A default means nothing for a field that must be given (pages say both).
                if isinstance(facts["properties"][name], dict):
                    facts["properties"][name].pop("default", None)
        if "default" in option:
            facts["default"] = option["default"]
    if "enum" in facts:
        # An enumeration decides alone; the model generator drops bounds beside it.
        for keyword in ("minLength", "maxLength", "pattern", "minimum", "maximum"):
            facts.pop(keyword, None)
    if facts.get("items") == {"types": {"any"}, "nullable": False}:
        del facts["items"]  # an array without `items` holds anything, as list[Any] does
    if "integer" in facts["types"] and "number" in facts["types"]:
        facts["types"].discard("integer")
    if merged:
        facts["refs"] = sorted(merged, key=repr)
    if not facts["types"] and not merged and "properties" not in facts:
        facts["types"] = {"any"}
    return facts


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "string"


def boundaries(schema: Schema) -> list[tuple[str, Any, bool]]:
    """(label, value, valid) pairs on each side of every constraint of a scalar or array schema."""
    cases: list[tuple[str, Any, bool]] = []
    kinds = schema.get("type")
    kinds = set(kinds) if isinstance(kinds, list) else {kinds}
    if "enum" in schema:
        cases += [(f"enum {v!r}", v, True) for v in schema["enum"]]
        cases.append(("not in enum", "__not_a_documented_value__", False))
        return cases
    if "string" in kinds and "pattern" not in schema and "format" not in schema:
        if "minLength" in schema:
            low = schema["minLength"]
            cases.append((f"minLength {low}", "x" * low, True))
            if low > 0:
                cases.append((f"minLength {low} - 1", "x" * (low - 1), False))
        if "maxLength" in schema:
            high = schema["maxLength"]
            cases += [
                (f"maxLength {high}", "x" * high, True),
                (f"maxLength {high} + 1", "x" * (high + 1), False),
            ]
    if kinds & {"integer", "number"}:
        step = 1 if "integer" in kinds and "number" not in kinds else 0.5
        if "minimum" in schema:
            cases += [
                ("minimum", schema["minimum"], True),
                ("minimum - 1", schema["minimum"] - step, False),
            ]
        if "maximum" in schema:
            cases += [
                ("maximum", schema["maximum"], True),
                ("maximum + 1", schema["maximum"] + step, False),
            ]
        if "exclusiveMinimum" in schema:
            bound = schema["exclusiveMinimum"]
            cases += [
                ("exclusiveMinimum", bound, False),
                ("exclusiveMinimum + step", bound + step, True),
            ]
        if "exclusiveMaximum" in schema:
            bound = schema["exclusiveMaximum"]
            cases += [
                ("exclusiveMaximum", bound, False),
                ("exclusiveMaximum - step", bound - step, True),
            ]
    return cases


@dataclass(frozen=True)
class Items:
    """An array of `count` copies of a valid item, built when the test runs (not at collection)."""

    count: int


def array_boundaries(schema: Schema) -> list[tuple[str, Any, bool]]:
    """Item-count boundaries of an array, as `Items` placeholders."""
    cases: list[tuple[str, Any, bool]] = []
    if "minItems" in schema:
        low = schema["minItems"]
        cases.append((f"minItems {low}", Items(low), True))
        if low > 0:
            cases.append((f"minItems {low} - 1", Items(low - 1), False))
    if "maxItems" in schema and not schema.get("uniqueItems"):
        high = schema["maxItems"]
        cases += [
            (f"maxItems {high}", Items(high), True),
            (f"maxItems {high} + 1", Items(high + 1), False),
        ]
    return cases
