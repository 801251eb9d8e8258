"""Behaviour of the generated HSS client, every test for the sync and the async client."""

from __future__ import annotations

import json
import logging

import hss_client
import httpx
import pydantic
import pytest
from hss_client import (
    AkSkAuth,
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    TokenAuth,
)
from hss_client.models import VpcAndSubNet

from tests.client.harness import MODES, Harness, respond

PATH = "/v5/project-1/host-management/vpc-endpointes"
AK, SK, TOKEN, SECURITY_TOKEN = (
    "AKIDHSS000SECRETAK",
    "sk-SECRET-value-42",
    "tok-SECRET-iam",
    "sts-SECRET-temp",
)
OK = httpx.Response(200, headers={"X-Request-Id": "req-ok"})


def hss(mode: str, *replies: httpx.Response | Exception, **settings: object) -> Harness:
    return Harness("hss_client", mode, respond(*(replies or (OK,))), **settings)


@pytest.mark.parametrize("mode", MODES)
def test_the_request_on_the_wire(mode: str) -> None:
    harness = hss(mode, auth=TokenAuth(TOKEN))
    result = harness.call(
        "create_vpc_endpoint",
        host_id_list=["71a15ecc-049f-4cca-bd28-5e90aca1817f"],
        vpc_list=[VpcAndSubNet(vpc_id="789-1111111", subnet_id_list=["777777-1111"])],
        enterprise_project_id="all_granted_eps",
    )
    assert result is None
    [request] = harness.requests
    assert request.method == "POST"
    assert request.url.path == PATH
    assert dict(request.url.params) == {"enterprise_project_id": "all_granted_eps"}
    assert request.headers["X-Auth-Token"] == TOKEN
    assert request.headers["Content-Type"] == "application/json"
    assert json.loads(request.content) == {
        "host_id_list": ["71a15ecc-049f-4cca-bd28-5e90aca1817f"],
        "vpc_list": [{"vpc_id": "789-1111111", "subnet_id_list": ["777777-1111"]}],
    }


@pytest.mark.parametrize("mode", MODES)
def test_absent_optional_fields_are_not_sent_and_dicts_are_accepted(mode: str) -> None:
    harness = hss(mode)
    harness.call("create_vpc_endpoint", vpc_list=[{"vpc_id": "v", "subnet_id_list": []}])
    assert json.loads(harness.requests[0].content) == {
        "vpc_list": [{"vpc_id": "v", "subnet_id_list": []}]
    }
    assert harness.requests[0].url.query == b""


@pytest.mark.parametrize("mode", MODES)
def test_project_id_is_set_once_and_overridable_per_call(mode: str) -> None:
    harness = hss(mode)
    harness.call("create_vpc_endpoint", project_id="other/../project")
    harness.call("create_vpc_endpoint")
    assert harness.requests[0].url.raw_path.startswith(b"/v5/other%2F..%2Fproject/host-management/")
    assert harness.requests[1].url.path == PATH


@pytest.mark.parametrize("mode", MODES)
def test_missing_project_id_is_refused_before_sending(mode: str) -> None:
    harness = hss(mode, project_id=None)
    with pytest.raises(ValueError, match="CreateVpcEndpoint needs a project_id"):
        harness.call("create_vpc_endpoint")
    assert harness.requests == []


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "arguments",
    [
        {"vpc_list": [{"vpc_id": "", "subnet_id_list": ["s"]}]},  # empty vpc_id
        {"host_id_list": ["h" * 257]},  # a 257-character host id
        {"vpc_list": [{"vpc_id": "v"}]},  # subnet_id_list is required
        {"vpc_list": [{"vpc_id": "v", "subnet_id_list": ["s"], "colour": "red"}]},  # unknown field
        {"enterprise_project_id": ""},  # 1 to 256 characters
        {"project_id": "p" * 257},
    ],
    ids=[
        "empty-vpc-id",
        "long-host-id",
        "missing-required",
        "unknown-field",
        "empty-query",
        "long-path",
    ],
)
def test_invalid_input_raises_before_anything_is_sent(
    mode: str, arguments: dict[str, object]
) -> None:
    harness = hss(mode)
    with pytest.raises(pydantic.ValidationError):
        harness.call("create_vpc_endpoint", **arguments)
    assert harness.requests == []


def test_models_validate_on_construction() -> None:
    with pytest.raises(pydantic.ValidationError):
        VpcAndSubNet(vpc_id="", subnet_id_list=[])


@pytest.mark.parametrize("mode", MODES)
def test_raw_response_gives_status_headers_and_request_id(mode: str) -> None:
    harness = hss(mode)
    raw = harness.raw("create_vpc_endpoint", host_id_list=["h"])
    assert (raw.status_code, raw.request_id, raw.parsed) == (200, "req-ok", None)
    assert raw.headers["X-Request-Id"] == "req-ok"


