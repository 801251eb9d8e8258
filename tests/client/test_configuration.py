"""Client configuration: typed settings, regions, base URL policy, environment, own httpx clients."""

from __future__ import annotations

import asyncio
import inspect
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from hss_client import REGIONS, AkSkAuth, AsyncHssClient, HssClient, Region

from tests.client.harness import MODES, Harness

ROOT = Path(__file__).resolve().parents[2]
ENVIRONMENT = (
    "HUAWEICLOUD_SDK_AK",
    "HUAWEICLOUD_SDK_SK",
    "HUAWEICLOUD_SDK_SECURITY_TOKEN",
    "HUAWEICLOUD_SDK_PROJECT_ID",
    "HUAWEICLOUD_SDK_REGION",
    "HUAWEICLOUD_SDK_ENDPOINT",
)


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_region_picks_the_published_endpoint() -> None:
    assert (
        HssClient(auth=None, region="ap-southeast-1").base_url
        == "https://hss.ap-southeast-1.myhuaweicloud.com"
    )
    eu = HssClient(auth=None, region="eu-west-101")
    assert eu.base_url == "https://hss.eu-west-101.myhuaweicloud.eu"


def test_open_telekom_cloud_regions_are_known() -> None:
    assert HssClient(auth=None, region="eu-de").base_url == "https://hss.eu-de.otc.t-systems.com"
    assert REGIONS["eu-de"] == Region(
        "eu-de", "https://hss.eu-de.otc.t-systems.com", "Open Telekom Cloud"
    )
    assert REGIONS["cn-north-4"].cloud == "Huawei Cloud"
    from elb_client import REGIONS as ELB_REGIONS
    from elb_client import ElbClient

    assert ElbClient(auth=None, region="eu-nl").base_url == "https://elb.eu-nl.otc.t-systems.com"
    swiss = ELB_REGIONS["eu-ch2"]
    assert (swiss.endpoint, swiss.cloud) == (
        "https://elb.eu-ch2.sc.otc.t-systems.com",
        "Swiss Open Telekom Cloud",
    )


def test_unknown_region_is_refused_with_the_known_ones() -> None:
    with pytest.raises(
        ValueError, match=r"unknown region 'mars-1' for hss; known regions: .*cn-north-4.*eu-de"
    ):
        HssClient(auth=None, region="mars-1")


def test_no_region_and_no_base_url_is_refused() -> None:
    # No silent default: it would send the user's requests to a region they never chose.
    with pytest.raises(ValueError, match=r"pass region= \(one of: .*eu-de.*\) or base_url="):
        HssClient(auth=None)


def test_auth_must_be_given_even_when_it_is_none() -> None:
    with pytest.raises(TypeError, match="auth"):
        HssClient(region="eu-de")  # type: ignore[call-arg]
    assert HssClient(auth=None, region="eu-de").auth is None


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"regoin": "eu-de"}, "regoin"),
        ({"max_retries": "3"}, "max_retries must be int, got str '3'"),
        ({"max_retries": True}, "max_retries must be int, got bool"),
        ({"region": 4}, "region must be str or None"),
        ({"timeout": "10"}, "timeout must be int or float or Timeout or None"),
        ({"auth": "AK:SK"}, "auth must be Auth or None"),
        ({"strict_response_validation": 1}, "strict_response_validation must be bool"),
    ],
)
def test_a_misspelt_or_mistyped_setting_is_a_type_error(
    settings: dict[str, Any], message: str
) -> None:
    arguments: dict[str, Any] = {"auth": None, "region": "eu-de", **settings}
    with pytest.raises(TypeError, match=message):
        HssClient(**arguments)


def test_negative_retries_are_refused() -> None:
    with pytest.raises(ValueError, match="max_retries must be 0 or more"):
        HssClient(auth=None, region="eu-de", max_retries=-1)


def test_the_constructor_shows_its_settings() -> None:
    for client_class in (HssClient, AsyncHssClient):
        parameters = inspect.signature(client_class).parameters
        assert list(parameters)[:8] == [
            "auth",
            "region",
            "project_id",
            "base_url",
            "timeout",
            "max_retries",
            "http_client",
            "strict_response_validation",
        ]
        assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in parameters.values())
        assert "region:" in (client_class.__init__.__doc__ or "")


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:9", "https://hss.example.com/"],
)
def test_allowed_base_urls(url: str) -> None:
    assert HssClient(auth=None, base_url=url).base_url == url.rstrip("/")


@pytest.mark.parametrize(
    "url", ["http://hss.example.com", "http://10.0.0.1", "ftp://x", "hss.example.com"]
)
def test_plain_http_is_refused_except_on_loopback(url: str) -> None:
    with pytest.raises(ValueError, match="base_url"):
        HssClient(auth=None, base_url=url)


