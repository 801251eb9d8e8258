"""Reads a page given as copied text, where every table cell stands on its own line.

Copied text loses the table grid, so rows are found again by the shape of their first cells:
a parameter name, then `Yes`/`No`, then a type. Only the last column (Description) spans
several lines. A row whose cells do not fit the header is an error, never a guess.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from generator.diagnostics import Location, error
from generator.transcribe.assemble import PageAssembler
from generator.transcribe.page import Page
from generator.transcribe.types import is_type
from generator.transcribe.vocabulary import (
    CAPTION,
    DESCRIPTION_LABELS,
    is_header_word,
    is_section_heading,
    normalise,
    status_of,
)

_IDENTIFIER = re.compile(r"^[A-Za-z_$@][\w.\-\[\]$@:]*$")
_ERROR_CODE = re.compile(r"^[\w.\-]+$")
_YES_NO = re.compile(r"^(yes|no|true|false)$", re.IGNORECASE)
_STATUS = re.compile(r"^\d{3}$")
_UPDATED = re.compile(r"^updated on\b", re.IGNORECASE)

Validator = Callable[[str], bool]


def _is_parameter_name(line: str) -> bool:
    return bool(_IDENTIFIER.match(line)) and line.casefold() not in DESCRIPTION_LABELS


def _is_loose_type(line: str) -> bool:
    """Any short, sentence-free cell: after a Yes/No cell this can only be the Type column."""
    return len(line) <= 80 and not line.endswith(".") and len(line.split()) <= 6


def _any(line: str) -> bool:
    return bool(line)


class _Lines:
    """The page's non-empty lines, normalised, with the raw text kept for examples."""

    def __init__(self, text: str) -> None:
        raw = [line.rstrip() for line in text.splitlines()]
        self.raw = [line for line in raw if line.strip()]
        self.text = [normalise(line) for line in self.raw]

    def __len__(self) -> int:
        return len(self.text)

    def __getitem__(self, index: int) -> str:
        return self.text[index] if 0 <= index < len(self.text) else ""


class TextReader:
    """Turns copied page text into the page model."""

    def __init__(self, text: str, source: str) -> None:
        self.lines = _Lines(text)
        self.source = source
        self.page = PageAssembler(source)

    def read(self) -> Page:
        lines = self.lines
        position = 0
        while position < len(lines) and _UPDATED.match(lines[position]):
            position += 1
        if position < len(lines) and not is_section_heading(lines[position]):
            self.page.set_title(lines[position])
            position += 1
        while position < len(lines):
            position = self._read_block(position)
        return self.page.build()

    def _read_block(self, position: int) -> int:
        line = self.lines[position]
        caption = CAPTION.match(line)
        if caption and is_header_word(self.lines[position + 1]):
            return self._read_table(position + 1, int(caption.group(1)), caption.group(2))
        if is_header_word(line) and is_header_word(self.lines[position + 1]):
            return self._read_table(position, None, "")
        if is_section_heading(line):
            self.page.heading(line)
            return position + 1
        if line[:1] in "{[":
            return self._read_json(position)
        self.page.paragraph(line)
        return position + 1

    def _read_json(self, start: int) -> int:
        """An example body: lines from `{` until the text parses as JSON or a heading comes."""
        limit = start + 1
        while limit < len(self.lines) and not self._ends_block(limit):
            limit += 1
        end = start + _json_lines(self.lines.raw[start:limit])
        self.page.preformatted("\n".join(self.lines.raw[start:end]))
        return end

    def _ends_block(self, position: int) -> bool:
        """True where a table or a JSON block must stop: a caption, a heading, a status line."""
        line = self.lines[position]
        caption = CAPTION.match(line)
        if caption and is_header_word(self.lines[position + 1]):
            return True
        if is_section_heading(line) and line.casefold() not in DESCRIPTION_LABELS:
            return True
        return status_of(line) is not None

    def _read_table(self, position: int, number: int | None, caption: str) -> int:
        header: list[str] = []
        while is_header_word(self.lines[position]) and self.lines[position] not in header:
            header.append(self.lines[position])
            position += 1
        end = position
        while end < len(self.lines) and not self._ends_block(end):
            end += 1
        rows = _RowSplitter(self, header, number).split(position, end)
        self.page.table(number, caption, header, rows)
        return end