ERROR_SHAPES = [
    ({"error_code": "HSS.1001", "error_msg": "Invalid VPC."}, "HSS.1001", "Invalid VPC."),
    ({"errorCode": "HSS.1002", "errorMsg": "camelCase shape"}, "HSS.1002", "camelCase shape"),
    (
        {"code": "APIGW.0308", "message": "The request is throttled."},
        "APIGW.0308",
        "The request is throttled.",
    ),
    ({"error": {"code": "VPC.0101", "message": "nested"}}, "VPC.0101", "nested"),
    (
        {"error": {"error_code": "IAM.0001", "error_msg": "nested snake"}},
        "IAM.0001",
        "nested snake",
    ),
    (
        {"NeutronError": {"type": "NotFound", "message": "no port", "detail": ""}},
        "NotFound",
        "no port",
    ),
    ({"badRequest": {"code": 400, "message": "nova style"}}, "400", "nova style"),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("body", "code", "message"), ERROR_SHAPES, ids=[s[1] for s in ERROR_SHAPES]
)
def test_every_huawei_error_shape_is_parsed(
    mode: str, body: dict[str, object], code: str, message: str
) -> None:
    harness = hss(mode, httpx.Response(400, json=body, headers={"X-Request-Id": "req-err"}))
    with pytest.raises(BadRequestError) as raised:
        harness.call("create_vpc_endpoint")
    error = raised.value
    assert (error.status_code, error.request_id, error.error_code, error.error_msg) == (
        400,
        "req-err",
        code,
        message,
    )
    assert json.loads(error.body) == body
    assert str(error) == f"HTTP 400: {code} {message} (request id req-err)"


@pytest.mark.parametrize("mode", MODES)
def test_non_json_error_page_keeps_the_body_and_truncates_the_message(mode: str) -> None:
    page = b"<html><body>" + b"Bad gateway " * 500 + b"</body></html>"
    harness = hss(mode, httpx.Response(502, content=page), max_retries=0)
    with pytest.raises(InternalServerError) as raised:
        harness.call("create_vpc_endpoint")
    assert raised.value.body == page
    assert raised.value.error_code is None
    assert len(str(raised.value)) < 300


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (429, RateLimitError),
        (500, InternalServerError),
        (503, InternalServerError),
        (418, APIStatusError),
    ],
)
def test_status_to_error_class(mode: str, status: int, error_class: type[APIStatusError]) -> None:
    harness = hss(
        mode, httpx.Response(status, json={"error_code": "E", "error_msg": "m"}), max_retries=0
    )
    with pytest.raises(error_class) as raised:
        harness.call("create_vpc_endpoint")
    assert type(raised.value) is error_class
    assert isinstance(raised.value, hss_client.HuaweiCloudError)


@pytest.mark.parametrize("mode", MODES)
def test_every_attempt_is_signed_afresh(mode: str) -> None:
    clock = iter([1_700_000_000.0, 1_700_000_042.0, 1_700_000_099.0])
    harness = hss(
        mode,
        httpx.Response(429, headers={"Retry-After": "1"}),
        OK,
        auth=AkSkAuth(AK, SK, clock=lambda: next(clock)),
    )
    harness.call("create_vpc_endpoint", host_id_list=["h"])
    dates = [r.headers["X-Sdk-Date"] for r in harness.requests]
    signatures = [r.headers["Authorization"] for r in harness.requests]
    assert dates == ["20231114T221320Z", "20231114T221402Z"]
    assert len(set(signatures)) == 2


@pytest.mark.parametrize("mode", MODES)
def test_secrets_appear_in_no_repr_log_or_error(
    mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    harness = hss(
        mode,
        httpx.Response(
            403,
            json={
                "error_code": "APIGW.0303",
                "error_msg": "Incorrect app authentication information.",
            },
        ),
        auth=AkSkAuth(AK, SK, security_token=SECURITY_TOKEN),
    )
    with pytest.raises(PermissionDeniedError) as raised:
        harness.call("create_vpc_endpoint", host_id_list=["h"])
    signature = harness.requests[0].headers["Authorization"].rsplit("Signature=", 1)[1]
    token_harness = hss(mode, auth=TokenAuth(TOKEN))
    token_harness.call("create_vpc_endpoint")
    texts = [
        repr(harness.client),
        str(harness.client),
        repr(harness.client.auth),
        repr(token_harness.client),
        repr(token_harness.client.auth),
        str(raised.value),
        repr(raised.value),
        caplog.text,
    ]
    assert caplog.records, "the client logs each attempt at DEBUG"
    for secret in (SK, TOKEN, SECURITY_TOKEN, signature):
        assert not any(secret in text for text in texts)
    assert len(harness.requests) == 1, "an authentication failure is never retried"
