"""Replacing outputs all at once: a failure at any step leaves the previous output as it was.

Specs are single files (staged beside the target, then renamed onto it); packages are
directory trees (built in a staging directory, then swapped in). Every stage that writes uses
these two, so there is one definition of "atomic" in the project.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from generator.diagnostics import Location, error

__all__ = ["stage_text", "swap_tree", "write_atomically"]


def stage_text(path: Path, text: str) -> Path:
    """`text` fully written to a temporary file beside `path`, to be renamed onto it."""
    if path.is_dir():
        raise error(str(path), Location(section="file"), "is a directory, not a spec file")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def write_atomically(path: Path, text: str) -> None:
    """Replace `path` only once the new content is fully written: a failure leaves the old file."""
    staged = stage_text(path, text)
    try:
        os.replace(staged, path)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise


def swap_tree(staging: Path, target: Path) -> None:
    """Move the new tree into place; the old one is removed only after the rename succeeded."""
    if not target.exists():
        os.rename(staging, target)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
    retired.rmdir()
    os.rename(target, retired)
    try:
        os.rename(staging, target)
    except BaseException:
        os.rename(retired, target)
        raise
    shutil.rmtree(retired)
