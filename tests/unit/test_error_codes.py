"""The error-code page: its table read into the spec's `x-huawei-error-codes`, and that extension
read back for the package (a malformed one is an error naming the place)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.diagnostics import Findings, GenerationError
from generator.ir.error_codes import documented_codes
from generator.spec.build import build_spec
from generator.transcribe.error_codes import read_error_codes
from generator.transcribe.read import parse_page
from tests.helpers import HSS_SPEC

_PAGE = """\
:original_name: ErrorCode.html

Error Codes
===========

+---------+-------------+------------+-------------------+------------------+----------------+
| Module  | Status Code | Error Code | Message           | Description      | Handling       |
|         |             |            |                   |                  | Measure        |
+=========+=============+============+===================+==================+================+
| Public  | 404         | SVC.9904   | Vpc xxx could not | The VPC does not | Check the ID.  |
|         |             |            | be found.         | exist.           |                |
+         +-------------+------------+-------------------+------------------+----------------+
|         | 404         | SVC.9904   | Group xxx could   | The group does   | Check the ID.  |
|         |             |            | not be found.     | not exist.       |                |
+---------+-------------+------------+-------------------+------------------+----------------+
| Public  | 404         | SVC.9904   | Vpc xxx could not | The VPC does not | Check the ID.  |
|         |             |            | be found.         | exist.           |                |
+---------+-------------+------------+-------------------+------------------+----------------+
| Public  | 400         | see below  | Text              | Not a code row.  | \\-             |
+---------+-------------+------------+-------------------+------------------+----------------+
"""


def test_the_table_gives_each_code_its_distinct_situations() -> None:
    findings = Findings()
    codes = read_error_codes(parse_page(_PAGE.encode(), "e.rst"), findings)
    assert codes == {
        "SVC.9904": [
            {
                "status": 404,
                "message": "Vpc xxx could not be found.",
                "description": "The VPC does not exist.",
                "measure": "Check the ID.",
            },
            {
                "status": 404,
                "message": "Group xxx could not be found.",
                "description": "The group does not exist.",
                "measure": "Check the ID.",
            },
        ]
    }
    assert [d.message for d in findings.as_tuple()] == [
        "'see below' is not an error code; row skipped"
    ]


def test_an_error_code_page_feeds_the_spec_not_an_operation(tmp_path: Path) -> None:
    page = tmp_path / "error_codes.rst"
    page.write_text(_PAGE)
    operation = HSS_SPEC / "pages" / "creating_a_server_group.rst"
    built = build_spec([page, operation], HSS_SPEC / "service.yaml", None, "out.yaml")
    assert built.operations == 1
    assert list(built.document["x-huawei-error-codes"]) == ["SVC.9904"]
    assert "1 operation, 1 error codes" in built.summary()
    assert not [d for d in built.findings if d.kind == "not-operation"]


@pytest.mark.parametrize(
    ("extension", "message"),
    [
        (["SVC.1"], "x-huawei-error-codes: must map error codes"),
        ({"SVC.1": []}, "x-huawei-error-codes/SVC.1: must be a non-empty list"),
        ({"SVC.1": [{"status": "400"}]}, "x-huawei-error-codes/SVC.1/0: status must be"),
        (
            {"SVC.1": [{"status": 400, "extra": 1}]},
            "x-huawei-error-codes/SVC.1/0: must be a mapping",
        ),
        ({"SVC.1": [{"message": 5}]}, "x-huawei-error-codes/SVC.1/0: message, description"),
    ],
)
def test_a_malformed_extension_is_an_error_naming_the_place(extension: Any, message: str) -> None:
    with pytest.raises(GenerationError, match=message):
        documented_codes({"x-huawei-error-codes": extension}, "spec.yaml")


def test_the_extension_reads_back_sorted_by_code() -> None:
    codes = documented_codes(
        {"x-huawei-error-codes": {"B.2": [{"status": 500}], "A.1": [{"message": "m"}]}}, "s"
    )
    assert [(c.code, [e.status for e in c.entries]) for c in codes] == [
        ("A.1", [None]),
        ("B.2", [500]),
    ]
