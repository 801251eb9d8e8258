"""Facts of the OpenAPI format that every stage shares, written once.

The transcriber writes them, the spec stage merges by them, the IR reads them, and the tests
and benchmarks check against the same values.
"""

from __future__ import annotations

__all__ = ["OPERATION_METHODS", "SCHEMA_REF", "schema_name"]

# The operations a Path Item may hold, in the order OpenAPI lists them (and specs print them).
OPERATION_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Where named schemas live: a `$ref` to a schema is this prefix and the schema's name.
SCHEMA_REF = "#/components/schemas/"


def schema_name(ref: str) -> str | None:
    """The name a `$ref` to a named schema points at; None for any other reference."""
    return ref[len(SCHEMA_REF) :] if ref.startswith(SCHEMA_REF) else None
