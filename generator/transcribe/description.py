"""The Description cell: its labelled blocks (Definition, Constraints, Range, Default Value)
or, on older pages, free text with `Minimum:`/`Maximum:`/`Enumeration values:`/`Default:` lines.

The definition keeps its lines (`definition_lines`): values listed in prose, one per line,
are read from them (`generator.transcribe.prose`). A Range block that is nothing but a list of
values ("zh-cn: Chinese environment", "en-us: English environment") is the enumeration.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.transcribe.prose import values_listed

_LABELS = {
    "definition": "definition",
    "constraints": "constraints",
    "constraint": "constraints",
    "range": "range",
    "value range": "range",
    "values": "range",
    "default value": "default",
    "default": "default",
}
_NOTHING = frozenset({"n/a", "na", "none", "-", "null"})
_MINIMUM = re.compile(r"^minimum\s*:\s*(-?[\d,.]+)$", re.IGNORECASE)
_MAXIMUM = re.compile(r"^maximum\s*:\s*(-?[\d,.]+)$", re.IGNORECASE)
_ENUM_HEAD = re.compile(r"^enumeration values?\s*:?\s*(.*)$", re.IGNORECASE)
_DEFAULT_LINE = re.compile(r"^default(?: value)?\s*:\s*(.+)$", re.IGNORECASE)
_ENUM_VALUE = re.compile(r"^[\w.\-:/+@]+$")


@dataclass(frozen=True)
class Description:
    """What one Description cell says, split by meaning; absent parts are None or empty."""

    definition: str
    constraints: str | None = None
    range: str | None = None
    default: str | None = None
    minimum: str | None = None
    maximum: str | None = None
    enumeration: tuple[str, ...] = ()
    definition_lines: tuple[str, ...] = ()


# Older pages state a constraint as a sentence of the description ("The value can contain no
# more than 64 characters.", "The value ranges from 0 to 65535."): a sentence about the value
# that names a number and a bound.
_PROSE_RANGE = re.compile(
    r"^(?:the\s+(?:value|length)\b|value\s+range\b).*?\d.*?\b("
    r"characters?|bytes?|ranges?|from|to|maximum|minimum|no more than|up to|at most)\b",
    re.IGNORECASE,
)
# What may follow the bound in the same sentence without changing it: the characters allowed,
# or the default value.
_TRAILING_CLAUSE = re.compile(
    r"(?:,\s*|\s+)(?:and\s+)?(?:including|that|which|cannot contain|can contain only|can only contain|"
    r"the default value is|defaults? to)\b.*$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.;])\s+(?=[A-Z])")


def bound_head(sentence: str) -> str:
    """A bound's sentence without a trailing clause that leaves the bound as it is
    ("…64 characters, including letters and digits" → "…64 characters")."""
    return _TRAILING_CLAUSE.sub("", sentence.strip()).rstrip(".;, ")


def prose_range(lines: list[str]) -> str | None:
    """The first sentence of `lines` that states a bound on the value, without a trailing
    clause that leaves the bound as it is; None if no sentence does."""
    for line in lines:
        for sentence in _SENTENCE_END.split(line):
            if _PROSE_RANGE.match(sentence):
                return bound_head(sentence)
    return None


def parse_description(lines: tuple[str, ...]) -> Description:
    """Split a cell's lines into definition, constraints, range, default and old-style limits."""
    blocks: dict[str, list[str]] = {"definition": []}
    current = "definition"
    minimum = maximum = default_line = None
    enumeration: list[str] = []
    in_enumeration = False
    for line in lines:
        label = _LABELS.get(line.rstrip(":").strip().casefold())
        if label is not None:
            current = label
            blocks.setdefault(current, [])
            in_enumeration = False
            continue
        if match := _MINIMUM.match(line):
            minimum = match.group(1)
            continue
        if match := _MAXIMUM.match(line):
            maximum = match.group(1)
            continue
        if match := _ENUM_HEAD.match(line):
            in_enumeration = True
            enumeration.extend(_split_values(match.group(1)))
            continue
        if in_enumeration:
            if _ENUM_VALUE.match(line.lstrip("-• ")):
                enumeration.append(line.lstrip("-• "))
                continue
            in_enumeration = False
        if current == "definition" and (match := _DEFAULT_LINE.match(line)):
            default_line = match.group(1)
            continue
        blocks[current].append(line)
    range_text = _meaningful(blocks.get("range"))
    if range_text is not None and not enumeration:
        listed = values_listed(blocks["range"])
        if listed:
            enumeration, range_text = list(listed), None
    if range_text is None and "range" not in blocks:
        range_text = prose_range(blocks["definition"] + blocks.get("constraints", []))
    return Description(
        definition=" ".join(blocks["definition"]).strip(),
        constraints=_meaningful(blocks.get("constraints")),
        range=range_text,
        default=_meaningful(blocks.get("default"))
        or _meaningful([default_line] if default_line else None),
        minimum=minimum,
        maximum=maximum,
        enumeration=tuple(enumeration),
        definition_lines=tuple(blocks["definition"]),
    )


def _split_values(text: str) -> list[str]:
    return [v.strip() for v in re.split(r"[,;]", text) if v.strip()]


def _meaningful(lines: list[str] | None) -> str | None:
    """The block's text, or None when the page says N/A (or nothing)."""
    if not lines:
        return None
    text = " ".join(lines).strip()
    return None if text.casefold().rstrip(".") in _NOTHING else text
