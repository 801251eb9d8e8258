"""Response fields whose own example is null become nullable; requests never change."""

from __future__ import annotations

import copy
from typing import Any

from generator.diagnostics import Findings
from generator.spec.nullable import nullable_from_examples
from generator.spec.validate import check_examples


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _document(request_uses_pool: bool = False) -> dict[str, Any]:
    request_schema = _ref("Pool") if request_uses_pool else _ref("Body")
    return {
        "openapi": "3.1.0",
        "paths": {
            "/pools": {
                "post": {
                    "operationId": "CreatePool",
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "schema": request_schema,
                                "example": {"name": None},
                            }
                        }
                    },
                    "responses": {
                        "201": {
                            "description": "Created.",
                            "content": {
                                "application/json": {
                                    "schema": _ref("Response"),
                                    "example": {
                                        "pool": {
                                            "name": None,
                                            "port": None,
                                            "mode": None,
                                            "persistence": None,
                                            "id": "p1",
                                        }
                                    },
                                }
                            },
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "Body": {"type": "object", "properties": {"name": {"type": "string"}}},
                "Response": {"type": "object", "properties": {"pool": _ref("Pool")}},
                "Pool": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string"},
                        "name": {"type": "string", "description": "Name."},
                        "port": {"type": "integer", "minimum": 1},
                        "mode": {"type": "string", "enum": ["A", "B"]},
                        "persistence": {**_ref("Persistence"), "description": "Or null."},
                    },
                    "required": ["id", "name"],
                },
                "Persistence": {"type": "object", "properties": {"type": {"type": "string"}}},
            }
        },
    }


def _run(document: dict[str, Any]) -> Findings:
    findings = Findings()
    nullable_from_examples(document, {"CreatePool": "p.html"}, findings)
    check_examples(document, {"CreatePool": "p.html"}, findings)
    return findings


def test_response_fields_shown_as_null_become_nullable_and_the_example_is_kept() -> None:
    document = _document()
    findings = _run(document)
    pool = document["components"]["schemas"]["Pool"]["properties"]
    assert pool["name"] == {"type": ["string", "null"], "description": "Name."}
    assert pool["port"] == {"type": ["integer", "null"], "minimum": 1}
    assert pool["mode"] == {"type": ["string", "null"], "enum": ["A", "B", None]}
    assert pool["persistence"] == {
        "anyOf": [_ref("Persistence"), {"type": "null"}],
        "description": "Or null.",
    }
    assert pool["id"] == {"type": "string"}
    kinds = [d.kind for d in findings]
    assert kinds.count("nullable-from-example") == 4
    response = document["paths"]["/pools"]["post"]["responses"]["201"]
    assert "example" in response["content"]["application/json"]
    # The request's own null still fails its (unchanged) schema: dropped as an erratum.
    body = document["components"]["schemas"]["Body"]["properties"]["name"]
    assert body == {"type": "string"}
    assert (
        "example"
        not in document["paths"]["/pools"]["post"]["requestBody"]["content"]["application/json"]
    )
    assert kinds.count("example-dropped") == 1


def test_a_schema_a_request_uses_too_is_left_alone_and_reported() -> None:
    document = _document(request_uses_pool=True)
    before = copy.deepcopy(document["components"]["schemas"]["Pool"])
    findings = _run(document)
    assert document["components"]["schemas"]["Pool"] == before
    kinds = [d.kind for d in findings]
    assert "nullable-from-example" not in kinds
    assert kinds.count("null-in-shared-schema") == 4
    assert kinds.count("example-dropped") == 2


def test_a_field_that_already_accepts_null_is_not_reported() -> None:
    document = _document()
    _run(document)
    findings = _run(document)
    assert [d.kind for d in findings if d.kind == "nullable-from-example"] == []
