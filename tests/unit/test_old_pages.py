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
    transcript = transcribe_page(parse_page(html.encode(), "p.html", page_format="html"), "p")
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
    # A default clause may follow the list when it names one of the values.
    assert enumeration_in_prose("The value can be TCP or UDP, and defaults to TCP.") == (
        "TCP",
        "UDP",
    )
    assert enumeration_in_prose("The value can be TCP or UDP, and defaults to HTTP.") == ()
    assert enumeration_in_prose("The value can be TCP or UDP, and UDP needs a port.") == ()
    assert enumeration_in_prose("The value can be a string or null.") == ()
    assert enumeration_in_prose("Specifies the name.") == ()


def test_a_get_request_table_is_the_query() -> None:
    transcript = transcribe(
        "Querying Whitelists",
        "URI",
        "GET /v2.0/lbaas/whitelists",
        "Request",
        table(
            "Table 1 Parameter description",
            PARAMS4,
            [["limit", "No", "Integer", "Page size."], ["marker", "No", "String", "Start."]],
        ),
        "Response",
        table("Table 2 Response parameters", PARAMS3, [["id", "String", "ID."]]),
    )
    assert [(p["name"], p["in"]) for p in transcript.operation["parameters"]] == [
        ("limit", "query"),
        ("marker", "query"),
    ]
    assert "requestBody" not in transcript.operation
    assert any("taken as query parameters" in m for m in messages(transcript))


def test_request_and_response_tables_of_one_name_become_two_schemas() -> None:
    transcript = transcribe(
        "Adding a Whitelist",
        "URI",
        "POST /v2.0/lbaas/whitelists",
        "Request",
        table(
            "Table 1 Parameter description",
            PARAMS4,
            [["whitelist", "Yes", "Object", "The whitelist. For details, see Table 2."]],
        ),
        table(
            "Table 2 whitelist parameter description",
            PARAMS4,
            [["listener_id", "Yes", "String", "Listener."]],
        ),
        "Response",
        table(
            "Table 3 Response parameters",
            PARAMS3,
            [["whitelist", "Object", "The whitelist. For details, see Table 4."]],
        ),
        table(
            "Table 4 whitelist parameter description",
            PARAMS3,
            [["id", "String", "ID."], ["listener_id", "String", "Listener."]],
        ),
    )
    schemas = transcript.schemas
    assert list(schemas["Whitelist"]["properties"]) == ["listener_id"]
    assert list(schemas["WhitelistResponse"]["properties"]) == ["id", "listener_id"]
    response = schemas["AddWhitelistV2Response"]["properties"]["whitelist"]
    assert response["$ref"] == "#/components/schemas/WhitelistResponse"
    assert any(
        "table 4: object table 'whitelist parameter description' has the name of table 2" in m
        for m in messages(transcript)
    )


def test_a_see_table_n_that_names_another_object_yields_to_the_named_table() -> None:
    transcript = transcribe(
        "Updating a Pool",
        "URI",
        "PUT /v2.0/lbaas/pools/{pool_id}",
        "Response",
        table(
            "Table 1 Parameter description",
            PARAMS3,
            [
                ["loadbalancers", "Array", "Load balancers. For details, see Table 2."],
                ["session_persistence", "Object", "Sticky sessions. For details, see Table 2."],
            ],
        ),
        table("Table 2 loadbalancers parameter description", PARAMS3, [["id", "String", "ID."]]),
        table(
            "Table 3 session_persistence parameter description",
            PARAMS3,
            [["type", "String", "Type."]],
        ),
    )
    properties = transcript.schemas["UpdatePoolV2Response"]["properties"]
    assert properties["session_persistence"]["$ref"] == "#/components/schemas/SessionPersistence"
    assert list(transcript.schemas["SessionPersistence"]["properties"]) == ["type"]
    assert any(
        "'session_persistence' refers to table 2" in m and "the table of its name is used" in m
        for m in messages(transcript)
    )


def test_tables_of_another_request_among_the_examples_are_reported_not_kept() -> None:
    transcript = transcribe(
        "Creating a Load Balancer",
        "URI",
        "POST /v2.0/lbaas/loadbalancers",
        "Request",
        table("Table 1 Request parameters", PARAMS4, [["name", "No", "String", "Name."]]),
        "Example Request",
        "Example request 2: also apply for an EIP (see Table 2).",
        table("Table 2 publicip parameter description", PARAMS4, [["type", "Yes", "String", "T."]]),
        "Status Code",
        "Normal",
        "200",
    )
    assert "Publicip" not in transcript.schemas
    assert any(
        "table 2: table 'publicip parameter description' under 'Example Request'" in m
        and "skipped" in m
        for m in messages(transcript)
    )


def test_a_query_parameter_typed_as_an_array_of_objects_takes_strings() -> None:
    transcript = transcribe(
        "Querying Members",
        "URI",
        "GET /v2.0/lbaas/members",
        "Request",
        table(
            "Table 1 Parameter description",
            PARAMS4,
            [["links", "No", "Array", "Links. For details, see Table 2."]],
        ),
        table("Table 2 links parameter description", PARAMS3, [["href", "String", "Link."]]),
        "Response",
        table("Table 3 Response parameters", PARAMS3, [["id", "String", "ID."]]),
    )
    (parameter,) = transcript.operation["parameters"]
    assert parameter["schema"] == {"type": "array", "items": {"type": "string"}}
    assert any("array of objects; items taken as strings" in m for m in messages(transcript))
    # The object table of the parameter is in no part of the operation: a finding names it.
    dropped = [d for d in transcript.findings if d.kind == "parameter-object-table"]
    assert [(d.location.table, d.location.row) for d in dropped] == [(2, None)]
    assert "query parameter 'links', which is taken as text" in dropped[0].message


def test_a_row_that_refers_to_several_tables_is_any_of_their_objects() -> None:
    transcript = transcribe(
        "Updating Members",
        "URI",
        "PUT /v2.0/lbaas/pools/{pool_id}/members",
        table("Table 1 Parameter description", PARAMS4, [["pool_id", "Yes", "String", "ID."]]),
        "Request",
        table(
            "Table 2 Parameter description",
            PARAMS4,
            [
                [
                    "members",
                    "Yes",
                    "Array",
                    "If action is add, see Table 3. If action is delete, see Table 4.",
                ],
                ["action", "No", "String", "add or delete."],
            ],
        ),
        table(
            "Table 3 members parameter description",
            PARAMS4,
            [["address", "Yes", "String", "IP."], ["weight", "No", "Integer", "Weight."]],
        ),
        table("Table 4 members parameter description", PARAMS4, [["id", "Yes", "String", "ID."]]),
        "Status Code",
        "Normal",
        "202",
    )
    body = transcript.schemas["UpdateMembersV2RequestBody"]
    items = body["properties"]["members"]["items"]
    assert items == {
        "anyOf": [
            {"$ref": "#/components/schemas/Members"},
            {"$ref": "#/components/schemas/MembersRequest"},
        ]
    }
    assert transcript.schemas["Members"]["required"] == ["address"]
    assert transcript.schemas["MembersRequest"]["required"] == ["id"]
    kinds = [d.kind for d in transcript.findings]
    assert "alternative-tables" in kinds
    assert "unused-table" not in kinds