def test_from_env_reads_the_official_sdk_variables(clean_environment: pytest.MonkeyPatch) -> None:
    clean_environment.setenv("HUAWEICLOUD_SDK_AK", "AKIDENV")
    clean_environment.setenv("HUAWEICLOUD_SDK_SK", "sk-env-secret")
    clean_environment.setenv("HUAWEICLOUD_SDK_SECURITY_TOKEN", "sts-env-secret")
    clean_environment.setenv("HUAWEICLOUD_SDK_PROJECT_ID", "project-env")
    clean_environment.setenv("HUAWEICLOUD_SDK_REGION", "cn-east-3")
    for client_class in (HssClient, AsyncHssClient):
        client = client_class.from_env()
        assert client.project_id == "project-env"
        assert client.base_url == "https://hss.cn-east-3.myhuaweicloud.com"
        assert isinstance(client.auth, AkSkAuth)
        assert "sk-env-secret" not in repr(client)
        assert "sts-env-secret" not in repr(client)
    assert HssClient.from_env(project_id="override").project_id == "override"
    assert HssClient.from_env(region="eu-de").base_url == "https://hss.eu-de.otc.t-systems.com"


def test_from_env_without_credentials_names_what_it_read(
    clean_environment: pytest.MonkeyPatch,
) -> None:
    clean_environment.setenv("HUAWEICLOUD_SDK_REGION", "eu-de")
    with pytest.raises(ValueError, match="no credentials") as caught:
        HssClient.from_env()
    for name in ENVIRONMENT:
        assert name in str(caught.value)


def test_from_env_refuses_half_a_key_pair(clean_environment: pytest.MonkeyPatch) -> None:
    clean_environment.setenv("HUAWEICLOUD_SDK_AK", "AKIDENV")
    with pytest.raises(ValueError, match="HUAWEICLOUD_SDK_SK not set"):
        HssClient.from_env(region="eu-de")


def test_timeouts_are_on_by_default() -> None:
    default = HssClient(auth=None, region="eu-de").timeout
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
    with HssClient(
        auth=None, base_url="https://h.example.com", project_id="p", http_client=own
    ) as client:
        raw = client.with_raw_response.create_vpc_endpoint()
    assert raw.http_response.request.headers["X-Custom"] == "kept"
    assert not own.is_closed

    async def run() -> bool:
        own_async = httpx.AsyncClient(transport=transport)
        async with AsyncHssClient(
            auth=None, base_url="https://h.example.com", project_id="p", http_client=own_async
        ) as client:
            await client.create_vpc_endpoint()
        return own_async.is_closed

    assert asyncio.run(run()) is False


def test_clients_close_what_they_own() -> None:
    client = HssClient(auth=None, region="eu-de")
    client.close()
    assert client._http.is_closed


@pytest.mark.parametrize("mode", MODES)
def test_each_attempt_is_one_debug_line(mode: str, caplog: pytest.LogCaptureFixture) -> None:
    replies = iter(
        [
            httpx.Response(429, headers={"X-Request-Id": "first"}),
            httpx.Response(200, headers={"X-Request-Id": "second"}),
        ]
    )
    harness = Harness("hss_client", mode, lambda _: next(replies))
    with caplog.at_level(logging.DEBUG, logger="hss_client"):
        harness.call("create_vpc_endpoint", enterprise_project_id="all_granted_eps")
    lines = [r.getMessage() for r in caplog.records if r.name == "hss_client"]
    attempts = [line for line in lines if line.startswith("POST ")]
    assert len(attempts) == 2, lines
    first, second = attempts
    assert first.startswith(
        "POST /v5/project-1/host-management/vpc-endpointes?enterprise_project_id=all_granted_eps"
    )
    assert "-> 429 request_id=first attempt=1" in first
    assert "retry in " in first
    assert "-> 200 request_id=second attempt=2" in second
    assert second.endswith("final")


def test_credential_query_values_never_reach_the_log() -> None:
    from hss_client._logs import redact_query

    assert redact_query("limit=10&X-Auth-Token=abc&sort_key=name") == (
        "limit=10&X-Auth-Token=%2A%2A%2A&sort_key=name"
    )


def test_the_environment_variable_switches_the_log_on(tmp_path: Path) -> None:
    script = (
        "import httpx\n"
        "from hss_client import HssClient\n"
        "transport = httpx.MockTransport(lambda r: httpx.Response(200))\n"
        "client = HssClient(auth=None, base_url='https://h.example.com', project_id='p',\n"
        "                   http_client=httpx.Client(transport=transport))\n"
        "client.create_vpc_endpoint()\n"
    )
    environment = {**os.environ, "HUAWEICLOUD_SDK_LOG": "debug"}
    environment["PYTHONPATH"] = os.pathsep.join([str(ROOT / "generated"), str(ROOT)])
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    assert "hss_client DEBUG POST /v5/p/host-management/vpc-endpointes -> 200" in done.stderr
    quiet = subprocess.run(
        [sys.executable, "-c", script],
        env={**environment, "HUAWEICLOUD_SDK_LOG": ""},
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    assert quiet.stderr == ""
