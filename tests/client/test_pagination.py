"""Auto-pagination against loopback servers that page in each of the three patterns.

Each service below holds `TOTAL` items and pages them as Huawei's APIs do: ELB v3 by marker
(`page_info.next_marker`), ELB v2.0 by `loadbalancers_links` (`rel: next`), and the kitchen
sink's `ListWidgets` by offset and `total_count`. Misbehaving services repeat a marker, cycle,
or answer empty pages: iteration must end, never loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from elb_client import AsyncElbClient, ElbClient
from sink_client import AsyncSinkClient, SinkClient

from tests.conftest import LoopbackServer, Received, Reply

TOTAL = 7
IDS = [f"lb-{n:03d}" for n in range(TOTAL)]


def _query(received: Received) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(received.path).query).items()}


def _after(marker: str | None, limit: int) -> list[str]:
    start = IDS.index(marker) + 1 if marker else 0
    return IDS[start : start + limit]


def marker_service(received: Received) -> Reply:
    """ELB v3: `next_marker` in `page_info`, absent on the last page."""
    query = _query(received)
    page = _after(query.get("marker"), int(query.get("limit", "2")))
    info: dict[str, Any] = {"current_count": len(page)}
    if page and page[-1] != IDS[-1]:
        info["next_marker"] = page[-1]
    body = {"loadbalancers": [{"id": i} for i in page], "page_info": info, "request_id": "r"}
    return Reply.json(200, body)


def links_service(received: Received) -> Reply:
    """ELB v2.0: a `rel: next` link whose URL carries the next marker."""
    query = _query(received)
    limit = int(query.get("limit", "2"))
    page = _after(query.get("marker"), limit)
    links = []
    if page and page[-1] != IDS[-1]:
        href = f"https://elb.example.com/v2.0/lbaas/loadbalancers?limit={limit}&marker={page[-1]}"
        links.append({"href": href, "rel": "next"})
    if query.get("marker"):
        links.append({"href": "https://elb.example.com/previous", "rel": "previous"})
    body = {"loadbalancers": [{"id": i} for i in page], "loadbalancers_links": links}
    return Reply.json(200, body)


def offset_service(received: Received) -> Reply:
    """The kitchen sink: `offset` and `limit`, and the total in `total_count`."""
    query = _query(received)
    offset, limit = int(query.get("offset", "0")), int(query.get("limit", "2"))
    page = IDS[offset : offset + limit]
    body = {"total_count": TOTAL, "widgets": [{"id": i, "name": i} for i in page]}
    return Reply.json(200, body)


def _elb(loopback: LoopbackServer, asynchronous: bool = False) -> Any:
    client_class = AsyncElbClient if asynchronous else ElbClient
    return client_class(auth=None, base_url=loopback.url, project_id="p", max_retries=0)


def _sink(loopback: LoopbackServer, asynchronous: bool = False) -> Any:
    client_class = AsyncSinkClient if asynchronous else SinkClient
    return client_class(auth=None, base_url=loopback.url, project_id="p", max_retries=0)


def _ids(items: list[Any]) -> list[str]:
    return [item.id for item in items]


# (service, client factory, method, item attribute) for each pattern.
PATTERNS: dict[str, tuple[Callable[[Received], Reply], Any, str]] = {
    "marker": (marker_service, _elb, "list_load_balancers"),
    "links": (links_service, _elb, "list_load_balancers_v2"),
    "offset": (offset_service, _sink, "list_widgets"),
}


@pytest.mark.parametrize("pattern", PATTERNS)
def test_iterating_the_first_page_yields_every_item_of_every_page(
    pattern: str, loopback: LoopbackServer
) -> None:
    service, factory, method = PATTERNS[pattern]
    loopback.respond = service
    with factory(loopback) as client:
        items = list(getattr(client, method)(limit=2))
    assert _ids(items) == IDS
    assert len(loopback.received) == 4  # 2 + 2 + 2 + 1, and no extra request after the last


@pytest.mark.parametrize("pattern", PATTERNS)
def test_async_for_iterates_without_await(pattern: str, loopback: LoopbackServer) -> None:
    service, factory, method = PATTERNS[pattern]
    loopback.respond = service

    async def run() -> list[Any]:
        async with factory(loopback, asynchronous=True) as client:
            return [item async for item in getattr(client, method)(limit=3)]

    assert _ids(asyncio.run(run())) == IDS
    assert len(loopback.received) == 3


@pytest.mark.parametrize("pattern", PATTERNS)
def test_awaiting_the_async_method_returns_the_first_page(
    pattern: str, loopback: LoopbackServer
) -> None:
    service, factory, method = PATTERNS[pattern]
    loopback.respond = service

    async def run() -> tuple[list[str], list[list[str]]]:
        async with factory(loopback, asynchronous=True) as client:
            first = await getattr(client, method)(limit=3)
            pages = [_ids(page._items()) async for page in first.iter_pages()]
            return _ids(first._items()), pages

    first, pages = asyncio.run(run())
    assert first == IDS[:3]
    assert pages == [IDS[:3], IDS[3:6], IDS[6:]]


def test_the_first_page_is_the_response_with_page_methods(loopback: LoopbackServer) -> None:
    loopback.respond = marker_service
    with _elb(loopback) as client:
        page = client.list_load_balancers(limit=3)
        assert [lb.id for lb in page.loadbalancers] == IDS[:3]
        assert page.page_info.next_marker == IDS[2]
        assert page.request_id == "r"
        assert page.has_next_page()
        second = page.get_next_page()
        assert [lb.id for lb in second.loadbalancers] == IDS[3:6]
        assert [[lb.id for lb in p.loadbalancers] for p in page.iter_pages()] == [
            IDS[:3],
            IDS[3:6],
            IDS[6:],
        ]
        last = second.get_next_page()
        assert not last.has_next_page()
        with pytest.raises(RuntimeError, match="no next page"):
            last.get_next_page()
    markers = [_query(r).get("marker") for r in loopback.received]
    assert markers == [None, IDS[2], IDS[2], IDS[5], IDS[5]]


def test_every_page_repeats_the_callers_other_arguments(loopback: LoopbackServer) -> None:
    loopback.respond = marker_service
    with _elb(loopback) as client:
        list(client.list_load_balancers(limit=3, name=["web"], extra_headers={"X-Trace": "t"}))
    assert [_query(r)["name"] for r in loopback.received] == ["web"] * 3
    assert [_query(r)["limit"] for r in loopback.received] == ["3"] * 3
    assert [r.headers.get("X-Trace") for r in loopback.received] == ["t"] * 3


def test_a_repeated_marker_ends_the_iteration(loopback: LoopbackServer) -> None:
    def stuck(_: Received) -> Reply:
        body = {"loadbalancers": [{"id": "same"}], "page_info": {"next_marker": "m"}}
        return Reply.json(200, body)

    loopback.respond = stuck
    with _elb(loopback) as client:
        items = list(client.list_load_balancers(limit=1))
    assert _ids(items) == ["same", "same"]  # the first page, and the page at marker "m"
    assert len(loopback.received) == 2


def test_a_marker_cycle_ends_the_iteration(loopback: LoopbackServer) -> None:
    following = {None: "a", "a": "b", "b": "a"}

    def cycle(received: Received) -> Reply:
        marker = _query(received).get("marker")
        body = {
            "loadbalancers": [{"id": str(marker)}],
            "page_info": {"next_marker": following[marker]},
        }
        return Reply.json(200, body)

    loopback.respond = cycle
    with _elb(loopback) as client:
        assert _ids(list(client.list_load_balancers())) == ["None", "a", "b"]


def test_an_empty_page_ends_the_iteration(loopback: LoopbackServer) -> None:
    def empty(received: Received) -> Reply:
        marker = _query(received).get("marker")
        ids = [] if marker else ["x"]
        body = {"loadbalancers": [{"id": i} for i in ids], "page_info": {"next_marker": "next"}}
        return Reply.json(200, body)

    loopback.respond = empty
    with _elb(loopback) as client:
        assert _ids(list(client.list_load_balancers())) == ["x"]
    assert len(loopback.received) == 2


@pytest.mark.parametrize(
    "body",
    [
        {"widgets": [{"id": "a", "name": "a"}]},  # no total
        {"total_count": "many", "widgets": [{"id": "a", "name": "a"}]},  # a total of another type
        {"total_count": 1, "widgets": [{"id": "a", "name": "a"}]},  # the total reached
    ],
)
def test_offset_paging_stops_without_a_usable_total(
    body: dict[str, Any], loopback: LoopbackServer
) -> None:
    loopback.respond = lambda _: Reply.json(200, body)
    with _sink(loopback) as client:
        assert _ids(list(client.list_widgets(limit=1))) == ["a"]
    assert len(loopback.received) == 1


@pytest.mark.parametrize(
    "body",
    [
        {"loadbalancers": [{"id": "a"}], "page_info": None},
        {"loadbalancers": [{"id": "a"}], "page_info": "garbage"},
        {"loadbalancers": "garbage", "page_info": {"next_marker": "m"}},
        {"loadbalancers": [{"id": "a"}], "page_info": {"next_marker": ["m"]}},
    ],
)
def test_pages_that_drift_from_the_docs_end_the_iteration(
    body: dict[str, Any], loopback: LoopbackServer
) -> None:
    loopback.respond = lambda _: Reply.json(200, body)
    with _elb(loopback) as client:
        page = client.list_load_balancers()
        assert not page.has_next_page()
        list(page)
    assert len(loopback.received) == 1


def test_raw_responses_wrap_the_first_page(loopback: LoopbackServer) -> None:
    loopback.respond = marker_service
    with _elb(loopback) as client:
        raw = client.with_raw_response.list_load_balancers(limit=3)
        assert raw.status_code == 200
        assert _ids(list(raw.parsed)) == IDS

    async def run() -> list[str]:
        async with _elb(loopback, asynchronous=True) as client:
            raw = await client.with_raw_response.list_load_balancers(limit=3)
            return [lb.id async for lb in raw.parsed]

    assert asyncio.run(run()) == IDS
