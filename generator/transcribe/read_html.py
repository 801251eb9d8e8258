"""Reads a page saved as HTML (the documentation system's export) into the page model.

HTML keeps the table grid, so rows and cells are taken as they are (row and column spans
expanded); paragraphs inside a cell become the cell's lines, just as in copied text, and links
inside a cell are kept with the anchors of the tables they lead to.

Two producers are known: the documentation system's export (the page body only) and Sphinx,
which builds the portal from reStructuredText (a whole site page: only its `role="main"` part is
the page, and its `¶` permalinks are not page text).
"""

from __future__ import annotations

import re

import lxml.etree
import lxml.html

from generator.diagnostics import Location, error
from generator.transcribe.assemble import PageAssembler
from generator.transcribe.grid import expand_spans
from generator.transcribe.page import Cell, Link, Page
from generator.transcribe.vocabulary import normalise

_BLOCK_TAGS = frozenset(
    {"p", "div", "li", "dt", "dd", "pre", "tr", "table", "ul", "ol", "dl", "section", "blockquote"}
    | {f"h{n}" for n in range(1, 7)}
)
_CONTAINERS = frozenset(
    {"div", "section", "body", "ul", "ol", "dl", "blockquote", "article", "main", "span", "form"}
)
_SKIPPED = frozenset({"script", "style", "head", "title", "meta", "link", "noscript"})
_UPDATED = re.compile(r"^updated on\b", re.IGNORECASE)
# What Sphinx adds around a page's text: permalink marks (`¶`) and admonition titles ("Note",
# which the reStructuredText does not write).
_SPHINX_LABELS = frozenset({"headerlink", "admonition-title"})
# Guards against hostile nesting; real pages nest a handful of levels.
_MAX_DEPTH = 200


def _tag(element: lxml.html.HtmlElement) -> str:
    tag = element.tag
    return tag.lower() if isinstance(tag, str) else ""


def _links(element: lxml.html.HtmlElement) -> tuple[Link, ...]:
    """The links inside a cell that lead to an anchor (`#x`, `page.html#x`)."""
    links: list[Link] = []
    for anchor in element.iter("a"):
        target = (anchor.get("href") or "").rpartition("#")[2]
        if target:
            links.append(Link(normalise(anchor.text_content()), target))
    return tuple(links)


def _anchors(table: lxml.html.HtmlElement) -> tuple[str, ...]:
    """The link targets that lead to a table: its own id and those of the empty markers just
    before it (`<span id>`, `<a name>`) or before the block that wraps it."""
    anchors = [table.get("id")]
    element: lxml.html.HtmlElement | None = table
    while element is not None:
        sibling = element.getprevious()
        while sibling is not None and not normalise(sibling.text_content()):
            anchors += [sibling.get("id"), sibling.get("name")]
            anchors += [e.get("id") or e.get("name") for e in sibling.iterdescendants()]
            sibling = sibling.getprevious()
        parent = element.getparent()
        text_before = (parent.text or "").strip() if parent is not None else "x"
        if sibling is not None or text_before or parent is None or _tag(parent) != "div":
            break
        element = parent
        anchors.append(element.get("id"))
    return tuple(dict.fromkeys(a for a in anchors if a))


def _lines(element: lxml.html.HtmlElement) -> list[str]:
    """The paragraphs of an element: block children and `<br>` start new lines."""
    lines: list[str] = [""]

    def visit(node: lxml.html.HtmlElement, depth: int) -> None:
        tag = _tag(node)
        if tag in _SKIPPED or depth > _MAX_DEPTH:
            return
        block = tag in _BLOCK_TAGS or tag in ("td", "th")
        if block:
            lines.append("")
        if tag == "pre":
            lines[-1] += node.text_content()
            lines.append("")
        else:
            if tag and node.text:
                lines[-1] += node.text
            for child in node:
                visit(child, depth + 1)
                if child.tail:
                    lines[-1] += child.tail
            if tag == "br":
                lines.append("")
        if block:
            lines.append("")

    if element.text:
        lines[-1] += element.text
    for child in element:
        visit(child, 1)
        if child.tail:
            lines[-1] += child.tail
    return [text for text in (normalise(line) for line in lines) if text]


