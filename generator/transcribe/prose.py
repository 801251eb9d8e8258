"""Enumerations written in prose, taken only where the text leaves no doubt.

Requests validate an enumeration strictly, so a wrong one refuses valid requests: a list is
taken only in two shapes, and the rest of the cell must agree with it.

- A sentence: "The value can be ACTIVE, PENDING_CREATE, or ERROR.", "Value options: HTTP,
  HTTPS". Values may carry glosses, "ROUND_ROBIN (weighted round robin)", if every value does;
  "(default)" may mark one; ", and the default value is X" may follow when X is listed.
- An intro line ending with ':' that announces values or options ("The value can be one of
  the following:", "Value options:"), then item lines, each one value token, optionally
  followed by "(…)" and/or ": explanation", maybe after a bullet ('-', '•'). The list ends at
  the first line that is not an item.

A cell that lists values but leaves a doubt gives a `Doubt` instead, for the caller to report:
lists under a condition ("When type is set to PATH, the value can be one of the following:"),
several lists, an intro followed by no values ("A single value, such as 200"), a one-word line
ending the list that is no value ("${protocol}"), one value only, an open list ("etc."), a
remark on the list ("(case-insensitive)"), two lists that differ, or a value that the rest of
the cell names for the field ("If type is set to METHOD…") and the list lacks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

# One value as pages write it: letters, digits and `_ . - / + *` (a dot only inside), with a
# letter or digit in it.
_CHARS = r"[A-Za-z0-9_\-/+*]"
_VALUE = rf"{_CHARS}+(?:\.{_CHARS}+)*"
_ALNUM = re.compile(r"[A-Za-z0-9]")
_BULLET = r"(?:[-\u2022\u00b7\u25e6\u25aa]\s+)?"  # -, •, ·, ◦, ▪
_COLON = ("\uff1a", ":")  # the full-width colon of translated pages, and ':'
_ITEM = re.compile(
    rf"{_BULLET}(?P<value>{_VALUE})\.?(?:\s*\((?P<gloss>[^()]*)\))?"
    r"(?:\s*(?::\s+|\uff1a\s*)(?P<explanation>\S.*))?"
)
_GLOSSED = re.compile(rf"(?P<value>{_VALUE})(?:\s*\((?P<gloss>[^()]*)\))?")
_SEPARATOR = re.compile(
    r"\s*,\s*(?:(?P<comma_conjunction>or|and)\s+)?|\s+(?P<conjunction>or|and)\s+"
)
# Words that lead a line like a value but label a note ("NOTE: …", "Example: 200").
_NOTE_LABELS = frozenset(
    {
        "caution",
        "constraint",
        "constraints",
        "default",
        "definition",
        "example",
        "examples",
        "format",
        "important",
        "maximum",
        "minimum",
        "note",
        "notes",
        "range",
        "remark",
        "remarks",
        "tip",
        "unit",
        "warning",
    }
)
_OPEN = frozenset({"etc", "etc.", "..."})
_SENTENCES = re.compile(r"(?<=[.!?])\s+")

# Intro lines. Values or options among the sentence's first words ("The value can be one of
# the following:", "Value options:", "The following options are available:"), or "one of the
# following" / "the following values".
_ANNOUNCES = re.compile(
    r"^(?:\S+\s+){0,3}?(?:values?|options?|enumerations?)\b"
    r"|\bone\s+of\s+the\s+following\b|\bthe\s+following\s+(?:values?|options?)\b",
    re.IGNORECASE,
)
# Examples and recommendations are no closed list.
_NOT_CLOSED = re.compile(
    r"\b(?:examples?|e\.g|such\s+as|for\s+instance|including|common(?:ly)?|typical(?:ly)?"
    r"|recommended|suggested|some|usual(?:ly)?)\b",
    re.IGNORECASE,
)
_CONDITIONAL = re.compile(
    r"^(?:when|if|for|in|unless|depending)\b|\b(?:vary|varies|depends?|depending)\b",
    re.IGNORECASE,
)
_CONDITIONAL_VALUES = re.compile(
    r"\b(?:values?|options?|one\s+of\s+the\s+following|can\s+(?:only\s+)?be)\b", re.IGNORECASE
)
_RANGES = re.compile(r"\branges?\b", re.IGNORECASE)
# "The value of type can be:" lists another field's values.
_OF_ANOTHER = re.compile(r"\bvalues?\s+of\s+(?!this\b|the\s+parameter\b)(?P<field>[\w.\-]+)", re.I)

# Sentences. The words before the list say it is the field's list of values.
_QUALIFIER = r"(?:(?:valid|optional|possible|available|supported|allowed)\s+)?"
_SENTENCE_HEAD = re.compile(
    rf"(?:the\s+)?{_QUALIFIER}(?:value|values|options?|value\s+options?)\s+"
    r"(?:can\s+be|can\s+only\s+be|must\s+be|is|are|include|includes)\s*(?P<after>:)?\s*"
    r"(?:one\s+of\s*:?\s*)?"
    rf"|(?:the\s+)?{_QUALIFIER}(?:values|options?|value\s+options?|enumeration\s+values?)"
    r"\s*(?P<colon>:)\s*",
    re.IGNORECASE,
)
_DEFAULT_CLAUSE = re.compile(
    rf"\s*,?\s*and\s+(?:(?:the|its)\s+default\s+value\s+is|defaults\s+to)\s+(?P<value>{_VALUE})$",
    re.IGNORECASE,
)
_DEFAULT_MARK = re.compile(r"default(?:\s+value)?", re.IGNORECASE)
_CASE_REMARK = re.compile(
    r"case[-\s]insensitive|not\s+case[-\s]sensitive|regardless\s+of\s+(?:the\s+)?case"
    r"|ignor(?:es|ing)\s+case",
    re.IGNORECASE,
)

# Values the cell names for the field outside its list: "the value can only be X", "this
# parameter can be set to X", "<name> is set to X". Not "The default value is X".
_GENERIC_SUBJECT = (
    r"(?<!default\s)(?<![\w-])(?:(?:the|its)\s+)?(?:parameter\s+)?value"
    r"(?:\s+of\s+(?:this|the)\s+parameter)?\s+(?:is|is\s+set\s+to|can\s+(?:only\s+)?be"
    r"(?:\s+set\s+to)?|must\s+be)\s+"
    r"|(?<![\w-])this\s+parameter\s+(?:is|can\s+(?:only\s+)?be)\s+set\s+to\s+"
)
_CLAUSE_END = re.compile(r"\s*(?:[,.;:)]|$)|\s+(?:or|and)\s")
_NO_VALUE = frozenset({"null", "none", "empty", "n/a", "na"})
# Words that follow "the value is" as a property, not a value ("The value is case-sensitive.").
_PROPERTIES = frozenset(
    {
        "blank",
        "case-sensitive",
        "configurable",
        "fixed",
        "ignored",
        "invalid",
        "mandatory",
        "modifiable",
        "optional",
        "required",
        "reserved",
        "supported",
        "unique",
        "unsupported",
        "valid",
        "variable",
    }
)
_QUOTE_LIMIT = 160


@dataclass(frozen=True)
class Doubt:
    """Why values a cell lists were not taken: `intro` is the line quoted, `reason` says why."""

    intro: str
    reason: str

    def __str__(self) -> str:
        intro = " ".join(self.intro.split())
        if len(intro) > _QUOTE_LIMIT:
            intro = intro[: _QUOTE_LIMIT - 1] + "\u2026"
        return f'"{intro}": {self.reason}'


@dataclass(frozen=True)
class ProseEnumeration:
    """What a cell's prose says about its field's values: an enumeration, a doubt, or neither."""

    values: tuple[str, ...] = ()
    doubt: Doubt | None = None


class _Item(NamedTuple):
    value: str
    gloss: str | None


class _Listing(NamedTuple):
    """An intro line and the item lines after it; `end` is the line that ended the list."""

    intro: str
    conditional: bool
    ranges: bool
    items: tuple[_Item, ...]
    end: str | None


class _Sentence(NamedTuple):
    """A sentence listing values; `remark` says why the list is doubtful, if it is."""

    text: str
    values: tuple[str, ...]
    remark: str | None


def enumeration_in_prose(text: str) -> tuple[str, ...]:
    """The values of an unambiguous "The value can be A, B, or C." sentence, else ()."""
    return read_enumeration((text,)).values


def read_enumeration(lines: Sequence[str], name: str = "") -> ProseEnumeration:
    """The values the lines of a Description cell list for the field `name`, or why not."""
    lines = [line.strip() for line in lines if line.strip()]
    listings, listed = _listings(lines, name)
    outside = [line for index, line in enumerate(lines) if index not in listed]
    from_lines = _listed_values(listings)
    if isinstance(from_lines, Doubt):
        return ProseEnumeration(doubt=from_lines)
    found, intro = from_lines or ((), "")
    for sentence in (s for line in outside for s in _sentence_lists(line)):
        if sentence.remark is not None:
            return ProseEnumeration(doubt=Doubt(sentence.text, sentence.remark))
        if not found:
            found, intro = sentence.values, sentence.text
        elif set(sentence.values) != set(found):
            return _doubt(intro, f"another sentence lists other values ({sentence.text})")
    if not found:
        return ProseEnumeration()
    if any(_CASE_REMARK.search(line) for line in outside):
        return _doubt(intro, "the text says the values are case-insensitive")
    named = [v for line in outside for v in _named_for(line, name)]
    others = [v for v in dict.fromkeys(named) if v not in found and _like(v, found)]
    if others:
        return _doubt(intro, f"the text also names {', '.join(others)}, which the list lacks")
    return ProseEnumeration(values=found)


def values_listed(lines: Sequence[str]) -> tuple[str, ...]:
    """The values of lines that are nothing but a list (an intro line may lead), else ().

    For a block whose only job is to give the values, such as a new-style page's Range.
    """
    lines = [line.strip() for line in lines if line.strip()]
    if lines and _intro_kind(lines[0], "") == "intro":
        lines = lines[1:]
    items = [_item(line) for line in lines]
    if any(item is None for item in items):
        return ()
    found = [item for item in items if item is not None]
    values = tuple(dict.fromkeys(item.value for item in found))
    if len(values) < 2 or _list_remark(found) is not None:
        return ()
    return values


def _doubt(intro: str, reason: str) -> ProseEnumeration:
    return ProseEnumeration(doubt=Doubt(intro, reason))


def _split(line: str) -> list[str]:
    return [s.strip() for s in _SENTENCES.split(line) if s.strip()]


# -- intro lines and item lines ------------------------------------------------------------
def _listings(lines: list[str], name: str) -> tuple[list[_Listing], set[int]]:
    """Every intro line with the item lines after it, and the indexes of all item lines."""
    listings: list[_Listing] = []
    listed: set[int] = set()
    index = 0
    while index < len(lines):
        kind = _intro_kind(lines[index], name)
        if kind is None:
            index += 1
            continue
        items: list[_Item] = []
        position = index + 1
        while position < len(lines) and (item := _item(lines[position])) is not None:
            items.append(item)
            listed.add(position)
            position += 1
        listings.append(
            _Listing(
                intro=lines[index],
                conditional=kind == "conditional",
                ranges=bool(_RANGES.search(_split(lines[index])[-1])),
                items=tuple(items),
                end=lines[position] if position < len(lines) else None,
            )
        )
        index = position
    return listings, listed


def _listed_values(listings: list[_Listing]) -> tuple[tuple[str, ...], str] | Doubt | None:
    """The values of the cell's one list of item lines and its intro, a doubt, or None."""
    if not listings:
        return None
    intro = listings[0].intro
    with_items = [listing for listing in listings if listing.items]
    if any(listing.conditional for listing in with_items):
        return Doubt(intro, "the values listed depend on a condition")
    if len(with_items) > 1:
        return Doubt(intro, "several lists of values follow")
    if not with_items:
        # An intro to ranges ("Optional value ranges are as follows:") or to conditions lists
        # no values; any other intro should have.
        if listings[0].ranges or listings[0].conditional:
            return None
        return Doubt(intro, "not followed by a list of values (one value per line)")
    listing = with_items[0]
    if listing.end is not None and _looks_like_a_value(listing.end):
        return Doubt(listing.intro, f"'{listing.end}' ends the list but is no plain value")
    values = tuple(dict.fromkeys(item.value for item in listing.items))
    if len(values) < 2:
        return Doubt(listing.intro, f"only one value is listed ({values[0]})")
    if (remark := _list_remark(listing.items)) is not None:
        return Doubt(listing.intro, remark)
    return values, listing.intro


