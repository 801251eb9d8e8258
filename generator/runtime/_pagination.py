"""Auto-pagination: a list operation's first page, with every later page one call away.

A paginated method of the sync client returns its first page: the operation's response model
(`.loadbalancers`, `.page_info`…) as a page class that adds `has_next_page()`,
`get_next_page()`, `iter_pages()`, and iteration over every item of every page, as
openai-python's pages do. The async client's method returns an `AsyncPaginator`: `await` it for
the first page, or `async for` over every item.

The generator picks each operation's pattern from the spec (`Pagination.kind`):
- "marker": the next page's marker is in the response (ELB v3: `page_info.next_marker`);
- "links": the response's `*_links` list has a `rel: next` link whose URL carries the marker
  (the OpenStack style of ELB v2.0);
- "offset": the next offset is this page's offset plus its items, until the documented total
  (`total_num`, `count`…).
Iteration ends at a page without items, and at a cursor it has met before: a service that
repeats a marker can never make it loop forever. Responses are read tolerantly, so every value
here may be missing or of another type; anything unusable ends the iteration.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import parse_qsl, urlsplit

from ._types import Endpoint, Pagination, RequestOptions

__all__ = ["AsyncPaginator", "PageRequest", "field_value", "next_arguments", "page_items"]

ItemT = TypeVar("ItemT")
PageT = TypeVar("PageT")


@dataclass(frozen=True, slots=True)
class PageRequest:
    """How a page was fetched: the call the next page repeats with its cursor moved."""

    client: Any  # the client that made the call (sync or async)
    endpoint: Endpoint
    arguments: Mapping[str, object]
    options: RequestOptions
    # Every cursor this chain of pages has used: one met again ends the iteration.
    seen: frozenset[object]

    @classmethod
    def first(
        cls,
        client: Any,
        endpoint: Endpoint,
        arguments: Mapping[str, object],
        options: RequestOptions,
    ) -> PageRequest:
        pagination = endpoint.pagination
        assert pagination is not None
        cursor = arguments.get(pagination.argument)
        return cls(client, endpoint, arguments, options, frozenset({_hashable(cursor)}))

    def following(self, arguments: Mapping[str, object]) -> PageRequest:
        pagination = self.endpoint.pagination
        assert pagination is not None
        cursor = _hashable(arguments.get(pagination.argument))
        return PageRequest(
            self.client, self.endpoint, arguments, self.options, self.seen | {cursor}
        )


def field_value(value: object, wire_name: str) -> Any:
    """A field of a parsed model (by its wire name) or of a plain JSON object; None if absent."""
    if isinstance(value, Mapping):
        return value.get(wire_name)
    fields: Mapping[str, Any] | None = getattr(type(value), "model_fields", None)
    if fields is None:
        return None
    for name, field in fields.items():
        if (field.alias or name) == wire_name:
            return getattr(value, name)
    extra = getattr(value, "model_extra", None)
    return extra.get(wire_name) if isinstance(extra, dict) else None


def page_items(page: object, pagination: Pagination) -> list[Any]:
    items = field_value(page, pagination.items)
    return items if isinstance(items, list) else []


def next_arguments(page: object, request: PageRequest) -> dict[str, object] | None:
    """The arguments of the page after `page`, or None when `page` is the last one."""
    pagination = request.endpoint.pagination
    assert pagination is not None
    items = page_items(page, pagination)
    if not items:
        return None
    cursor: object = None
    if pagination.kind == "offset":
        total = _integer(_at(page, pagination.cursor))
        offset = _integer(request.arguments.get(pagination.argument)) or 0
        if total is not None and offset + len(items) < total:
            cursor = offset + len(items)
    elif pagination.kind == "marker":
        cursor = _at(page, pagination.cursor)
    else:
        cursor = _next_link_marker(field_value(page, pagination.cursor[0]), pagination.parameter)
    if cursor is None or cursor == "" or isinstance(cursor, (bool, list, dict)):
        return None
    if _hashable(cursor) in request.seen:
        return None  # a cursor met before: the service repeats itself
    return {**request.arguments, pagination.argument: cursor}


def _at(value: object, path: tuple[str, ...]) -> Any:
    for name in path:
        value = field_value(value, name)
        if value is None:
            return None
    return value


def _integer(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _next_link_marker(links: object, parameter: str) -> str | None:
    if not isinstance(links, list):
        return None
    for link in links:
        href = field_value(link, "href")
        if field_value(link, "rel") == "next" and isinstance(href, str):
            for name, value in parse_qsl(urlsplit(href).query, keep_blank_values=True):
                if name == parameter:
                    return value
    return None


def _hashable(value: object) -> object:
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


class AsyncPaginator(Generic[ItemT, PageT]):
    """What a paginated async method returns: `await` it for the first page (the response),
    or `async for item in …` over every item of every page, without `await`."""

    def __init__(self, fetch: Callable[[], Awaitable[PageT]]) -> None:
        self._fetch = fetch

    def __await__(self) -> Generator[Any, None, PageT]:
        return self._fetch().__await__()

    async def __aiter__(self) -> AsyncIterator[ItemT]:
        page: Any = await self
        async for item in page:
            yield item
