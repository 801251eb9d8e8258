"""The intermediate model, built from small inline specs."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from generator.diagnostics import GenerationError
from generator.ir.build import build_ir
from generator.ir.types import Service

BASE: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Demo", "version": "1", "x-huawei-service": "demo"},
    "servers": [
        {"url": "https://demo.cn-north-4.example.com", "x-huawei-region": "cn-north-4"},
        {"url": "https://demo.eu-west-101.example.eu/", "x-huawei-region": "eu-west-101"},
    ],
    "paths": {},
    "components": {"schemas": {}},
}


def spec(paths: dict[str, Any], schemas: dict[str, Any] | None = None) -> dict[str, Any]:
    document = copy.deepcopy(BASE)
    document["paths"] = paths
    document["components"]["schemas"] = schemas or {}
    return document


def build(document: dict[str, Any]) -> tuple[Service, dict[str, Any], list[str]]:
    service, models, findings = build_ir(document, "spec.yaml", "0" * 64)
    return service, models, [str(f) for f in findings]


PROJECT = {"name": "project_id", "in": "path", "required": True, "schema": {"type": "string"}}


def test_service_names_and_regions() -> None:
    service, _, _ = build(spec({}))
    assert (service.name, service.package, service.client_class, service.async_client_class) == (
        "demo",
        "demo_client",
        "DemoClient",
        "AsyncDemoClient",
    )
    assert [(r.name, r.url, r.cloud) for r in service.regions] == [
        ("cn-north-4", "https://demo.cn-north-4.example.com", "Huawei Cloud"),
        ("eu-west-101", "https://demo.eu-west-101.example.eu", "Huawei Cloud"),
    ]
    assert "sha256 " + "0" * 64 in service.header


def test_arguments_locations_order_and_types() -> None:
    document = spec(
        {
            "/v1/{project_id}/things": {
                "post": {
                    "operationId": "CreateThing",
                    "parameters": [
                        PROJECT,
                        {"name": "X-Auth-Token", "in": "header", "schema": {"type": "string"}},
                        {"name": "dry-run", "in": "query", "schema": {"type": "boolean"}},
                        {"name": "X-Request-Id", "in": "header", "schema": {"type": "string"}},
                        {
                            "name": "x_request_id",
                            "in": "query",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Body"}}
                        },
                    },
                    "responses": {
                        "201": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Thing"}
                                }
                            },
                        },
                        "204": {"description": "nothing"},
                    },
                }
            }
        },
        {
            "Body": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string"},
                    "mode": {"type": "string", "enum": ["a", "b"]},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "labels": {"type": "object", "additionalProperties": {"type": "integer"}},
                    "thing": {"$ref": "#/components/schemas/Thing"},
                    "maybe": {"type": ["string", "null"]},
                },
            },
            "Thing": {"type": "object", "properties": {"id": {"type": "string"}}},
        },
    )
    service, models, findings = build(document)
    [operation] = service.operations
    assert (operation.method_name, operation.constant, operation.http_method) == (
        "create_thing",
        "CREATE_THING",
        "POST",
    )
    assert [(a.python_name, a.location, a.required, a.annotation) for a in operation.arguments] == [
        ("name", "body", True, "str"),
        ("x_request_id", "query", True, "str"),
        ("mode", "body", False, "_models.BodyMode"),  # the value set the model field uses
        ("tags", "body", False, "list[str]"),
        ("labels", "body", False, "dict[str, int]"),
        ("thing", "body", False, "_models.ThingParam"),  # sent: the request twin
        ("maybe", "body", False, "str | None"),
        ("dry_run", "query", False, "bool"),
        ("header_x_request_id", "header", False, "str"),
        ("project_id", "path", True, "str"),
    ]
    assert operation.return_annotation == "_models.Thing | None"
    assert operation.params_model == "CreateThingParams"
    assert models["CreateThingParams"]["required"] == [
        "project_id",
        "x_request_id",
    ]
    assert (operation.body_model, operation.body_kind) == ("Body", "fields")
    assert findings == [
        "spec.yaml: components/schemas/Thing: schema 'Thing' is both sent and received: "
        "responses read it as Thing, requests send it as ThingParam",
        "spec.yaml: POST /v1/{project_id}/things: header 'X-Request-Id' becomes argument "
        "header_x_request_id (collides with another argument)",
    ]


def test_method_names_never_shadow_the_client() -> None:
    paths = {
        f"/v1/{name}": {"get": {"operationId": name, "responses": {"200": {"description": "ok"}}}}
        for name in ("Close", "close_", "List")
    }
    service, _, findings = build(spec(paths))
    assert [op.method_name for op in service.operations] == ["close_operation", "close_2", "list_"]
    assert any("becomes method close_operation()" in f for f in findings)


def test_schema_names_become_safe_class_names_and_refs_follow() -> None:
    schemas = {
        "BaseModel": {
            "type": "object",
            "properties": {"next": {"$ref": "#/components/schemas/BaseModel"}},
        }
    }
    _, models, findings = build(spec({}, schemas))
    assert models == {
        "BaseModelModel": {
            "type": "object",
            "properties": {"next": {"$ref": "#/components/schemas/BaseModelModel"}},
        }
    }
    assert findings == [
        "spec.yaml: components/schemas/BaseModel: schema 'BaseModel' becomes class BaseModelModel"
    ]


def test_a_non_object_body_is_one_body_argument() -> None:
    operation = {
        "operationId": "PutTags",
        "requestBody": {
            "content": {
                "application/json": {"schema": {"type": "array", "items": {"type": "string"}}}
            }
        },
        "responses": {"200": {"description": "ok"}},
    }
    service, models, _ = build(spec({"/v1/tags": {"put": operation}}))
    [argument] = service.operations[0].arguments
    assert (argument.python_name, argument.annotation, argument.required) == (
        "body",
        "list[str]",
        False,
    )
    assert service.operations[0].body_kind == "value"
    assert "PutTagsRequestBody" in models


def test_dangling_ref_is_an_error() -> None:
    operation = {
        "operationId": "Get",
        "responses": {
            "200": {
                "description": "ok",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Nope"}}},
            }
        },
    }
    with pytest.raises(GenerationError, match="Nope"):
        build(spec({"/v1/x": {"get": operation}}))
