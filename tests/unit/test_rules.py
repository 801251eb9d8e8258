"""The transcription rules, each on a small page written for it."""

from __future__ import annotations

from typing import Any

import pytest

from generator.diagnostics import GenerationError
from generator.transcribe.operation import Transcript, transcribe_page
from generator.transcribe.read import parse_page
from generator.transcribe.uri import NotAnOperationPageError
from tests.helpers import new_style, page_text, table

PARAMS4 = ["Parameter", "Mandatory", "Type", "Description"]
PARAMS3 = ["Parameter", "Type", "Description"]


STATUS_CODES = "Status Codes\nStatus Code\nDescription\n200\nOK."


def transcribe(*blocks: str, name: str = "CreateThing") -> Transcript:
    if not any(block.startswith("Status Codes") for block in blocks):
        blocks = (*blocks, STATUS_CODES)
    text = page_text("\n".join(blocks))
    return transcribe_page(parse_page(text.encode(), f"{name}.txt"), name)


def messages(transcript: Transcript) -> list[str]:
    return [str(d) for d in transcript.findings]


RICH_PAGE = (
    "Creating a Thing",
    "Function",
    "This API is used to create a thing.",
    "URI",
    "POST /v3/{project_id}/things?dry_run={dry_run}",
    table(
        "Table 1 Path Parameters",
        PARAMS4,
        [
            [
                "project_id",
                "Yes",
                "String",
                new_style("Project ID.", range_text="The value can contain 1 to 64 characters."),
            ]
        ],
    ),
    table(
        "Table 2 Query Parameters",
        PARAMS4,
        [
            [
                "limit",
                "No",
                "Integer",
                new_style(
                    "Page size.", range_text="The value ranges from 1 to 500.", default="100"
                ),
            ],
            ["marker", "No", "String", "Marker of the last record."],
        ],
    ),
    "Request Parameters",
    table(
        "Table 3 Request header parameters",
        PARAMS4,
        [
            [
                "X-Auth-Token",
                "Yes",
                "String",
                new_style(
                    "User token.", range_text="The value can contain 1 to 32,768 characters."
                ),
            ],
            ["X-Language", "No", "String", "Language."],
            ["Content-Type", "Yes", "String", "application/json"],
        ],
    ),
    table(
        "Table 4 Request body parameters",
        PARAMS4,
        [
            ["thing", "Yes", "CreateThingOption object", "The thing."],
            [
                "dry_run_level",
                "No",
                "Long",
                new_style("Level.", range_text="The value ranges from 0 to 9,000,000,000."),
            ],
        ],
    ),
    table(
        "Table 5 CreateThingOption",
        PARAMS4,
        [
            [
                "name",
                "Yes",
                "String",
                new_style("Name.", range_text="The value can contain 1 to 255 characters."),
            ],
            ["enabled", "No", "Boolean", new_style("Enabled.", default="true")],
            [
                "protocol",
                "No",
                "String",
                "\n".join(["Protocol.", "Enumeration values:", "TCP", "UDP"]),
            ],
            ["labels", "No", "Map<String,String>", "Labels."],
            ["children", "No", "Array of CreateThingOption objects", "Nested things."],
            ["weight", "No", "Float", "Minimum: 0\nMaximum: 1.5"],
        ],
    ),
    "Response Parameters",
    "Status code: 201",
    table(
        "Table 6 Response header parameters",
        PARAMS3,
        [["X-Request-Id", "String", "Request ID."]],
    ),
    table(
        "Table 7 Response body parameters",
        PARAMS3,
        [["request_id", "String", "Request ID."], ["thing", "Thing object", "The thing."]],
    ),
    table(
        "Table 8 Thing",
        PARAMS3,
        [["id", "String", "ID."], ["tags", "Array of Tag objects", "Tags."]],
    ),
    table("Table 9 Tag", PARAMS3, [["key", "String", "Key."], ["value", "String", "Value."]]),
    "Status code: 404",
    table(
        "Table 10 Response body parameters",
        PARAMS3,
        [["error_code", "String", "Code."], ["error_msg", "String", "Message."]],
    ),
    "Example Requests",
    "Create a thing.",
    "POST https://{endpoint}/v3/123/things?dry_run=true",
    '{\n  "thing" : {\n    "name" : "a",\n    "colour" : "red"\n  }\n}',
    "Example Responses",
    "Status code: 201",
    "Created.",
    '{\n  "request_id" : "r1",\n  "thing" : { "id" : "t1", "tags" : [ { "key" : "k", "value" : "v" } ] }\n}',
    "Status Codes",
    "Status Code",
    "Description",
    "201",
    "Created.",
    "400",
    "Bad request.",
    "404",
    "Not found.",
)


@pytest.fixture(scope="module")
def rich() -> Transcript:
    return transcribe(*RICH_PAGE)


def parameter(transcript: Transcript, name: str) -> dict[str, Any]:
    return next(p for p in transcript.operation["parameters"] if p["name"] == name)


