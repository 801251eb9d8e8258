"""Python type expressions as the models builder assembles them.

A schema's type is a union of members (`Member`), each with the `Field` constraints that apply
to it alone, and whether null is allowed (`TypeExpr`). Class references inside an expression
travel between NUL marks (`class_ref`) until the module's order is known, then are spelled bare
or quoted (`unmark`), or through `_models.` for the client modules (`for_client`). Enumerations'
values become `Literal`s here too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from generator.literals import pyliteral

# The same types in the client module, which imports `datetime` (not pydantic).
_CLIENT_SPELLINGS = (("AwareDatetime", "datetime.datetime"), ("_dt.", "datetime."))
# Class references travel between NUL marks until the module's order is known: a root model's
# type is evaluated when its class is created, so a class defined later must be quoted there.
# `repr` never leaves a raw NUL in a literal, so the marks cannot come from spec text.
CLASS_MARK = re.compile("\x00([A-Za-z_][A-Za-z0-9_]*)\x00")


def class_ref(name: str) -> str:
    return f"\x00{name}\x00"


def unmark(text: str, quote: frozenset[str] = frozenset()) -> str:
    """`text` with class references spelled: bare, or quoted for the names in `quote`."""

    def spell(match: re.Match[str]) -> str:
        name = match.group(1)
        return f'"{name}"' if name in quote else name

    return CLASS_MARK.sub(spell, text)


def field_arguments(arguments: tuple[tuple[str, Any], ...]) -> str:
    """`Field(...)` keyword arguments: `name=literal`, comma-separated."""
    return ", ".join(f"{name}={pyliteral(value)}" for name, value in arguments)


@dataclass(frozen=True)
class Member:
    """One member of a type union, with the `Field` constraints that apply to it alone."""

    expr: str
    constraints: tuple[tuple[str, Any], ...] = ()

    @property
    def spelled(self) -> str:
        if not self.constraints:
            return self.expr
        return f"Annotated[{self.expr}, Field({field_arguments(self.constraints)})]"


@dataclass(frozen=True)
class TypeExpr:
    """A schema as Python sees it: the union of its members, and whether null is allowed."""

    members: tuple[Member, ...] = ()
    nullable: bool = False

    def union(self, other: TypeExpr) -> TypeExpr:
        seen = {m.spelled for m in self.members}
        extra = tuple(m for m in other.members if m.spelled not in seen)
        return TypeExpr(self.members + extra, self.nullable or other.nullable)

    @property
    def single(self) -> Member | None:
        return self.members[0] if len(self.members) == 1 else None

    @property
    def embedded(self) -> str:
        """The type with every constraint inside it (for list items, map values, unions)."""
        if any(m.expr == "Any" for m in self.members):
            return "Any"
        spelled = " | ".join(m.spelled for m in self.members)
        if self.nullable:
            return f"{spelled} | None" if spelled else "None"
        return spelled or "Any"


ANY = TypeExpr((Member("Any"),))


def for_client(spelled: str) -> str:
    """A type as the client modules spell it: classes through `_models`, the standard
    `datetime` module (they import neither `_dt` nor pydantic)."""
    for models_spelling, client_spelling in _CLIENT_SPELLINGS:
        spelled = spelled.replace(models_spelling, client_spelling)
    return CLASS_MARK.sub(lambda m: f"_models.{m.group(1)}", spelled)


def root_parameter(typed: TypeExpr, later: frozenset[str]) -> str:
    """A root model's type parameter, evaluated when its class is created.

    Constraints stay on the `root` field. Classes not defined yet are quoted; `"A" | None`
    would fail at runtime, so a union that quotes one is spelled `Union[...]`.
    """
    single = typed.single
    if single is not None and single.constraints:
        members = [single.expr]
    else:
        members = [m.spelled for m in typed.members] or ["Any"]
    if any(m == "Any" for m in members):
        members = ["Any"]
    if typed.nullable and members != ["Any"]:
        members.append("None")
    spelled = [unmark(m, later) for m in members]
    if later and len(spelled) > 1:
        return f"Union[{', '.join(spelled)}]"
    return " | ".join(spelled)


def distinct(values: Any) -> list[Any]:
    """Values without repeats; `1` and `True` stay apart (Python counts them equal)."""
    seen: set[tuple[str, str]] = set()
    result = []
    for value in values:
        key = (type(value).__name__, pyliteral(value) if is_scalar(value) else repr(value))
        if key not in seen:
            seen.add(key)
            result.append(value)
    return result


def is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, bool | int | float | str)


def is_value_set(values: list[Any]) -> bool:
    """An enumeration of scalars (null aside): it becomes a named `Literal`."""
    present = [v for v in values if v is not None]
    return bool(present) and all(is_scalar(v) for v in present)


def literal_type(values: list[Any]) -> TypeExpr:
    present = distinct(v for v in values if v is not None)
    nullable = any(v is None for v in values)
    if not present:
        return TypeExpr(nullable=nullable) if nullable else ANY
    if not all(is_scalar(v) for v in present):
        return TypeExpr((Member("Any"),), nullable)
    return TypeExpr((Member(f"Literal[{', '.join(pyliteral(v) for v in present)}]"),), nullable)
