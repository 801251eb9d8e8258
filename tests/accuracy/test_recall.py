"""The recall check at the right nesting, on small synthetic pages and hand-written specs."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from generator.diagnostics import Diagnostic, Level, Location
from generator.transcribe.page import Page
from generator.transcribe.read import parse_page
from tests.accuracy.recall import (
    RowCheck,
    Shape,
    check_rows,
    expected_places,
    our_places,
    row_name,
    type_shape,
    uri_line,
)
from tests.helpers import page_text, table

P4 = ["Parameter", "Mandatory", "Type", "Description"]
P3 = ["Parameter", "Type", "Description"]

NEW_PAGE = "\n".join(
    [
        "Creating a Thing",
        "URI",
        "POST /v3/{project_id}/things",
        table("Table 1 Path parameters", P4, [["project_id", "Yes", "String", "Project."]]),
        "Request Parameters",
        table(
            "Table 2 Request header parameters",
            P4,
            [["X-Auth-Token", "Yes", "String", "Token."]],
        ),
        table(
            "Table 3 Request body parameters",
            P4,
            [["thing", "Yes", "CreateThingOption object", "The thing."]],
        ),
        table(
            "Table 4 CreateThingOption",
            P4,
            [
                ["name", "No", "String", "Name."],
                ["tags", "No", "Array of Tag objects", "Tags."],
                ["labels", "No", "Map<String,String>", "Labels."],
            ],
        ),
        table("Table 5 Tag", P4, [["key", "Yes", "String", "Key."]]),
        "Response Parameters",
        "Status code: 201",
        table("Table 6 Response body parameters", P3, [["thing", "Thing object", "The thing."]]),
        table("Table 7 Thing", P3, [["id", "String", "ID."], ["name", "String", "Name."]]),
        "Status Codes",
        table("Status Codes", ["Status Code", "Description"], [["201", "Created."]]),
    ]
)


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


def _obj(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties}


S = {"type": "string"}

NEW_SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "security": [{"token": []}],
    "paths": {
        "/v3/{project_id}/things": {
            "post": {
                "parameters": [{"name": "project_id", "in": "path", "required": True, "schema": S}],
                "requestBody": _json(_ref("Body")),
                "responses": {"201": {"description": "Created.", **_json(_ref("Response"))}},
            }
        }
    },
    "components": {
        "securitySchemes": {"token": {"type": "apiKey", "in": "header", "name": "X-Auth-Token"}},
        "schemas": {
            "Body": _obj(thing=_ref("CreateThingOption")),
            "CreateThingOption": _obj(
                name=S,
                tags={"type": "array", "items": _ref("Tag")},
                labels={"type": "object", "additionalProperties": S},
            ),
            "Tag": _obj(key=S),
            "Response": _obj(thing=_ref("Thing")),
            "Thing": _obj(id=S, name=S),
        },
    },
}


def _page(text: str) -> Page:
    return parse_page(page_text(text).encode(), "p.txt")


def _check(
    text: str,
    spec: dict[str, Any],
    findings: list[Diagnostic] | None = None,
    before: dict[str, Any] | None = None,
    actions: list[dict[str, Any]] | None = None,
) -> list[RowCheck]:
    page = _page(text)
    line = uri_line(page)
    assert line is not None
    method, path, query = line
    operation = spec["paths"][path][method.lower()]
    success = min(c for c in operation["responses"] if c.startswith("2"))
    expectations = expected_places(page, method, path, query, success)
    ours = our_places(spec, path, method)
    previous = our_places(before, path, method) if before is not None else None
    return check_rows(expectations, ours, findings or [], previous, actions or [])


def _outcomes(checks: list[RowCheck]) -> dict[tuple[int | None, str], str]:
    return {(c.table, c.name): c.outcome for c in checks}


def _finding(kind: str, table: int | None, row: int | None = None) -> Diagnostic:
    return Diagnostic(Level.WARNING, "p.txt", Location(table=table, row=row), "...", kind)


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ("String", Shape("", None, False)),
        ("Array of strings", Shape("[]", None, False)),
        ("Array of Tag objects", Shape("[]", "Tag", True)),
        ("Tag object", Shape("", "Tag", True)),
        ("Object", Shape("", None, True)),
        ("Array", Shape("[]", None, True)),
        ("Array<Array<AvailabilityZone>>", Shape("[][]", "AvailabilityZone", True)),
        ("Map<String,String>", Shape("{}", None, False)),
        ("Map<String,Tag>", Shape("{}", "Tag", True)),
        ("Integer/Boolean", Shape("", None, False)),
    ],
)
def test_type_cells_give_the_nesting_of_children(text: str, shape: Shape) -> None:
    assert type_shape(text) == shape


def test_every_row_at_its_place_is_placed() -> None:
    checks = _check(NEW_PAGE, NEW_SPEC)
    assert {c.outcome for c in checks} == {"placed"}
    places = {(c.table, c.name): sorted(str(p) for p in c.expected) for c in checks}
    assert places[(5, "key")] == ["request 'thing.tags[].key'"]
    assert places[(7, "name")] == ["response 201 'thing.name'"]
    assert places[(2, "X-Auth-Token")] == ["security parameter 'X-Auth-Token'"]
    assert [c.level for c in checks if c.table == 1] == ["parameter"]
    assert [c.level for c in checks if c.table == 5] == ["nested field"]


def test_a_field_only_at_the_wrong_depth_does_not_count() -> None:
    spec = copy.deepcopy(NEW_SPEC)
    schemas = spec["components"]["schemas"]
    # `key` moved from the items of `tags` to the option itself: the name is there, one level up.
    schemas["CreateThingOption"]["properties"]["key"] = S
    schemas["Tag"] = _obj(value=S)
    checks = _check(NEW_PAGE, spec)
    key = next(c for c in checks if c.name == "key")
    assert key.outcome == "wrong-nesting"
    assert key.found == ("request 'thing.key'",)


def test_a_field_on_the_other_side_does_not_count() -> None:
    spec = copy.deepcopy(NEW_SPEC)
    # The response's `name` is gone; the request's `thing.name` has the same path, other side.
    spec["components"]["schemas"]["Thing"] = _obj(id=S)
    assert _outcomes(_check(NEW_PAGE, spec))[(7, "name")] == "wrong-nesting"


def test_an_array_taken_as_an_object_does_not_count() -> None:
    spec = copy.deepcopy(NEW_SPEC)
    spec["components"]["schemas"]["CreateThingOption"]["properties"]["tags"] = _ref("Tag")
    assert _outcomes(_check(NEW_PAGE, spec))[(5, "key")] == "wrong-nesting"


def test_a_parameter_in_another_location_does_not_count() -> None:
    spec = copy.deepcopy(NEW_SPEC)
    operation = spec["paths"]["/v3/{project_id}/things"]["post"]
    operation["parameters"][0]["in"] = "query"
    assert _outcomes(_check(NEW_PAGE, spec))[(1, "project_id")] == "wrong-nesting"


def test_a_missing_row_needs_a_finding_that_names_it_and_excuses_it() -> None:
    spec = copy.deepcopy(NEW_SPEC)
    del spec["components"]["schemas"]["CreateThingOption"]["properties"]["labels"]
    assert _outcomes(_check(NEW_PAGE, spec))[(4, "labels")] == "missing"
    # A finding on the page, but on another row, or of a kind that explains nothing: missing.
    for finding in (_finding("stray-row", 4, 1), _finding("unconverted-range", 4, 3)):
        assert _outcomes(_check(NEW_PAGE, spec, [finding]))[(4, "labels")] == "missing"
    excused = _check(NEW_PAGE, spec, [_finding("stray-row", 4, 3)])
    assert _outcomes(excused)[(4, "labels")] == "finding"


def test_a_table_called_unreferenced_while_a_row_refers_to_it_is_not_excused() -> None:
    spec = copy.deepcopy(NEW_SPEC)
    spec["components"]["schemas"]["Tag"] = _obj()
    checks = _check(NEW_PAGE, spec, [_finding("unused-table", 5)])
    assert _outcomes(checks)[(5, "key")] == "missing"


def test_an_overlay_removal_counts_only_when_the_action_names_the_row() -> None:
    spec = copy.deepcopy(NEW_SPEC)
    del spec["components"]["schemas"]["Thing"]["properties"]["id"]
    named = {"remove": True, "description": "Table 7 lists `id`, which the page contradicts."}
    other = {"remove": True, "description": "Table 6 lists `id`, which the page contradicts."}
    assert _outcomes(_check(NEW_PAGE, spec, [], NEW_SPEC, [named]))[(7, "id")] == "overlay"
    assert _outcomes(_check(NEW_PAGE, spec, [], NEW_SPEC, [other]))[(7, "id")] == "missing"


OLD_PAGE = "\n".join(
    [
        "Querying Pools",
        "URI",
        "GET /v2.0/lbaas/{project_id}/pools?limit=10",
        table(
            "Table 1 Parameter description",
            P4,
            [
                ["project_id", "Yes", "String", "Project."],
                ["limit", "No", "Integer", "Page size."],
                ["name", "No", "String", "Filter."],
            ],
        ),
        "Request",
        table("Table 2 Parameter description", P4, [["marker", "No", "String", "Marker."]]),
        "Response",
        table(
            "Table 3 Parameter description",
            P3,
            [["pools", "Array", "The pools. For details, see Table 4."]],
        ),
        table(
            "Table 4 pool parameter description",
            P3,
            [["id", "String", "ID."], ["members", "Array", "Members."]],
        ),
        table("Table 5 members parameter description", P3, [["id", "String", "ID."]]),
        "Example Response",
        '[{"pools": []}]',
        "Status Code",
        table("Status Code", ["Status Code", "Description"], [["200", "OK."]]),
    ]
)

OLD_SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "paths": {
        "/v2.0/lbaas/{project_id}/pools": {
            "get": {
                "parameters": [
                    {"name": "project_id", "in": "path", "required": True, "schema": S},
                    {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                    {"name": "name", "in": "query", "schema": S},
                    {"name": "marker", "in": "query", "schema": S},
                ],
                "responses": {
                    "200": {
                        "description": "OK.",
                        **_json({"type": "array", "items": _ref("Response")}),
                    }
                },
            }
        }
    },
    "components": {
        "schemas": {
            "Response": _obj(pools={"type": "array", "items": _ref("Pool")}),
            "Pool": _obj(id=S, members={"type": "array", "items": _ref("Members")}),
            "Members": _obj(id=S),
        }
    },
}


def test_older_pages_place_uri_rows_request_tables_of_a_get_and_referenced_tables() -> None:
    checks = _check(OLD_PAGE, OLD_SPEC)
    assert {c.outcome for c in checks} == {"placed"}
    places = {(c.table, c.name): sorted(str(p) for p in c.expected) for c in checks}
    assert places[(1, "project_id")] == ["path parameter 'project_id'"]
    assert places[(1, "limit")] == ["query parameter 'limit'"]
    # Neither in the path nor in the URI's query string: the page leaves it open.
    assert places[(1, "name")] == ["query parameter 'name'", "request 'name'"]
    assert places[(2, "marker")] == ["query parameter 'marker'"]
    # "see Table 4" (another name) and the table of the row's name (`members`); the example
    # response is a list, so the table describes its items.
    assert places[(4, "id")] == ["response 200 '[].pools[].id'"]
    assert places[(5, "id")] == ["response 200 '[].pools[].members[].id'"]


def test_older_pages_catch_a_referenced_table_at_the_wrong_depth() -> None:
    spec = copy.deepcopy(OLD_SPEC)
    schemas = spec["components"]["schemas"]
    schemas["Pool"] = _obj(id=S, members={"type": "array", "items": S})
    schemas["Response"]["properties"]["members"] = {"type": "array", "items": _ref("Members")}
    outcomes = _outcomes(_check(OLD_PAGE, spec))
    assert outcomes[(5, "id")] == "wrong-nesting"
    assert outcomes[(4, "members")] == "placed"


def test_a_table_no_row_refers_to_needs_a_finding() -> None:
    text = OLD_PAGE.replace(
        "Example Response",
        table("Table 6 publicip parameter description", P3, [["ip", "String", "IP."]])
        + "\nExample Response",
    )
    checks = _check(text, OLD_SPEC)
    ip = next(c for c in checks if c.table == 6)
    assert (ip.level, ip.outcome) == ("unreached", "missing")
    assert _outcomes(_check(text, OLD_SPEC, [_finding("example-table", 6)]))[(6, "ip")] == (
        "finding"
    )


RST_PAGE = """\
Querying a VPC
==============