def test_operation_identity(rich: Transcript) -> None:
    assert (rich.method, rich.path, rich.operation_id) == (
        "post",
        "/v3/{project_id}/things",
        "CreateThing",
    )
    assert rich.operation["summary"] == "Creating a Thing"
    assert rich.operation["description"] == "This API is used to create a thing."


def test_path_query_and_header_parameters(rich: Transcript) -> None:
    assert [(p["name"], p["in"], p["required"]) for p in rich.operation["parameters"]] == [
        ("project_id", "path", True),
        ("limit", "query", False),
        ("marker", "query", False),
        ("dry_run", "query", False),
        ("X-Language", "header", False),
    ]
    assert parameter(rich, "project_id")["schema"] == {
        "type": "string",
        "minLength": 1,
        "maxLength": 64,
    }
    assert parameter(rich, "limit")["schema"] == {
        "type": "integer",
        "format": "int32",
        "minimum": 1,
        "maximum": 500,
        "default": 100,
    }
    assert parameter(rich, "project_id")["description"] == "Project ID."


def test_token_row_is_the_security_scheme_not_a_parameter(rich: Transcript) -> None:
    assert rich.security_schemes["token"] == {
        "type": "apiKey",
        "in": "header",
        "name": "X-Auth-Token",
        "description": "User token. Range: The value can contain 1 to 32,768 characters.",
        "x-huawei-range": "The value can contain 1 to 32,768 characters.",
    }


def test_request_body_and_nested_objects(rich: Transcript) -> None:
    body = rich.operation["requestBody"]
    assert body["required"] is True
    assert body["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/CreateThingRequestBody"
    }
    assert rich.schemas["CreateThingRequestBody"]["required"] == ["thing"]
    assert rich.schemas["CreateThingRequestBody"]["properties"]["dry_run_level"] == {
        "description": "Level.",
        "type": "integer",
        "format": "int64",
        "minimum": 0,
        "maximum": 9000000000,
    }
    option = rich.schemas["CreateThingOption"]
    assert option["required"] == ["name"]
    props = option["properties"]
    assert props["name"] == {
        "description": "Name.",
        "type": "string",
        "minLength": 1,
        "maxLength": 255,
    }
    assert props["enabled"]["default"] is True
    assert props["protocol"]["enum"] == ["TCP", "UDP"]
    assert props["labels"] == {
        "description": "Labels.",
        "type": "object",
        "additionalProperties": {"type": "string"},
    }
    # A table that refers to itself becomes a recursive schema.
    assert props["children"]["items"] == {"$ref": "#/components/schemas/CreateThingOption"}
    assert props["weight"] == {"type": "number", "format": "float", "minimum": 0, "maximum": 1.5}


def test_responses_per_status_with_headers_and_nested_models(rich: Transcript) -> None:
    responses = rich.operation["responses"]
    assert sorted(responses) == ["201", "400", "404"]
    created = responses["201"]
    assert created["description"] == "Created."
    assert created["headers"] == {
        "X-Request-Id": {"description": "Request ID.", "schema": {"type": "string"}}
    }
    assert created["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/CreateThingResponse"
    }
    assert rich.schemas["Thing"]["properties"]["tags"]["items"] == {
        "$ref": "#/components/schemas/Tag"
    }
    assert responses["404"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/CreateThingResponse404"
    }
    assert "content" not in responses["400"]


def test_examples_are_attached(rich: Transcript) -> None:
    media = rich.operation["requestBody"]["content"]["application/json"]
    assert media["example"] == {"thing": {"name": "a", "colour": "red"}}
    response = rich.operation["responses"]["201"]["content"]["application/json"]
    assert response["example"]["thing"]["tags"] == [{"key": "k", "value": "v"}]


def test_findings_of_the_rich_page(rich: Transcript) -> None:
    assert messages(rich) == [
        "CreateThing.txt: table 3, row 3: header 'Content-Type' is set by the HTTP layer, not a parameter",
        "CreateThing.txt: URI: query parameter 'dry_run' in the URI is in no table; added as an optional string",
    ]


def _body_field(transcript: Transcript, name: str) -> dict[str, Any]:
    body = transcript.operation["requestBody"]["content"]["application/json"]["schema"]
    schema = transcript.schemas[body["$ref"].rsplit("/", 1)[1]]
    field: dict[str, Any] = schema["properties"][name]
    return field


def test_a_missing_object_table_gives_an_open_object_and_a_finding() -> None:
    transcript = transcribe(
        "T",
        "URI",
        "POST /v1/x",
        table("Table 1 Request body parameters", PARAMS4, [["a", "No", "Missing object", "A."]]),
    )
    assert _body_field(transcript, "a") == {"description": "A.", "type": "object"}
    assert [str(d) for d in transcript.findings if d.kind == "missing-table"] == [
        "CreateThing.txt: table 1, row 1: refers to object table 'Missing', which the page "
        "lacks; taken as an open object"
    ]


