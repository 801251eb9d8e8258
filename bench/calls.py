"""Per-call cost of each client against a fast loopback server in another process.

What a user pays per call is the client's own work (validation, serialisation, signing,
response handling) on top of the HTTP stack. To isolate it, every client makes the same
CreateVpcEndpoint call to the same server (`bench.server`, in its own process, so its cost is
small and the same for everyone), and raw `httpx` sending the same headers and JSON body is the
floor. Sync clients take turns call by call, and overheads are taken per round against the floor
of that round, so that drift on a shared machine hits every client alike.

Sync: one call at a time. Async: `concurrency` calls in flight with `asyncio.gather`; the
official SDK's "async" client is a thread pool (8 workers, fixed in huaweicloudsdkcore), fed so
that `concurrency` calls are submitted at once.

Usage (the worker; `bench.run` starts the server and calls `measure`):
`python -m bench.calls --base-url URL --opc-path DIR --opc-package NAME` prints one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import importlib
import itertools
import json
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.measure import ROOT, MeasurementError, run_json

PROJECT_ID = "0123456789abcdef0123456789abcdef"
AK, SK = "BENCHAK0123456789ABCD", "bench-secret-key-0123456789abcdefghijklmn"
TOKEN = "MIIbench-token-" + "x" * 1200  # IAM tokens are a few kilobytes of base64
HOST_IDS = ["71a15ecc-049f-4cca-bd28-5e90aca1817f", "0c2a1c0e-5a43-4e23-9bd5-1d2c3b4a5f6e"]
VPC_ID, SUBNET_IDS = "789-1111111", ["777777-1111", "777777-2222"]
VPC = {"vpc_id": VPC_ID, "subnet_id_list": SUBNET_IDS}  # the same, as raw JSON
PATH = f"/v5/{PROJECT_ID}/host-management/vpc-endpointes"


def raw_headers() -> dict[str, str]:
    """Exactly the headers our AkSkAuth client sends, with values of the right shape."""
    import httpx
    from hss_client._endpoints import SERVICE

    return {
        "User-Agent": f"{SERVICE.package}/{SERVICE.version} httpx/{httpx.__version__}",
        "Content-Type": "application/json",
        "X-Sdk-Date": "20260101T000000Z",
        "Authorization": (
            f"SDK-HMAC-SHA256 Access={AK}, SignedHeaders=content-type;host;user-agent;x-sdk-date, "
            "Signature=" + "0" * 64
        ),
    }


RAW = "raw httpx (floor)"
OURS_TOKEN = "hss_client, TokenAuth"
OURS_AKSK = "hss_client, AkSkAuth"
OURS_AKSK_NEW_URLS = "hss_client, AkSkAuth, a URL not seen in the last 256 calls"
OFFICIAL = "huaweicloudsdkhss (official, AK/SK)"
OPC = "openapi-python-client (token)"
ASYNC_RAW = "raw httpx.AsyncClient (floor)"
ASYNC_OURS_TOKEN = "AsyncHssClient, TokenAuth"
ASYNC_OURS_AKSK = "AsyncHssClient, AkSkAuth"
ASYNC_OFFICIAL = "HssAsyncClient (official, thread pool of 8)"
ASYNC_OPC = "openapi-python-client async (token)"

SyncCall = Callable[[], object]
AsyncCall = Callable[[], Awaitable[object]]


@dataclass
class Case:
    """One client: how to make one call, and how to let go of it afterwards."""

    name: str
    call: SyncCall
    close: Callable[[], object] = field(default=lambda: None)


@dataclass
class AsyncCase:
    """One async client; `batch` runs `total` calls with `concurrency` in flight."""

    name: str
    batch: Callable[[int, int], Awaitable[None]]
    close: Callable[[], Awaitable[object]]


def _check(status: int, who: str) -> None:
    if status != 200:
        raise RuntimeError(f"{who}: the server answered {status}; the call was not made right")


# -- the clients ------------------------------------------------------------------------------
def _raw_sync(base_url: str) -> Case:
    import httpx

    client = httpx.Client()
    url = base_url + PATH
    payload = {"host_id_list": HOST_IDS, "vpc_list": [VPC]}
    headers = raw_headers()

    def call() -> None:
        _check(client.post(url, json=payload, headers=headers).status_code, "raw httpx")

    return Case(RAW, call, client.close)


def _ours_sync(base_url: str, auth_name: str) -> Case:
    from hss_client import AkSkAuth, HssClient, TokenAuth
    from hss_client.models import VpcAndSubNet

    auth = TokenAuth(TOKEN) if auth_name == "token" else AkSkAuth(AK, SK)
    client = HssClient(base_url=base_url, project_id=PROJECT_ID, auth=auth)

    def call() -> None:
        client.create_vpc_endpoint(
            host_id_list=HOST_IDS, vpc_list=[VpcAndSubNet(vpc_id=VPC_ID, subnet_id_list=SUBNET_IDS)]
        )

    return Case(OURS_TOKEN if auth_name == "token" else OURS_AKSK, call, client.close)


def _ours_sync_new_urls(base_url: str) -> Case:
    """Every call to another project, cycling through more than the client's 256 parsed URLs:
    what a call costs when its URL is new (httpx parses it, and its signing view is made)."""
    from hss_client import AkSkAuth, HssClient
    from hss_client.models import VpcAndSubNet

    client = HssClient(base_url=base_url, auth=AkSkAuth(AK, SK))
    projects = itertools.cycle([f"{number:032x}" for number in range(1000)])

    def call() -> None:
        client.create_vpc_endpoint(
            host_id_list=HOST_IDS,
            vpc_list=[VpcAndSubNet(vpc_id=VPC_ID, subnet_id_list=SUBNET_IDS)],
            project_id=next(projects),
        )

    return Case(OURS_AKSK_NEW_URLS, call, client.close)


def _official_request() -> Any:
    from huaweicloudsdkhss.v5 import (  # type: ignore[import-untyped]
        CreateVpcCondition,
        CreateVpcEndpointRequest,
    )
    from huaweicloudsdkhss.v5 import VpcAndSubNet as SdkVpcAndSubNet

    return CreateVpcEndpointRequest(
        body=CreateVpcCondition(
            host_id_list=HOST_IDS,
            vpc_list=[SdkVpcAndSubNet(vpc_id=VPC_ID, subnet_id_list=SUBNET_IDS)],
        )
    )


def _official_client(base_url: str, client_class: Any) -> Any:
    from huaweicloudsdkcore.auth.credentials import (  # type: ignore[import-untyped]
        BasicCredentials,
    )

    return (
        client_class.new_builder()
        .with_credentials(BasicCredentials(AK, SK, PROJECT_ID))
        .with_endpoints([base_url])
        .build()
    )


def _official_sync(base_url: str) -> Case:
    from huaweicloudsdkhss.v5 import HssClient as SdkClient

    client = _official_client(base_url, SdkClient)

    def call() -> None:
        _check(client.create_vpc_endpoint(_official_request()).status_code, "official SDK")

    return Case(OFFICIAL, call)


def _opc(package: str) -> tuple[Any, Any, Any, Any]:
    client_module = importlib.import_module(f"{package}.client")
    api = importlib.import_module(f"{package}.api.default.create_vpc_endpoint")
    body = importlib.import_module(f"{package}.models.create_vpc_endpoint_request_body")
    vpc = importlib.import_module(f"{package}.models.vpc_and_sub_net")
    return (
        client_module.AuthenticatedClient,
        api,
        body.CreateVpcEndpointRequestBody,
        vpc.VpcAndSubNet,
    )


def _opc_sync(base_url: str, package: str) -> Case:
    client_class, api, body_class, vpc_class = _opc(package)
    client = client_class(
        base_url=base_url, token=TOKEN, prefix="", auth_header_name="X-Auth-Token"
    )

    def call() -> None:
        body = body_class(
            host_id_list=HOST_IDS, vpc_list=[vpc_class(vpc_id=VPC_ID, subnet_id_list=SUBNET_IDS)]
        )
        _check(api.sync_detailed(PROJECT_ID, client=client, body=body).status_code, "opc")

    return Case(OPC, call, client.get_httpx_client().close)


def sync_cases(base_url: str, opc_package: str) -> list[Case]:
    return [
        _raw_sync(base_url),
        _ours_sync(base_url, "token"),
        _ours_sync(base_url, "aksk"),
        _ours_sync_new_urls(base_url),
        _official_sync(base_url),
        _opc_sync(base_url, opc_package),
    ]


async def _gather(call: AsyncCall, total: int, concurrency: int) -> None:
    """`total` calls through `concurrency` workers, so that many are always in flight."""

    async def worker(count: int) -> None:
        for _ in range(count):
            await call()

    share, extra = divmod(total, concurrency)
    await asyncio.gather(*(worker(share + (i < extra)) for i in range(concurrency)))


def _raw_async(base_url: str) -> AsyncCase:
    import httpx

    client = httpx.AsyncClient()
    url = base_url + PATH
    payload = {"host_id_list": HOST_IDS, "vpc_list": [VPC]}
    headers = raw_headers()

    async def call() -> None:
        response = await client.post(url, json=payload, headers=headers)
        _check(response.status_code, "raw httpx")

    return AsyncCase(ASYNC_RAW, lambda total, n: _gather(call, total, n), client.aclose)


def _ours_async(base_url: str, auth_name: str) -> AsyncCase:
    from hss_client import AkSkAuth, AsyncHssClient, TokenAuth
    from hss_client.models import VpcAndSubNet

    auth = TokenAuth(TOKEN) if auth_name == "token" else AkSkAuth(AK, SK)
    client = AsyncHssClient(base_url=base_url, project_id=PROJECT_ID, auth=auth)

    async def call() -> None:
        await client.create_vpc_endpoint(
            host_id_list=HOST_IDS, vpc_list=[VpcAndSubNet(vpc_id=VPC_ID, subnet_id_list=SUBNET_IDS)]
        )

    name = ASYNC_OURS_TOKEN if auth_name == "token" else ASYNC_OURS_AKSK
    return AsyncCase(name, lambda total, n: _gather(call, total, n), client.close)


def _official_async(base_url: str) -> AsyncCase:
    from huaweicloudsdkhss.v5 import HssAsyncClient

    client = _official_client(base_url, HssAsyncClient)

    async def batch(total: int, concurrency: int) -> None:
        # Its futures block: keep `concurrency` submitted, wait for the oldest, submit the next.
        pending: collections.deque[Any] = collections.deque()
        for _ in range(total):
            if len(pending) >= concurrency:
                _check(pending.popleft().result().status_code, "official SDK async")
            pending.append(client.create_vpc_endpoint_async(_official_request()))
        while pending:
            _check(pending.popleft().result().status_code, "official SDK async")

    async def close() -> None:
        return None

    return AsyncCase(ASYNC_OFFICIAL, batch, close)


def _opc_async(base_url: str, package: str) -> AsyncCase:
    client_class, api, body_class, vpc_class = _opc(package)
    client = client_class(
        base_url=base_url, token=TOKEN, prefix="", auth_header_name="X-Auth-Token"
    )

    async def call() -> None:
        body = body_class(
            host_id_list=HOST_IDS, vpc_list=[vpc_class(vpc_id=VPC_ID, subnet_id_list=SUBNET_IDS)]
        )
        response = await api.asyncio_detailed(PROJECT_ID, client=client, body=body)
        _check(response.status_code, "opc")

    return AsyncCase(
        ASYNC_OPC, lambda total, n: _gather(call, total, n), client.get_async_httpx_client().aclose
    )


def async_cases(base_url: str, opc_package: str) -> list[AsyncCase]:
    return [
        _raw_async(base_url),
        _ours_async(base_url, "token"),
        _ours_async(base_url, "aksk"),
        _official_async(base_url),
        _opc_async(base_url, opc_package),
    ]


# -- the worker -------------------------------------------------------------------------------
def _rotated(items: list[Any], by: int) -> list[Any]:
    by %= len(items)
    return items[by:] + items[:by]


def run_sync(cases: list[Case], calls: int, rounds: int, warmup: int) -> dict[str, list[float]]:
    """Microseconds per call, one figure per round per case: the mean of that round's calls.

    Clients take turns call by call (in an order rotated every call), each call timed on its
    own, so that whatever else the machine does hits every client alike. Timed in blocks of
    hundreds of calls per client instead, the same code measured +4 % in one run and +15 % in
    the next: a block is long enough for the machine's load to change under it.
    """
    for case in cases:
        for _ in range(warmup):
            case.call()
    per_call: dict[str, list[float]] = {case.name: [] for case in cases}
    clock = time.perf_counter
    orders = [_rotated(cases, turn) for turn in range(len(cases))]
    for _ in range(rounds):
        spent = dict.fromkeys(per_call, 0.0)
        for turn in range(calls):
            for case in orders[turn % len(orders)]:
                started = clock()
                case.call()
                spent[case.name] += clock() - started
        for name, seconds in spent.items():
            per_call[name].append(seconds / calls * 1e6)
    return per_call


async def run_async(
    cases: list[AsyncCase], calls: int, rounds: int, concurrency: int
) -> dict[str, list[float]]:
    """Microseconds of wall time per call (the inverse of throughput) with calls in flight."""
    for case in cases:
        await case.batch(concurrency * 2, concurrency)
    per_call: dict[str, list[float]] = {case.name: [] for case in cases}
    for round_ in range(rounds):
        for case in _rotated(cases, round_):
            started = time.perf_counter()
            await case.batch(calls, concurrency)
            per_call[case.name].append((time.perf_counter() - started) / calls * 1e6)
    return per_call


def worker(arguments: argparse.Namespace) -> dict[str, Any]:
    sys.path.insert(0, str(arguments.opc_path))
    sys.path.insert(0, str(ROOT / "generated"))
    cases = sync_cases(arguments.base_url, arguments.opc_package)
    sync = run_sync(cases, arguments.calls, arguments.rounds, arguments.warmup)
    for case in cases:
        case.close()

    async def run_all() -> dict[str, list[float]]:
        acases = async_cases(arguments.base_url, arguments.opc_package)
        try:
            return await run_async(
                acases, arguments.async_calls, arguments.rounds, arguments.concurrency
            )
        finally:
            for acase in acases:
                await acase.close()

    return {
        "sync": sync,
        "async": asyncio.run(run_all()),
        "calls": arguments.calls,
        "async_calls": arguments.async_calls,
        "rounds": arguments.rounds,
        "concurrency": arguments.concurrency,
    }


# -- the orchestrator's side ------------------------------------------------------------------
@contextmanager
def server(env: Mapping[str, str]) -> Iterator[str]:
    """`bench.server` in its own process; yields its base URL and stops it afterwards."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.server"],
        env=dict(env),
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().decode().strip()
        if not line.isdigit():
            raise MeasurementError(f"bench.server did not start (said {line!r})")
        yield f"http://127.0.0.1:{line}"
    finally:
        if process.stdin is not None:
            process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def measure(
    env: Mapping[str, str],
    opc_path: Path,
    opc_package: str,
    *,
    calls: int,
    async_calls: int,
    rounds: int,
    concurrency: int = 50,
    warmup: int = 200,
) -> dict[str, Any]:
    """Start the server, run the worker against it, and return the worker's figures."""
    with server(env) as base_url:
        command = [
            sys.executable,
            "-m",
            "bench.calls",
            "--base-url",
            base_url,
            "--opc-path",
            str(opc_path),
            "--opc-package",
            opc_package,
            "--calls",
            str(calls),
            "--async-calls",
            str(async_calls),
            "--rounds",
            str(rounds),
            "--concurrency",
            str(concurrency),
            "--warmup",
            str(warmup),
        ]
        return run_json(command, env, timeout=900)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--opc-path", type=Path, required=True)
    parser.add_argument("--opc-package", required=True)
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--async-calls", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=200)
    print(json.dumps(worker(parser.parse_args())))


if __name__ == "__main__":
    main()