URI
---

GET /v1/{project_id}/vpcs/{vpc_id}

.. table:: **Table 1** Parameter description

   +------------+-----------+-------------+
   | Parameter  | Mandatory | Description |
   +============+===========+=============+
   | project_id | Yes       | Project.    |
   +------------+-----------+-------------+
   | vpc_id     | Yes       | VPC.        |
   +------------+-----------+-------------+

Response Parameters
-------------------

.. table:: **Table 2** Request parameter

   +-----------+-------------------------------+--------------------------------+
   | Parameter | Type                          | Description                    |
   +===========+===============================+================================+
   | vpc       | :ref:`vpc <p__vpcs>` object   | :ref:`The VPC. <p__vpcs>`      |
   +-----------+-------------------------------+--------------------------------+

.. _p__vpcs:

.. table:: **Table 3** VPC objects

   +-----------+----------------------------------------+-------------+
   | Parameter | Type                                   | Description |
   +===========+========================================+=============+
   | id        | String                                 | ID.         |
   +-----------+----------------------------------------+-------------+
   | routes    | Array of :ref:`route <p__r>` objects   | Routes.     |
   +-----------+----------------------------------------+-------------+

.. _p__r:

.. table:: **Table 4** **route** objects

   +-------------+--------+-------------+
   | Parameter   | Type   | Description |
   +=============+========+=============+
   | destination | String | CIDR.       |
   +-------------+--------+-------------+
"""


def test_older_pages_link_object_tables_by_anchor_and_the_section_wins_over_a_caption() -> None:
    page = parse_page(RST_PAGE.encode(), "p.rst", page_format="rst")
    expectations = expected_places(page, "GET", "/v1/{project_id}/vpcs/{vpc_id}", [], "200")
    places = {
        (e.table.number, row_name(e.table, e.row)): (e.level, sorted(str(p) for p in e.places))
        for e in expectations
    }
    # A URI table without a Type column still gives the path parameters.
    assert places[(1, "vpc_id")] == ("parameter", ["path parameter 'vpc_id'"])
    # "Request parameter" under "Response Parameters" describes the response.
    assert places[(2, "vpc")] == ("top-level field", ["response 200 'vpc'"])
    # "VPC objects" and "**route** objects" are reached through their `:ref:` anchors.
    assert places[(3, "id")] == ("nested field", ["response 200 'vpc.id'"])
    assert places[(4, "destination")] == (
        "nested field",
        ["response 200 'vpc.routes[].destination'"],
    )
