"""The Type column: `String`, `Array of VpcAndSubNet objects`, `Map<String,String>`… as values.

Parsing the column into a small expression first keeps the schema rules (and the range rules,
which depend on the type) independent of the many ways pages spell a type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Scalar:
    """A JSON scalar with an optional OpenAPI format (`int64` for `Long`)."""

    json_type: str
    format: str | None = None


@dataclass(frozen=True)
class ObjectRef:
    """`<Name> object`: the page's table titled `<Name>`."""

    name: str


@dataclass(frozen=True)
class FreeObject:
    """`Object` without a named table: resolved later from a `<param> parameter description` table."""


@dataclass(frozen=True)
class ArrayOf:
    """`Array of …`; `items` is None when the page writes only `Array`."""

    items: TypeExpr | None


@dataclass(frozen=True)
class MapOf:
    """`Map<String,V>`: a JSON object with string keys and values of one type."""

    values: TypeExpr


@dataclass(frozen=True)
class OneOf:
    """`Integer/Boolean`: a value of either type."""

    options: tuple[TypeExpr, ...]


@dataclass(frozen=True)
class Loose:
    """A Type cell no rule reads (`text`, quoted in a finding), typed as loosely as its words
    allow: `kind` is "array" (an array of anything), "object" (an open object) or "any"."""

    text: str
    kind: str


TypeExpr = Scalar | ObjectRef | FreeObject | ArrayOf | MapOf | OneOf | Loose

_SCALARS: dict[str, Scalar] = {
    "string": Scalar("string"),
    "str": Scalar("string"),
    "integer": Scalar("integer", "int32"),
    "int": Scalar("integer", "int32"),
    "int32": Scalar("integer", "int32"),
    "long": Scalar("integer", "int64"),
    "int64": Scalar("integer", "int64"),
    "float": Scalar("number", "float"),
    "double": Scalar("number", "double"),
    "number": Scalar("number"),
    "bigdecimal": Scalar("number"),
    "boolean": Scalar("boolean"),
    "bool": Scalar("boolean"),
}

_PLURALS: dict[str, TypeExpr] = {
    "strings": _SCALARS["string"],
    "integers": _SCALARS["integer"],
    "longs": _SCALARS["long"],
    "floats": _SCALARS["float"],
    "doubles": _SCALARS["double"],
    "numbers": _SCALARS["number"],
    "booleans": _SCALARS["boolean"],
    "objects": FreeObject(),
}

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
# `VpcAndSubNet object`, and the older pages' spellings: words (`Security Group Rule objects`),
# an attribute with a namespace (`binding:vif_details object`), `Object` capitalised.
_NAMED_OBJECT = re.compile(rf"^({_NAME}(?::{_NAME})?(?: {_NAME}){{0,3}}) (?:objects?|Objects?)$")
_ARRAY_OF = re.compile(r"^(?:array|list) of (.+)$", re.IGNORECASE)
_GENERIC = re.compile(r"^(array|list|map|set)\s*<(.*)>$", re.IGNORECASE)
_BARE_NAME = re.compile(rf"^{_NAME}$")


class UnknownTypeError(ValueError):
    """The column holds something no rule recognises; the caller names the table and row."""


# Real pages nest types two or three deep (`Map<String,Array<String>>`); deeper is not a type.
_MAX_DEPTH = 8


def parse_type(text: str) -> TypeExpr:
    """Parse a Type cell; raises `UnknownTypeError` rather than guessing."""
    return _parse(" ".join(text.split()), top_level=True)


def loose_type(text: str) -> Loose:
    """What an unreadable Type cell still says: a list (`Array…`, `List…`, `[]`), an object
    (`…object…`, `dict`, `map`, `{…}`), or nothing."""
    words = " ".join(text.split())
    lowered = words.casefold()
    if re.match(r"^(array|list|set)\b", lowered) or lowered.endswith("[]"):
        return Loose(words, "array")
    if re.search(r"\b(objects?|dict|map|json)\b", lowered) or lowered.startswith("{"):
        return Loose(words, "object")
    return Loose(words, "any")


def is_type(text: str) -> bool:
    """True when `text` is a recognisable Type cell (used to find row starts in copied text)."""
    try:
        parse_type(text)
    except UnknownTypeError:
        return False
    return True


def _parse(text: str, *, top_level: bool, depth: int = 0) -> TypeExpr:
    if depth > _MAX_DEPTH:
        raise UnknownTypeError(text)
    lowered = text.casefold()
    if lowered in _SCALARS:
        return _SCALARS[lowered]
    if lowered in ("object", "json", "dict"):
        return FreeObject()
    if lowered in ("array", "list"):
        return ArrayOf(None)
    if "/" in text and "<" not in text:
        return OneOf(
            tuple(
                _parse(part.strip(), top_level=top_level, depth=depth + 1)
                for part in text.split("/")
            )
        )
    if match := _ARRAY_OF.match(text):
        return ArrayOf(_parse_item(match.group(1).strip(), depth + 1))
    if match := _NAMED_OBJECT.match(text):
        return ObjectRef(match.group(1))
    if match := _GENERIC.match(text):
        return _parse_generic(match.group(1).casefold(), match.group(2), text, depth + 1)
    if not top_level and _BARE_NAME.match(text):
        return ObjectRef(text)
    raise UnknownTypeError(text)


def _parse_item(text: str, depth: int) -> TypeExpr:
    """The part after `Array of`: a plural (`strings`), `<Name> objects`, or a nested type."""
    lowered = text.casefold()
    if lowered in _PLURALS:
        return _PLURALS[lowered]
    return _parse(text, top_level=False, depth=depth)


def _parse_generic(kind: str, inner: str, whole: str, depth: int) -> TypeExpr:
    args = _split_arguments(inner)
    if kind in ("array", "list", "set") and len(args) == 1:
        return ArrayOf(_parse(args[0], top_level=False, depth=depth))
    if kind == "map" and len(args) == 2 and args[0].casefold() in ("string", "str"):
        return MapOf(_parse(args[1], top_level=False, depth=depth))
    raise UnknownTypeError(whole)


def _split_arguments(inner: str) -> list[str]:
    """Split `String,Array<String>` at top-level commas only."""
    parts: list[str] = []
    depth = 0
    current = ""
    for char in inner:
        if char == "<":
            depth += 1
        elif char == ">":
            depth -= 1
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    parts.append(current.strip())
    return parts
