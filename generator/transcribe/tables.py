"""What each table on a page documents, read from its caption, section and columns."""

from __future__ import annotations

import re

from generator.transcribe.page import Table

PATH, QUERY, HEADER, BODY, RESPONSE, RESPONSE_HEADER = (
    "path",
    "query",
    "header",
    "body",
    "response",
    "response-header",
)
STATUS, ERRORS, URI, OBJECT, VALUES = "status", "errors", "uri", "object", "values"

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_OBJECT_CAPTION = re.compile(
    r"^(\S+)\s+(?:parameters?\s+description|field\s+description|parameters?|object)$", re.IGNORECASE
)
_TABLE_REFERENCE = re.compile(r"\bTable\s+(\d{1,6})\b")
_GENERIC_CAPTIONS = frozenset(
    {"parameter description", "parameters", "request parameters", "response parameters"}
)
# Older pages: "Request parameter", "Response parameters", "Request body parameter".
_SIDE_CAPTION = re.compile(r"^(request|response)\s+(?:body\s+)?parameters?$", re.IGNORECASE)
_NAME_HEADERS = frozenset({"parameter", "parameter name", "name"})


def has_type_column(table: Table) -> bool:
    return any(h.casefold() in ("type", "parameter type") for h in table.header)


def table_kind(table: Table) -> str:
    """What a table documents, from its caption (and, for generic captions, its section)."""
    caption = table.caption.casefold()
    section = table.section.casefold()
    if "status code" in caption or section.startswith("status code"):
        return STATUS
    if "error code" in caption or section.startswith("error code"):
        return ERRORS
    if section.startswith("returned value") or _header(table, "returned value"):
        return STATUS
    if not has_type_column(table):
        if section == "uri" and _is_parameter_table(table):
            # Older pages' path tables: parameters without a Type column (text, in a path).
            return URI
        # A table of values (security policies, say), not of parameters.
        return VALUES
    if "path parameter" in caption:
        return PATH
    if "query parameter" in caption:
        return QUERY
    if "header parameter" in caption:
        return RESPONSE_HEADER if "response" in caption else HEADER
    if (side := _SIDE_CAPTION.match(caption)) and not section.startswith("example"):
        # (Under an example, such a table describes what the example does, not this API.)
        # The section is surer than a generic caption: a "Request parameter" table under
        # "Response Parameters" is the response's.
        for word in ("request", "response"):
            if section.startswith(word):
                return BODY if word == "request" else RESPONSE
        return BODY if side.group(1) == "request" else RESPONSE
    if caption in _GENERIC_CAPTIONS:
        # Older pages caption every table "Parameter description": the section says which.
        if section.startswith("request"):
            return BODY
        if section.startswith("response"):
            return RESPONSE
        if section == "uri":
            return URI
    return OBJECT


def _header(table: Table, title: str) -> bool:
    return any(h.casefold() == title for h in table.header)


def _is_parameter_table(table: Table) -> bool:
    """A parameter name column beside a Mandatory or Description column."""
    headers = {h.casefold() for h in table.header}
    return bool(headers & _NAME_HEADERS) and bool(
        headers & {"mandatory", "required", "description"}
    )


def object_name(table: Table) -> str | None:
    """The name an object table is referred to by: its caption, or `X` of `X parameter description`."""
    caption = table.caption.strip()
    if _IDENTIFIER.match(caption):
        return caption
    match = _OBJECT_CAPTION.match(caption)
    return match.group(1) if match else None


def referenced_tables(text: str) -> list[int]:
    """Table numbers a description points to ("For details, see Table 5")."""
    return [int(n) for n in _TABLE_REFERENCE.findall(text)]
