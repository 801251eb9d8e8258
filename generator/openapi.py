"""Facts of the OpenAPI format that every stage shares, written once.

The transcriber writes them, the spec stage merges by them, the IR reads them, and the tests
and benchmarks check against the same values.
"""

from __future__ import annotations

__all__ = ["ERROR_CODES_EXTENSION", "OPERATION_METHODS", "SCHEMA_REF"]

# The operations a Path Item may hold, in the order OpenAPI lists them (and specs print them).
OPERATION_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Where named schemas live: a `$ref` to a schema is this prefix and the schema's name.
SCHEMA_REF = "#/components/schemas/"
# The document's extension for the service's documented error codes: code → list of entries
# (`status`, `message`, `description`, `measure`), read from the service's error-code page.
ERROR_CODES_EXTENSION = "x-huawei-error-codes"
