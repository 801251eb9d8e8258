"""Range phrases (`The value can contain 1 to 256 characters.`) turned into JSON Schema keywords.

Only whole phrases the rules understand become constraints; anything else is returned as
unconvertible so the caller keeps the text and reports it instead of guessing.
"""

from __future__ import annotations

import re
from typing import Any

from generator.transcribe.types import ArrayOf, Scalar, TypeExpr

# At most 30 digits: a longer "number" is no bound a schema can use (it would become inf).
_N = r"(-?\d[\d,]{0,30}(?:\.\d{1,30})?)"
_TO = r"\s*(?:to|-|\u2013|~|and)\s*"  # \u2013: the en dash pages write in ranges
_SUBJECT = (
    r"(?:the\s+)?(?:value|length|string|name|parameter|list|array|it)?\s*"
    r"(?:can|must|may|should)?\s*(?:only\s+)?"
    r"(?:contain|contains|consist of|consists of|be|is|has|have|ranges?|range:|length:|"
    r"is a string of|must be|can be|value range:)?\s*(?:from|between|of)?\s*"
)
_CHARACTERS = re.compile(
    rf"{_SUBJECT}{_N}{_TO}{_N}\s+(?:characters?|chars?|bytes?)(?:\s+long|\s+in length)?", re.I
)
_MAX_CHARACTERS = re.compile(
    rf"{_SUBJECT}(?:a\s+)?(?:maximum of|max\.?|at most|up to|no more than)\s+{_N}\s+(?:characters?|chars?|bytes?)(?:\s+long)?",
    re.I,
)
_NUMBERS = re.compile(rf"{_SUBJECT}\[?{_N}(?:{_TO}|\s*,\s*){_N}\]?", re.I)
_ITEMS = re.compile(
    rf"{_SUBJECT}{_N}{_TO}{_N}\s+(?:elements?|items?|records?|entries|values?|members?)", re.I
)
_MAX_ITEMS = re.compile(
    rf"{_SUBJECT}(?:a\s+)?(?:maximum of|at most|up to|no more than)\s+{_N}\s+(?:elements?|items?|records?|entries|values?)",
    re.I,
)

Keywords = dict[str, Any]


def _number(text: str) -> int | float:
    cleaned = text.replace(",", "")
    return float(cleaned) if "." in cleaned else int(cleaned)


def _sentence(text: str) -> str:
    return " ".join(text.split()).rstrip(".;。 ").strip()


def range_keywords(text: str, type_expr: TypeExpr) -> Keywords | None:
    """Schema keywords for a range phrase on a value of `type_expr`, or None if it cannot be one."""
    phrase = _sentence(text)
    if isinstance(type_expr, Scalar):
        return _scalar_keywords(phrase, type_expr)
    if isinstance(type_expr, ArrayOf):
        if match := _ITEMS.fullmatch(phrase):
            return {"minItems": _number(match.group(1)), "maxItems": _number(match.group(2))}
        if match := _MAX_ITEMS.fullmatch(phrase):
            return {"maxItems": _number(match.group(1))}
        # A length phrase on a list of scalars constrains each item (the page's own convention).
        if isinstance(type_expr.items, Scalar):
            items = _scalar_keywords(phrase, type_expr.items)
            return {"items": items} if items else None
    return None


def _scalar_keywords(phrase: str, scalar: Scalar) -> Keywords | None:
    if scalar.json_type == "string":
        if match := _CHARACTERS.fullmatch(phrase):
            low, high = _number(match.group(1)), _number(match.group(2))
            if isinstance(low, int) and isinstance(high, int) and 0 <= low <= high:
                return {"minLength": low, "maxLength": high}
        if match := _MAX_CHARACTERS.fullmatch(phrase):
            return {"maxLength": _number(match.group(1))}
        return None
    if scalar.json_type in ("integer", "number") and (match := _NUMBERS.fullmatch(phrase)):
        low, high = _number(match.group(1)), _number(match.group(2))
        if low <= high and (
            scalar.json_type == "number" or (isinstance(low, int) and isinstance(high, int))
        ):
            return {"minimum": low, "maximum": high}
    return None


def limit_keywords(
    minimum: str | None, maximum: str | None, type_expr: TypeExpr
) -> Keywords | None:
    """Old-style `Minimum:`/`Maximum:` lines: lengths on strings, bounds on numbers."""
    target = type_expr.items if isinstance(type_expr, ArrayOf) else type_expr
    if not isinstance(target, Scalar) or target.json_type == "boolean":
        return None
    names = ("minLength", "maxLength") if target.json_type == "string" else ("minimum", "maximum")
    keywords: Keywords = {}
    for name, value in zip(names, (minimum, maximum), strict=True):
        if value is None:
            continue
        try:
            number = _number(value)
        except ValueError:
            return None
        if target.json_type == "string" and (not isinstance(number, int) or number < 0):
            return None
        keywords[name] = number
    if not keywords:
        return None
    return {"items": keywords} if target is not type_expr else keywords
