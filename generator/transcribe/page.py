"""The page model: what a reference page says, whether it came as text, HTML or reStructuredText.

Every reader produces this model; the transcription rules only ever see it, which is what makes
the forms of one page give the same operation.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Link:
    """A cross-reference inside a cell: its visible text and the anchor it points to.

    reStructuredText writes it as the `:ref:` role, HTML as `<a href="#anchor">`; the anchor
    names the table (`Table.anchors`) that describes the object, whatever that table's title.
    """

    text: str
    target: str


@dataclass(frozen=True)
class Cell:
    """One table cell: its paragraphs, whitespace-normalised, in order, and its links."""

    lines: tuple[str, ...]
    links: tuple[Link, ...] = ()

    @property
    def text(self) -> str:
        return " ".join(self.lines)


@dataclass(frozen=True)
class Row:
    """A table row; `number` counts data rows from 1, as a reader of the page would."""

    number: int
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    """A table with its caption (`Table 3 Request body parameters` → number 3, caption text).

    `section` is the heading the table stands under and `status` the `Status code: NNN`
    sub-heading before it, if any: response tables belong to a status code.
    Uncaptioned tables (the Status Codes table on some pages) have `number` None.
    `anchors` are the link targets that lead to the table (its labels, or its HTML ids).
    """

    number: int | None
    caption: str
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    section: str
    status: str | None
    anchors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Paragraph:
    """A line of running text outside tables."""

    text: str
    status: str | None


@dataclass(frozen=True)
class Preformatted:
    """A preformatted block (an example request or response), kept verbatim."""

    text: str
    status: str | None


Block = Paragraph | Preformatted | Table


@dataclass(frozen=True)
class Section:
    """A titled part of the page (`URI`, `Example Requests`…) with its blocks in page order."""

    heading: str
    blocks: tuple[Block, ...]

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Paragraph))


@dataclass(frozen=True)
class Page:
    """A whole reference page; `source` is the file name used in findings.

    `name` is the page's own name for itself where its format records one (the
    `:original_name:` of a reStructuredText page, `AddHostsGroup`), which is also the name of
    the operation it documents.
    """

    source: str
    title: str
    sections: tuple[Section, ...]
    name: str | None = None

    @property
    def tables(self) -> tuple[Table, ...]:
        return tuple(b for s in self.sections for b in s.blocks if isinstance(b, Table))

    def section(self, heading: str) -> Section | None:
        """The first section whose heading matches, ignoring case."""
        wanted = heading.casefold()
        for section in self.sections:
            if section.heading.casefold() == wanted:
                return section
        return None
