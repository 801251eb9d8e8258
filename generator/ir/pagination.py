"""Which list operations page, and how: decided once per operation from its spec.

Three patterns occur in Huawei's APIs, each recognised by its parameters and response fields:
- marker: a `marker` query parameter and a `next_marker` in the response, at its top level or
  in one object (ELB v3's `page_info.next_marker`);
- links: a `marker` query parameter and a `*_links` list of `{href, rel}` objects, where the
  `rel: next` link's URL carries the next marker (the OpenStack style of ELB v2.0);
- offset: `offset` and `limit` query parameters and an integer total (`total_num`, `count`…).
A GET that has such a parameter but matches no pattern (no single list of items, no cursor in
the response) is not paginated, and the finding says why; every decision is a finding.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

Schema = dict[str, Any]
Resolve = Callable[[Schema], Schema]

# Response fields that hold the number of all matching items, in the order they are preferred.
TOTAL_FIELDS = ("total_num", "total_count", "total", "count")
_CURSOR_PARAMETERS = ("marker", "offset")


@dataclass(frozen=True)
class PagePlan:
    """How one operation pages, in the spec's wire names (see `_types.Pagination`)."""

    kind: Literal["marker", "links", "offset"]
    items: str
    parameter: str
    cursor: tuple[str, ...]

    def describe(self) -> str:
        where = ".".join(self.cursor)
        if self.kind == "marker":
            return f"paginated by marker: '{self.parameter}' from {where}, items in '{self.items}'"
        if self.kind == "links":
            return (
                f"paginated by links: '{self.parameter}' from the rel=next link in {where}, "
                f"items in '{self.items}'"
            )
        return (
            f"paginated by offset: '{self.parameter}' advances by the items in '{self.items}' "
            f"until {where}"
        )


def plan_pagination(
    query: frozenset[str], body: Schema | None, resolve: Resolve
) -> tuple[PagePlan | None, str | None]:
    """The pattern of a GET with these query parameters and this success body.

    Returns the plan, or None and why not (None and None: the operation does not page at all).
    """
    if not any(name in query for name in _CURSOR_PARAMETERS):
        return None, None
    properties = _properties(body, resolve)
    lists = sorted(
        name
        for name, schema in properties.items()
        if resolve(schema).get("type") == "array" and not name.endswith("_links")
    )
    if len(lists) != 1:
        found = ", ".join(f"'{n}'" for n in lists) or "none"
        return None, f"not paginated: the response has no single list of items (lists: {found})"
    items = lists[0]
    if "marker" in query:
        cursor = _next_marker(properties, resolve)
        if cursor is not None:
            return PagePlan("marker", items, "marker", cursor), None
        links = _links_field(properties, resolve)
        if links is not None:
            return PagePlan("links", items, "marker", (links,)), None
    if "offset" in query and "limit" in query:
        total = next(
            (
                name
                for name in TOTAL_FIELDS
                if name in properties and resolve(properties[name]).get("type") == "integer"
            ),
            None,
        )
        if total is not None:
            return PagePlan("offset", items, "offset", (total,)), None
    names = ", ".join(f"'{name}'" for name in _CURSOR_PARAMETERS if name in query)
    return None, f"not paginated: {names} but no next marker, next link or total in the response"


def _properties(schema: Schema | None, resolve: Resolve) -> dict[str, Schema]:
    if not isinstance(schema, dict):
        return {}
    found = resolve(schema).get("properties")
    return (
        {k: v for k, v in found.items() if isinstance(v, dict)} if isinstance(found, dict) else {}
    )


def _next_marker(properties: dict[str, Schema], resolve: Resolve) -> tuple[str, ...] | None:
    if "next_marker" in properties:
        return ("next_marker",)
    for name in sorted(properties):
        if "next_marker" in _properties(properties[name], resolve):
            return (name, "next_marker")
    return None


def _links_field(properties: dict[str, Schema], resolve: Resolve) -> str | None:
    for name in sorted(properties):
        schema = resolve(properties[name])
        if not name.endswith("_links") or schema.get("type") != "array":
            continue
        items = schema.get("items")
        link = _properties(items if isinstance(items, dict) else None, resolve)
        if {"href", "rel"} <= link.keys():
            return name
    return None
