"""The one Jinja environment, shared by the CLI and the tests, with the escaping filters.

Page and spec text is untrusted: it reaches generated code only through `pyliteral` (a
Python literal built on `repr`) or `docstring` (a safe triple-quoted string).
"""

from __future__ import annotations

from typing import Any

import jinja2


def pyliteral(value: Any) -> str:
    """A Python literal for a JSON-like value; `repr` escapes quotes, backslashes and newlines."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{pyliteral(k)}: {pyliteral(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        items = ", ".join(pyliteral(v) for v in value)
        return (
            f"({items},)"
            if isinstance(value, tuple) and len(value) == 1
            else (f"({items})" if isinstance(value, tuple) else f"[{items}]")
        )
    if value is None or isinstance(value, bool | int | float | str):
        return repr(value)
    raise TypeError(f"no Python literal for {type(value).__name__}")


def docstring(text: str, indent: int = 8) -> str:
    """A triple-quoted docstring whose content cannot end the string or form an escape."""
    cleaned = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"').replace("\r", "")
    cleaned = "".join(c if c.isprintable() or c == "\n" else " " for c in cleaned).rstrip()
    if cleaned.endswith('"'):
        cleaned += " "
    pad = " " * indent
    lines = cleaned.split("\n")
    body = "\n".join((pad + line) if line.strip() else "" for line in lines[1:])
    if len(lines) == 1:
        return f'"""{lines[0]}"""'
    return f'"""{lines[0]}\n{body}\n{pad}"""'


def comment(text: str) -> str:
    """A single-line comment's text: no line breaks can escape the comment."""
    return " ".join(text.split())


def make_env() -> jinja2.Environment:
    """The environment every template is rendered with."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters["pyliteral"] = pyliteral
    env.filters["docstring"] = docstring
    env.filters["comment"] = comment
    return env
