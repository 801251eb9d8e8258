"""The Type column grammar."""

from __future__ import annotations

import pytest

from generator.transcribe.types import (
    ArrayOf,
    FreeObject,
    MapOf,
    ObjectRef,
    OneOf,
    Scalar,
    TypeExpr,
    UnknownTypeError,
    parse_type,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("String", Scalar("string")),
        ("Integer", Scalar("integer", "int32")),
        ("int", Scalar("integer", "int32")),
        ("Long", Scalar("integer", "int64")),
        ("Float", Scalar("number", "float")),
        ("Double", Scalar("number", "double")),
        ("Boolean", Scalar("boolean")),
        ("Bool", Scalar("boolean")),
        ("Object", FreeObject()),
        ("Array", ArrayOf(None)),
        ("Array of strings", ArrayOf(Scalar("string"))),
        ("Array of integers", ArrayOf(Scalar("integer", "int32"))),
        ("Array of booleans", ArrayOf(Scalar("boolean"))),
        ("Array of objects", ArrayOf(FreeObject())),
        ("Array of VpcAndSubNet objects", ArrayOf(ObjectRef("VpcAndSubNet"))),
        ("VpcAndSubNet object", ObjectRef("VpcAndSubNet")),
        ("Map<String,String>", MapOf(Scalar("string"))),
        ("Map<String, Array<String>>", MapOf(ArrayOf(Scalar("string")))),
        ("Array<Array<AvailabilityZone>>", ArrayOf(ArrayOf(ObjectRef("AvailabilityZone")))),
        ("List<String>", ArrayOf(Scalar("string"))),
        ("Integer/Boolean", OneOf((Scalar("integer", "int32"), Scalar("boolean")))),
        ("  Array   of  strings ", ArrayOf(Scalar("string"))),
    ],
)
def test_type_column_parses(text: str, expected: TypeExpr) -> None:
    assert parse_type(text) == expected


@pytest.mark.parametrize("text", ["Strnig", "Array of", "Map<Integer,String>", "", "Two words"])
def test_unknown_types_are_refused_not_guessed(text: str) -> None:
    with pytest.raises(UnknownTypeError):
        parse_type(text)
