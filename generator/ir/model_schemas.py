"""The schemas the models builder receives: one plain JSON Schema per model class.

The IR builder decides the classes (the spec's schemas under their class names, their request
twins, the endpoints' parameters, bodies and responses); this module writes each one's schema
for `generator.ir.models.ModelsBuilder`:

- references renamed to the classes (`_rename_refs`): requests refer to request twins,
  responses to the schemas' own classes;
- a list of itself cut (`_break_list_cycle`), which no Python type can spell;
- every nested object and enumeration hoisted into a class of its own, named after its owner
  and property, identical value sets shared (`_hoist`);
- parameters made safe for the wire (`wire_safe`: no empty path segment, query value or list);
- each field's Python name (`field_names`), unique within its class.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from generator.diagnostics import Findings, Location
from generator.ir.names import ClassName, FieldName, unique
from generator.openapi import SCHEMA_REF, rename_refs, resolve, schema_name

Schema = dict[str, Any]
# Formats the models parse into dates and times (never empty, so not given a minLength).
_TEMPORAL = frozenset({"date-time", "date", "time"})


@dataclass(frozen=True)
class _Naming:
    """What naming a class's fields needs besides the classes: which are parameters models,
    and where collisions are reported."""

    params_models: set[str]
    findings: Findings
    source: str


def model_schemas(
    schemas: dict[str, Schema],
    *,
    class_names: dict[str, str],
    request_twins: dict[str, str],
    sent: set[str],
    received: set[str],
    extra_models: dict[str, Schema],
    response_models: set[str],
    findings: Findings,
    source: str,
) -> dict[str, Schema]:
    """The schema of every model class, keyed by class name (sorted), refs rewritten to match.

    `schemas` are the spec's own, `class_names` their classes, `request_twins` the classes
    requests use for schemas that responses use too; `extra_models` are the endpoints' models
    (parameters, inline bodies, inline responses; `response_models` those that are received).
    What requests send refers to the request twins; what responses receive, to the schemas'
    own classes. Nested objects and enumerations become classes of their own (`_hoist`).
    """
    sending = {**class_names, **request_twins}
    renamed: Schema = {}
    for name, schema in schemas.items():
        names = sending if name in sent and name not in received else class_names
        renamed[class_names[name]] = rename_refs(schema, names)
        if name in request_twins:
            twin = rename_refs(schema, sending)
            renamed[request_twins[name]] = twin
    for name, schema in extra_models.items():
        names = class_names if name in response_models else sending
        renamed[name] = rename_refs(schema, names)
    for name in sorted(renamed):
        if _break_list_cycle(renamed, name):
            findings.warn(
                source,
                Location(section=f"components/schemas/{name}"),
                f"{name} is a list of itself with no object in between; "
                "its innermost items are typed Any",
                "cycle",
            )
    hoisted: dict[str, Schema] = {}
    taken = set(renamed)
    value_sets: dict[str, str] = {}
    for name in sorted(renamed):
        renamed[name] = _hoist(renamed[name], name, hoisted, taken, value_sets, top=True)
    renamed.update(hoisted)
    return dict(sorted(renamed.items()))


def field_names(
    classes: dict[str, Schema], params_models: set[str], findings: Findings, source: str
) -> tuple[tuple[str, str], ...]:
    """Every model field's Python name, keyed `Class.wire_name`, unique within its class.

    Wire names used as they are could be non-ASCII (Python folds identifiers with NFKC, so
    two wire names can become one attribute) or shadow `list` or `model_dump`; every field
    is an ASCII identifier clear of those, and collisions are resolved deterministically
    and reported.
    """
    chosen: dict[str, dict[str, str]] = {}
    context = _Naming(params_models, findings, source)
    for class_name in sorted(classes):
        _class_fields(class_name, classes, chosen, set(), context)
    # Only the names that differ from the wire name: the others need no alias.
    return tuple(
        (f"{class_name}.{wire}", python)
        for class_name, fields in sorted(chosen.items())
        for wire, python in fields.items()
        if python != wire
    )


def _class_fields(
    class_name: str,
    classes: dict[str, Schema],
    chosen: dict[str, dict[str, str]],
    visiting: set[str],
    context: _Naming,
) -> dict[str, str]:
    """The wire → Python names of one class, its allOf bases' names included."""
    if class_name in chosen or class_name in visiting:
        return chosen.get(class_name, {})
    visiting.add(class_name)
    schema = classes.get(class_name, {})
    inherited: dict[str, str] = {}
    own: list[str] = []
    parts = [schema, *(p for p in schema.get("allOf", []) if isinstance(p, dict))]
    for part in parts:
        base = schema_name(part) if part is not schema else None
        if base is not None:
            inherited.update(_class_fields(base, classes, chosen, visiting, context))
        elif isinstance(part.get("properties"), dict):
            own.extend(str(wire) for wire in part["properties"])
    fields = dict(inherited)
    taken = set(inherited.values())
    # A parameters model is keyed by argument names, which are Python names already.
    naming = FieldName.of_argument if class_name in context.params_models else FieldName.from_wire
    # Wire names that are already good Python names keep them; the others come second.
    ordered = sorted(dict.fromkeys(own), key=lambda w: naming(w).value != w)
    for wire in ordered:
        if wire in fields:
            continue
        wanted = naming(wire).value
        name = unique(wanted, taken, [])
        if name != wanted:
            context.findings.warn(
                context.source,
                Location(section=f"components/schemas/{class_name}"),
                f"field '{wire}' becomes {name} (collides with another field)",
                "collision",
            )
        fields[wire] = name
        taken.add(name)
    visiting.discard(class_name)
    chosen[class_name] = fields
    return fields


