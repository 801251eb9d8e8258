"""Fuzzed reference pages: the real ELB and HSS pages mutated, and synthetic pages, as strategies.

Scale and seed come from the environment so `make fuzz` (FUZZ_SCALE=full) and the CI pass
(no variable) run the same code: FUZZ_SEED reproduces a run. Every case goes through
`build_spec`, the function the CLI calls, and must end in a spec or in a `GenerationError`
(the CLI's one `error:` line and exit status 2) within PAGE_SECONDS.
"""

from __future__ import annotations

import copy
import html
import os
import re
import signal
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import FrameType
from unittest.mock import patch

import lxml.etree
import lxml.html
import yaml
from hypothesis import strategies as st

from generator.diagnostics import GenerationError
from generator.spec.build import SpecBuild, build_spec
from generator.transcribe.assemble import PREAMBLE
from generator.transcribe.page import Page, Paragraph, Preformatted
from generator.transcribe.read import read_page
from tests.helpers import FIXTURES, ROOT

FULL = os.environ.get("FUZZ_SCALE") == "full"
SEED = int(os.environ.get("FUZZ_SEED", "20261125"))
# A page takes well under a second; the bound leaves room for a loaded machine, not for a
# quadratic loop (those take minutes on the enormous inputs drawn here).
PAGE_SECONDS = 5.0
# Past this a page is hung: the alarm stops it (one page looped until it held 24 GB of memory).
HANG_SECONDS = 30
# An error is one line a person reads: quoting a megabyte of page text is a bug too.
MAX_ERROR_LINE = 600

ELB_PAGES = sorted((ROOT / "spec" / "elb" / "pages").glob("*.html"))
HSS_PAGES = sorted((ROOT / "spec" / "hss" / "pages").glob("*.txt"))
RST_PAGES = sorted((ROOT / "spec" / "hss" / "pages").glob("*.rst"))
ELB_SERVICE = ROOT / "spec" / "elb" / "service.yaml"
HSS_SERVICE = ROOT / "spec" / "hss" / "service.yaml"


@dataclass(frozen=True)
class Seed:
    """A page to mutate: its file name (the operationId hint), text and service file."""

    name: str
    text: str
    service: Path

    @property
    def html(self) -> bool:
        return self.name.endswith(".html")


# -- seeds ---------------------------------------------------------------------------------
def page_as_text(page: Page) -> str:
    """A page model written back as copied text: every cell on its own line.

    Gives the text reader seeds as rich as the HTML pages (only HSS has a real text page).
    """
    lines = [page.title]
    status: str | None = None
    for section in page.sections:
        if section.heading != PREAMBLE:
            lines.append(section.heading)
            status = None
        for block in section.blocks:
            if block.status is not None and block.status != status:
                lines.append(f"Status code: {block.status}")
            status = block.status
            if isinstance(block, Paragraph | Preformatted):
                lines.append(block.text)
                continue
            if block.number is not None:
                lines.append(f"Table {block.number} {block.caption}")
            lines.extend(block.header)
            for row in block.rows:
                for cell in row.cells:
                    lines.extend(cell.lines or ("-",))
    return "\n".join(lines) + "\n"


@cache
def html_seeds() -> tuple[Seed, ...]:
    seeds = [Seed(p.name, p.read_text(encoding="utf-8"), ELB_SERVICE) for p in ELB_PAGES]
    hss = FIXTURES / "hss" / "CreateVpcEndpoint.html"
    seeds.append(Seed(hss.name, hss.read_text(encoding="utf-8"), HSS_SERVICE))
    return tuple(seeds)


@cache
def text_seeds() -> tuple[Seed, ...]:
    seeds = [Seed(p.name, p.read_text(encoding="utf-8"), HSS_SERVICE) for p in HSS_PAGES]
    for path in ELB_PAGES:
        text = page_as_text(read_page(path))
        seeds.append(Seed(path.with_suffix(".txt").name, text, ELB_SERVICE))
    return tuple(seeds)


@cache
def rst_seeds() -> tuple[Seed, ...]:
    return tuple(Seed(p.name, p.read_text(encoding="utf-8"), HSS_SERVICE) for p in RST_PAGES)


