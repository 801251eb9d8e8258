"""Identifiers: snake/Pascal case, reserved words, leading digits, deterministic collisions."""

from __future__ import annotations

import pytest

from generator.casing import pascal_case, snake_case
from generator.ir.names import ClassName, PythonIdentifier, unique


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("CreateVpcEndpoint", "create_vpc_endpoint"),
        ("X-Request-Id", "x_request_id"),
        ("x_request_id", "x_request_id"),
        ("dataVolume", "data_volume"),
        ("HTTPServer", "http_server"),
        ("ListELBs", "list_elbs"),
        ("ListBackendECSsV1", "list_backend_ecss_v1"),
        ("ListAllBackendServersExtensionAPIV2", "list_all_backend_servers_extension_api_v2"),
        ("vpcIDs", "vpc_ids"),
        ("Zürich", "zurich"),
    ],
)
def test_snake_case(wire: str, expected: str) -> None:
    assert snake_case(wire) == expected


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("class", "class_"),
        ("from", "from_"),
        ("type", "type_"),
        ("list", "list_"),
        ("match", "match_"),
        ("timeout", "timeout_"),
        ("1st", "value_1st"),
        ("Client", "client"),
        ("北京", "value"),
        ("id", "id"),
    ],
)
def test_python_identifier_fixes_reserved_names(wire: str, expected: str) -> None:
    assert PythonIdentifier.from_wire(wire).value == expected


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("vpc_and_sub_net", "VpcAndSubNet"),
        ("VpcAndSubNet", "VpcAndSubNet"),
        ("BaseModel", "BaseModelModel"),
        ("Field", "FieldModel"),
        ("list", "List"),
        ("str", "Str"),
        ("Exception", "ExceptionModel"),
        ("1stThing", "Model1stThing"),
        ("my-schema.v2", "MySchemaV2"),
    ],
)
def test_class_names(wire: str, expected: str) -> None:
    assert ClassName.from_wire(wire).value == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a_b", "AB"),
        ("vpc_and_sub_net", "VpcAndSubNet"),
        ("ECSs", "ECSs"),
        ("café_bar", "CafeBar"),  # transliterated, not cut at the accent
    ],
)
def test_pascal_case_joins_words_and_keeps_capitals_inside_them(text: str, expected: str) -> None:
    assert pascal_case(text) == expected


def test_collisions_are_resolved_in_a_fixed_order() -> None:
    taken = {"x_request_id"}
    assert unique("x_request_id", taken, ["header_x_request_id"]) == "header_x_request_id"
    taken.add("header_x_request_id")
    assert unique("x_request_id", taken, ["header_x_request_id"]) == "x_request_id_2"
