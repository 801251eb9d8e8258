"""The older page style: one operation under several URIs, URIs in bullet lists and code
blocks, path tables without a Type column, object tables found by their links."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from generator.spec.build import build_spec
from generator.transcribe.description import prose_range
from generator.transcribe.operation import transcribe_page
from generator.transcribe.read import parse_page
from generator.transcribe.uri import NotAnOperationPageError

_PAGE = """\
:original_name: nova_0001.html

.. _nova_0001:

Querying Servers
================

URI
---

{uri}

.. table:: **Table 1** Parameter description

   ========== ========= ====================
   Parameter  Mandatory Description
   ========== ========= ====================
   project_id Yes       Specifies the project ID.
   ========== ========= ====================

Request
-------

None

Response
--------

.. table:: **Table 2** Response parameter

   +-----------+---------------------------------+--------------------------------------+
   | Parameter | Type                            | Description                          |
   +===========+=================================+======================================+
   | servers   | Array of objects                | Specifies the servers. For details,  |
   |           |                                 | see :ref:`Table 3 <nova_0001__srv>`. |
   +-----------+---------------------------------+--------------------------------------+

.. _nova_0001__srv:

.. table:: **Table 3** **server** objects

   ========= ====== ==========================
   Parameter Type   Description
   ========= ====== ==========================
   id        String Specifies the server ID.
   ========= ====== ==========================

Example Response
----------------

.. code-block::

   {{"servers": [{{"id": "a"}}]}}

Returned Values
---------------

=============== ===========
Returned Value  Description
=============== ===========
200             OK
=============== ===========
"""


def _write(tmp_path: Path, uri: str) -> Path:
    page = tmp_path / "nova_0001.rst"
    page.write_text(_PAGE.format(uri=textwrap.dedent(uri).strip()), encoding="utf-8")
    return page


def _spec(page: Path) -> dict[str, Any]:
    document: dict[str, Any] = build_spec([page], None, None, "out.yaml").document
    return document


def test_one_operation_under_two_versions_is_two_operations(tmp_path: Path) -> None:
    page = _write(
        tmp_path,
        """
        - GET /v2.1/{project_id}/servers
        - GET /v2/{project_id}/servers
        """,
    )
    paths = _spec(page)["paths"]
    first = paths["/v2.1/{project_id}/servers"]["get"]
    second = paths["/v2/{project_id}/servers"]["get"]
    assert (first["operationId"], second["operationId"]) == ("ListServersV2_1", "ListServersV2")
    assert first["parameters"] == second["parameters"]
    assert first["responses"] == second["responses"]
    # The path table has no Type column: the parameter is a string.
    assert first["parameters"][0]["schema"] == {"type": "string"}


def test_unrelated_uris_make_an_overview(tmp_path: Path) -> None:
    page = _write(
        tmp_path,
        """
        - GET /v2/{project_id}/servers
        - GET /v2/{project_id}/flavors
        """,
    )
    with pytest.raises(NotAnOperationPageError, match="lists 2 URIs"):
        transcribe_page(parse_page(page.read_bytes(), page.name))


def test_a_uri_in_a_code_block(tmp_path: Path) -> None:
    page = _write(tmp_path, ".. code-block::\n\n   GET /v2/{project_id}/servers\n")
    assert list(_spec(page)["paths"]) == ["/v2/{project_id}/servers"]


def test_an_object_table_is_found_by_the_link_in_the_description(tmp_path: Path) -> None:
    page = _write(tmp_path, "GET /v2/{project_id}/servers")
    document = _spec(page)
    response = document["paths"]["/v2/{project_id}/servers"]["get"]["responses"]["200"]
    ref = response["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    servers = document["components"]["schemas"][ref]["properties"]["servers"]
    item = servers["items"]["$ref"].rsplit("/", 1)[1]
    assert document["components"]["schemas"][item]["properties"]["id"]["type"] == "string"


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            ["Specifies the name.", "The value can contain no more than 64 characters."],
            "The value can contain no more than 64 characters",
        ),
        (
            ["The value can contain 1 to 64 characters, including letters and digits."],
            "The value can contain 1 to 64 characters",
        ),
        (
            ["The value ranges from 0 to 65535 and the default value is 80."],
            "The value ranges from 0 to 65535",
        ),
        (
            ["Bandwidth. The value ranges from 1 Mbit/s to 1000 Mbit/s by default."],
            "The value ranges from 1 Mbit/s to 1000 Mbit/s by default",
        ),
        (["The value can be true or false."], None),
        (["Specifies the VPC ID."], None),
    ],
)
def test_a_bound_stated_in_a_sentence_is_read_as_the_range(
    lines: list[str], expected: str | None
) -> None:
    assert prose_range(lines) == expected


def test_a_prose_bound_becomes_a_constraint_or_is_kept_with_a_finding(tmp_path: Path) -> None:
    page = _write(tmp_path, "GET /v2/{project_id}/servers")
    text = (
        page.read_text(encoding="utf-8")
        .replace(
            "Specifies the project ID.",
            "Project. The value can contain no more than 64 characters.",
        )
        .replace(
            "Specifies the server ID.",
            "ID. The value ranges from 1 Mbit/s to 10 Mbit/s by default.",
        )
    )
    page.write_text(text, encoding="utf-8")
    built = build_spec([page], None, None, "out.yaml")
    parameter = built.document["paths"]["/v2/{project_id}/servers"]["get"]["parameters"][0]
    assert parameter["schema"] == {"type": "string", "maxLength": 64}
    server = next(
        s
        for s in built.document["components"]["schemas"].values()
        if "id" in s.get("properties", {})
    )
    assert server["properties"]["id"]["x-huawei-range"] == (
        "The value ranges from 1 Mbit/s to 10 Mbit/s by default"
    )
    assert any(d.kind == "unconverted-range" for d in built.findings)