# -- payloads: what a mutation writes into a line or a cell --------------------------------
_FRAGMENTS = (
    "",
    "Yes",
    "No",
    "String",
    "Integer",
    "Object",
    "Array",
    "Definition",
    "Range",
    "Default Value",
    "Parameter",
    "Mandatory",
    "Type",
    "Description",
    "URI",
    "Status Code",
    "Status Codes",
    "Status code: 200",
    "Status code: 404",
    "Response Parameters",
    "Example Requests",
    "Example Responses",
    "Table 1 Path Parameters",
    "Table 3 Request body parameters",
    "Table 4 VpcAndSubNet",
    "Table 7 loadbalancer",
    "Table 99999999999999999999 Huge",
    "For details, see Table 4.",
    "For details, see Table 1.",
    "loadbalancer object",
    "Array of loadbalancer objects",
    "VpcAndSubNet object",
    "Map<String,Array<String>>",
    "Integer/Boolean/String",
    "GET /v3/{project_id}/elb/loadbalancers",
    "POST //[x/v3",
    "GET https://[endpoint/v3?x=1",
    "DELETE /v3/{a}/{a}/{",
    "PUT /v3/{project_id}?a=1&b&=c",
    "{",
    "}",
    "[",
    "]",
    '{"a": [1, 2, {"b": null}]}',
    "The value can contain 1 to 256 characters.",
    "The value ranges from 1 to 99999999999999999999999.",
    "Minimum: 1e999",
    "Maximum: -1",
    "Default: nan",
    "Default Value",
    "Infinity",
    "The value can be A, B, or C.",
    "Enumeration values: a, b, a",
    "\x00",
    "\ufeff",
    "\u2028",
    "\x85",
    "\u202e\u0627\u0644",
    "\U0001f600" * 3,
    "<script>alert(1)</script>",
    '"""; import os',
    "{{ 7*7 }}",
    "\\",
)


