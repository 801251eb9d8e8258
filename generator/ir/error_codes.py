"""The service's documented error codes, read from the spec's extension for the package."""

from __future__ import annotations

from typing import Any

from generator.diagnostics import Location, error, pointer
from generator.ir.types import DocumentedCode, DocumentedError
from generator.openapi import ERROR_CODES_EXTENSION

_TEXT_FIELDS = ("message", "description", "measure")


def documented_codes(document: dict[str, Any], source: str) -> tuple[DocumentedCode, ...]:
    """Each code with its entries, sorted by code; a malformed extension is an error naming
    the place, never silently dropped."""
    codes = document.get(ERROR_CODES_EXTENSION, {})
    if not isinstance(codes, dict):
        raise _bad(source, [ERROR_CODES_EXTENSION], "must map error codes to lists of entries")
    result: list[DocumentedCode] = []
    for code, entries in sorted(codes.items()):
        if not isinstance(entries, list) or not entries:
            raise _bad(source, [ERROR_CODES_EXTENSION, code], "must be a non-empty list")
        documented: list[DocumentedError] = []
        for index, entry in enumerate(entries):
            where = [ERROR_CODES_EXTENSION, code, index]
            if not isinstance(entry, dict) or set(entry) - {"status", *_TEXT_FIELDS}:
                raise _bad(source, where, f"must be a mapping of status, {', '.join(_TEXT_FIELDS)}")
            status = entry.get("status")
            if status is not None and (type(status) is not int or not 100 <= status <= 599):
                raise _bad(source, where, f"status must be an HTTP status code, got {status!r}")
            texts = [entry.get(name) for name in _TEXT_FIELDS]
            if any(text is not None and not isinstance(text, str) for text in texts):
                raise _bad(source, where, "message, description and measure must be text")
            documented.append(DocumentedError(str(code), status, *texts))
        result.append(DocumentedCode(str(code), tuple(documented)))
    return tuple(result)


def _bad(source: str, where: list[object], message: str) -> Exception:
    return error(source, Location(section=pointer(where)), message, "bad-error-codes")
