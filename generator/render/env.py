"""The one Jinja environment, shared by the CLI and the tests, with the escaping filters.

Page and spec text is untrusted: it reaches generated code only through `pyliteral` (a
Python literal built on `repr`) or `docstring` (a safe triple-quoted string).
"""

from __future__ import annotations

import jinja2

from generator.literals import pyliteral


def docstring(text: str, indent: int = 8) -> str:
    """A triple-quoted docstring whose content cannot end the string or form an escape."""
    cleaned = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"').replace("\r", "")
    cleaned = "".join(c if c.isprintable() or c == "\n" else " " for c in cleaned).rstrip()
    pad = " " * indent
    lines = cleaned.split("\n")
    body = "\n".join((pad + line) if line.strip() else "" for line in lines[1:])
    if len(lines) == 1:
        # A closing quote right before the three that end the string would end it early.
        return f'"""{lines[0]} """' if lines[0].endswith('"') else f'"""{lines[0]}"""'
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
