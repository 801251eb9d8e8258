"""Every Schema Object is still held to the OAS 3.1 dialect, now decided by jsonschema-rs.

`generator.spec.schema_meta` lets jsonschema-rs accept a schema and leaves every refusal to
openapi-spec-validator's own check. These documents break the dialect deep inside component
schemas, parameters and responses: each must still be refused, at the place of the fault,
with the library's message. Schemas jsonschema-rs must not judge (not JSON, a loop, deeper
than the library goes) get the library's outcome. The last test holds jsonschema-rs to never
accept what the library refuses, keyword by keyword.
"""

from __future__ import annotations

import copy
import datetime
from typing import Any

import pytest
from jsonschema.exceptions import SchemaError
from openapi_schema_validator import OAS31Validator, oas31_format_checker
from openapi_schema_validator._specifications import REGISTRY as META_SCHEMAS
from openapi_spec_validator.validation.validators import OpenAPIV30SpecValidator

from generator.diagnostics import GenerationError
from generator.spec import schema_meta
from generator.spec.validate import check_document

# A valid document: a component schema, a shared parameter and a response per operation.
VALID: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "T", "version": "v1"},
    "paths": {
        "/things": {
            "get": {
                "operationId": "ListThings",
                "parameters": [
                    {"$ref": "#/components/parameters/Limit"},
                    {"name": "marker", "in": "query", "schema": {"type": "string"}},
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "things": {
                                            "type": "array",
                                            "items": {"$ref": "#/components/schemas/Thing"},
                                        }
                                    },
                                }
                            }
                        },
                    }
                },
            },
            "post": {
                "operationId": "CreateThing",
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {"thing": {"$ref": "#/components/schemas/Thing"}},
                            }
                        }
                    }
                },
                "responses": {"204": {"description": "created"}},
            },
        }
    },
    "components": {
        "parameters": {
            "Limit": {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1}}
        },
        "schemas": {
            "Thing": {
                "type": "object",
                "required": ["id"],
                "properties": {
                    "id": {"type": "string", "pattern": "^[a-z]+$"},
                    "tags": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {"key": {"type": "string", "minLength": 1}},
                        },
                    },
                },
            }
        },
    },
}

THING = ["components", "schemas", "Thing"]
RESPONSE = ["paths", "/things", "get", "responses", "200", "content", "application/json", "schema"]
INLINE_PARAMETER = ["paths", "/things", "get", "parameters", 1, "schema"]
REQUEST_BODY = ["paths", "/things", "post", "requestBody", "content", "application/json", "schema"]

# (the schema, what breaks it, where under it the fault is, the library's message). Request
# bodies' own schemas are checked by `check_document` itself: openapi-spec-validator 0.8 skips them.
BROKEN = [
    pytest.param(
        [*REQUEST_BODY, "properties", "thing"],
        {"type": "strin"},
        "type",
        "'strin' is not valid under any of the given schemas",
        id="type-in-an-inline-request-body",
    ),
    pytest.param(
        REQUEST_BODY,
        {"required": 5},
        "required",
        "5 is not of type 'array'",
        id="required-of-an-inline-request-body",
    ),
    pytest.param(
        [*THING, "properties", "tags", "items", "properties", "key"],
        {"type": "strin"},
        "type",
        "'strin' is not valid under any of the given schemas",
        id="type-in-a-component-four-levels-down",
    ),
    pytest.param(
        [*THING, "properties", "tags", "items", "properties", "key"],
        {"minLength": -1},
        "minLength",
        "-1 is less than the minimum of 0",
        id="minLength-in-a-component-four-levels-down",
    ),
    pytest.param(
        ["components", "parameters", "Limit", "schema"],
        {"minimum": "one"},
        "minimum",
        "'one' is not of type 'number'",
        id="referenced-component-parameter",
    ),
    pytest.param(
        INLINE_PARAMETER,
        {"maxLength": 1.5},
        "maxLength",
        "1.5 is not of type 'integer'",
        id="inline-parameter",
    ),
    pytest.param(
        [*RESPONSE, "properties", "things"],
        {"required": 5},
        "required",
        "5 is not of type 'array'",
        id="required-in-an-inline-response-schema",
    ),
    pytest.param(
        [*RESPONSE, "properties", "things"],
        {"properties": []},
        "properties",
        "[] is not of type 'object'",
        id="properties-in-an-inline-response-schema",
    ),
    pytest.param(
        [*RESPONSE, "properties", "things", "items"],
        {"allOf": [{"type": "object"}, {"properties": {"n": {"enum": "ab"}}}]},
        "allOf/1/properties/n/enum",
        "'ab' is not of type 'array'",
        id="enum-under-allOf-beside-a-ref-in-a-response",
    ),
    pytest.param(
        [*THING, "properties", "id"],
        {"pattern": "[a-z"},
        "pattern",
        "'[a-z' is not a 'regex'",
        id="pattern-that-is-no-regex",
    ),
    pytest.param(
        [*THING, "properties", "tags"],
        {"discriminator": {"mapping": {"a": "#/components/schemas/Thing"}}},
        "discriminator",
        "'propertyName' is a required property",
        id="OAS-vocabulary-discriminator",
    ),
    pytest.param(
        [*THING, "properties", "tags", "items"],
        {"xml": {"wrapped": "yes"}},
        "xml/wrapped",
        "'yes' is not of type 'boolean'",
        id="OAS-vocabulary-xml",
    ),
    pytest.param(
        [*THING, "properties", "id"],
        {"maxLength": True},
        "maxLength",
        "True is not of type 'integer'",
        id="a-boolean-is-not-an-integer",
    ),
]


