"""openapi-spec-validator's OAS 3.1 checks, with each Schema Object's dialect check on Rust.

openapi-spec-validator checks every Schema Object of a 3.1 document against the OAS 3.1
dialect meta-schema with the pure-Python `jsonschema` (a new validator per schema): on a
1,000-operation spec that is 5,200 checks and most of the validation time. Here the same
meta-schema, from the very registry the library checks against, is compiled once with
jsonschema-rs and asked first. It only decides; the library explains:

- a schema jsonschema-rs accepts is accepted. It is asked only where its verdict is the
  library's (`_rust_decides`): plain JSON, on which both implement JSON Schema 2020-12, with
  formats asserted by the library's own OAS 3.1 format checker called back from Rust; no
  cycle, and no deeper than the library's recursive check surely goes (past that the
  library may give up, "references nest too deeply to validate", where Rust would not);
- a schema it refuses goes through the library's own check, so the error (message, path)
  is exactly the one it gives; should the library accept it after all, it stands accepted;
- other dialects (`$schema`, `jsonSchemaDialect`) and anything else are the library's own.

Everything else (the document schema, operation ids, parameters, defaults) is the library's,
through its extension point: `validate(document, cls=spec_validator_for(document))`.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable
from typing import Any

import jsonschema_rs
from jsonschema.exceptions import SchemaError
from jsonschema_path.paths import SchemaPath
from openapi_schema_validator import OAS31_BASE_DIALECT_ID, OAS31Validator, oas31_format_checker

# The registry `OAS31Validator.check_schema` resolves the dialect's references against: the
# meta-schemas openapi-schema-validator and jsonschema-specifications ship. It has no public
# name; the pinned version (constraints.txt) and the validation cache's fingerprint hold it.
from openapi_schema_validator._specifications import REGISTRY as _META_SCHEMAS
from openapi_spec_validator.shortcuts import get_validator_cls
from openapi_spec_validator.validation.keywords import (
    KeywordValidator,
    OpenAPIV31SchemaValidator,
)
from openapi_spec_validator.validation.registries import KeywordValidatorRegistry
from openapi_spec_validator.validation.types import SpecValidatorType
from openapi_spec_validator.validation.validators import OpenAPIV31SpecValidator

# The scalar types JSON has (with finite floats). On anything else (a YAML date, a set, a
# tuple, bytes, a non-string key, NaN) jsonschema-rs converts, skips or refuses where jsonschema
# has its own view, so a schema holding one gets the library's check alone.
_SCALARS = (str, int, bool, type(None))
# Containers deep (a schema level is one or two: `items`, `properties/name`). The library's
# check recursed out at about 100 on a shallow stack; real schemas are under 10 deep.
_RUST_DEPTH = 48


def spec_validator_for(document: Any) -> SpecValidatorType:
    """The library's validator class for the document's version, ours for OAS 3.1.

    Raises the library's `ValidatorDetectError` for a document of no known version.
    """
    cls = get_validator_cls(document)
    return FastOpenAPIV31SpecValidator if cls is OpenAPIV31SpecValidator else cls


class _IdList(list[int]):
    """The library's visited-schema id list, answering `in` from a set.

    The library declares these registries as lists and asks `id in registry` once per schema
    visit: quadratic on 5,000 schemas. Same contents and order, constant-time membership.
    """

    def __init__(self) -> None:
        super().__init__()
        self._members: set[int] = set()

    def __contains__(self, item: object) -> bool:
        return item in self._members

    def append(self, item: int) -> None:
        super().append(item)
        self._members.add(item)


class FastOpenAPIV31SchemaValidator(OpenAPIV31SchemaValidator):
    """The library's Schema Object check with the dialect verdict from jsonschema-rs."""

    def __init__(self, registry: KeywordValidatorRegistry) -> None:
        super().__init__(registry)
        self.visited_schema_ids = _IdList()
        self.meta_checked_schema_ids = _IdList()

    def _get_schema_checker(self, schema: SchemaPath, schema_value: Any) -> Callable[[Any], None]:
        # The library's checker first: an unknown dialect raises here exactly as before.
        library_check = super()._get_schema_checker(schema, schema_value)
        if self._get_schema_dialect_id(schema, schema_value) != OAS31_BASE_DIALECT_ID:
            return library_check

        def check(value: Any) -> None:
            if not _rust_accepts(value):
                library_check(value)  # raises the library's own error, if it finds one

        return check