def _intro_kind(line: str, name: str) -> Literal["intro", "conditional"] | None:
    """Whether a line ending with ':' announces the field's values, maybe under a condition."""
    if not line.endswith(_COLON):
        return None
    sentence = _split(line)[-1]
    if _NOT_CLOSED.search(sentence):
        return None
    other = _OF_ANOTHER.search(sentence)
    if other is not None and other.group("field") != name:
        return None
    if _CONDITIONAL.search(sentence) and _CONDITIONAL_VALUES.search(sentence):
        return "conditional"
    if _ANNOUNCES.search(sentence):
        return "intro"
    return None


def _item(line: str) -> _Item | None:
    match = _ITEM.fullmatch(line)
    if match is None:
        return None
    value = match.group("value")
    if not _ALNUM.search(value) or value.casefold() in _NOTE_LABELS:
        return None
    return _Item(value, match.group("gloss"))


def _looks_like_a_value(line: str) -> bool:
    """A line of one word that no item rule read: `${protocol}`, `a;b=c`."""
    return (
        len(line.split()) == 1
        and not line.endswith(_COLON)
        and line.rstrip(".").casefold() not in _NOTE_LABELS
    )


def _list_remark(items: Sequence[_Item]) -> str | None:
    """Why the glosses or values make a list doubtful, or None."""
    if any(item.value.casefold() in _OPEN for item in items):
        return "the list is open (etc.)"
    glosses = [item.gloss for item in items]
    if any(_CASE_REMARK.search(g or "") for g in glosses):
        return "a remark says the values are case-insensitive"
    return None