@cache
def _enormous(size: int) -> tuple[str, ...]:
    # Built once per size: hypothesis caches strategies by their arguments, and a fresh tuple
    # per draw kept every one of them (megabytes each) alive, 3.5 GB over 2,000 pages.
    return (
        "x" * size,
        "word " * (size // 5),
        "1," * (size // 2) + "x",
        "Table " + "9" * size,
        "see Table " + "1" * size,
        "Array<" * (size // 6) + "String" + ">" * (size // 6),
        "Array of " * (size // 9) + "strings",
        "[" * size,
        "{x\n" + "}\n" * (size // 2),
        "a, " * (size // 3) + "b",
        " " * size,
    )


@st.composite
def payloads(draw: st.DrawFn) -> str:
    """Text a mutation writes: page vocabulary, hostile unicode, or something enormous."""
    kind = draw(st.integers(0, 9))
    if kind <= 3:
        return draw(st.sampled_from(_FRAGMENTS))
    if kind <= 5:
        return draw(st.text(st.characters(codec="utf-8"), max_size=40))
    if kind <= 7:
        parts = draw(st.lists(st.sampled_from(_FRAGMENTS), min_size=2, max_size=6))
        return draw(st.sampled_from((" ", "\n", ""))).join(parts)
    size = draw(st.sampled_from((300, 5_000, 60_000, 250_000)))
    return draw(st.sampled_from(_enormous(size)))


# -- copied text ---------------------------------------------------------------------------
def _index(draw: st.DrawFn, length: int) -> int:
    return draw(st.integers(0, max(0, length - 1)))


@st.composite
def text_pages(draw: st.DrawFn) -> tuple[Seed, bytes]:
    """A text seed with lines deleted, duplicated, swapped, replaced or inserted."""
    seed = draw(st.sampled_from(text_seeds()))
    lines = [line for line in seed.text.split("\n") if line.strip()]
    for _ in range(draw(st.integers(1, 5))):
        operation = draw(st.sampled_from(("delete", "duplicate", "swap", "replace", "insert")))
        i, j = _index(draw, len(lines)), _index(draw, len(lines))
        if not lines:
            lines = [draw(payloads())]
        elif operation == "delete":
            del lines[i : i + draw(st.integers(1, 4))]
        elif operation == "duplicate":
            lines[i:i] = lines[i : i + draw(st.integers(1, 8))]
        elif operation == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif operation == "replace":
            lines[i] = draw(payloads())
        else:
            lines.insert(i, draw(payloads()))
    return seed, ("\n".join(lines) + "\n").encode("utf-8")


# -- HTML ----------------------------------------------------------------------------------
# lxml refuses text no XML could hold; the bytes fuzz and the tag soup splice such text in.
_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_KINDS = ("tr", "td", "th", "p", "caption", "table", "pre", "h4", "h1", "tbody", "thead", "b")
_WRAPPERS = ("div", "p", "ul", "li", "table", "td", "span", "blockquote", "section")
_TAG_SOUP = (
    "<table>",
    "<tr>",
    "<td>",
    "<th>",
    "</table>",
    "</tr>",
    "</td>",
    "<p>",
    "</p>",
    "<pre>",
    "<caption>Table 3 x</caption>",
    "<table><caption>Table 3 Request body parameters</caption><tr><th>Parameter</th>",
    '<td rowspan="999999999999">',
    '<td colspan="-5">',
    '<td colspan="1e9">',
    "<!--",
    "<![CDATA[",
    "<script>",
    "<style>",
    "<h1>",
    "<h4>URI</h4>",
    "<br>",
    "&#0;",
    "&#x110000;",
    "&bogus;",
    "<?xml version='1.0'?>",
    "<!DOCTYPE html>",
    "<html><body>",
    "</body></html>",
    "<a name=x",
)


def _swap(first: lxml.html.HtmlElement, second: lxml.html.HtmlElement) -> None:
    if first is second or first in second.iterancestors() or second in first.iterancestors():
        return
    first_copy, second_copy = copy.deepcopy(first), copy.deepcopy(second)
    _parent(first).replace(first, second_copy)
    _parent(second).replace(second, first_copy)


def _parent(element: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    parent = element.getparent()
    assert parent is not None
    return parent


def _wrap(element: lxml.html.HtmlElement, tag: str, depth: int) -> None:
    parent = _parent(element)
    outer = inner = lxml.html.Element(tag)
    for _ in range(depth - 1):
        inner = lxml.etree.SubElement(inner, tag)
    parent.replace(element, outer)
    inner.append(element)


@st.composite
def html_pages(draw: st.DrawFn) -> tuple[Seed, bytes]:
    """An HTML seed with elements deleted, duplicated, swapped, emptied, nested or self-nested,
    then tag soup (unclosed tags, comments, entities) spliced into the markup."""
    seed = draw(st.sampled_from(html_seeds()))
    root = lxml.html.document_fromstring(seed.text)
    for _ in range(draw(st.integers(0, 4))):
        elements = [
            e
            for e in root.iter(draw(st.sampled_from(_KINDS)))
            if isinstance(e, lxml.html.HtmlElement) and e.getparent() is not None
        ]
        if not elements:
            continue
        element = elements[_index(draw, len(elements))]
        other = elements[_index(draw, len(elements))]
        operation = draw(
            st.sampled_from(("delete", "duplicate", "swap", "text", "wrap", "self-nest"))
        )
        if operation == "delete":
            element.drop_tree()
        elif operation == "duplicate":
            for _ in range(draw(st.integers(1, 3))):
                element.addnext(copy.deepcopy(element))
        elif operation == "swap":
            _swap(element, other)
        elif operation == "text":
            for child in list(element):
                element.remove(child)
            element.text = _XML_UNSAFE.sub("", draw(payloads()))
        elif operation == "wrap":
            depth = draw(st.sampled_from((1, 3, 30, 150, 400, 3000)))
            _wrap(element, draw(st.sampled_from(_WRAPPERS)), depth)
        else:
            # The element inside a copy of itself (a table in its own cell, say).
            outer = copy.deepcopy(element)
            cells = list(outer.iter("td", "p", "li")) or [outer]
            cells[_index(draw, len(cells))].append(copy.deepcopy(element))
            _parent(element).replace(element, outer)
    text = lxml.html.tostring(root, encoding="unicode")
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        splice = draw(
            st.one_of(
                st.sampled_from(_TAG_SOUP),
                st.lists(st.sampled_from(_TAG_SOUP), max_size=8).map("".join),
                payloads(),
            )
        )
        text = text[:at] + splice + text[at:]
    if draw(st.integers(0, 9)) == 0:
        text = text[: draw(st.integers(0, len(text)))]
    return seed, text.encode("utf-8")


# -- reStructuredText ----------------------------------------------------------------------
# Written beside every reStructuredText case: an `.. include:: canary.txt` that worked would
# find it. The reader must open no file but the page (see `ForeignReads`).
CANARY = "canary.txt"
_FOREIGN = (
    CANARY,
    "/etc/passwd",
    "../../spec/hss/service.yaml",
    "file:///etc/hostname",
    "http://127.0.0.1:9/t.csv",
)
_GRID_LINE = re.compile(r"^\s*[+|]")
_BORDER = re.compile(r"^\s*\+[-=+]+\+\s*$")
_SIMPLE_BORDER = re.compile(r"^\s*=+( +=+)+\s*$")
_REF_TARGET = re.compile(r"(:ref:`[^`<]*<)([^`>]*)(>`)")
_LABEL = re.compile(r"^\.\. _([^:\n]+):\s*$")
_RST_FRAGMENTS = (
    ":foo:`bar`",
    ":foo:bar:`baz`",
    ":FOO:`shouted`",
    ":ref:`unterminated",
    ":ref:`Missing <no-such-anchor>`",
    ":ref:`<>`",
    ":ref:`< >`",
    ":ref:`a <<b>>`",
    ":ref:`a <b\\>`",
    ":ref:`a <\u202e\u0085>`",
    ":ref:`../../etc/passwd <../../etc/passwd>`",
    ":REF:`Upper <AddHostsGroup>`",
    ":numref:`Table %s <x>`",
    ":ref:`" + "x" * 3000 + " <" + "y" * 3000 + ">`",
    "Array of :ref:`Missing <nowhere>` objects",
    ":ref:`Self <AddHostsGroup>` object",
    "``unterminated literal",
    "*unterminated emphasis",
    "|undefined-substitution|",
    "[#]_",
    "`dangling`_",
    "`link <javascript:alert(1)>`__",
    "__ anonymous-target",
    ":original_name: ../../etc/passwd.html",
    ":original_name:",
    "::",
    "..",
    "...",
    "=====",
    "+---+",
    "+===+",
    "|",
    "\\",
)
_CONTROL_CHARACTERS = (
    "\x00",
    "\x07",
    "\x0b",
    "\x0c",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
    "\t",
    "\r",
    "\ufeff",
    "\u202e",
)


def _directive_blocks(target: str) -> tuple[str, ...]:
    """Directive blocks: unterminated, unknown, or asking for other files or raw HTML."""
    return (
        ".. table:: **Table 9** No body",
        ".. table:: **Table 9** Not a table\n\n   just text",
        ".. code-block:: json",
        '.. code-block::\n\n{\n  "unindented": 1\n}',
        ".. bar:: one two\n   :opt: value\n   :flag:\n\n   Content of bar.",
        ".. BAR:: x\n   :opt:\n\n   :foo:`a role inside`",
        f".. include:: {target}",
        f".. INCLUDE:: {target}\n   :encoding: utf-8",
        f".. literalinclude:: {target}",
        ".. raw:: html\n\n   <script>alert(1)</script>",
        f".. raw:: html\n   :file: {target}",
        f".. Raw:: html\n   :url: {target}",
        f".. csv-table:: **Table 9** Stolen\n   :file: {target}\n   :encoding: utf-8",
        f".. csv-table:: **Table 9** Fetched\n   :url: {target}",
        ".. csv-table:: **Table 9** Inline\n   :header: Parameter, Mandatory, Type, Description"
        "\n\n   a, Yes, String, x",
        f"- .. include:: {target}\n     :encoding: utf-8",
        f"| .. raw:: html\n|    :file: {target}",
        f".. |sub| include:: {target}",
        ".. |sub| unicode:: 0x00 0x07 0x1b U+202E",
        ".. |sub| date:: %Y",
        ".. |sub| replace:: |sub|",
        f".. |sub| image:: {target}",
        ".. role:: foo(raw)\n   :format: html",
        ".. default-role:: ref",
        ".. list-table:: **Table 9** Broken\n   :header-rows: 5\n\n   * - a\n     - b\n   * - c",
        ".. note::",
        ".. toctree::\n   :maxdepth: 1\n\n   ../../etc/passwd",
        ".. contents::",
        ".. sectnum::",
        ".. title:: Another title",
        ".. meta::\n   :description: x",
        ".. _AddHostsGroup:",
        ".. _:",
        ".. ::",
        "::\n\n   literal",
    )


@st.composite
def rst_payloads(draw: st.DrawFn) -> str:
    """Inline text for a reStructuredText page: roles, markup, or the shared payloads."""
    if draw(st.booleans()):
        return draw(st.sampled_from(_RST_FRAGMENTS))
    return draw(payloads())


def _nested(kind: str, depth: int) -> list[str]:
    """Blocks nested `depth` levels deep: lists, block quotes, directives or grid tables."""
    if kind == "table":
        inner = ["x"]
        for level in range(depth):
            width = max(len(line) for line in inner) + 2
            border = "+" + "-" * width + "+-----+"
            inner = [border, *(f"| {line.ljust(width - 2)} | {level:<3} |" for line in inner)]
            inner.append(border)
        return ["", *inner, ""]
    step, marker = {"bullet": (2, "- "), "enum": (3, "#. "), "quote": (3, ""), "note": (3, "")}[
        kind
    ]
    lines = [""]
    for level in range(depth):
        if kind == "note":
            lines += [" " * step * level + ".. note::", ""]
        else:
            lines += [" " * step * level + f"{marker}level {level}", ""]
    lines.append(" " * step * depth + "deepest")
    return [*lines, ""]


def _huge_table(rows: int, columns: int, width: int) -> list[str]:
    border = "+" + "+".join("-" * (width + 2) for _ in range(columns)) + "+"
    header = border.replace("-", "=")
    cells = ["Parameter", "Mandatory", "Type", "Description"]
    first = "|" + "|".join(f" {cells[c % 4][:width].ljust(width)} " for c in range(columns)) + "|"
    row = "|" + "|".join(f" {('x' * width)} " for _ in range(columns)) + "|"
    table = [".. table:: **Table 99** Huge", "", "   " + border, "   " + first, "   " + header]
    for _ in range(rows):
        table += ["   " + row, "   " + border]
    return ["", *table, ""]


def _mutate_grid(draw: st.DrawFn, lines: list[str]) -> None:
    """Broken grid tables: separators misaligned, borders lost, cells spilling or split,
    header separators removed or duplicated, rows repeated."""
    grid = [i for i, line in enumerate(lines) if _GRID_LINE.match(line)]
    if not grid:
        return
    i = grid[_index(draw, len(grid))]
    line = lines[i]
    separators = [k for k, c in enumerate(line) if c in "|+"]
    operation = draw(
        st.sampled_from(
            ("misalign", "border", "spill", "cells", "header", "fill", "fill", "fill", "repeat")
        )
    )
    if operation == "misalign":
        k = separators[_index(draw, len(separators))]
        shift = draw(st.sampled_from((-2, -1, 1, 2)))
        line = (
            line[:k] + " " * shift + line[k:] if shift > 0 else line[: max(0, k + shift)] + line[k:]
        )
    elif operation == "border":
        borders = [k for k in grid if _BORDER.match(lines[k])] or [i]
        del lines[borders[_index(draw, len(borders))]]
        return
    elif operation == "spill":
        k = separators[_index(draw, len(separators))]
        line = line[: k + 1] + " " + draw(rst_payloads()).replace("\n", " ") + line[k + 1 :]
    elif operation == "cells":
        inner = separators[1:-1]
        if draw(st.booleans()) or not inner:
            k = _index(draw, len(line))
            line = line[:k] + "|" + line[k + 1 :]
        else:
            k = inner[_index(draw, len(inner))]
            line = line[:k] + " " + line[k + 1 :]
    elif operation == "header":
        borders = [k for k in grid if _BORDER.match(lines[k])]
        headers = [k for k in borders if "=" in lines[k]]
        if not borders:
            return
        k = (headers or borders)[_index(draw, len(headers or borders))]
        action = draw(st.sampled_from(("drop", "dash", "repeat", "twice")))
        if action == "drop":
            del lines[k]
        elif action == "dash":
            lines[k] = lines[k].replace("=", "-")
        elif action == "repeat":
            lines.insert(k, lines[k])
        else:
            other = borders[_index(draw, len(borders))]
            lines[other] = lines[other].replace("-", "=")
        return
    elif operation == "fill" and len(separators) > 1:
        c = _index(draw, len(separators) - 1)
        start, end = separators[c] + 1, separators[c + 1]
        text = draw(rst_payloads()).replace("\n", " ")[: max(0, end - start - 2)]
        line = line[:start] + " " + text.ljust(end - start - 1) + line[end:]
    elif operation == "repeat":
        borders = [k for k in grid if _BORDER.match(lines[k])]
        after = [k for k in borders if k > i]
        if borders and after:
            start = max([k for k in borders if k <= i] or [i])
            block = lines[start : after[0]]
            # Up to some 3,000 lines: a megabyte-sized grid table takes docutils gigabytes.
            times = min(draw(st.sampled_from((1, 3, 40, 1500))), 3000 // max(1, len(block)))
            lines[start:start] = block * times
        return
    lines[i] = line


def _mutate_simple(draw: st.DrawFn, lines: list[str]) -> None:
    """Simple tables (`=== ===`): a border dropped, doubled, shifted or cut short."""
    borders = [i for i, line in enumerate(lines) if _SIMPLE_BORDER.match(line)]
    if not borders:
        return
    i = borders[_index(draw, len(borders))]
    action = draw(st.sampled_from(("drop", "double", "shift", "short")))
    if action == "drop":
        del lines[i]
    elif action == "double":
        lines.insert(i, lines[i])
    elif action == "shift":
        lines[i] = " " + lines[i]
    else:
        lines[i] = lines[i][: len(lines[i]) // 2]


def _mutate_refs(draw: st.DrawFn, lines: list[str]) -> None:
    """`:ref:` targets pointed elsewhere: at another table (cycles), the table's own anchor
    (self-references), a missing anchor or odd characters; labels removed or duplicated."""
    labels = [m.group(1) for line in lines if (m := _LABEL.match(line))]
    refs = [i for i, line in enumerate(lines) if _REF_TARGET.search(line)]
    if draw(st.integers(0, 3)) == 0 and labels:
        at = [i for i, line in enumerate(lines) if _LABEL.match(line)]
        i = at[_index(draw, len(at))]
        if draw(st.booleans()):
            del lines[i]
        else:
            lines[i] = f".. _{labels[_index(draw, len(labels))]}:"
        return
    if not refs:
        return
    i = refs[_index(draw, len(refs))]
    target = draw(
        st.one_of(
            st.sampled_from(labels or ["x"]),
            st.sampled_from(("", " ", "nowhere", "a<b", "`", "\\", "x" * 5000, "../etc/passwd")),
            st.text(max_size=12),
        )
    )
    # Rewritten in place: the cell keeps its width only when the target has the same length.
    lines[i] = _REF_TARGET.sub(lambda m: m.group(1) + target + m.group(3), lines[i], count=1)


@st.composite
def rst_pages(draw: st.DrawFn) -> tuple[Seed, bytes]:
    """A reStructuredText seed with its markup broken: grid and simple tables, directives,
    roles and `:ref:` targets, indentation, deep nesting, huge tables, control characters."""
    seed = draw(st.sampled_from(rst_seeds()))
    lines = seed.text.split("\n")
    for _ in range(draw(st.integers(1, 3))):
        operation = draw(
            st.sampled_from(
                (
                    "grid",
                    "grid",
                    "simple",
                    "directive",
                    "role",
                    "refs",
                    "indent",
                    "nest",
                    "huge",
                    "control",
                    "lines",
                )
            )
        )
        i = _index(draw, len(lines))
        if operation == "grid":
            _mutate_grid(draw, lines)
        elif operation == "simple":
            _mutate_simple(draw, lines)
        elif operation == "refs":
            _mutate_refs(draw, lines)
        elif operation == "directive":
            block = draw(st.sampled_from(_directive_blocks(draw(st.sampled_from(_FOREIGN)))))
            indent = draw(st.sampled_from(("", "", "   ", " ")))
            block_lines = [indent + line for line in block.split("\n")]
            if draw(st.booleans()):
                block_lines = ["", *block_lines, ""]
            if draw(st.integers(0, 3)) == 0:
                lines += block_lines  # at the end of the file: nothing can follow it
            else:
                lines[i:i] = block_lines
        elif operation == "role":
            line = lines[i]
            at = draw(st.integers(0, len(line)))
            lines[i] = line[:at] + draw(rst_payloads()) + line[at:]
        elif operation == "indent":
            change = draw(st.sampled_from(("   ", " ", "\t", "-1", "-3", "strip")))
            for k in range(i, min(len(lines), i + draw(st.sampled_from((1, 2, 10))))):
                if change == "strip":
                    lines[k] = lines[k].lstrip()
                elif change.startswith("-"):
                    cut = int(change[1:])
                    lines[k] = lines[k][cut:] if lines[k][:cut].isspace() else lines[k]
                else:
                    lines[k] = change + lines[k]
        elif operation == "nest":
            kind = draw(st.sampled_from(("bullet", "enum", "quote", "note", "table")))
            depth = draw(st.sampled_from((3, 30, 150, 400, 1200)))
            # Tables in tables: docutils parses a cell's text again at every level, so the
            # work grows with depth times size (150 levels, 450 kB, take about 5 s).
            lines[i:i] = _nested(kind, depth if kind != "table" else min(depth, 60))
        elif operation == "huge":
            rows, columns, width = draw(
                st.sampled_from(((2000, 4, 10), (3, 300, 3), (3, 4, 60_000), (250, 40, 20)))
            )
            lines[i:i] = _huge_table(rows, columns, width)
        elif operation == "control":
            line = lines[i]
            at = draw(st.integers(0, len(line)))
            lines[i] = line[:at] + draw(st.sampled_from(_CONTROL_CHARACTERS)) + line[at:]
        else:
            action = draw(st.sampled_from(("delete", "duplicate", "swap", "replace")))
            j = _index(draw, len(lines))
            if action == "delete":
                del lines[i : i + draw(st.integers(1, 6))]
            elif action == "duplicate":
                lines[i:i] = lines[i : i + draw(st.integers(1, 12))]
            elif action == "swap":
                lines[i], lines[j] = lines[j], lines[i]
            else:
                lines[i] = draw(rst_payloads())
        if not lines:
            lines = [draw(rst_payloads())]
    text = "\n".join(lines)
    if draw(st.integers(0, 9)) == 0:
        text = text[: draw(st.integers(0, len(text)))]  # cut anywhere: inside a directive too
    return seed, text.encode("utf-8")


class ForeignReads:
    """Files and URLs the page reader opens, other than the page and Python's own modules
    (docutils imports parts of itself on first use): it must never read another file.

    An audit hook (they cannot be removed) installed once, and active only while `watch`
    has `build_spec` read a page.
    """

    _active: ForeignReads | None = None
    _installed = False

    def __init__(self, page: Path) -> None:
        self.page = os.path.abspath(page)
        self.found: list[str] = []

    @classmethod
    def _hook(cls, event: str, args: tuple[object, ...]) -> None:
        watch = cls._active
        if watch is None:
            return
        if event in ("urllib.Request", "socket.connect", "socket.getaddrinfo"):
            watch.found.append(f"{event} {args[0]!r}")
        elif event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
            path = os.path.abspath(os.fsdecode(args[0]))
            if path != watch.page and not path.endswith((".py", ".pyc", ".so")):
                watch.found.append(path)

    @contextmanager
    def watch(self) -> Iterator[ForeignReads]:
        if not ForeignReads._installed:
            sys.addaudithook(ForeignReads._hook)
            ForeignReads._installed = True

        def watched(path: Path, source: str | None = None) -> Page:
            ForeignReads._active = self
            try:
                return read_page(path, source)
            finally:
                ForeignReads._active = None

        with patch("generator.spec.pages.read_page", watched):
            yield self


# -- raw bytes -----------------------------------------------------------------------------
@st.composite
def byte_pages(draw: st.DrawFn) -> tuple[Seed, bytes]:
    """A seed with raw bytes spliced in: invalid UTF-8, NUL, BOMs, control characters."""
    seed = draw(st.sampled_from(html_seeds() + text_seeds()))
    data = seed.text.encode("utf-8")
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        splice = draw(
            st.one_of(
                st.binary(max_size=16),
                st.sampled_from(
                    (b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\xc3", b"\x1b[31m", b"\x07" * 50)
                ),
            )
        )
        data = data[:at] + splice + data[at:]
    return seed, data


# -- synthetic pages -----------------------------------------------------------------------
@dataclass(frozen=True)
class Synthetic:
    """A page drawn from scratch: object tables referring to each other by name or number."""

    uri: str
    tables: tuple[tuple[str, tuple[tuple[str, str, str, str], ...]], ...]


@st.composite
def synthetic_pages(draw: st.DrawFn) -> tuple[Seed, bytes]:
    """Deep chains, self-references and cycles of object tables, written as text or HTML."""
    count = draw(st.sampled_from((1, 2, 5, 40, 300)))
    names = [f"Obj{n}" for n in range(count)]
    tables: list[tuple[str, tuple[tuple[str, str, str, str], ...]]] = []
    for index, name in enumerate(names):
        rows = []
        for field in range(draw(st.integers(1, 3))):
            target = draw(
                st.sampled_from(
                    ("next", "self", "first", "random", "scalar", "see-self", "see-next")
                )
            )
            following = names[min(index + 1, count - 1)]
            described = "Nested."
            if target == "next":
                kind = f"{following} object"
            elif target == "self":
                kind = f"Array of {name} objects"
            elif target == "first":
                kind = f"{names[0]} object"
            elif target == "random":
                kind = f"{names[_index(draw, count)]} object"
            elif target == "see-self":
                kind, described = "Object", f"For details, see Table {index + 2}."
            elif target == "see-next":
                kind, described = "Array", f"For details, see Table {min(index + 3, count + 1)}."
            else:
                kind = draw(st.sampled_from(("String", "Integer", "Boolean", "Long")))
            required = draw(st.sampled_from(("Yes", "No")))
            cell = draw(st.one_of(st.just(described), payloads()))
            rows.append((f"f{field}_{target.replace('-', '_')}", required, kind, cell))
        tables.append((name, tuple(rows)))
    body = (("root", "Yes", f"{names[0]} object", "The root."),)
    page = Synthetic(
        uri=draw(st.sampled_from(("POST /v1/{project_id}/things", "PUT /v1/things/{id}"))),
        tables=(("Request body parameters", body), *tables),
    )
    suffix = draw(st.sampled_from(("txt", "html", "rst")))
    seed = Seed(f"SyntheticOperation.{suffix}", "", HSS_SERVICE)
    write = {"txt": _synthetic_text, "html": _synthetic_html, "rst": _synthetic_rst}[suffix]
    return seed, write(page).encode("utf-8")


_HEADER = ("Parameter", "Mandatory", "Type", "Description")


def _synthetic_text(page: Synthetic) -> str:
    lines = ["Doing a Synthetic Thing", "Function", "A synthetic page.", "URI", page.uri]
    lines.append("Request Parameters")
    for number, (caption, rows) in enumerate(page.tables, start=1):
        lines += [f"Table {number} {caption}", *_HEADER]
        for row in rows:
            lines += [cell or "-" for cell in row]
    lines += ["Response Parameters", "Status code: 200", "None", "Status Codes"]
    lines += ["Status Code", "Description", "200", "OK."]
    return "\n".join(lines) + "\n"


def _synthetic_html(page: Synthetic) -> str:
    def cells(tag: str, values: tuple[str, ...]) -> str:
        return "".join(f"<{tag}><p>{html.escape(v)}</p></{tag}>" for v in values)

    parts = ["<h1>Doing a Synthetic Thing</h1><h4>Function</h4><p>A synthetic page.</p>"]
    parts.append(f"<h4>URI</h4><p>{page.uri}</p><h4>Request Parameters</h4>")
    for number, (caption, rows) in enumerate(page.tables, start=1):
        parts.append(f"<table><caption><b>Table {number} </b>{caption}</caption>")
        parts.append(f"<tr>{cells('th', _HEADER)}</tr>")
        parts += [f"<tr>{cells('td', row)}</tr>" for row in rows]
        parts.append("</table>")
    parts.append("<h4>Response Parameters</h4><p>Status code: 200</p><p>None</p>")
    parts.append("<h4>Status Codes</h4><table><tr><th>Status Code</th><th>Description</th></tr>")
    parts.append("<tr><td>200</td><td>OK.</td></tr></table>")
    return "".join(parts)


_RST_CELL = 2_000


def _synthetic_rst(page: Synthetic) -> str:
    """The page as the OTC sources write it: a label above each table, `:ref:` types."""

    def typed(kind: str) -> str:
        return re.sub(r"\b(Obj\d+)\b", r":ref:`\1 <\1>`", kind)

    def clipped(text: str) -> str:
        # docutils holds a grid table many times over: hundreds of tables with 250 kB cells
        # (a page of megabytes) took the process out of memory. Huge tables: `rst_pages`.
        return text[:_RST_CELL]

    lines = [":original_name: SyntheticOperation.html", "", "Doing a Synthetic Thing"]
    lines += ["=" * 23, "", "Function", "--------", "", "A synthetic page.", "", "URI", "---", ""]
    lines += [page.uri, "", "Request Parameters", "-" * 18, ""]
    for number, (caption, rows) in enumerate(page.tables, start=1):
        lines += [f".. _{caption}:", "", f".. table:: **Table {number}** {caption}", ""]
        cells = [_HEADER, *((n, r, typed(k), clipped(text)) for n, r, k, text in rows)]
        lines += ["   " + line for line in _grid_table(cells)]
        lines.append("")
    lines += ["Response Parameters", "-" * 19, "", "None", "", "Status Codes", "-" * 12, ""]
    lines += ["=========== ===========", "Status Code Description", "=========== ==========="]
    lines += ["200         OK.", "=========== ===========", ""]
    return "\n".join(lines)


def _grid_table(rows: Sequence[tuple[str, ...]]) -> list[str]:
    """A grid table, the first row its header; a cell's lines are split on newlines."""
    split = [[cell.split("\n") for cell in row] for row in rows]
    widths = [max(len(line) for row in split for line in row[c]) for c in range(len(rows[0]))]
    border = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    lines = [border]
    for index, row in enumerate(split):
        for k in range(max(len(cell) for cell in row)):
            parts = (cell[k] if k < len(cell) else "" for cell in row)
            lines.append(
                "|" + "|".join(f" {p.ljust(w)} " for p, w in zip(parts, widths, strict=True)) + "|"
            )
        lines.append(border.replace("-", "=") if index == 0 else border)
    return lines


# -- running a case ------------------------------------------------------------------------
@dataclass
class Tally:
    """What a fuzz test's cases ended in, printed at its end for docs/robustness.md."""

    outcomes: Counter[str]
    slowest: float = 0.0

    def line(self, name: str) -> str:
        total = sum(self.outcomes.values())
        parts = ", ".join(f"{k} {v}" for k, v in sorted(self.outcomes.items()))
        return f"fuzz {name}: {total} pages ({parts}), slowest {self.slowest:.2f}s, seed {SEED}"


def write_case(folder: Path, seed: Seed, data: bytes) -> Path:
    page = folder / seed.name
    page.write_bytes(data)
    return page


class PageHangError(Exception):
    """A page ran past the alarm: a hang must fail the test, not stall the run or fill memory."""


def _alarm(signum: int, frame: FrameType | None) -> None:  # noqa: ARG001 - signal signature
    raise PageHangError(f"a page ran for more than {HANG_SECONDS} s")


@contextmanager
def _hang_alarm() -> Iterator[None]:
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(HANG_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def transcribe_case(page: Path, service: Path, tally: Tally | None = None) -> SpecBuild | None:
    """Build a spec from one page as the CLI does; a spec or a clean error, and quickly.

    Anything but `GenerationError` escapes and fails the test (the CLI would show a traceback).
    """
    # CPU time, not wall time: a page is judged by the work it causes, not by a stall of a
    # shared machine (a wall-clock limit failed once, flakily, at 5.4 s on a page that takes
    # 0.3 s). Hangs that sleep or block are the alarm's job.
    start = time.process_time()
    build: SpecBuild | None = None
    try:
        with _hang_alarm():
            build = build_spec([page], service, None, "fuzz.yaml")
    except GenerationError as err:
        line = f"error: {err.diagnostic}"
        assert "\n" not in line, line[:MAX_ERROR_LINE]
        assert "\r" not in line, line[:MAX_ERROR_LINE]
        assert len(line) <= MAX_ERROR_LINE, f"error line of {len(line)} characters: {line[:200]}"
    elapsed = time.process_time() - start
    assert elapsed < PAGE_SECONDS, f"{page.name} took {elapsed:.1f}s of CPU time"
    if build is not None:
        # The YAML is complete and says exactly what was built (no NaN, nothing lost).
        loaded = yaml.load(build.text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        assert loaded == build.document
    if tally is not None:
        tally.outcomes["spec" if build is not None else "error"] += 1
        tally.slowest = max(tally.slowest, elapsed)
    return build
