"""The kitchen-sink package (the golden record) imported and called: every feature on the wire."""

from __future__ import annotations

import json
import logging
import subprocess
import sys

import httpx
import pydantic
import pytest
import sink_client
from sink_client import models

from tests.client.harness import MODES, Harness, respond
from tests.helpers import ROOT

WIDGET_ID = "0b6c6a7e-3f5a-4c1e-9d2b-7a8e9f0a1b2c"
WIDGET = {"id": WIDGET_ID, "name": "w", "type": "basic"}


def sink(mode: str, *replies: httpx.Response) -> Harness:
    return Harness("sink_client", mode, respond(*(replies or (httpx.Response(200, json=WIDGET),))))


@pytest.mark.parametrize("mode", MODES)
def test_query_and_header_parameters_of_every_type(mode: str) -> None:
    harness = sink(mode, httpx.Response(200, json={"widgets": [], "count": 0}))
    harness.call(
        "list_widgets",
        limit=10,
        enabled=False,
        sort_dir="desc",
        tags=["a b", "c+d"],
        ids=[1, 2],
        class_="k",
        from_="2024-01-02T03:04:05Z",
        type_='say "hi" \\ bye',
        x_request_id="query-side",
        header_x_request_id="abcdef-0123",
        x_language="en-us",
    )
    request = harness.requests[0]
    assert request.url.params.multi_items() == [
        ("limit", "10"),
        ("enabled", "false"),
        ("sort_dir", "desc"),
        ("tags", "a b"),
        ("tags", "c+d"),
        ("ids", "1"),
        ("ids", "2"),
        ("class", "k"),
        ("from", "2024-01-02T03:04:05Z"),
        ("type", 'say "hi" \\ bye'),
        ("x_request_id", "query-side"),
    ]
    # Encoded as the AK/SK signature reads it (%20, not +), so signing never rewrites the URL.
    assert request.url.query == (
        b"limit=10&enabled=false&sort_dir=desc&tags=a%20b&tags=c%2Bd&ids=1&ids=2&class=k"
        b"&from=2024-01-02T03%3A04%3A05Z&type=say%20%22hi%22%20%5C%20bye&x_request_id=query-side"
    )
    assert request.headers["X-Request-Id"] == "abcdef-0123"
    assert request.headers["X-Language"] == "en-us"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "arguments",
    [{"limit": 0}, {"limit": 1001}, {"sort_dir": "sideways"}, {"x_language": "fr"}, {"name": ""}],
)
def test_parameter_constraints_are_enforced(mode: str, arguments: dict[str, object]) -> None:
    harness = sink(mode)
    with pytest.raises(pydantic.ValidationError):
        harness.call("list_widgets", **arguments)
    assert harness.requests == []


@pytest.mark.parametrize("mode", MODES)
def test_nested_bodies_maps_keywords_and_wire_names(mode: str) -> None:
    harness = sink(mode, httpx.Response(201, json=WIDGET))
    result = harness.call(
        "create_widget",
        name="w",
        class_="c",
        from_="f",
        list_=["x"],
        data_volume=40,
        x_trace="t",
        value_1st_value=1,
        labels={"env": "prod"},
        owner=models.OwnerParam.model_validate({"name": "Zürich 北京", "email": "o@example.com"}),
        ports=[models.PortMappingParam.model_validate({"port": 443, "protocol": "tcp"})],
        expires_at=None,
    )
    assert isinstance(result, models.Widget)
    body = json.loads(harness.requests[0].content)
    wire = {k: body[k] for k in ("class", "from", "list", "dataVolume", "x-trace", "1st_value")}
    assert wire == {
        "class": "c",
        "from": "f",
        "list": ["x"],
        "dataVolume": 40,
        "x-trace": "t",
        "1st_value": 1,
    }
    assert body["labels"] == {"env": "prod"}
    assert body["owner"]["name"] == "Zürich 北京"
    assert body["expires_at"] is None, "an explicit None is sent as null"
    assert not {"priority", "mode"} & set(body), "defaults are the server's, not sent"


@pytest.mark.parametrize("mode", MODES)
def test_responses_tolerate_unknown_fields_and_enum_values(mode: str) -> None:
    reply = {**WIDGET, "type": "quantum", "brand_new_field": {"x": 1}}
    harness = sink(mode, httpx.Response(200, json=reply))
    widget = harness.call("show_widget", widget_id=WIDGET_ID)
    assert widget.type == "quantum"
    assert widget.model_extra == {"brand_new_field": {"x": 1}}
    assert widget.model_dump(mode="json", by_alias=True)["brand_new_field"] == {"x": 1}
    with pytest.raises(pydantic.ValidationError):  # requests stay strict
        models.PortMappingParam.model_validate({"protocol": "quantum", "port": 443})


DRIFTED = {
    "id": 7,  # documented as a string
    "type": "quantum",  # an unknown enumeration value
    "dataVolume": "40",  # documented as an integer: kept, never coerced
    "description": None,
    "ports": [{"protocol": "tcp", "port": 70000}, "not a mapping"],  # port beyond 1..65535
    "created_at": "2026-12-07T01:02:03.456",  # no zone
    "brand_new_field": [1, {"x": None}],
}  # "name", which the spec requires, is absent


