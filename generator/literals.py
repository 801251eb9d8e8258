"""Python literals for JSON-like values from untrusted spec text (built on `repr`)."""

from __future__ import annotations

import math
from typing import Any


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
    if isinstance(value, float) and not math.isfinite(value):
        return f"float({str(value)!r})"  # `inf` and `nan` are not literals
    if value is None or isinstance(value, bool | int | float | str):
        return repr(value)
    raise TypeError(f"no Python literal for {type(value).__name__}")
