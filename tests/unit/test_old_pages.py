"""Rules for the older page shape (v1.0/v2.0): one table under URI, Object rows, plain captions."""

from __future__ import annotations

from generator.transcribe.operation import Transcript, transcribe_page
from generator.transcribe.prose import enumeration_in_prose
from generator.transcribe.read import parse_page
from tests.helpers import page_text, table

PARAMS4 = ["Parameter", "Mandatory", "Type", "Description"]
PARAMS3 = ["Parameter", "Type", "Description"]


def transcribe(*blocks: str, name: str = "elb_0001") -> Transcript:
    text = page_text("\n".join(blocks))
    return transcribe_page(parse_page(text.encode(), f"{name}.txt"), name)


def messages(transcript: Transcript) -> list[str]:
    return [str(d) for d in transcript.findings]


def test_one_uri_table_splits_into_path_query_and_body() -> None:
    transcript = transcribe(
        "Modifying a Load Balancer",
        "URI",
        "PUT /v1.0/{project_id}/elbaas/loadbalancers/{loadbalancer_id}?dry_run=true",
        table(
            "Table 1 Parameter description",
            PARAMS4,
            [
                ["project_id", "Yes", "String", "Project ID."],
                ["loadbalancer_id", "Yes", "String", "Load balancer ID."],
                ["dry_run", "No", "Boolean", "Check only."],
                ["name", "No", "String", "Name. The value can contain 1 to 64 characters."],
            ],
        ),
        "Status Code",
        "Normal",
        "200",
    )
    assert [(p["name"], p["in"]) for p in transcript.operation["parameters"]] == [
        ("project_id", "path"),
        ("loadbalancer_id", "path"),
        ("dry_run", "query"),
    ]
    assert list(transcript.schemas["UpdateLoadBalancerV1RequestBody"]["properties"]) == ["name"]
    assert transcript.operation_id == "UpdateLoadBalancerV1"
    assert "taken as a body field (PUT)" in messages(transcript)[-1]
    assert list(transcript.operation["responses"]) == ["200"]


def test_object_rows_follow_see_table_n_and_response_lists() -> None:
    transcript = transcribe(
        "Querying Listeners",
        "URI",
        "GET /v2.0/lbaas/listeners",
        "Response",
        table(
            "Table 1 Response parameters",
            PARAMS3,
            [["listeners", "Array", "The listeners. For details, see Table 3."]],
        ),
        table("Table 2 unrelated parameter description", PARAMS3, [["x", "String", "X."]]),
        table(
            "Table 3 listener parameter description",
            PARAMS3,
            [["id", "String", "The value can be ACTIVE or ERROR."]],
        ),
        "Example Response",
        '[ { "id": "ACTIVE" } ]',
    )
    response = transcript.operation["responses"]["200"]["content"]["application/json"]
    assert response["schema"] == {
        "type": "array",
        "items": {"$ref": "#/components/schemas/ListListenersV2Response"},
    }
    listeners = transcript.schemas["ListListenersV2Response"]["properties"]["listeners"]
    assert listeners["items"] == {"$ref": "#/components/schemas/Listener"}
    assert transcript.schemas["Listener"]["properties"]["id"]["enum"] == ["ACTIVE", "ERROR"]
    assert any("assumed 200" in m for m in messages(transcript))


def test_value_tables_are_reported_not_parsed_as_parameters() -> None:
    html = (
        "<h1>Adding a Listener</h1><h4>URI</h4><p>POST /v2.0/lbaas/listeners</p><h4>Request</h4>"
        "<table><caption>Table 1 Parameter description</caption><tr><th>Parameter</th><th>Mandatory</th>"
        "<th>Type</th><th>Description</th></tr><tr><td>tls_ciphers_policy</td><td>No</td><td>String</td>"
        "<td>Policy.</td></tr></table><table><caption>Table 2 tls_ciphers_policy parameter description</caption>"
        "<tr><th>Security Policy</th><th>TLS Version</th></tr><tr><td>tls-1-0</td><td>TLS 1.2</td></tr></table>"
        "<h4>Response</h4><p>None</p>"
    )
    transcript = transcribe_page(parse_page(html.encode(), "p.html", html=True), "p")
    assert any("lists values, not parameters: tls-1-0" in m for m in messages(transcript))
    assert transcript.operation["responses"] == {"200": {"description": "Success."}}


def test_a_delete_without_status_assumes_204() -> None:
    transcript = transcribe(
        "Deleting a Whitelist", "URI", "DELETE /v2.0/lbaas/whitelists/{id}", "Response", "None"
    )
    assert list(transcript.operation["responses"]) == ["204"]


def test_enumerations_in_prose_only_when_unambiguous() -> None:
    assert enumeration_in_prose(
        "The status. The value can be ACTIVE, PENDING_CREATE, or ERROR."
    ) == (
        "ACTIVE",
        "PENDING_CREATE",
        "ERROR",
    )
    assert enumeration_in_prose("The value can be TCP or UDP, and defaults to TCP.") == ()
    assert enumeration_in_prose("The value can be a string or null.") == ()
    assert enumeration_in_prose("Specifies the name.") == ()
