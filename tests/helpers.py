"""Shared test helpers: paths, a page factory, and running the real CLI in a subprocess."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
HSS_SPEC = ROOT / "spec" / "hss"


def run_cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m generator` as a user would, capturing its output."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        check=False,
        timeout=120,
    )


def page_text(body: str) -> str:
    """A copied-text page from an indented literal; blank lines between cells are optional."""
    return textwrap.dedent(body).strip() + "\n"


def table(caption: str, header: list[str], rows: list[list[str]]) -> str:
    """Copied text of one table: caption, header cells, then every cell on its own line."""
    lines = [caption, *header]
    for row in rows:
        lines.extend(row)
    return "\n".join(lines)


def new_style(definition: str, *, range_text: str = "N/A", default: str = "N/A") -> str:
    """A Description cell in the Definition/Constraints/Range/Default Value layout."""
    return "\n".join(
        [
            "Definition",
            definition,
            "Constraints",
            "N/A",
            "Range",
            range_text,
            "Default Value",
            default,
        ]
    )
