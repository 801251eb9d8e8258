"""Assembles reader events (heading, paragraph, preformatted block, table) into a `Page`.

Readers only recognise the markup; grouping into sections and tracking the current
`Status code: NNN` sub-heading happens here once, for every format alike.
"""

from __future__ import annotations

from collections.abc import Sequence

from generator.diagnostics import Location, error
from generator.transcribe.page import (
    Block,
    Cell,
    Link,
    Page,
    Paragraph,
    Preformatted,
    Row,
    Section,
    Table,
)
from generator.transcribe.vocabulary import CAPTION, normalise, status_of

PREAMBLE = "Preamble"
# List bullets kept by copied text; HTML carries them as <li> markup instead.
_BULLETS = "•·▪◦ "


class PageAssembler:
    """Receives a page's events in reading order and builds the frozen page model."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.title = ""
        self._sections: list[Section] = []
        self._heading = PREAMBLE
        self._blocks: list[Block] = []
        self._status: str | None = None
        self._name: str | None = None

    def set_name(self, name: str) -> None:
        """The page's own name for itself (see `Page.name`)."""
        self._name = normalise(name) or None

    def set_title(self, text: str) -> None:
        if not self.title:
            self.title = normalise(text)

    def heading(self, text: str) -> None:
        """Start a new section; a `Status code: NNN` heading only changes the current status."""
        text = normalise(text)
        status = status_of(text)
        if status is not None:
            self._status = status
            return
        self._close_section()
        self._heading = text
        self._status = None

    def paragraph(self, text: str) -> None:
        text = normalise(text).lstrip(_BULLETS)
        if not text:
            return
        status = status_of(text)
        if status is not None and len(text) <= len("Status code: 000") + 8:
            self._status = status
            return
        self._blocks.append(Paragraph(text, self._status))

    def preformatted(self, text: str) -> None:
        text = text.strip("\n").rstrip()
        if text.strip():
            self._blocks.append(Preformatted(text, self._status))

    def table(
        self,
        number: int | None,
        caption: str,
        header: list[str],
        rows: Sequence[Sequence[list[str] | Cell]],
        anchors: tuple[str, ...] = (),
    ) -> None:
        """Add a table; `rows` are lists of cells, each a list of paragraph lines or a `Cell`
        whose lines are not yet normalised (a reader that sees links gives cells)."""
        built_rows = tuple(
            Row(number=index, cells=tuple(_cell(cell) for cell in row))
            for index, row in enumerate(rows, start=1)
        )
        self._blocks.append(
            Table(
                number=number,
                caption=normalise(caption) or self._heading,
                header=tuple(normalise(h) for h in header),
                rows=built_rows,
                section=self._heading,
                status=self._status,
                anchors=anchors,
            )
        )

    def grid_table(
        self, caption_text: str, grid: list[list[Cell]], anchors: tuple[str, ...] = ()
    ) -> None:
        """Add a table a structured reader (HTML, reStructuredText) gives as a grid: its caption
        (`Table 3 Request body parameters`), the header row first. A row whose cells do not
        match the header is an error naming the table and row, not a shifted row."""
        match = CAPTION.match(caption_text)
        number = int(match.group(1)) if match else None
        caption = match.group(2) if match else caption_text
        if not grid:
            return
        header = [" ".join(cell.lines) for cell in grid[0]]
        for index, row in enumerate(grid[1:], start=1):
            if len(row) != len(header):
                raise error(
                    self.source,
                    Location(table=number, row=index, section=None if number else caption),
                    f"row has {len(row)} cells but the header has {len(header)} "
                    f"({', '.join(header)})",
                )
        self.table(number, caption, header, grid[1:], anchors)

    def _close_section(self) -> None:
        if self._blocks or self._heading != PREAMBLE:
            self._sections.append(Section(self._heading, tuple(self._blocks)))
        self._blocks = []

    def build(self) -> Page:
        self._close_section()
        return Page(
            source=self.source, title=self.title, sections=tuple(self._sections), name=self._name
        )


def _cell(cell: list[str] | Cell) -> Cell:
    if isinstance(cell, Cell):
        lines, links = cell.lines, cell.links
    else:
        lines, links = tuple(cell), ()
    return Cell(
        tuple(line for line in (normalise(x) for x in lines) if line),
        tuple(Link(normalise(link.text), link.target) for link in links),
    )
