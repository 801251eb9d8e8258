"""Which pattern a list operation pages by, decided from its query parameters and response."""

from __future__ import annotations

from typing import Any

import pytest

from generator.ir.pagination import PagePlan, plan_pagination

SCHEMAS: dict[str, Any] = {
    "Link": {
        "type": "object",
        "properties": {"href": {"type": "string"}, "rel": {"type": "string"}},
    },
    "PageInfo": {"type": "object", "properties": {"next_marker": {"type": "string"}}},
}
ITEMS = {"type": "array", "items": {"type": "object"}}


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    return SCHEMAS[ref.rsplit("/", 1)[-1]] if isinstance(ref, str) else schema


def body(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties}


def plan(query: set[str], response: dict[str, Any] | None) -> tuple[PagePlan | None, str | None]:
    return plan_pagination(frozenset(query), response, resolve)


def test_marker_from_an_object_in_the_response() -> None:
    response = body(
        loadbalancers=ITEMS, page_info={"$ref": "#/components/schemas/PageInfo"}, request_id={}
    )
    assert plan({"marker", "limit"}, response) == (
        PagePlan("marker", "loadbalancers", "marker", ("page_info", "next_marker")),
        None,
    )


def test_marker_at_the_top_level() -> None:
    response = body(servers=ITEMS, next_marker={"type": "string"})
    found, _ = plan({"marker"}, response)
    assert found == PagePlan("marker", "servers", "marker", ("next_marker",))


def test_links_with_rel_and_href() -> None:
    links = {"type": "array", "items": {"$ref": "#/components/schemas/Link"}}
    response = body(listeners=ITEMS, listeners_links=links)
    found, _ = plan({"marker", "limit", "page_reverse"}, response)
    assert found == PagePlan("links", "listeners", "marker", ("listeners_links",))


@pytest.mark.parametrize("total", ["total_num", "total_count", "total", "count"])
def test_offset_until_a_total(total: str) -> None:
    response = body(data_list=ITEMS, **{total: {"type": "integer"}})
    found, _ = plan({"offset", "limit"}, response)
    assert found == PagePlan("offset", "data_list", "offset", (total,))


@pytest.mark.parametrize(
    ("query", "response", "why"),
    [
        ({"marker"}, body(a=ITEMS, b=ITEMS), "no single list of items (lists: 'a', 'b')"),
        ({"marker"}, {"type": "array", "items": {}}, "no single list of items (lists: none)"),
        ({"marker", "limit"}, body(a=ITEMS, count={"type": "integer"}), "'marker' but no next"),
        ({"offset"}, body(a=ITEMS, total_num={"type": "integer"}), "'offset' but no next"),
        ({"offset", "limit"}, body(a=ITEMS, total_num={"type": "string"}), "'offset' but no"),
    ],
)
def test_a_list_that_fits_no_pattern_says_why(
    query: set[str], response: dict[str, Any], why: str
) -> None:
    found, reason = plan(query, response)
    assert found is None
    assert reason is not None
    assert why in reason


def test_an_operation_without_a_cursor_parameter_is_not_a_list() -> None:
    assert plan({"limit", "name"}, body(a=ITEMS, total={"type": "integer"})) == (None, None)