# -- sentences -----------------------------------------------------------------------------
def _sentence_lists(line: str) -> list[_Sentence]:
    return [found for s in _split(line) if (found := _sentence_list(s)) is not None]


def _sentence_list(sentence: str) -> _Sentence | None:
    text = sentence.rstrip(".").strip()
    head = _SENTENCE_HEAD.match(text)
    if head is None:
        return None
    rest = text[head.end() :]
    default = None
    if clause := _DEFAULT_CLAUSE.search(rest):
        default = clause.group("value")
        rest = rest[: clause.start()]
    colon = head.group("colon") or head.group("after")
    items = _glossed_items(rest, needs_conjunction=not colon)
    if items is None:
        return None
    values = tuple(item.value for item in items)
    if len(values) < 2 or len(set(values)) != len(values):
        return None
    if default is not None and default not in values:
        return None
    return _Sentence(sentence, values, _list_remark(items) or _gloss_remark(items))


def _glossed_items(text: str, *, needs_conjunction: bool) -> list[_Item] | None:
    """`A (x), B (y), or C (z)` as items, or None unless the whole text is such a list."""
    items: list[_Item] = []
    position = 0
    conjunction = False
    while True:
        match = _GLOSSED.match(text, position)
        if match is None or not _ALNUM.search(match.group("value")):
            return None
        items.append(_Item(match.group("value"), match.group("gloss")))
        position = match.end()
        if position == len(text):
            break
        separator = _SEPARATOR.match(text, position)
        if separator is None or separator.end() == position:
            return None
        conjunction = bool(separator.group("comma_conjunction") or separator.group("conjunction"))
        position = separator.end()
    if needs_conjunction and len(items) > 1 and not conjunction:
        return None
    return items


