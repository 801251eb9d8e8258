"""What the report modules share: the verdict record, number formats and Markdown tables."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Verdict:
    """One target of the issue: what was measured, whether it is met, and which profile explains
    a miss (`generation`, `import`, `calls` or `signing`)."""

    target: str
    measured: str
    met: bool | None
    kind: str


def seconds(value: float) -> str:
    if value >= 10:
        return f"{value:.1f} s"
    if value >= 1:
        return f"{value:.2f} s"
    return f"{value * 1000:.0f} ms"


def ms(value: float) -> str:
    return f"{value * 1000:.0f}" if value >= 0.1 else f"{value * 1000:.1f}"


def us(value: float) -> str:
    return f"{value:.0f}" if value >= 100 else f"{value:.1f}"


def ratio(value: float) -> str:
    return f"{value:.2f}×"


def percent(value: float) -> str:
    return f"{value * 100:+.0f} %"


def count(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def verdict(met: bool | None) -> str:
    return {True: "**met**", False: "**missed**", None: "not measured"}[met]


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