class HtmlReader:
    """Walks the body in document order and reports headings, paragraphs, examples and tables."""

    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source
        self.page = PageAssembler(source)
        self._inline: list[str] = []

    def read(self) -> Page:
        parser = lxml.html.HTMLParser()
        try:
            root = lxml.html.document_fromstring(self.text, parser=parser)
        except (lxml.etree.ParserError, ValueError) as err:
            raise error(self.source, Location(section="page"), f"unreadable HTML: {err}") from err
        for entry in parser.error_log:
            if entry.type_name == "ERR_RESOURCE_LIMIT":
                # libxml2 stops at a limit (256 levels of nesting) and drops the rest of the
                # page without failing: a spec from what is left would silently lose operations.
                raise error(
                    self.source,
                    Location(section=f"line {entry.line}"),
                    f"HTML beyond the parser's limits ({entry.message})",
                )
        labels = [
            element
            for element in root.iter()
            if isinstance(element, lxml.html.HtmlElement)
            and _SPHINX_LABELS & set((element.get("class") or "").split())
        ]
        for label in labels:
            label.drop_tree()
        body = root.find("body")
        main = root.find(".//*[@role='main']")
        self._walk(main if main is not None else body if body is not None else root, 0)
        self._flush()
        return self.page.build()

    def _walk(self, element: lxml.html.HtmlElement, depth: int) -> None:
        if depth > _MAX_DEPTH:
            raise error(self.source, Location(section="page"), "HTML nested too deeply")
        if element.text and element.text.strip():
            self._inline.append(element.text)
        for child in element:
            self._visit(child, depth + 1)
            if child.tail and child.tail.strip():
                self._inline.append(child.tail)

    def _visit(self, element: lxml.html.HtmlElement, depth: int) -> None:
        tag = _tag(element)
        if not tag or tag in _SKIPPED:
            return
        if tag == "h1" and not self.page.title:
            self._flush()
            self.page.set_title(element.text_content())
        elif re.fullmatch(r"h[1-6]", tag):
            self._flush()
            self.page.heading(element.text_content())
        elif tag == "pre":
            self._flush()
            self.page.preformatted(element.text_content())
        elif tag == "table":
            self._flush()
            self._table(element)
        elif tag in ("p", "li", "dt", "dd"):
            self._flush()
            self._paragraph(element, depth)
        elif tag in _CONTAINERS:
            self._flush()
            self._walk(element, depth)
            self._flush()
        elif tag == "br":
            self._flush()
        else:
            self._inline.append(element.text_content())

    def _paragraph(self, element: lxml.html.HtmlElement, depth: int) -> None:
        # A block inside (Sphinx wraps a code block in `<div class="highlight">`) is walked as
        # blocks, not flattened into the paragraph's text.
        if any(_tag(inner) in ("table", "pre", "ul", "ol") for inner in element.iterdescendants()):
            self._walk(element, depth)
            self._flush()
            return
        text = normalise(element.text_content())
        if self.page.title or not _UPDATED.match(text):
            self.page.paragraph(text)

    def _flush(self) -> None:
        text = normalise(" ".join(self._inline))
        self._inline = []
        if text:
            self.page.paragraph(text)

    def _table(self, table: lxml.html.HtmlElement) -> None:
        caption_element = table.find("caption")
        caption_text = (
            normalise(caption_element.text_content()) if caption_element is not None else ""
        )
        self.page.grid_table(caption_text, _grid(table), _anchors(table))


def _grid(table: lxml.html.HtmlElement) -> list[list[Cell]]:
    """Rows of cells, with rowspan and colspan expanded."""
    return expand_spans(
        [
            (
                Cell(tuple(_lines(cell)), _links(cell)),
                _span(cell, "colspan"),
                _span(cell, "rowspan"),
            )
            for cell in tr
            if _tag(cell) in ("td", "th")
        ]
        for tr in table.iter("tr")
        if tr.getparent() is None or _closest_table(tr) is table
    )


def _span(cell: lxml.html.HtmlElement, name: str) -> int:
    try:
        return int(cell.get(name, "1"))
    except ValueError:
        return 1


def _closest_table(element: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    parent = element.getparent()
    while parent is not None and _tag(parent) != "table":
        parent = parent.getparent()
    return parent


def read_html(text: str, source: str) -> Page:
    """Read a saved HTML page into the page model."""
    return HtmlReader(text, source).read()
