"""Client configuration: regions, base URL policy, environment, timeouts, own httpx clients."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from hss_client import AkSkAuth, AsyncHssClient, HssClient

from tests.client.harness import MODES, Harness


def test_region_picks_the_published_endpoint() -> None:
    assert HssClient().base_url == "https://hss.cn-north-4.myhuaweicloud.com"
    assert (
        HssClient(region="ap-southeast-1").base_url
        == "https://hss.ap-southeast-1.myhuaweicloud.com"
    )
    assert HssClient(region="eu-west-101").base_url == "https://hss.eu-west-101.myhuaweicloud.eu"


def test_unknown_region_is_refused_with_the_known_ones() -> None:
    with pytest.raises(
        ValueError, match=r"unknown region 'mars-1' for hss; known regions: .*cn-north-4"
    ):
        HssClient(region="mars-1")


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:9", "https://hss.example.com/"],
)
def test_allowed_base_urls(url: str) -> None:
    assert HssClient(base_url=url).base_url == url.rstrip("/")


@pytest.mark.parametrize(
    "url", ["http://hss.example.com", "http://10.0.0.1", "ftp://x", "hss.example.com"]
)
def test_plain_http_is_refused_except_on_loopback(url: str) -> None:
    with pytest.raises(ValueError, match="base_url"):
        HssClient(base_url=url)


def test_from_env_reads_the_official_sdk_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUAWEICLOUD_SDK_AK", "AKIDENV")
    monkeypatch.setenv("HUAWEICLOUD_SDK_SK", "sk-env-secret")
    monkeypatch.setenv("HUAWEICLOUD_SDK_SECURITY_TOKEN", "sts-env-secret")
    monkeypatch.setenv("HUAWEICLOUD_SDK_PROJECT_ID", "project-env")
    monkeypatch.setenv("HUAWEICLOUD_SDK_REGION", "cn-east-3")
    for client_class in (HssClient, AsyncHssClient):
        client = client_class.from_env()
        assert client.project_id == "project-env"
        assert client.base_url == "https://hss.cn-east-3.myhuaweicloud.com"
        assert isinstance(client.auth, AkSkAuth)
        assert "sk-env-secret" not in repr(client)
        assert "sts-env-secret" not in repr(client)
    assert HssClient.from_env(project_id="override").project_id == "override"


def test_from_env_refuses_half_a_key_pair(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUAWEICLOUD_SDK_AK", "AKIDENV")
    monkeypatch.delenv("HUAWEICLOUD_SDK_SK", raising=False)
    with pytest.raises(ValueError, match="HUAWEICLOUD_SDK_SK"):
        HssClient.from_env()


def test_timeouts_are_on_by_default() -> None:
    default = HssClient().timeout
    assert isinstance(default, httpx.Timeout)
    assert (default.connect, default.read) == (10.0, 60.0)


@pytest.mark.parametrize("mode", MODES)
def test_per_call_timeout_reaches_the_transport(mode: str) -> None:
    seen: list[dict[str, float | None]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.extensions["timeout"])
        return httpx.Response(200)

    harness = Harness("hss_client", mode, handler, timeout=12.0)
    harness.call("create_vpc_endpoint")
    harness.call("create_vpc_endpoint", timeout=3.5)
    assert [t["read"] for t in seen] == [12.0, 3.5]


def test_a_users_own_client_is_used_and_not_closed() -> None:
    transport = httpx.MockTransport(lambda _: httpx.Response(200))
    own = httpx.Client(transport=transport, headers={"X-Custom": "kept"})
    with HssClient(base_url="https://h.example.com", project_id="p", http_client=own) as client:
        raw = client.with_raw_response.create_vpc_endpoint()
    assert raw.http_response.request.headers["X-Custom"] == "kept"
    assert not own.is_closed

    async def run() -> bool:
        own_async = httpx.AsyncClient(transport=transport)
        async with AsyncHssClient(
            base_url="https://h.example.com", project_id="p", http_client=own_async
        ) as client:
            await client.create_vpc_endpoint()
        return own_async.is_closed

    assert asyncio.run(run()) is False


def test_clients_close_what_they_own() -> None:
    client = HssClient()
    client.close()
    assert client._http.is_closed
