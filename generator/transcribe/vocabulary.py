"""The words the documentation system uses for headings, table headers and description labels.

Both readers and the transcription rules share these, so a new wording is added in one place.
"""

from __future__ import annotations

import re

from generator.openapi import OPERATION_METHODS

# Top-level section headings of reference pages, new (`Request Parameters`) and older (`Request`).
SECTION_HEADINGS = frozenset(
    h.casefold()
    for h in (
        "Function",
        "Constraints",
        "Authorization Information",
        "URI",
        "Request",
        "Request Parameters",
        "Request Message",
        "Response",
        "Response Parameters",
        "Response Message",
        "Example Request",
        "Example Requests",
        "Example Response",
        "Example Responses",
        "Status Code",
        "Status Codes",
        "Error Code",
        "Error Codes",
        "Debugging",
        "Precautions",
        "Returned Value",
        "Returned Values",
    )
)

# Headings that can also stand inside a description cell; they never end a table.
DESCRIPTION_LABELS = frozenset(
    h.casefold()
    for h in ("Definition", "Constraints", "Range", "Value Range", "Default Value", "Default")
)

# Column titles a table header is made of.
HEADER_WORDS = frozenset(
    h.casefold()
    for h in (
        "Parameter",
        "Parameter Name",
        "Name",
        "Mandatory",
        "Required",
        "Type",
        "Parameter Type",
        "Description",
        "Status Code",
        "Error Code",
        "Error Message",
        "Message",
        "Value",
    )
)

HTTP_METHODS = tuple(method.upper() for method in OPERATION_METHODS)

STATUS_HEADING = re.compile(r"^status\s+code\s*:?\s*(\d{3})\b", re.IGNORECASE)
# A table number has a handful of digits: "Table 99…9" (thousands of digits) is text, not a caption.
CAPTION = re.compile(r"^Table\s+(\d{1,6})(?!\d)\s*(.*)$", re.IGNORECASE | re.DOTALL)
REQUEST_LINE = re.compile(r"^(" + "|".join(HTTP_METHODS) + r")(?:\s+(\S+))?\s*$")


def status_of(text: str) -> str | None:
    """The status code of a `Status code: 200` sub-heading, or None for any other text."""
    match = STATUS_HEADING.match(text.strip())
    return match.group(1) if match else None


def is_section_heading(text: str) -> bool:
    return text.strip().casefold() in SECTION_HEADINGS


def is_header_word(text: str) -> bool:
    """Column titles are capitalised on every page; `name` in lower case is a parameter."""
    text = text.strip()
    return text[:1].isupper() and text.casefold() in HEADER_WORDS


def normalise(text: str) -> str:
    """Collapse runs of whitespace (including non-breaking spaces) to one space."""
    return " ".join(text.split())
