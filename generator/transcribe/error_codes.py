"""A service's error-code page (an appendix, not an operation) read into the error codes it lists.

The page is one table with an `Error Code` column beside a message or description; the other
columns (status code, description, handling measure) are kept where the page has them. The codes
become the spec's `x-huawei-error-codes` extension, so that a client can tell its user what the
documentation says an `error_code` in a response means.
"""

from __future__ import annotations

import re
from typing import Any

from generator.diagnostics import Findings, Location
from generator.transcribe.page import Page, Row, Table

# Column titles by the field they give; the first title a table has wins.
_COLUMNS: dict[str, tuple[str, ...]] = {  # the fields of ERROR_CODES_EXTENSION's entries
    "code": ("error code", "error codes"),
    "status": ("status code", "http status code"),
    "message": ("message", "error message", "error information", "error info"),
    "description": ("description", "error description"),
    "measure": ("handling measure", "measure", "solution", "handling method", "suggestion"),
}
_CODE = re.compile(r"^[A-Za-z][\w.-]*\d[\w.-]*$")


def _column(table: Table, field: str) -> int | None:
    header = [title.casefold() for title in table.header]
    for title in _COLUMNS[field]:
        if title in header:
            return header.index(title)
    return None


def is_error_code_table(table: Table) -> bool:
    """A table of error codes: an `Error Code` column and a message or description column."""
    return _column(table, "code") is not None and (
        _column(table, "message") is not None or _column(table, "description") is not None
    )


def read_error_codes(page: Page, findings: Findings) -> dict[str, list[dict[str, Any]]]:
    """The error codes a page lists, each with its entries; empty if the page has no
    error-code table.

    One code may stand for several situations (`VPC.9904`: a VPC, a security group... does not
    exist): each different row is one entry, in page order. A row whose code cell is not a code
    (`HSS.0001`, `VPC.0002`, `APIGW.0101`) is reported and skipped.
    """
    codes: dict[str, list[dict[str, Any]]] = {}
    for table in page.tables:
        if not is_error_code_table(table):
            continue
        for row in table.rows:
            entry = _entry(table, row)
            code = entry.pop("code", "")
            where = Location(table=table.number, row=row.number, section=table.caption)
            if not _CODE.match(code):
                findings.warn(
                    page.source, where, f"'{code}' is not an error code; row skipped", "error-code"
                )
            elif entry not in codes.setdefault(code, []):
                codes[code].append(entry)
    return codes


def _entry(table: Table, row: Row) -> dict[str, Any]:
    entry: dict[str, Any] = {}
    for field in _COLUMNS:
        index = _column(table, field)
        if index is None or index >= len(row.cells):
            continue
        text = row.cells[index].text.strip()
        if field == "status":
            if text.isdigit():
                entry[field] = int(text)
        elif text and text not in ("-", "N/A", "None"):
            entry[field] = text
    return entry