class _RowSplitter:
    """Cuts the lines of one table into rows by the shape of each column's cell."""

    def __init__(self, reader: TextReader, header: list[str], number: int | None) -> None:
        self.lines = reader.lines
        self.source = reader.source
        self.header = header
        self.number = number
        kinds = [h.casefold() for h in header]
        self.mandatory_column = next(
            (i for i, k in enumerate(kinds) if k in ("mandatory", "required")), None
        )
        self.validators = [self._validator(kind) for kind in kinds[:-1]]

    def _validator(self, kind: str) -> Validator:
        if kind in ("parameter", "parameter name", "name"):
            return _is_parameter_name
        if kind in ("mandatory", "required"):
            return lambda line: bool(_YES_NO.match(line))
        if kind in ("type", "parameter type"):
            # After a Yes/No cell a loose test is safe; without that anchor only real types count.
            return _is_loose_type if self.mandatory_column is not None else is_type
        if kind == "status code":
            return lambda line: bool(_STATUS.match(line))
        if kind == "error code":
            return lambda line: bool(_ERROR_CODE.match(line))
        return _any

    def starts_row(self, position: int, end: int) -> bool:
        width = len(self.validators)
        if position + width > end:
            return False
        return all(check(self.lines[position + k]) for k, check in enumerate(self.validators))

    def split(self, start: int, end: int) -> list[list[list[str]]]:
        rows: list[list[list[str]]] = []
        position = start
        if start < end and not self.starts_row(start, end):
            raise error(
                self.source,
                Location(table=self.number, row=1, section=None if self.number else "table"),
                f"the cells {self._quote(start)} do not fit the header ({', '.join(self.header)})",
            )
        width = len(self.validators)
        if width == 0:
            # A one-column table: nothing marks where a multi-line cell ends, so a line is a row.
            return [[[self.lines[p]]] for p in range(start, end)]
        while position < end:
            cells = [[self.lines[position + k]] for k in range(width)]
            position += width
            description: list[str] = []
            while position < end and not self.starts_row(position, end):
                self._check_missing_cell(position, len(rows) + 2)
                description.append(self.lines[position])
                position += 1
            rows.append([*cells, description])
        return rows

    def _check_missing_cell(self, position: int, row: int) -> None:
        """A name followed directly by a type where Yes/No belongs is a row short of a cell."""
        column = self.mandatory_column
        if column is None or column == 0:
            return
        if _is_parameter_name(self.lines[position]) and is_type(self.lines[position + 1]):
            following = self.lines[position + 1]
            if not _YES_NO.match(following) and following.casefold() not in DESCRIPTION_LABELS:
                raise error(
                    self.source,
                    Location(table=self.number, row=row),
                    f"row '{self.lines[position]}' has {len(self.header) - 1} cells but the "
                    f"header has {len(self.header)} ({', '.join(self.header)}): "
                    f"no '{self.header[column]}' cell",
                )

    def _quote(self, position: int) -> str:
        cells = [self.lines[position + k] for k in range(len(self.header))]
        return ", ".join(repr(c[:40]) for c in cells if c)


def _json_lines(lines: list[str]) -> int:
    """How many of `lines` the JSON value they start with takes (all of them if it is not JSON).

    One parse of the whole block, not one per line: retrying every prefix was quadratic.
    A value starting with `{` or `[` is no prefix of a longer one, so the first whole-line
    prefix that parses ends where the value ends, if nothing but blanks follows it there.
    """
    text = "\n".join(lines)
    try:
        _, end = json.JSONDecoder().raw_decode(text, len(text) - len(text.lstrip()))
    except (ValueError, RecursionError):
        # Not JSON, or nested beyond what the parser takes: the block is example text.
        return len(lines)
    line_end = text.find("\n", end)
    if text[end : len(text) if line_end < 0 else line_end].strip():
        return len(lines)
    return len(lines) if line_end < 0 else text.count("\n", 0, line_end) + 1


def read_text(text: str, source: str) -> Page:
    """Read copied page text into the page model."""
    return TextReader(text, source).read()
