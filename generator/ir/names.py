"""Identifiers as values: wire names become safe, collision-free Python names.

Only the IR builder makes these. Reserved words get a trailing underscore (PEP 8), names that
start with a digit get a prefix, and collisions are resolved deterministically and reported.
"""

from __future__ import annotations

import builtins
import keyword
from dataclasses import dataclass

from pydantic import BaseModel

from generator.casing import pascal_case, snake_case

# Names a method argument must not take: keywords, builtins used in annotations, and the
# arguments every generated method already has.
_RESERVED_ARGUMENTS = frozenset(
    {*keyword.kwlist, *keyword.softkwlist, "self", "cls", "timeout", "max_retries", "extra_headers"}
    # The method body's local variable, and modules the client module imports.
    | {"result", "datetime", "functools"}
    | {
        "list",
        "dict",
        "str",
        "int",
        "float",
        "bool",
        "bytes",
        "object",
        "type",
        "set",
        "tuple",
        "Any",
        "Literal",
    }
)
# Class names the generated modules import or define themselves.
_RESERVED_CLASSES = frozenset(
    {
        "BaseModel",
        "Field",
        "RootModel",
        "ConfigDict",
        "Enum",
        "Annotated",
        "Any",
        "Literal",
        "HuaweiModel",
        "ResponseModel",
        "Tolerant",
        "TolerantContent",
        "AwareDatetime",
        "date",
        "datetime",
        *dir(builtins),
    }
)
# Names a model field must not take: keywords, the names the models module imports or uses in
# annotations (a field `list` would shadow `list[...]` in the rest of the class body), and every
# attribute of pydantic's BaseModel (a field `model_dump` or `copy` would replace the method).
_RESERVED_FIELDS = frozenset(
    {*keyword.kwlist, *keyword.softkwlist}
    | {"list", "dict", "str", "int", "float", "bool", "bytes", "set", "tuple"}
    | {"annotations", "date", "datetime", "time", "Any", "Literal", "Annotated", "Field"}
    | {"MISSING", "Enum", "RootModel", "ConfigDict", "AwareDatetime", "HuaweiModel"}
    | {"self", "cls", "ResponseModel", "Tolerant", "TolerantContent"}
    | {name for name in dir(BaseModel) if not name.startswith("__")}
)


@dataclass(frozen=True, order=True)
class PythonIdentifier:
    """A snake_case name valid as a keyword argument."""

    value: str

    @classmethod
    def from_wire(cls, name: str, prefix: str = "value") -> PythonIdentifier:
        text = snake_case(name) or prefix
        if text[0].isdigit():
            text = f"{prefix}_{text}"
        if text in _RESERVED_ARGUMENTS:
            text += "_"
        return cls(text)

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, order=True)
class FieldName:
    """An ASCII snake_case name for a model field, clear of pydantic's and the module's names.

    ASCII only: Python folds identifiers with NFKC, so `\ufb01eld` and `field` (the ligature)
    would silently be one attribute.
    """

    value: str

    @classmethod
    def from_wire(cls, name: str) -> FieldName:
        text = snake_case(name) or "field"
        if text[0].isdigit():
            text = f"field_{text}"
        if text in _RESERVED_FIELDS:
            text += "_"
        return cls(text)

    @classmethod
    def of_argument(cls, name: str) -> FieldName:
        """A parameters model's field: the argument's name, unless pydantic reserves it."""
        return cls(f"{name}_" if name in _RESERVED_FIELDS else name)

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, order=True)
class ClassName:
    """A PascalCase name valid as a class and clear of the generated modules' own names."""

    value: str

    @classmethod
    def from_wire(cls, name: str, prefix: str = "Model") -> ClassName:
        text = pascal_case(name) or prefix
        if text[0].isdigit():
            text = f"{prefix}{text}"
        if text in _RESERVED_CLASSES or keyword.iskeyword(text):
            text += prefix
        return cls(text)

    def __str__(self) -> str:
        return self.value


def unique(name: str, taken: set[str], alternatives: list[str], separator: str = "_") -> str:
    """The first of `name`, then `alternatives`, then `name_2`, `name_3`… not in `taken`.

    Classes pass `separator=""` (`FooBar2`): CapWords names take no underscore.
    """
    for candidate in (name, *alternatives):
        if candidate not in taken:
            return candidate
    counter = 2
    while f"{name}{separator}{counter}" in taken:
        counter += 1
    return f"{name}{separator}{counter}"