@pytest.mark.parametrize(
    ("cell", "schema", "meaning"),
    [
        ("Strnig", {}, "any value"),
        ("Array of things (see below)", {"type": "array"}, "an array of any values"),
        ("{resources}_link object or null", {"type": "object"}, "an open object"),
    ],
)
def test_an_unknown_type_is_a_loose_field_and_a_finding(
    cell: str, schema: dict[str, Any], meaning: str
) -> None:
    transcript = transcribe(
        "T",
        "URI",
        "POST /v1/x",
        table("Table 1 Request body parameters", PARAMS4, [["a", "No", cell, "A."]]),
    )
    assert _body_field(transcript, "a") == {"description": "A.", **schema}
    assert [str(d) for d in transcript.findings if d.kind == "unknown-type"] == [
        f"CreateThing.txt: table 1, row 1: unknown type '{cell}' for 'a': taken as {meaning}"
    ]


def test_page_with_a_uri_section_but_no_uri_line_is_an_error() -> None:
    with pytest.raises(GenerationError) as raised:
        transcribe("T", "URI", "See below.")
    assert (
        str(raised.value)
        == "CreateThing.txt: URI: no 'METHOD /path' line: the page documents no operation"
    )


def test_a_page_without_a_uri_section_is_not_an_operation_page() -> None:
    with pytest.raises(NotAnOperationPageError) as raised:
        transcribe("Querying Data in Pages", "Function", "Use limit and marker.")
    assert raised.value.diagnostic.kind == "not-operation"
    assert "not an operation page" in str(raised.value)


def test_a_uri_section_with_several_uris_is_not_an_operation_page() -> None:
    with pytest.raises(NotAnOperationPageError):
        transcribe("APIs", "URI", "GET /v1/a", "POST /v1/b")


def test_unconvertible_range_is_kept_and_reported() -> None:
    transcript = transcribe(
        "T",
        "URI",
        "POST /v1/x",
        table(
            "Table 1 Request body parameters",
            PARAMS4,
            [["name", "No", "String", new_style("Name.", range_text="Letters and digits only.")]],
        ),
    )
    schema = transcript.schemas["CreateThingRequestBody"]["properties"]["name"]
    assert schema["x-huawei-range"] == "Letters and digits only."
    assert "maxLength" not in schema
    assert messages(transcript) == [
        "CreateThing.txt: table 1, row 1: range 'Letters and digits only.' on 'name' (string) "
        "cannot become a constraint; kept as x-huawei-range"
    ]


def test_path_template_without_row_is_added_and_reported() -> None:
    transcript = transcribe("T", "URI", "DELETE /v1/things/{thing_id}")
    assert transcript.operation["parameters"] == [
        {"name": "thing_id", "in": "path", "required": True, "schema": {"type": "string"}}
    ]
    assert "path parameter 'thing_id' is in no table" in messages(transcript)[0]
    assert transcript.operation["responses"] == {"200": {"description": "OK."}}


def test_unused_object_table_is_kept_and_reported() -> None:
    transcript = transcribe(
        "T", "URI", "GET /v1/x", table("Table 1 Orphan", PARAMS3, [["a", "String", "A."]])
    )
    assert "Orphan" in transcript.schemas
    assert any("object table 'Orphan' is referred to by no row" in m for m in messages(transcript))


def test_page_without_responses_is_reported_as_truncated() -> None:
    text = page_text("Deleting a Thing\nURI\nDELETE /v2/things")
    with pytest.raises(GenerationError) as raised:
        transcribe_page(parse_page(text.encode(), "t.txt"))
    assert (
        str(raised.value)
        == "t.txt: Status Codes: the page documents no response or status code (is it truncated?)"
    )


def test_operation_id_falls_back_to_the_title() -> None:
    text = page_text(f"Deleting a Load Balancer\nURI\nDELETE /v2/lbs/{{id}}\n{STATUS_CODES}")
    transcript = transcribe_page(parse_page(text.encode(), "elb_0001.txt"), "elb_0001")
    # The path's API version keeps the same action of older versions apart.
    assert transcript.operation_id == "DeleteLoadBalancerV2"


def test_old_style_parameter_description_tables() -> None:
    transcript = transcribe(
        "Adding a Member",
        "URI",
        "POST /v2.0/members",
        "Request",
        table(
            "Table 1 Parameter description",
            ["Parameter", "Type", "Mandatory", "Description"],
            [["member", "Object", "Yes", "The member."]],
        ),
        table(
            "Table 2 member parameter description",
            ["Parameter", "Type", "Mandatory", "Description"],
            [
                ["weight", "Integer", "No", "Weight.\nMinimum: 0\nMaximum: 100"],
                ["address", "String", "Yes", "Address."],
            ],
        ),
    )
    body = transcript.schemas["CreateThingRequestBody"]
    assert body["properties"]["member"]["$ref"] == "#/components/schemas/Member"
    assert transcript.schemas["Member"]["properties"]["weight"]["maximum"] == 100
    assert transcript.schemas["Member"]["required"] == ["address"]
