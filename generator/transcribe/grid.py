"""A table's grid from its rows of spanning cells, as both structured readers (HTML and
reStructuredText) need it: a cell that spans columns or rows is repeated in each place it
covers, so every row has one cell per column."""

from __future__ import annotations

from collections.abc import Iterable

from generator.transcribe.page import Cell

# Spans beyond this are hostile, not tables: real pages span a few rows or columns.
MAX_SPAN = 50

SpanningCell = tuple[Cell, int, int]  # the cell, the columns and the rows it spans


def expand_spans(rows: Iterable[Iterable[SpanningCell]]) -> list[list[Cell]]:
    """Rows of cells with every span expanded; rows left empty are dropped."""
    grid: list[list[Cell]] = []
    pending: dict[int, tuple[int, Cell]] = {}  # column -> (rows still covered, cell)
    for row in rows:
        cells: list[Cell] = []
        column = 0
        for cell, across, down in row:
            while column in pending:
                column = _take_pending(pending, column, cells)
            down = min(max(down, 1), MAX_SPAN)
            for _ in range(min(max(across, 1), MAX_SPAN)):
                cells.append(cell)
                if down > 1:
                    pending[column] = (down - 1, cell)
                column += 1
        while column in pending:
            column = _take_pending(pending, column, cells)
        if cells:
            grid.append(cells)
    return grid


def _take_pending(pending: dict[int, tuple[int, Cell]], column: int, cells: list[Cell]) -> int:
    left, cell = pending.pop(column)
    cells.append(cell)
    if left > 1:
        pending[column] = (left - 1, cell)
    return column + 1
