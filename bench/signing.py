"""Microseconds per AK/SK signature: ours against huaweicloudsdkcore's `Signer`.

Both sign the same requests: each case is built as the generated client holds it before
building its `httpx.Request` (`AkSkAuth.authorize`, what the client runs), as an `httpx.Request`
(`AkSkAuth.sign`, what httpx's auth flow runs for a user of plain httpx) and as an `SdkRequest`
(what the official client signs), with the same method, URL, query, headers, body and
`X-Sdk-Date`. Before timing, the Authorization values are compared, so that the figures are
for equal work and equal results.

Only signing is timed: request objects are built beforehand (one per signature, since both
signers write into the request), outside the clock. The comparison uses a fixed `X-Sdk-Date`;
the timed requests carry none, so each signer stamps the time itself, as inside the clients
(the stand-alone `sign_request` needs the header, so its requests keep it).

Usage: `python -m bench.signing [--signatures N] [--rounds R]` prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bench.measure import ROOT

AK, SK = "BENCHAK0123456789ABCD", "bench-secret-key-0123456789abcdefghijklmn"
DATE = "20260101T000000Z"
HOST = "hss.cn-north-4.myhuaweicloud.com"
PROJECT = "0123456789abcdef0123456789abcdef"


SIGNER_CLIENT = "hss_client AkSkAuth.authorize (what the client runs)"
SIGNER_AUTH = "hss_client AkSkAuth.sign (httpx auth flow)"
SIGNER_FUNCTION = "hss_client sign_request (stand-alone function)"
SIGNER_OFFICIAL = "huaweicloudsdkcore Signer.sign (official)"


@dataclass(frozen=True)
class Request:
    """One request, described once and built for both signers."""

    name: str
    method: str
    path: str
    query: list[tuple[str, str]] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


JSON = {"Content-Type": "application/json", "User-Agent": "hss_client/0.1.0 httpx/0.28.1"}
REQUESTS = (
    Request(
        "POST, JSON body (CreateVpcEndpoint)",
        "POST",
        f"/v5/{PROJECT}/host-management/vpc-endpointes",
        headers=JSON,
        body=(
            b'{"host_id_list":["71a15ecc-049f-4cca-bd28-5e90aca1817f"],'
            b'"vpc_list":[{"vpc_id":"789-1111111","subnet_id_list":["777777-1111"]}]}'
        ),
    ),
    Request(
        "GET, 6 query parameters",
        "GET",
        f"/v5/{PROJECT}/host-management/hosts",
        query=[
            ("enterprise_project_id", "all_granted_eps"),
            ("host_name", "web server 01"),
            ("limit", "100"),
            ("offset", "0"),
            ("os_type", "Linux"),
            ("tags", "env=prod"),
        ],
        headers={"User-Agent": JSON["User-Agent"]},
    ),
    Request(
        "DELETE, no body",
        "DELETE",
        f"/v5/{PROJECT}/host-management/vpc-endpointes/ep-0123",
        headers={"User-Agent": JSON["User-Agent"]},
    ),
)


def _dated(spec: Request, dated: bool) -> dict[str, str]:
    return {"X-Sdk-Date": DATE, **spec.headers} if dated else dict(spec.headers)


def _httpx_request(spec: Request, dated: bool) -> Any:
    """The request as the generated client builds it: its query already encoded the way the
    signature reads it (`encode_query`: `%20`, never `+`)."""
    import httpx
    from hss_client._auth import encode_query

    query = encode_query(spec.query)
    return httpx.Request(
        spec.method,
        f"https://{HOST}{spec.path}" + (f"?{query}" if query else ""),
        headers=_dated(spec, dated),
        content=spec.body,
    )


def _client_parts(spec: Request, dated: bool) -> Any:
    """What the generated client signs with: the method, the parsed URL, its own headers (a
    plain dict) and the body. The URL's signing view is made inside the clock, as for a URL the
    client has not seen lately (it keeps the last 256)."""
    return (spec.method, _httpx_request(spec, dated).url, _dated(spec, dated), spec.body)


def _function_arguments(spec: Request, dated: bool) -> Any:
    """`sign_request`'s arguments: the URL as httpx encodes it and the caller's headers."""
    url = _httpx_request(spec, dated).url
    return (spec.method, url, _dated(spec, dated), spec.body)


def _sdk_request(spec: Request, dated: bool) -> Any:
    from huaweicloudsdkcore.sdk_request import SdkRequest  # type: ignore[import-untyped]

    return SdkRequest(
        method=spec.method,
        schema="https",
        host=HOST,
        resource_path=spec.path,
        query_params=list(spec.query),
        header_params=_dated(spec, dated),
        body=spec.body,
    )


Builder = Callable[[Request, bool], Any]


def signers() -> dict[str, tuple[Builder, Callable[[Any], str], bool]]:
    """name → (build a request, sign it and return Authorization, whether timed requests are dated)."""
    from hss_client import AkSkAuth
    from hss_client._auth import sign_request, signable_headers, signing_target
    from huaweicloudsdkcore.auth.credentials import (  # type: ignore[import-untyped]
        BasicCredentials,
    )
    from huaweicloudsdkcore.signer.signer import Signer  # type: ignore[import-untyped]

    auth = AkSkAuth(AK, SK)
    official = Signer(BasicCredentials(AK, SK))

    def ours_auth(request: Any) -> str:
        auth.sign(request)
        return str(request.headers["Authorization"])

    def ours_client(parts: Any) -> str:
        method, url, headers, body = parts
        target = signing_target(url)
        signable, previous = signable_headers(headers.items())
        signable.setdefault("host", target.host)
        return auth.authorize(method, target, signable, previous, body)["Authorization"]

    def ours_function(arguments: Any) -> str:
        method, url, headers, body = arguments
        return sign_request(method, url, headers, body, AK, SK)

    def theirs(request: Any) -> str:
        return str(official.sign(request).header_params["Authorization"])

    return {
        SIGNER_CLIENT: (_client_parts, ours_client, False),
        SIGNER_AUTH: (_httpx_request, ours_auth, False),
        SIGNER_FUNCTION: (
            _function_arguments,
            ours_function,
            True,
        ),
        SIGNER_OFFICIAL: (_sdk_request, theirs, False),
    }


def run(signatures: int, rounds: int) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT / "generated"))
    chosen = signers()
    for spec in REQUESTS:
        values = {name: sign(build(spec, True)) for name, (build, sign, _) in chosen.items()}
        if len(set(values.values())) != 1:
            raise RuntimeError(f"{spec.name}: the signers disagree: {values}")
    results: dict[str, dict[str, list[float]]] = {spec.name: {} for spec in REQUESTS}
    for round_ in range(rounds):
        for spec in REQUESTS:
            names = list(chosen)
            names = names[round_ % len(names) :] + names[: round_ % len(names)]
            for name in names:
                build, sign, dated = chosen[name]
                batch = [build(spec, dated) for _ in range(signatures)]
                started = time.perf_counter()
                for request in batch:
                    sign(request)
                elapsed = time.perf_counter() - started
                results[spec.name].setdefault(name, []).append(elapsed / signatures * 1e6)
    return {"per_signature_us": results, "signatures": signatures, "rounds": rounds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signatures", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=7)
    arguments = parser.parse_args()
    print(json.dumps(run(arguments.signatures, arguments.rounds)))


if __name__ == "__main__":
    main()
