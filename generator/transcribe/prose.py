"""Enumerations written in prose, taken only where the sentence leaves no doubt.

"The value can be ACTIVE, PENDING_CREATE, or ERROR." is an enumeration; a sentence with any
other words around the list is not, and stays description text.
"""

from __future__ import annotations

import re

_TOKEN = r"[A-Za-z0-9_][\w.\-/:]*"
_LIST = rf"(?P<list>{_TOKEN}(?:\s*,\s*{_TOKEN})*(?:\s*,?\s+(?:or|and)\s+{_TOKEN}))"
_SENTENCE = re.compile(
    r"^(?:the\s+)?(?:value|values|options?|value\s+options?|valid\s+values?)\s+"
    r"(?:can\s+be|can\s+only\s+be|must\s+be|is|are|include|includes)\s*:?\s*(?:one\s+of\s*:?\s*)?"
    + _LIST
    + r"$",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"\s*,\s*(?:or\s+|and\s+)?|\s+or\s+|\s+and\s+")


def enumeration_in_prose(text: str) -> tuple[str, ...]:
    """The values of an unambiguous "The value can be A, B, or C." sentence, else ()."""
    for sentence in re.split(r"(?<=\.)\s+", text):
        match = _SENTENCE.fullmatch(sentence.strip().rstrip("."))
        if match:
            values = tuple(v for v in _SPLIT.split(match.group("list")) if v)
            if len(values) >= 2 and len(set(values)) == len(values):
                return values
    return ()
