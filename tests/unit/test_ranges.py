"""Range phrases become constraints only when a rule understands the whole phrase."""

from __future__ import annotations

from typing import Any

import pytest

from generator.transcribe.ranges import limit_keywords, range_keywords
from generator.transcribe.types import ArrayOf, ObjectRef, Scalar, TypeExpr

STRING = Scalar("string")
INTEGER = Scalar("integer", "int32")


@pytest.mark.parametrize(
    ("text", "type_expr", "expected"),
    [
        ("The value can contain 1 to 256 characters.", STRING, {"minLength": 1, "maxLength": 256}),
        (
            "The value can contain 1 to 32,768 characters.",
            STRING,
            {"minLength": 1, "maxLength": 32768},
        ),
        ("The value contains 0 to 64 characters", STRING, {"minLength": 0, "maxLength": 64}),
        ("1\u201364 characters", STRING, {"minLength": 1, "maxLength": 64}),
        ("The value can contain a maximum of 255 characters.", STRING, {"maxLength": 255}),
        ("The value ranges from 0 to 100.", INTEGER, {"minimum": 0, "maximum": 100}),
        ("Value range: 1-65535", INTEGER, {"minimum": 1, "maximum": 65535}),
        ("[1, 10]", INTEGER, {"minimum": 1, "maximum": 10}),
        ("The value ranges from -1 to 1.5.", Scalar("number"), {"minimum": -1, "maximum": 1.5}),
        (
            "The value can contain 1 to 256 characters.",
            ArrayOf(STRING),
            {"items": {"minLength": 1, "maxLength": 256}},
        ),
        (
            "The list can contain 1 to 20 elements.",
            ArrayOf(STRING),
            {"minItems": 1, "maxItems": 20},
        ),
        (
            "The value ranges from 1 to 3.",
            ArrayOf(INTEGER),
            {"items": {"minimum": 1, "maximum": 3}},
        ),
    ],
)
def test_range_phrases_become_keywords(
    text: str, type_expr: TypeExpr, expected: dict[str, Any]
) -> None:
    assert range_keywords(text, type_expr) == expected


@pytest.mark.parametrize(
    ("text", "type_expr"),
    [
        # A character count on a list of objects has no JSON Schema meaning.
        ("The value can contain 1 to 256 characters.", ArrayOf(ObjectRef("VpcAndSubNet"))),
        # Extra conditions beyond the numbers must not be dropped by a partial match.
        ("The value can contain 1 to 64 characters, including only letters.", STRING),
        ("The value ranges from 10 to 1.", INTEGER),
        ("The value can contain 1 to 256 characters.", INTEGER),
        ("Only letters and digits are allowed.", STRING),
        ("The value ranges from 1 to 100.", Scalar("boolean")),
    ],
)
def test_phrases_no_rule_understands_are_not_converted(text: str, type_expr: TypeExpr) -> None:
    assert range_keywords(text, type_expr) is None


def test_old_style_limits_are_lengths_on_strings_and_bounds_on_numbers() -> None:
    assert limit_keywords("1", "255", STRING) == {"minLength": 1, "maxLength": 255}
    assert limit_keywords("0", "100", INTEGER) == {"minimum": 0, "maximum": 100}
    assert limit_keywords(None, "36", ArrayOf(STRING)) == {"items": {"maxLength": 36}}
    assert limit_keywords("1", "2", ObjectRef("X")) is None