def _gloss_remark(items: list[_Item]) -> str | None:
    """A gloss on some values only is a remark on the list ("HTTP or TCP (case-insensitive)")."""
    glosses = [item.gloss for item in items]
    remarks = [g for g in glosses if g is not None and not _DEFAULT_MARK.fullmatch(g.strip())]
    if remarks and any(g is None for g in glosses):
        return f"the remark ({remarks[-1]}) is not a gloss on every value"
    return None


# -- values named outside the list ---------------------------------------------------------
def _named_for(line: str, name: str) -> list[str]:
    """Values a line names for the field: "the value can only be 5_gray", "type is set to X"."""
    subject = _GENERIC_SUBJECT
    if name and re.fullmatch(r"[\w.\-]+", name):
        subject += rf"|(?<![\w.-]){re.escape(name)}\s+(?:is\s+set\s+to|is|=)\s+"
    found: list[str] = []
    for match in re.finditer(subject, line, re.IGNORECASE):
        found += [v for v in _clause_values(line, match.end()) if v.casefold() not in _NO_VALUE]
    return found


def _clause_values(text: str, position: int) -> list[str]:
    """The values of a list at `position` that ends where its clause ends ("X, Y, or Z,"),
    or [] when words follow the first value ("left blank", "automatically generated")."""
    values: list[str] = []
    while True:
        match = _GLOSSED.match(text, position)
        if match is None or not _ALNUM.search(match.group("value")):
            return values
        if _CLAUSE_END.match(text, match.end()) is None:
            return values
        values.append(match.group("value"))
        separator = _SEPARATOR.match(text, match.end())
        if separator is None or separator.end() == match.end():
            return values
        position = separator.end()


def _like(value: str, listed: tuple[str, ...]) -> bool:
    """Whether a value named in the text could be one the list lacks: a list written in
    capitals (HOST_NAME, PATH) does not lack "unique", and no list lacks a property word."""
    if value.casefold() in _PROPERTIES:
        return False
    if not any(c.islower() for v in listed for c in v):
        return not any(c.islower() for c in value)
    return True
