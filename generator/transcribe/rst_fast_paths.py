"""ASCII fast paths for docutils' grid-table parsing, patched in for one parse and restored.

docutils asks `unicodedata` about every character of every grid-table line, to handle combining
and East Asian wide characters: on the pages these clouds publish (wide tables, mostly ASCII)
that is most of a page's reading time. For an ASCII line the answer is known, so each function
here gives it at once and otherwise defers to docutils' own (tests/unit/test_rst_reader.py
checks that the answers agree).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import docutils.parsers.rst.states
import docutils.parsers.rst.tableparser
import docutils.utils
from docutils.statemachine import StringList

# The modules' stubs omit the names they import from `docutils.utils`.
_STATES: Any = docutils.parsers.rst.states
_TABLE_PARSER: Any = docutils.parsers.rst.tableparser

COLUMN_INDICES = docutils.utils.column_indices
STRIP_COMBINING_CHARS = docutils.utils.strip_combining_chars
PAD_DOUBLE_WIDTH = StringList.pad_double_width


def column_indices(text: str) -> list[int]:
    """`docutils.utils.column_indices`: no ASCII character combines."""
    return list(range(len(text))) if text.isascii() else COLUMN_INDICES(text)


def strip_combining_chars(text: str) -> str:
    """`docutils.utils.strip_combining_chars`: ASCII as it is."""
    return text if text.isascii() else STRIP_COMBINING_CHARS(text)


def pad_double_width(self: StringList, pad_char: str) -> None:
    """`StringList.pad_double_width`: nothing to pad in ASCII lines (none is East Asian wide)."""
    if not all(line.isascii() for line in self.data if isinstance(line, str)):
        PAD_DOUBLE_WIDTH(self, pad_char)


# Where docutils looks each function up: its own module, and the modules that import it by name.
_PATCHES: tuple[tuple[Any, str, Any, Any], ...] = (
    (docutils.utils, "column_indices", column_indices, COLUMN_INDICES),
    (_STATES, "strip_combining_chars", strip_combining_chars, STRIP_COMBINING_CHARS),
    (_TABLE_PARSER, "strip_combining_chars", strip_combining_chars, STRIP_COMBINING_CHARS),
    (StringList, "pad_double_width", pad_double_width, PAD_DOUBLE_WIDTH),
)


@contextmanager
def ascii_fast_paths() -> Iterator[None]:
    """docutils with the fast paths, for the duration of one parse."""
    for owner, name, fast, _ in _PATCHES:
        setattr(owner, name, fast)
    try:
        yield
    finally:
        for owner, name, _, original in _PATCHES:
            setattr(owner, name, original)
