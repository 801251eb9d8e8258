"""YAML in and out: safe loading with file-named errors, and a stable, alias-free dump."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

from generator.diagnostics import Location, error


class _PythonStableDumper(yaml.SafeDumper):
    """Dumps mappings in insertion order and never emits anchors, so output diffs read cleanly."""

    def ignore_aliases(self, data: Any) -> bool:  # noqa: ARG002 - the same answer for all data
        return True

    def check_simple_key(self) -> bool:
        # An empty key (a page example's `"": "tls-1-0"`) is `'': ...` in libyaml; PyYAML's own
        # emitter would write the complex-key form `? ''`. Both load the same: write libyaml's.
        if isinstance(self.event, yaml.ScalarEvent) and self.event.value == "":
            return True
        return bool(super().check_simple_key())


# libyaml's emitter when PyYAML was built with it: the same bytes, five times faster (a test
# holds the two to the same output).
_CStableDumper: type[Any] | None = None
if hasattr(yaml, "CSafeDumper"):

    class _CStableDumperClass(yaml.CSafeDumper):
        """`_PythonStableDumper` on libyaml's emitter."""

        def ignore_aliases(self, data: Any) -> bool:  # noqa: ARG002 - the same answer for all data
            return True

    _CStableDumper = _CStableDumperClass


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = (
        "|" if "\n" in value and all(line == line.rstrip() for line in value.split("\n")) else None
    )
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


for _dumper in (_PythonStableDumper, _CStableDumper):
    if _dumper is not None:
        _dumper.add_representer(str, _represent_str)


def dump_yaml(data: Any, *, pure_python: bool = False) -> str:
    """Serialise deterministically: insertion order, unicode kept, no line folding surprises."""
    dumper = _PythonStableDumper if pure_python or _CStableDumper is None else _CStableDumper
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100, indent=2)


def load_yaml(path: Path) -> Any:
    """Load a YAML file; a syntax error names the file, line and column."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise error(str(path), Location(section="file"), f"cannot read: {err}") from err
    try:
        # libyaml's loader when PyYAML was built with it: the same data, several times faster.
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "file"
        problem = getattr(err, "problem", None) or str(err)
        raise error(str(path), Location(section=where), f"invalid YAML: {problem}") from err


def write_atomically(path: Path, text: str) -> None:
    """Replace `path` only once the new content is fully written: a failure leaves the old file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