class FastOpenAPIV31SpecValidator(OpenAPIV31SpecValidator):
    """openapi-spec-validator's OAS 3.1 validator with `FastOpenAPIV31SchemaValidator`."""

    keyword_validators: dict[str, type[KeywordValidator]] = {  # noqa: RUF012 - the library's shape
        **OpenAPIV31SpecValidator.keyword_validators,
        "schema": FastOpenAPIV31SchemaValidator,
    }


def schema_problem(schema: Any) -> tuple[str, list[str]] | None:
    """The library's first objection to `schema` as an OAS 3.1 Schema Object (message, path
    within the schema), or None: jsonschema-rs decides, the library explains."""
    if _rust_accepts(schema):
        return None
    try:
        OAS31Validator.check_schema(schema, format_checker=oas31_format_checker)
    except SchemaError as err:
        return err.message, [str(part) for part in err.path]
    return None


@functools.cache
def _dialect_validator() -> Any:
    """The OAS 3.1 dialect meta-schema compiled once, resolving only the library's copies."""
    resources = [(uri, _META_SCHEMAS.contents(uri)) for uri in _META_SCHEMAS]
    meta_schema = OAS31Validator.META_SCHEMA
    return jsonschema_rs.validator_for(
        meta_schema,
        registry=jsonschema_rs.Registry(resources),
        retriever=_refuse_retrieval,
        # `check_schema` asserts formats with the OAS 3.1 checker (only `regex` of the formats
        # the meta-schemas use is in it; `uri` and `uri-reference` pass): ask it, not Rust's.
        validate_formats=True,
        formats={name: _conforms(name) for name in _formats_in(c for _, c in resources)},
    )


def _refuse_retrieval(uri: str) -> Any:
    """Every meta-schema is registered up front: nothing is fetched."""
    raise LookupError(f"{uri} is not among the registered meta-schemas")


def _conforms(name: str) -> Callable[[Any], bool]:
    """The library's OAS 3.1 format check of `name`, as jsonschema-rs calls custom formats."""

    def conforms(value: Any) -> bool:
        return bool(oas31_format_checker.conforms(value, name))

    return conforms


def _formats_in(documents: Iterable[Any]) -> set[str]:
    """Every `format` value the meta-schemas use."""
    found: set[str] = set()
    stack = list(documents)
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("format"), str):
                found.add(node["format"])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def _rust_accepts(value: Any) -> bool:
    """Whether jsonschema-rs may and does accept `value` as an OAS 3.1 Schema Object."""
    return _rust_decides(value) and bool(_dialect_validator().is_valid(value))


def _rust_decides(value: Any) -> bool:
    """Whether jsonschema-rs's verdict on `value` is the library's: JSON only (dicts with string
    keys, lists, strings, finite numbers, booleans, null), no cycle (a YAML alias can make one),
    at most `_RUST_DEPTH` containers deep. A container shared through an alias is read once."""
    done: set[int] = set()
    on_path: set[int] = set()
    stack: list[tuple[Any, bool]] = [(value, False)]
    while stack:
        node, leaving = stack.pop()
        if leaving:
            on_path.discard(id(node))
            done.add(id(node))
            continue
        kind = type(node)
        if kind is dict or kind is list:
            if id(node) in on_path or len(on_path) >= _RUST_DEPTH:
                return False
            if id(node) in done:
                continue
            if kind is dict and not all(type(key) is str for key in node):
                return False
            on_path.add(id(node))
            stack.append((node, True))
            stack.extend((child, False) for child in (node.values() if kind is dict else node))
        elif kind is float:
            if not math.isfinite(node):
                return False
        elif kind not in _SCALARS:
            return False
    return True
