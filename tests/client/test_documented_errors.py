"""An error response whose `error_code` the service documents carries what its documentation
says (the error-code page, via the spec's `x-huawei-error-codes`), against a loopback server."""

from __future__ import annotations

import asyncio

import pytest
from hss_client import (
    ERROR_CODES,
    AsyncHssClient,
    BadRequestError,
    DocumentedError,
    HssClient,
    InternalServerError,
)

from tests.conftest import LoopbackServer, Reply

PROJECT = "p-1"


def _error(status: int, code: str, message: str) -> Reply:
    return Reply.json(status, {"error_code": code, "error_msg": message})


def test_the_package_holds_the_documented_codes() -> None:
    assert ERROR_CODES["HSS.0001"] == (
        DocumentedError(
            "HSS.0001",
            status=400,
            message="Invalid param error",
            description="The parameter is invalid.",
            measure="Ensure parameter values are valid.",
        ),
    )


@pytest.mark.parametrize("asynchronous", [False, True])
def test_a_documented_code_carries_its_documentation(
    loopback: LoopbackServer, asynchronous: bool
) -> None:
    loopback.respond = lambda _: _error(400, "HSS.0001", "bad limit")
    if asynchronous:

        async def call() -> None:
            async with AsyncHssClient(
                auth=None, base_url=loopback.url, project_id=PROJECT, max_retries=0
            ) as client:
                await client.list_host_groups()

        with pytest.raises(BadRequestError) as raised:
            asyncio.run(call())
    else:
        with (
            HssClient(
                auth=None, base_url=loopback.url, project_id=PROJECT, max_retries=0
            ) as client,
            pytest.raises(BadRequestError) as raised,
        ):
            client.list_host_groups()
    error = raised.value
    assert (error.error_code, error.error_msg) == ("HSS.0001", "bad limit")
    assert [entry.description for entry in error.documented] == ["The parameter is invalid."]
    assert str(error) == (
        "HTTP 400: HSS.0001 bad limit. Documented: The parameter is invalid. "
        "Ensure parameter values are valid."
    )


def test_an_undocumented_code_has_no_documentation(loopback: LoopbackServer) -> None:
    loopback.respond = lambda _: _error(500, "HSS.9999", "unknown")
    with (
        HssClient(auth=None, base_url=loopback.url, project_id=PROJECT, max_retries=0) as client,
        pytest.raises(InternalServerError) as raised,
    ):
        client.list_host_groups()
    assert raised.value.documented == ()
    assert str(raised.value) == "HTTP 500: HSS.9999 unknown"
