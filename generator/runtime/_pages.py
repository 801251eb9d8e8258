"""The page classes' bases: a list response that knows how to fetch the pages after it.

Loaded with the models (it needs pydantic); the rules of each pattern are in `_pagination`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydantic import PrivateAttr

from ._model import ResponseModel
from ._pagination import PageRequest, next_arguments, page_items

if TYPE_CHECKING:
    from typing_extensions import Self  # typing.Self from Python 3.11

__all__ = ["AsyncPage", "SyncPage"]

ItemT = TypeVar("ItemT")


class _Page(ResponseModel):
    _request: PageRequest | None = PrivateAttr(default=None)

    def has_next_page(self) -> bool:
        """Whether a page follows this one (False at an empty page or a repeated cursor)."""
        return self._request is not None and next_arguments(self, self._request) is not None

    def _next_request(self) -> PageRequest:
        request = self._request
        arguments = None if request is None else next_arguments(self, request)
        if request is None or arguments is None:
            raise RuntimeError("no next page: check has_next_page() before get_next_page()")
        return request.following(arguments)

    def _items(self) -> list[Any]:
        request = self._request
        if request is None or request.endpoint.pagination is None:
            return []
        return page_items(self, request.endpoint.pagination)


class SyncPage(_Page, Generic[ItemT]):
    """A sync client's page: iterating it yields every item of this page and the next ones."""

    def get_next_page(self) -> Self:
        """The page after this one (one call); RuntimeError if there is none."""
        request = self._next_request()
        page: Self = request.client._call(request.endpoint, request.arguments, request.options)
        page._request = request
        return page

    def iter_pages(self) -> Iterator[Self]:
        """This page, then each following page, fetched as the loop reaches it."""
        page = self
        yield page
        while page.has_next_page():
            page = page.get_next_page()
            yield page

    def __iter__(self) -> Iterator[ItemT]:  # type: ignore[override]
        for page in self.iter_pages():
            yield from page._items()


class AsyncPage(_Page, Generic[ItemT]):
    """An async client's page: `async for` over it yields every item of every page."""

    async def get_next_page(self) -> Self:
        """The page after this one (one call); RuntimeError if there is none."""
        request = self._next_request()
        page: Self = await request.client._call(
            request.endpoint, request.arguments, request.options
        )
        page._request = request
        return page

    async def iter_pages(self) -> AsyncIterator[Self]:
        """This page, then each following page, fetched as the loop reaches it."""
        page = self
        yield page
        while page.has_next_page():
            page = await page.get_next_page()
            yield page

    async def __aiter__(self) -> AsyncIterator[ItemT]:
        async for page in self.iter_pages():
            for item in page._items():
                yield item
