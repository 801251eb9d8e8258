"""Opens a page file, rejects what is not a page, and picks the text, HTML or reStructuredText
reader."""

from __future__ import annotations

import re
from pathlib import Path

from generator.diagnostics import Location, error
from generator.transcribe.page import Page
from generator.transcribe.read_html import read_html
from generator.transcribe.read_rst import read_rst
from generator.transcribe.read_text import read_text

_HTML_START = re.compile(r"^\s*(<!doctype|<html|<head|<body|<a\s|<h1|<div|<table|<p[\s>])", re.I)
# reStructuredText markup a copied-text page never has: a directive, a label or a role.
_RST_MARKUP = re.compile(
    r"^(\.\. [A-Za-z][\w:.+-]*::|\.\. _[^:\n]+:\s*$|:original_name:)|:ref:`", re.MULTILINE
)
_FORMATS = {".html": "html", ".htm": "html", ".rst": "rst", ".rest": "rst", ".txt": "text"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def read_page(path: Path, source: str | None = None) -> Page:
    """Read one page; `source` is the name findings use (defaults to the path as given)."""
    name = source or str(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise error(name, Location(section="page"), f"cannot read: {err.strerror}") from err
    suffix = path.suffix.lower()
    page_format = _FORMATS.get(suffix)
    if suffix and page_format is None and len(suffix) <= 8 and suffix[1:].isalnum():
        # A file named as another format is read only if its content is plainly a page's
        # markup: as copied text, a JSON file or a PDF would become a page without tables.
        page_format = _sniff_markup(data, name, suffix)
    return parse_page(data, name, page_format=page_format)


def _sniff_markup(data: bytes, source: str, suffix: str) -> str:
    text = data[:65536].decode("utf-8", "replace")
    found = sniff_format(text)
    if found == "text":
        raise error(
            source,
            Location(section="page"),
            f"unknown page format '{suffix}': pages are copied text (.txt), HTML (.html) or "
            "reStructuredText (.rst)",
        )
    return found


def parse_page(data: bytes, source: str, *, page_format: str | None = None) -> Page:
    """Decode and read page bytes; `page_format` ("text", "html", "rst") None means sniff the
    content."""
    where = Location(section="page")
    if not data.strip():
        raise error(source, where, "the file is empty")
    if b"\x00" in data:
        raise error(
            source, where, "binary data (NUL bytes), not a page (text, HTML or reStructuredText)"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise error(source, where, f"not UTF-8 text (invalid byte at offset {err.start})") from err
    if len(_CONTROL.findall(text)) > max(8, len(text) // 100):
        raise error(
            source,
            where,
            "binary data (control characters), not a page (text, HTML or reStructuredText)",
        )
    text = _CONTROL.sub(" ", text)
    if page_format is None:
        page_format = sniff_format(text)
    if page_format == "html":
        return read_html(text, source)
    if page_format == "rst":
        return read_rst(text, source)
    return read_text(text, source)


def sniff_format(text: str) -> str:
    """The format of a page whose file name does not say: HTML, reStructuredText or text."""
    if _HTML_START.match(text):
        return "html"
    if _RST_MARKUP.search(text):
        return "rst"
    return "text"