def _with(where: list[str | int], broken: dict[str, Any]) -> dict[str, Any]:
    document = copy.deepcopy(VALID)
    node: Any = document
    for part in where:
        node = node[part]
    node.update(broken)
    return document


def _pointer(parts: list[str | int]) -> str:
    return "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def test_the_valid_document_is_valid() -> None:
    check_document(copy.deepcopy(VALID), "spec.yaml")


@pytest.mark.parametrize(("where", "broken", "fault", "message"), BROKEN)
def test_a_schema_that_breaks_the_dialect_is_refused_where_it_stands(
    where: list[str | int], broken: dict[str, Any], fault: str, message: str
) -> None:
    with pytest.raises(GenerationError) as raised:
        check_document(_with(where, broken), "spec.yaml")
    expected = f"spec.yaml: {_pointer(where)}/{fault}: not valid OpenAPI: {message}"
    assert str(raised.value) == expected


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        # jsonschema-rs reads a tuple as an array; the library does not.
        ({"required": ("id",)}, "('id',) is not of type 'array'"),
        # A YAML date: jsonschema-rs cannot convert it at all.
        ({"$ref": datetime.date(2020, 1, 1)}, "datetime.date(2020, 1, 1) is not of type 'string'"),
    ],
    ids=["tuple", "date"],
)
def test_values_that_are_not_json_get_the_library_check(
    broken: dict[str, Any], message: str
) -> None:
    with pytest.raises(GenerationError) as raised:
        check_document(_with([*THING, "properties", "id"], broken), "spec.yaml")
    assert str(raised.value).endswith(f": not valid OpenAPI: {message}")


def test_a_schema_that_contains_itself_is_refused_as_before() -> None:
    # `A: &a {properties: {self: *a}}` in YAML: jsonschema-rs would accept the loop.
    document = copy.deepcopy(VALID)
    thing = document["components"]["schemas"]["Thing"]
    thing["properties"]["self"] = thing
    with pytest.raises(GenerationError) as raised:
        check_document(document, "spec.yaml")
    assert str(raised.value) == "spec.yaml: document: references nest too deeply to validate"


def test_a_schema_deeper_than_the_library_checks_is_refused_as_before() -> None:
    # Valid, but past what the library's recursive check gets through; jsonschema-rs would not
    # give up, so it must not be asked.
    deep: dict[str, Any] = {"type": "string"}
    for _ in range(120):
        deep = {"type": "array", "items": deep}
    document = copy.deepcopy(VALID)
    document["components"]["schemas"]["Deep"] = deep
    with pytest.raises(GenerationError) as raised:
        check_document(document, "spec.yaml")
    assert str(raised.value) == "spec.yaml: document: references nest too deeply to validate"


def test_other_openapi_versions_keep_the_library_validator() -> None:
    assert schema_meta.spec_validator_for({**VALID, "openapi": "3.0.3"}) is OpenAPIV30SpecValidator
    assert schema_meta.spec_validator_for(VALID) is schema_meta.FastOpenAPIV31SpecValidator


# Values for every keyword of the dialect: right and wrong types, bounds, regexes, nesting.
_VALUES: list[Any] = [
    None,
    True,
    0,
    -1,
    2.5,
    2.0,
    10**30,
    "",
    "strin",
    "string",
    "[",
    "(?P<n>a)",
    "a#b#c",
    "é",
    [],
    ["a", "a"],
    [{"type": "strin"}],
    [1],
    {},
    {"a": 1},
    {"a": {"type": "strin"}},
    {"a": ["b", 2]},
    {"propertyName": 1},
    {"url": "u", "x-a": 1},
    {"name": 1},
]


def _dialect_keywords() -> list[str]:
    """Every keyword a meta-schema of the OAS 3.1 dialect defines, and two it does not."""
    keywords = {"x-extension", "nullable"}
    for uri in META_SCHEMAS:
        if "2020-12" in uri or "oas/3.1" in uri:
            keywords.update(META_SCHEMAS.contents(uri).get("properties", {}))
    return sorted(keywords)


def _library_accepts(schema: Any) -> bool:
    try:
        OAS31Validator.check_schema(schema, format_checker=oas31_format_checker)
    except SchemaError:
        return False
    return True


def test_jsonschema_rs_never_accepts_what_the_library_refuses() -> None:
    rust = schema_meta._dialect_validator()
    accepted_wrongly = []
    refused = 0
    for keyword in _dialect_keywords():
        for value in _VALUES:
            for schema in ({keyword: value}, {"properties": {"p": {"items": {keyword: value}}}}):
                library = _library_accepts(schema)
                refused += not library
                if rust.is_valid(schema) and not library:
                    accepted_wrongly.append(schema)
    assert accepted_wrongly == []
    assert refused > 1000, "the grid must hold many invalid schemas to mean anything"


def test_a_shared_request_body_is_held_to_the_dialect_too() -> None:
    document = copy.deepcopy(VALID)
    body = {"content": {"application/json": {"schema": {"type": "object", "minProperties": -1}}}}
    document["components"]["requestBodies"] = {"Shared": body}
    with pytest.raises(GenerationError) as raised:
        check_document(document, "spec.yaml")
    where = "components/requestBodies/Shared/content/application~1json/schema/minProperties"
    assert str(raised.value) == (
        f"spec.yaml: {where}: not valid OpenAPI: -1 is less than the minimum of 0"
    )
