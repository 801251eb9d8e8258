"""The base of every generated model: strict on input, tolerant when reading responses.

Requests are validated strictly (unknown fields and enum values are errors), while responses
are parsed with `lenient()` so a newer service's extra fields and enum values do not break
old clients. Models build their validators on first use, which keeps the import light.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ConfigDict

__all__ = ["HuaweiModel", "LenientEnumMixin", "lenient"]

_LENIENT: contextvars.ContextVar[bool] = contextvars.ContextVar("lenient", default=False)


@contextlib.contextmanager
def lenient() -> Iterator[None]:
    """Within this block, enums accept values they do not know (used for responses only)."""
    token = _LENIENT.set(True)
    try:
        yield
    finally:
        _LENIENT.reset(token)


class HuaweiModel(BaseModel):
    """Base model: wire names as aliases, Python names accepted too, validators built lazily."""

    model_config = ConfigDict(
        extra="forbid",
        defer_build=True,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        # Field names are chosen by the generator clear of BaseModel's attributes; wire names
        # such as `model_dump_x` are legitimate and must not warn on import.
        protected_namespaces=(),
    )


class LenientEnumMixin:
    """Lets an enum hold an unknown value while a response is parsed under `lenient()`."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not _LENIENT.get():
            return None
        base: Any = str if issubclass(cls, str) else int if issubclass(cls, int) else object
        try:
            member: Any = base.__new__(cls, value) if base is not object else object.__new__(cls)
        except (TypeError, ValueError):
            return None
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member
