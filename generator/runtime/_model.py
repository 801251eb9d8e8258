"""The bases of every generated model: strict for what we send, tolerant of what we receive.

Request models (`HuaweiModel`) enforce the spec: unknown fields, unknown enum values, broken
constraints and missing required fields are errors before anything is sent.

Response models (`ResponseModel`) are read, not judged, because the pages drift from the
service. Every field is `T | None = None` and marked `Tolerant`: a value of the documented
type is parsed as that type (strictly, never coerced: `"80"` stays a string in an integer
field), and any other value is kept exactly as sent, on the same attribute, without costing its
siblings. Unknown fields are kept and written back by `model_dump()`. The work happens inside
pydantic-core (a union per field, built once per class), so tolerance costs about what
validation does.
"""

from __future__ import annotations

import inspect
from typing import Any

from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue

# pydantic-core schemas are plain dicts (pydantic_core.core_schema documents them); written as
# dicts here so that the package imports nothing but pydantic and httpx.
CoreSchema = Any

__all__ = ["HuaweiModel", "ResponseModel", "Tolerant", "TolerantContent"]

# Core-schema leaves validated strictly inside a tolerant field: a value of another JSON type
# falls through to "keep as sent" instead of being coerced.
_LEAVES = frozenset(
    {"str", "int", "float", "bool", "datetime", "date", "time", "literal", "enum", "none"}
)


class HuaweiModel(BaseModel):
    """Base model: wire names as aliases, Python names accepted too, validators built lazily."""

    model_config = ConfigDict(
        extra="forbid",
        defer_build=True,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        # Field names are chosen by the generator clear of BaseModel's attributes; wire names
        # such as `model_dump_x` are legitimate and must not warn on import.
        protected_namespaces=(),
    )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """The JSON Schema, each property described as the class docstring's `Attributes:`
        section describes its field (read only here, so importing the models costs nothing)."""
        json_schema = super().__get_pydantic_json_schema__(core_schema, handler)
        target = handler.resolve_ref_schema(json_schema)
        overview, described = _attributes(cls.__doc__ or "")
        if overview:
            target["description"] = overview
        else:
            target.pop("description", None)
        properties = target.get("properties", {})
        for name, field in cls.model_fields.items():
            text = described.get(name)
            key = field.alias or name
            if text and key in properties:
                properties[key].setdefault("description", text)
        return json_schema


def _attributes(docstring: str) -> tuple[str, dict[str, str]]:
    """A docstring's text before its `Attributes:` section, and the section's `name: text`."""
    overview, _, section = inspect.cleandoc(docstring).partition("\nAttributes:\n")
    if overview.startswith("Attributes:\n"):
        overview, section = "", overview.removeprefix("Attributes:\n")
    described: dict[str, str] = {}
    for line in section.splitlines():
        name, colon, text = line.strip().partition(": ")
        if colon and name.isidentifier():
            described[name] = text
    return overview.strip(), described


class ResponseModel(HuaweiModel):
    """Base of response models: unknown fields kept (and dumped), every field optional."""

    model_config = ConfigDict(extra="allow")


def _as_sent(schema: CoreSchema) -> CoreSchema:
    """`schema`, or failing it, the value exactly as received."""
    return {"type": "union", "choices": [schema, {"type": "any"}], "mode": "left_to_right"}


def _tolerate(schema: CoreSchema, top: bool = False) -> CoreSchema:
    """A copy of `schema` that keeps, rather than rejects, what does not fit it.

    Containers stay typed and their items are tolerated one by one; a nested response model
    is tolerant through its own fields. With `top`, the outer shape itself is still required
    (a list where a list is documented), so a body of another shape is an error.
    """
    kind = schema["type"]
    tolerated: Any
    if kind in _LEAVES:
        tolerated = _strict_leaf(schema)
    elif kind in ("nullable", "default"):
        tolerated = {**schema, "schema": _tolerate(schema["schema"], top)}
    elif kind in ("list", "set", "frozenset") and "items_schema" in schema:
        tolerated = {**schema, "items_schema": _tolerate(schema["items_schema"])}
    elif kind == "dict" and "values_schema" in schema:
        tolerated = {**schema, "values_schema": _tolerate(schema["values_schema"])}
    elif kind == "union":
        choices = [
            (_strict_leaf(c[0]), c[1]) if isinstance(c, tuple) else _strict_leaf(c)
            for c in schema["choices"]
        ]
        tolerated = {**schema, "choices": choices, "mode": "left_to_right"}
    else:  # a model, a reference to one, or anything else: it is kept if it does not fit
        tolerated = schema
    if top or kind in ("nullable", "default"):
        return tolerated
    return _as_sent(tolerated)


def _strict_leaf(schema: CoreSchema) -> CoreSchema:
    """A leaf validated strictly (a value of another JSON type is not coerced); others as are."""
    return {**schema, "strict": True} if schema["type"] in _LEAVES else schema


class _TolerantMarker:
    """`Annotated` metadata that makes a field's type tolerant (see the module docstring)."""

    def __init__(self, top: bool) -> None:
        self.top = top

    def __repr__(self) -> str:
        return "TolerantContent" if self.top else "Tolerant"

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        documented = handler(source)
        tolerant = dict(_tolerate(documented, self.top))
        tolerant["metadata"] = {**tolerant.get("metadata", {}), "huawei_documented": documented}
        return tolerant

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        # The JSON Schema says what the documentation says; tolerance is about reading only.
        documented = schema.get("metadata", {}).get("huawei_documented", schema)
        return handler(documented)


# A response field: its value parsed as documented when it fits, kept as sent otherwise.
Tolerant = _TolerantMarker(top=False)
# A response body that is not an object (a list, a map): its shape required, its items tolerant.
TolerantContent = _TolerantMarker(top=True)