def _break_list_cycle(classes: dict[str, Schema], start: str) -> bool:
    """Cut `items` references that lead back to `start` through lists alone.

    A list of itself (`A: {type: array, items: {$ref: A}}`) has no Python type the checkers
    accept; an object in between is fine.
    """
    schema: Any = classes.get(start)
    for _ in range(64):
        if not isinstance(schema, dict) or "properties" in schema:
            return False
        items = schema.get("items")
        if not isinstance(items, dict):
            return False
        name = schema_name(items)
        if name is not None:
            if name == start:
                schema["items"] = {}
                return True
            schema = classes.get(name)
        else:
            schema = items
    return False


def _hoist(
    schema: Schema,
    owner: str,
    hoisted: dict[str, Schema],
    taken: set[str],
    value_sets: dict[str, str],
    top: bool = False,
) -> Schema:
    """Name every nested object and enumeration after its owner and property.

    Each becomes a class of its own (`ListenersItem`, `PoolProtocol`); named here, every name
    is chosen by us, stable and collision-free. An enumeration whose values another has
    already given is that one (`value_sets`, keyed by type and values): a value set is defined
    once, however many fields share it. The `default` and `description` a property gives stay
    beside the reference.
    """
    if not isinstance(schema, dict) or "$ref" in schema:
        return schema
    if not top and _needs_class(schema):
        kept: Schema = {k: schema[k] for k in ("default", "description") if k in schema}
        body = {k: v for k, v in schema.items() if k != "default"}
        key = _value_set_key(body)
        if key is not None and key in value_sets:
            return {"$ref": SCHEMA_REF + value_sets[key], **kept}
        name = unique(ClassName.from_wire(owner).value, taken, [], separator="")
        taken.add(name)
        if key is not None:
            # The fields that share it keep their own descriptions; the set itself has none.
            value_sets[key] = name
            body.pop("description", None)
        hoisted[name] = _hoist(body, name, hoisted, taken, value_sets, top=True)
        return {"$ref": SCHEMA_REF + name, **kept}

    def inner(value: Schema, name: str, at_top: bool = False) -> Schema:
        return _hoist(value, name, hoisted, taken, value_sets, top=at_top)

    result = dict(schema)
    if isinstance(schema.get("properties"), dict):
        result["properties"] = {
            key: inner(value, f"{owner}_{key}") for key, value in schema["properties"].items()
        }
    for key, suffix in (("items", "Item"), ("additionalProperties", "Value")):
        if isinstance(schema.get(key), dict):
            result[key] = inner(schema[key], f"{owner}{suffix}")
    for key in ("anyOf", "oneOf"):
        if isinstance(schema.get(key), list):
            result[key] = [
                inner(option, f"{owner}Option{index}")
                for index, option in enumerate(schema[key], start=1)
            ]
    if isinstance(schema.get("allOf"), list):
        # A class's own parts are merged into it, not classes of their own.
        result["allOf"] = [inner(part, owner, top) for part in schema["allOf"]]
    return result


def _value_set_key(schema: Schema) -> str | None:
    """What makes two inline enumerations one value set: their type and values, in order.

    Bounds that every value meets say nothing more (`maxLength: 16` beside HTTP methods).
    """
    if "enum" not in schema or "properties" in schema:
        return None
    values = [v for v in schema["enum"] if v is not None]
    implied = {keyword for keyword in _VALUE_BOUNDS if _bound_holds(keyword, schema, values)}
    if set(schema) - {"type", "enum", "format", "description", *implied}:
        return None  # other keywords (constraints, extensions) make it a schema of its own
    essential = {k: v for k, v in schema.items() if k in ("type", "enum", "format")}
    return json.dumps(essential, sort_keys=True, default=str)


_VALUE_BOUNDS = ("minLength", "maxLength", "minimum", "maximum")


def _bound_holds(keyword: str, schema: Schema, values: list[Any]) -> bool:
    """Whether every value meets the schema's `keyword` bound (False if it has none)."""
    bound = schema.get(keyword)
    if not isinstance(bound, int | float):
        return False
    if keyword in ("minLength", "maxLength"):
        lengths = [len(v) for v in values if isinstance(v, str)]
        ok = len(lengths) == len(values)
        return ok and all(n >= bound if keyword == "minLength" else n <= bound for n in lengths)
    numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    ok = len(numbers) == len(values)
    return ok and all(v >= bound if keyword == "minimum" else v <= bound for v in numbers)


def _needs_class(schema: Schema) -> bool:
    """Objects and enumerations get a class; so does an `allOf` of several parts."""
    if "properties" in schema or "enum" in schema:
        return True
    parts = schema.get("allOf")
    return isinstance(parts, list) and len(parts) > 1


def wire_safe(schema: Schema, schemas: dict[str, Schema]) -> Schema:
    """A parameter schema that refuses what a URL or header cannot carry.

    An empty string would be an empty path segment or an empty query value (which OpenAPI
    forbids unless `allowEmptyValue`), and an empty list sends nothing at all.
    """
    resolved = resolve(schema, schemas)
    kinds = resolved.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    # Dates and times are parsed (not strings) by the models, and never empty anyway.
    textual = resolved.get("format") not in _TEMPORAL
    if "string" in kinds and textual and "enum" not in resolved and not resolved.get("minLength"):
        return {**resolved, "minLength": 1}
    if "array" in kinds and isinstance(resolved.get("items"), dict):
        return {
            **resolved,
            "minItems": max(1, resolved.get("minItems", 0)),
            "items": wire_safe(resolved["items"], schemas),
        }
    return schema
