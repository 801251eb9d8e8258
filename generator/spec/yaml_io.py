"""YAML in and out: safe loading with file-named errors, and a stable, alias-free dump."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import Node, ScalarNode

from generator.diagnostics import Location, error, pointer

_STR_TAG = "tag:yaml.org,2002:str"


class _SafeLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """PyYAML's safe loader (on libyaml when PyYAML was built with it), strings made cheaper.

    The constructor builds a plain string as `node.value` after bookkeeping (alias cache,
    recursion guard) that a string, immutable and never recursive, does not need: skipping it
    saves a fifth of a big load, for the same data. Every other node takes PyYAML's own path,
    so YAML 1.1 as PyYAML reads it (yes/no, dates, octal, `<<` merges) is unchanged.
    """

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        if node.tag == _STR_TAG and type(node) is ScalarNode:
            return node.value
        return super().construct_object(node, deep)


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

    def write_double_quoted(self, text: str, split: bool = True) -> None:
        """A double-quoted scalar folded where libyaml folds it: at a space, once the line is
        past the width, the space becoming the line break. PyYAML's own emitter also breaks
        after escapes and writes the space escaped on the next line (`\\ 300`); both load the
        same, so libyaml's form is written."""
        self.write_indicator('"', True)
        spaces = False
        for index, char in enumerate(text):
            if char == " ":
                if (
                    split
                    and not spaces
                    and self.column > self.best_width
                    and 0 < index < len(text) - 1
                ):
                    self.write_indent()
                    self.whitespace = self.indention = False
                    if text[index + 1] == " ":
                        self._write_raw("\\")
                else:
                    self._write_raw(" ")
                spaces = True
                continue
            spaces = False
            self._write_raw(
                char if _plain_in_double_quotes(char, bool(self.allow_unicode)) else _escaped(char)
            )
        self.write_indicator('"', False)

    def _write_raw(self, data: str) -> None:
        self.column += len(data)
        self.stream.write(data.encode(self.encoding) if self.encoding else data)


def _plain_in_double_quotes(char: str, allow_unicode: bool) -> bool:
    """Whether PyYAML writes `char` as it is inside double quotes (else as an escape)."""
    if char in '"\\\x85\u2028\u2029\ufeff':
        return False
    return "\x20" <= char <= "\x7e" or (
        allow_unicode and ("\xa0" <= char <= "\ud7ff" or "\ue000" <= char <= "\ufffd")
    )


def _escaped(char: str) -> str:
    replacement = yaml.emitter.Emitter.ESCAPE_REPLACEMENTS.get(char)
    if replacement is not None:
        return "\\" + replacement
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02X}"
    return f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"


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
    # Python's cyclic garbage collector is two thirds of a big load: it walks the growing
    # document over and over and finds nothing (a load leaves no cyclic garbage). Paused for
    # the load, it costs nothing; the data is the same.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return yaml.load(text, Loader=_SafeLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "file"
        problem = getattr(err, "problem", None) or str(err)
        raise error(str(path), Location(section=where), f"invalid YAML: {problem}") from err
    finally:
        if collecting:
            gc.enable()


def with_string_keys(data: Any, source: str) -> Any:
    """`data` with integer mapping keys as their decimal text; other non-string keys refused.

    OpenAPI keys are strings, but YAML reads an unquoted `200:` (a status code, as many specs
    write it) as an integer. Nothing is copied unless such a key is found.
    """
    found = False
    stack: list[Any] = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if not isinstance(key, str):
                    if isinstance(key, bool) or not isinstance(key, int):
                        where = pointer(_key_path(data, key) or ())
                        raise error(source, Location(section=where), f"key {key!r} is not a string")
                    found = True
                if isinstance(value, dict | list):
                    stack.append(value)
        elif isinstance(node, list):
            stack.extend(item for item in node if isinstance(item, dict | list))
    return _string_keys(data) if found else data


def _key_path(node: Any, key: Any, path: tuple[object, ...] = ()) -> tuple[object, ...] | None:
    """Where the first mapping holding `key` is (only looked for to name an error)."""
    if isinstance(node, dict):
        if any(type(k) is type(key) and k == key for k in node):
            return (*path, key)
        items: list[tuple[object, Any]] = list(node.items())
    elif isinstance(node, list):
        items = list(enumerate(node))
    else:
        return None
    for name, value in items:
        found = _key_path(value, key, (*path, name))
        if found is not None:
            return found
    return None


def _string_keys(node: Any) -> Any:
    if isinstance(node, dict):
        return {str(key): _string_keys(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_string_keys(item) for item in node]
    return node
