"""Our OpenAPI document flattened like the SDK (`sdk_reference.py`), in the shape of `flat.py`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tests.accuracy.flat import join_path, merge_kinds


@dataclass(frozen=True)
class OurOperation:
    """One operation of our OpenAPI document, flattened like `SdkOperation`."""

    operation_id: str | None
    method: str
    path: str
    path_params: frozenset[str]
    query_params: frozenset[str]
    header_params: frozenset[str]
    required_params: frozenset[str]
    has_body: bool
    body_required: bool
    param_kinds: dict[str, str] = field(hash=False)
    request_fields: dict[str, str] = field(hash=False)
    request_required: dict[str, bool] = field(hash=False)
    """Every request field path -> whether its parent schema lists it in `required`. Array
    items and map values are not properties, so they are never required."""
    response_fields: dict[str, str] = field(default_factory=dict, hash=False)
    response_required: dict[str, bool] = field(default_factory=dict, hash=False)
    response_headers: frozenset[str] = frozenset()


# ---------------------------------------------------------------------------------------------
# Our side: the OpenAPI 3.1 document
# ---------------------------------------------------------------------------------------------


def _pointer(spec: Mapping[str, Any], ref: str) -> Any:
    """The target of a local `$ref` (`#/components/schemas/X`)."""
    if not ref.startswith("#/"):
        raise ValueError(f"only local $refs are supported, not {ref!r}")
    node: Any = spec
    for token in ref[2:].split("/"):
        token = token.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, Mapping) or token not in node:
            raise KeyError(f"$ref {ref!r} does not resolve")
        node = node[token]
    return node


def _deref(spec: Mapping[str, Any], node: Any) -> tuple[Any, frozenset[str]]:
    """Follow `$ref`s to a non-reference node; also the refs followed (for cycle detection)."""
    seen: list[str] = []
    while isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if ref in seen:
            raise ValueError(f"$ref cycle without a schema: {' -> '.join([*seen, ref])}")
        seen.append(ref)
        node = _pointer(spec, ref)
    return node, frozenset(seen)


_SCHEMA_KINDS = {
    "string": "string",
    "integer": "integer",
    "number": "number",
    "boolean": "boolean",
    "array": "array",
    "object": "object",
}


def schema_kind(
    spec: Mapping[str, Any], schema: Any, _on_path: frozenset[str] = frozenset()
) -> str:
    """The kind of a schema (references resolved).

    `type` may be a list with `null` (3.1 nullable), which is ignored. An object without
    properties whose `additionalProperties` is a schema is a `map`. Without `type`, `allOf`
    options intersect (an untyped option adds nothing) and `oneOf`/`anyOf` options unite; then
    `properties`, `items`, `additionalProperties` and `enum` values tell the kind.
    """
    schema, refs = _deref(spec, schema)
    if not isinstance(schema, Mapping):
        return "any"
    on_path = _on_path | refs
    declared = schema.get("type")
    types = [declared] if isinstance(declared, str) else list(declared or [])
    types = [t for t in types if t != "null"]
    if types:
        kinds = [_SCHEMA_KINDS.get(t, "any") for t in types]
        if kinds == ["object"] and _is_map(schema):
            return "map"
        return merge_kinds(kinds)
    for combinator in ("allOf", "oneOf", "anyOf"):
        options = schema.get(combinator)
        if isinstance(options, list) and options:
            kinds = [
                schema_kind(spec, option, on_path)
                for option in options
                if not (_deref(spec, option)[1] & on_path) and not _is_null(option)
            ]
            if combinator == "allOf":
                kinds = [kind for kind in kinds if kind != "any"]
            if kinds:
                return merge_kinds(kinds)
    if "properties" in schema:
        return "object"
    if "items" in schema:
        return "array"
    if _is_map(schema):
        return "map"
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        return merge_kinds(_value_kind(value) for value in schema["enum"] if value is not None)
    return "any"


def _is_null(schema: Any) -> bool:
    """`{type: null}`: the option that makes a 3.1 schema nullable, which adds no kind."""
    return isinstance(schema, Mapping) and schema.get("type") == "null"


def _is_map(schema: Mapping[str, Any]) -> bool:
    return isinstance(schema.get("additionalProperties"), Mapping) and not schema.get("properties")


def _value_kind(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "any"


@dataclass
class _OurFlat:
    fields: dict[str, str] = field(default_factory=dict)
    required: dict[str, bool] = field(default_factory=dict)

    def record(self, path: str, kind: str, required: bool) -> None:
        """A path several schemas describe (`oneOf` options) merges their kinds, and is
        required if any of them requires it."""
        if path in self.fields:
            kind = merge_kinds([self.fields[path], kind])
        self.fields[path] = kind
        self.required[path] = self.required.get(path, False) or required


def flatten_schema(spec: Mapping[str, Any], schema: Any, prefix: str = "") -> _OurFlat:
    """Flatten a schema of our document into field paths under `prefix` (root not recorded).

    A schema reached through a `$ref` that is already being expanded higher up the same path is
    recorded but not expanded again, so recursive schemas end.
    """
    flat = _OurFlat()
    resolved, refs = _deref(spec, schema)
    _expand(spec, resolved, prefix, flat, refs, frozenset())
    return flat


def _visit(
    spec: Mapping[str, Any],
    schema: Any,
    path: str,
    flat: _OurFlat,
    on_path: frozenset[str],
    required: bool,
) -> None:
    resolved, refs = _deref(spec, schema)
    flat.record(path, schema_kind(spec, resolved, on_path), required)
    if refs & on_path:
        return
    _expand(spec, resolved, path, flat, on_path | refs, frozenset())


def _expand(
    spec: Mapping[str, Any],
    schema: Any,
    path: str,
    flat: _OurFlat,
    on_path: frozenset[str],
    inherited_required: frozenset[str],
) -> None:
    """Record the children of an already-resolved schema at `path`."""
    if not isinstance(schema, Mapping):
        return
    listed = schema.get("required")
    required = inherited_required | frozenset(listed if isinstance(listed, list) else ())
    properties = schema.get("properties")
    if isinstance(properties, Mapping):
        for name, subschema in properties.items():
            _visit(spec, subschema, join_path(path, name), flat, on_path, name in required)
    if isinstance(schema.get("items"), Mapping):
        _visit(spec, schema["items"], path + "[]", flat, on_path, False)
    if isinstance(schema.get("additionalProperties"), Mapping):
        _visit(spec, schema["additionalProperties"], path + "{}", flat, on_path, False)
    for combinator in ("allOf", "oneOf", "anyOf"):
        options = schema.get(combinator)
        if not isinstance(options, list):
            continue
        for option in options:
            resolved, refs = _deref(spec, option)
            if refs & on_path:
                continue
            # The outer `required` applies to properties an option declares (JSON Schema).
            _expand(spec, resolved, path, flat, on_path | refs, required)


def _json_schema(spec: Mapping[str, Any], holder: Any) -> Any | None:
    """The schema of the JSON media type of a request body or response, if any."""
    holder, _ = _deref(spec, holder)
    if not isinstance(holder, Mapping) or not isinstance(holder.get("content"), Mapping):
        return None
    for media_type, media in holder["content"].items():
        base = str(media_type).split(";", 1)[0].strip().lower()
        if (base == "application/json" or base.endswith("+json")) and isinstance(media, Mapping):
            return media.get("schema")
    return None


def _first_success(responses: Mapping[str, Any]) -> Any | None:
    codes = sorted(str(code) for code in responses if re.fullmatch(r"2(\d\d|XX)", str(code)))
    return responses[codes[0]] if codes else None


def flatten_openapi_operation(spec: Mapping[str, Any], path: str, method: str) -> OurOperation:
    """One operation of our document, flattened like `SdkOperation` (parameters of the path
    item and the operation merged, the operation's winning)."""
    path_item, _ = _deref(spec, spec["paths"][path])
    operation = path_item[method.lower()]

    parameters: dict[tuple[str, str], Mapping[str, Any]] = {}
    for raw in [*path_item.get("parameters", []), *operation.get("parameters", [])]:
        parameter, _ = _deref(spec, raw)
        parameters[(parameter["name"], parameter["in"])] = parameter
    by_location: dict[str, set[str]] = {"path": set(), "query": set(), "header": set()}
    required_params: set[str] = set()
    param_kinds: dict[str, str] = {}
    for (name, location), parameter in parameters.items():
        by_location.setdefault(location, set()).add(name)
        if parameter.get("required") or location == "path":
            required_params.add(name)
        if "schema" in parameter:
            param_kinds[name] = schema_kind(spec, parameter["schema"])

    body_holder, _ = _deref(spec, operation.get("requestBody"))
    has_body = isinstance(body_holder, Mapping)
    request = _OurFlat()
    request_schema = _json_schema(spec, body_holder) if has_body else None
    if request_schema is not None:
        request = flatten_schema(spec, request_schema)

    response = _OurFlat()
    response_headers: frozenset[str] = frozenset()
    success, _ = _deref(spec, _first_success(operation.get("responses", {})))
    if isinstance(success, Mapping):
        response_headers = frozenset(success.get("headers", {}))
        response_schema = _json_schema(spec, success)
        if response_schema is not None:
            response = flatten_schema(spec, response_schema)

    return OurOperation(
        operation_id=operation.get("operationId"),
        method=method.upper(),
        path=path,
        path_params=frozenset(by_location["path"]),
        query_params=frozenset(by_location["query"]),
        header_params=frozenset(by_location["header"]),
        required_params=frozenset(required_params),
        has_body=has_body,
        body_required=bool(has_body and body_holder.get("required")),
        param_kinds=param_kinds,
        request_fields=request.fields,
        request_required=request.required,
        response_fields=response.fields,
        response_required=response.required,
        response_headers=response_headers,
    )


@dataclass(frozen=True)
class OurResponse:
    """One response of our document, flattened: body field paths -> kind, and header names."""

    fields: dict[str, str]
    headers: frozenset[str]


def flatten_openapi_responses(
    spec: Mapping[str, Any], path: str, method: str
) -> dict[str, OurResponse]:
    """Every response of an operation by status code (`200`, `4XX`, `default`), flattened like
    the body of `flatten_openapi_operation`; a response without a JSON body has no fields."""
    path_item, _ = _deref(spec, spec["paths"][path])
    operation = path_item[method.lower()]
    responses: dict[str, OurResponse] = {}
    for code, raw in operation.get("responses", {}).items():
        response, _ = _deref(spec, raw)
        if not isinstance(response, Mapping):
            continue
        schema = _json_schema(spec, response)
        fields = flatten_schema(spec, schema).fields if schema is not None else {}
        responses[str(code)] = OurResponse(fields, frozenset(response.get("headers", {})))
    return responses
