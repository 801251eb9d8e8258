"""Page defaults: a value of the field's type enters the spec; prose stays prose."""

from __future__ import annotations

from typing import Any

import pytest

from generator.transcribe.schemas import default_value
from generator.transcribe.types import ArrayOf, Scalar

STRING = Scalar("string")


@pytest.mark.parametrize(
    ("text", "type_expr", "schema", "expected"),
    [
        ("30", Scalar("integer"), {}, 30),
        ("true", Scalar("boolean"), {}, True),
        ("1.5.", Scalar("number"), {}, 1.5),
        ("HTTP", STRING, {"enum": ["HTTP", "TCP"]}, "HTTP"),
        ("v4", STRING, {}, "v4"),
        ("/", STRING, {}, "/"),
        ('"the default"', STRING, {}, "the default"),
        ("'0'", STRING, {}, "0"),
        ("HTTPS", ArrayOf(STRING), {"items": {"enum": ["HTTP", "HTTPS"]}}, "HTTPS"),
    ],
)
def test_values_of_the_fields_type_are_defaults(
    text: str, type_expr: Any, schema: dict[str, Any], expected: Any
) -> None:
    assert default_value(text, type_expr, schema) == expected


@pytest.mark.parametrize(
    ("text", "type_expr", "schema"),
    [
        ("Automatically generated", STRING, {}),
        ("the project ID", STRING, {}),
        ("${protocol}", STRING, {}),
        ("None", STRING, {}),
        ("N/A", STRING, {}),
        ("UDP", STRING, {"enum": ["HTTP", "TCP"]}),  # not one of the field's values
        ("thirty", Scalar("integer"), {}),
        ("yes", Scalar("boolean"), {}),
    ],
)
def test_prose_is_not_a_default(text: str, type_expr: Any, schema: dict[str, Any]) -> None:
    assert default_value(text, type_expr, schema) is None
