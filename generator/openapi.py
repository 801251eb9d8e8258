"""Facts of the OpenAPI format that every stage shares, written once.

The transcriber writes them, the spec stage merges by them, the IR reads them, and the tests
and benchmarks check against the same values.

References (`$ref`) are owned here: the prefix of a reference to a named schema
(`SCHEMA_REF`), the name a reference gives (`ref_name`, `schema_name`), following references
to the schema they stand for (`resolve`, `resolve_named`) and renaming them (`rename_refs`).
Following stops after `MAX_REF_CHAIN` steps: a spec's reference chains are checked for cycles
before anything follows them (`generator.spec.refs`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "ERROR_CODES_EXTENSION",
    "MAX_REF_CHAIN",
    "OPERATION_METHODS",
    "SCHEMA_REF",
    "ref_name",
    "rename_refs",
    "resolve",
    "resolve_named",
    "schema_name",
]

# The operations a Path Item may hold, in the order OpenAPI lists them (and specs print them).
OPERATION_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Where named schemas live: a `$ref` to a schema is this prefix and the schema's name.
SCHEMA_REF = "#/components/schemas/"
# The document's extension for the service's documented error codes: code → list of entries
# (`status`, `message`, `description`, `measure`), read from the service's error-code page.
ERROR_CODES_EXTENSION = "x-huawei-error-codes"
# The most `$ref`s followed in a row (far more than any spec chains).
MAX_REF_CHAIN = 64


def ref_name(ref: object, section: str = "schemas") -> str | None:
    """The component name `ref` points at (`#/components/<section>/<name>`), else None."""
    prefix = SCHEMA_REF if section == "schemas" else f"#/components/{section}/"
    if isinstance(ref, str) and ref.startswith(prefix):
        return ref[len(prefix) :]
    return None


def schema_name(schema: object) -> str | None:
    """The name of the schema that `schema` refers to by `$ref`, if it is such a reference."""
    return ref_name(schema.get("$ref")) if isinstance(schema, dict) else None


def resolve_named(schema: Any, schemas: Mapping[str, Any]) -> tuple[str | None, Any]:
    """Follow `schema`'s `$ref`s to named schemas: the last name reached (None if `schema` is
    not a reference) and the schema it stands for.

    A reference to a name `schemas` does not hold stands for `{}`; a reference elsewhere (not
    to `components/schemas`) is not followed.
    """
    name = None
    for _ in range(MAX_REF_CHAIN):
        target = schema_name(schema)
        if target is None:
            break
        name = target
        schema = schemas.get(name, {})
    return name, schema


def resolve(schema: Any, schemas: Mapping[str, Any]) -> Any:
    """The schema that `schema` stands for, its `$ref`s followed (see `resolve_named`)."""
    return resolve_named(schema, schemas)[1]


def rename_refs(value: Any, names: Mapping[str, str]) -> Any:
    """A deep copy of `value` with each reference to a schema in `names` pointing at its new
    name (`names`: old → new); other references are kept."""
    if isinstance(value, dict):
        renamed: dict[str, Any] = {}
        for key, item in value.items():
            name = ref_name(item) if key == "$ref" else None
            if name is not None:
                renamed[key] = SCHEMA_REF + names.get(name, name)
            else:
                renamed[key] = rename_refs(item, names)
        return renamed
    if isinstance(value, list):
        return [rename_refs(item, names) for item in value]
    return value
