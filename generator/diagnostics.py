"""Findings and errors as values: every stage reports what it skipped or doubted, and where."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace


class Level(enum.Enum):
    """How bad a finding is: warnings are reported and the build goes on; errors abort it."""

    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, order=True)
class Location:
    """Where on a page something was found: a table row, or a named section."""

    table: int | None = None
    row: int | None = None
    section: str | None = None

    def __str__(self) -> str:
        if self.table is not None and self.row is not None:
            return f"table {self.table}, row {self.row}"
        if self.table is not None:
            return f"table {self.table}"
        return self.section or "page"


@dataclass(frozen=True)
class Diagnostic:
    """One finding, printed as `file: table N, row R: message`."""

    level: Level
    file: str
    location: Location
    message: str
    kind: str = "finding"

    def __str__(self) -> str:
        return one_line(f"{self.file}: {self.location}: {self.message}")


def one_line(text: str) -> str:
    """The text with line breaks and other invisible characters escaped: a diagnostic built
    from untrusted names stays one line, and shows what the name really holds."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def pointer(path: Iterable[object]) -> str:
    """A place in a document as its JSON pointer, without the leading `/`; the root is
    `document`."""
    return "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in path) or "document"


class GenerationError(Exception):
    """A problem that stops the build; carries the diagnostic that explains it."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic

    def __reduce__(self) -> tuple[type[GenerationError], tuple[Diagnostic]]:
        # Rebuilt from its diagnostic when it crosses a process (pages are read in parallel).
        return type(self), (self.diagnostic,)


# An error is one line a person reads: page text quoted in it (a caption, a cell) is cut.
_ERROR_TEXT_LIMIT = 200


def clip(text: str, limit: int = _ERROR_TEXT_LIMIT) -> str:
    """`text` on one line and at most `limit` characters, marked with `…` where it was cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def error(file: str, location: Location, message: str, kind: str = "error") -> GenerationError:
    """Build the exception for a fatal problem at `location` in `file`, kept to one line."""
    if location.section is not None:
        location = replace(location, section=clip(location.section))
    return GenerationError(Diagnostic(Level.ERROR, file, location, clip(message, 400), kind))


class Findings:
    """Collects warnings in the order found; one per stage, handed on to the caller."""

    def __init__(self) -> None:
        self._items: list[Diagnostic] = []

    def warn(self, file: str, location: Location, message: str, kind: str) -> None:
        self._items.append(Diagnostic(Level.WARNING, file, location, message, kind))

    def extend(self, items: Iterable[Diagnostic]) -> None:
        self._items.extend(items)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self._items)

    def as_tuple(self) -> tuple[Diagnostic, ...]:
        return tuple(self._items)
