"""Writes a rendered package: into a temporary directory, formatted with ruff, then swapped in.

A failure at any step leaves the previous package exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from generator.atomic import swap_tree
from generator.diagnostics import Location, error

_RUFF_SETTINGS = ["--isolated", "--no-cache", "--line-length", "100", "--target-version", "py310"]


def write_package(files: dict[str, str], target: Path) -> None:
    """Replace `target` with a directory holding `files` (relative path → text)."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new.", dir=target.parent))
    try:
        for name, text in sorted(files.items()):
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
        _ruff(
            [
                "check",
                "--fix",
                "--select",
                "F401,I,RUF022,RUF036",
                "--quiet",
                *_RUFF_SETTINGS,
                str(staging),
            ],
            target,
        )
        _ruff(["format", "--quiet", *_RUFF_SETTINGS, str(staging)], target)
        swap_tree(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _ruff_command() -> list[str]:
    """The ruff binary itself: `python -m ruff` would start an interpreter just to exec it."""
    try:
        from ruff import find_ruff_bin  # type: ignore[import-untyped]

        return [os.fsdecode(find_ruff_bin())]
    except (ImportError, FileNotFoundError):
        return [sys.executable, "-m", "ruff"]


def _ruff(arguments: list[str], target: Path) -> None:
    result = subprocess.run(
        [*_ruff_command(), *arguments], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise error(
            str(target),
            Location(section="format"),
            f"ruff failed: {detail[0] if detail else result.returncode}",
        )