@pytest.mark.parametrize("mode", MODES)
def test_a_drifted_response_is_read_as_sent(mode: str) -> None:
    widget = sink(mode, httpx.Response(200, json=DRIFTED)).call("show_widget", widget_id=WIDGET_ID)
    assert (widget.id, widget.type, widget.data_volume, widget.name) == (7, "quantum", "40", None)
    assert widget.ports is not None
    assert widget.ports[0].port == 70000
    assert widget.ports[1] == "not a mapping"
    assert widget.created_at is not None
    assert widget.created_at.microsecond == 456000
    unknown = "brand_new_field"
    assert getattr(widget, unknown) == widget.model_extra[unknown] == [1, {"x": None}]
    # Absent and null both read None; `model_fields_set` tells them apart.
    assert widget.description is None
    assert "description" in widget.model_fields_set
    assert widget.name is None
    assert "name" not in widget.model_fields_set
    dumped = widget.model_dump(mode="json", by_alias=True, exclude_unset=True)
    assert dumped == {**DRIFTED, "created_at": "2026-12-07T01:02:03.456000"}


@pytest.mark.parametrize("mode", MODES)
def test_strict_response_validation_refuses_drift_with_located_problems(mode: str) -> None:
    harness = Harness(
        "sink_client",
        mode,
        respond(httpx.Response(200, json=DRIFTED)),
        strict_response_validation=True,
    )
    with pytest.raises(sink_client.APIResponseValidationError) as raised:
        harness.call("show_widget", widget_id=WIDGET_ID)
    problems = dict(raised.value.problems)
    assert {"id", "name", "type", "dataVolume", "ports[].port", "brand_new_field"} <= set(problems)
    assert "problem(s); first at" in str(raised.value)
    assert json.loads(raised.value.body) == DRIFTED


@pytest.mark.parametrize("mode", MODES)
def test_each_deviation_is_logged_once_per_operation_and_field(
    mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    harness = sink(mode, *[httpx.Response(200, json=DRIFTED)] * 2)
    with caplog.at_level(logging.DEBUG, logger="sink_client"):
        harness.call("show_widget", widget_id=WIDGET_ID)
        harness.call("show_widget", widget_id=WIDGET_ID)
    lines = [r.getMessage() for r in caplog.records if "deviates" in r.getMessage()]
    about_port = [line for line in lines if "field ports[].port " in line]
    assert len(about_port) == 1, lines
    assert about_port[0].startswith("ShowWidget: response field ports[].port deviates")
    assert "kept as sent" in about_port[0]
    assert len(lines) == len(set(lines))


@pytest.mark.parametrize("mode", MODES)
def test_a_body_of_another_shape_is_still_refused(mode: str) -> None:
    harness = sink(mode, httpx.Response(200, json=[WIDGET]))
    with pytest.raises(sink_client.APIResponseValidationError) as raised:
        harness.call("show_widget", widget_id=WIDGET_ID)
    assert json.loads(raised.value.body) == [WIDGET]


@pytest.mark.parametrize("mode", MODES)
def test_204_returns_none_and_202_returns_its_model(mode: str) -> None:
    harness = sink(mode, httpx.Response(204))
    assert harness.call("delete_widget", widget_id=WIDGET_ID, force=True) is None
    assert harness.requests[0].method == "DELETE"
    job = sink(mode, httpx.Response(202, json={"job_id": "j"})).call(
        "patch_widget", widget_id=WIDGET_ID, enabled=None
    )
    assert isinstance(job, models.Job)


@pytest.mark.parametrize("mode", MODES)
def test_a_success_body_that_breaks_the_spec_is_a_response_validation_error(mode: str) -> None:
    harness = sink(mode, httpx.Response(200, content=b'{"id": 1'))
    with pytest.raises(sink_client.APIResponseValidationError) as raised:
        harness.call("show_widget", widget_id=WIDGET_ID)
    assert raised.value.body == b'{"id": 1'


@pytest.mark.parametrize("mode", MODES)
def test_recursive_models(mode: str) -> None:
    harness = sink(mode, httpx.Response(202, json={"job_id": "j"}))
    tree = {"name": "root", "children": [{"name": "leaf", "children": []}]}
    harness.call("import_tree", root=models.TreeNode.model_validate(tree))
    assert json.loads(harness.requests[0].content)["root"] == tree


def test_exported_members_are_sorted_and_complete() -> None:
    assert list(sink_client.__all__) == sorted(
        sink_client.__all__, key=lambda n: (not n.isupper(), n)
    )
    # Complete both ways, as httpx checks its own: every public name is exported, and every
    # export exists. `models` is a submodule, an attribute once something has imported it.
    public = {name for name in dir(sink_client) if not name.startswith("_")} - {"models"}
    assert public == set(sink_client.__all__)


def test_importing_the_package_loads_no_models() -> None:
    code = "import sys, sink_client; print('sink_client.models' in sys.modules, 'pydantic.main' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT / "tests" / "golden",
    )
    assert result.stdout.split() == ["False", "False"]
