"""Synthetic OpenAPI specs of any size, in the conventions of `spec/hss/openapi.yaml`.

Real services have one to a few hundred operations; the HSS spec has one. To see how each
generator's time grows with size we need specs of 10 to 1000 operations whose shapes are the
ones real Huawei Cloud pages produce: path, query and header parameters, enums, arrays, nested
request bodies and responses with nested models, about two component schemas per operation.

Operations come in groups of five per resource (list, create, show, update, delete), each group
with ten schemas of its own, so a spec of N operations has about 2N schemas. Everything is
deterministic: the same size always gives the same bytes, so runs are comparable.

Usage: `python -m bench.synth N -o spec.yaml`.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import yaml

Schema = dict[str, Any]

_NOUNS = (
    "Server",
    "Volume",
    "Network",
    "Subnet",
    "Policy",
    "Alarm",
    "Backup",
    "Image",
    "Certificate",
    "Listener",
    "Pool",
    "Member",
    "Snapshot",
    "Instance",
    "Bucket",
    "Rule",
    "Agent",
    "Task",
    "Report",
    "Quota",
)
_REGIONS = ("cn-north-4", "cn-east-3", "ap-southeast-1", "eu-west-101", "la-south-2")
_OPERATIONS_PER_RESOURCE = 5


def _ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def _snake(pascal: str) -> str:
    out = [pascal[0].lower()]
    for char in pascal[1:]:
        out.append(f"_{char.lower()}" if char.isupper() else char)
    return "".join(out)


def _project_id() -> Schema:
    return {
        "name": "project_id",
        "in": "path",
        "description": "Project ID. For details about how to obtain it, see Obtaining a Project ID.",
        "required": True,
        "schema": {"type": "string", "minLength": 1, "maxLength": 64},
    }


def _language_header() -> Schema:
    return {
        "name": "X-Language",
        "in": "header",
        "description": "Language of the response messages.",
        "required": False,
        "schema": {"type": "string", "enum": ["zh-cn", "en-us"]},
    }


def _resource_id(snake: str) -> Schema:
    return {
        "name": f"{snake}_id",
        "in": "path",
        "description": f"ID of the {snake.replace('_', ' ')}.",
        "required": True,
        "schema": {"type": "string", "minLength": 1, "maxLength": 64},
    }


def _json(schema: Schema) -> Schema:
    return {"application/json": {"schema": schema}}


def _ok(name: str | None, description: str = "Request succeeded.") -> Schema:
    response: Schema = {"description": description}
    if name is not None:
        response["content"] = _json(_ref(name))
    return response


def _error() -> Schema:
    return {"$ref": "#/components/responses/Error"}


def _resource_schemas(name: str, snake: str) -> dict[str, Schema]:
    """The ten schemas of one resource: enum, nested objects, arrays, list and detail bodies."""
    text = {"type": "string", "minLength": 1, "maxLength": 64}
    return {
        f"{name}Status": {
            "type": "string",
            "description": f"Status of the {snake}.",
            "enum": ["CREATING", "ACTIVE", "ERROR", "DELETING"],
        },
        f"{name}Flavor": {
            "type": "object",
            "description": "Compute specification.",
            "properties": {
                "vcpus": {"type": "integer", "format": "int32", "minimum": 1, "maximum": 128},
                "memory_gb": {"type": "number", "minimum": 0.5, "maximum": 4096},
                "architecture": {"type": "string", "enum": ["x86", "arm"]},
            },
            "required": ["vcpus", "memory_gb"],
        },
        f"{name}Volume": {
            "type": "object",
            "description": "A disk attached to the resource.",
            "properties": {
                "size": {"type": "integer", "format": "int32", "minimum": 10, "maximum": 32768},
                "type": {"type": "string", "enum": ["SSD", "SAS", "SATA"]},
                "encrypted": {"type": "boolean", "description": "Whether the disk is encrypted."},
            },
            "required": ["size", "type"],
        },
        f"{name}Summary": {
            "type": "object",
            "properties": {
                "id": {**text, "description": "Resource ID."},
                "name": {**text, "description": "Resource name."},
                "status": _ref(f"{name}Status"),
                "tags": {"type": "array", "items": _ref("ResourceTag"), "maxItems": 20},
            },
            "required": ["id", "name"],
        },
        f"List{name}sResponseBody": {
            "type": "object",
            "properties": {
                "total_count": {"type": "integer", "format": "int32", "minimum": 0},
                f"{snake}s": {"type": "array", "items": _ref(f"{name}Summary")},
            },
        },
        f"Create{name}RequestBody": {
            "type": "object",
            "properties": {
                "name": {**text, "pattern": "^[A-Za-z0-9_.-]+$", "description": "Name."},
                "description": {"type": "string", "maxLength": 255},
                "flavor": _ref(f"{name}Flavor"),
                "volumes": {"type": "array", "items": _ref(f"{name}Volume"), "maxItems": 16},
                "tags": {"type": "array", "items": _ref("ResourceTag"), "maxItems": 20},
                "mode": {"type": "string", "enum": ["auto", "manual"], "default": "auto"},
                "dry_run": {"type": "boolean", "description": "Only check the request."},
            },
            "required": ["name", "flavor"],
        },
        f"Create{name}ResponseBody": {
            "type": "object",
            "properties": {
                "id": {**text, "description": "ID of the new resource."},
                "job_id": {**text, "description": "ID of the asynchronous job."},
            },
        },
        f"{name}Detail": {
            "type": "object",
            "properties": {
                "id": text,
                "name": text,
                "description": {"type": "string", "maxLength": 255},
                "status": _ref(f"{name}Status"),
                "flavor": _ref(f"{name}Flavor"),
                "volumes": {"type": "array", "items": _ref(f"{name}Volume")},
                "tags": {"type": "array", "items": _ref("ResourceTag")},
                "metadata": {"type": "object", "additionalProperties": {"type": "string"}},
                "created_at": {"type": "string", "format": "date-time"},
            },
            "required": ["id", "name", "status"],
        },
        f"Show{name}ResponseBody": {
            "type": "object",
            "properties": {snake: _ref(f"{name}Detail")},
        },
        f"Update{name}RequestBody": {
            "type": "object",
            "properties": {
                "name": {**text, "pattern": "^[A-Za-z0-9_.-]+$"},
                "description": {"type": "string", "maxLength": 255},
                "flavor": _ref(f"{name}Flavor"),
            },
        },
    }


def _resource_paths(name: str, snake: str, count: int) -> dict[str, Schema]:
    """The first `count` (at most five) operations on one resource, keyed by path."""
    collection = f"/v2/{{project_id}}/{snake}s"
    item = f"{collection}/{{{snake}_id}}"
    list_op = {
        "operationId": f"List{name}s",
        "summary": f"Querying {snake}s",
        "description": f"List the {snake}s of a project, filtered and paged.",
        "parameters": [
            _project_id(),
            {
                "name": "limit",
                "in": "query",
                "description": "Number of records per page.",
                "required": False,
                "schema": {"type": "integer", "format": "int32", "minimum": 1, "maximum": 1000},
            },
            {
                "name": "offset",
                "in": "query",
                "description": "Offset of the first record.",
                "required": False,
                "schema": {"type": "integer", "format": "int32", "minimum": 0},
            },
            {
                "name": "name",
                "in": "query",
                "description": "Name prefix.",
                "required": False,
                "schema": {"type": "string", "minLength": 1, "maxLength": 64},
            },
            {
                "name": "status",
                "in": "query",
                "description": "Only resources in this status.",
                "required": False,
                "schema": _ref(f"{name}Status"),
            },
            {
                "name": "tags",
                "in": "query",
                "description": "Tag keys to match; repeat the parameter for each.",
                "required": False,
                "schema": {"type": "array", "items": {"type": "string", "maxLength": 36}},
            },
            _language_header(),
        ],
        "responses": {"200": _ok(f"List{name}sResponseBody"), "default": _error()},
    }
    create_op = {
        "operationId": f"Create{name}",
        "summary": f"Creating a {snake}",
        "description": f"Create a {snake}.",
        "parameters": [
            _project_id(),
            {
                "name": "X-Client-Token",
                "in": "header",
                "description": "Idempotency token chosen by the caller.",
                "required": False,
                "schema": {"type": "string", "minLength": 1, "maxLength": 64},
            },
        ],
        "requestBody": {"required": True, "content": _json(_ref(f"Create{name}RequestBody"))},
        "responses": {"200": _ok(f"Create{name}ResponseBody"), "default": _error()},
    }
    show_op = {
        "operationId": f"Show{name}",
        "summary": f"Querying a {snake}",
        "description": f"Show one {snake}.",
        "parameters": [_project_id(), _resource_id(snake), _language_header()],
        "responses": {
            "200": _ok(f"Show{name}ResponseBody"),
            "404": {
                "description": "Not found.",
                "content": _json(_ref("ErrorResponse")),
            },
            "default": _error(),
        },
    }
    update_op = {
        "operationId": f"Update{name}",
        "summary": f"Modifying a {snake}",
        "description": f"Change the name, description or flavor of a {snake}.",
        "parameters": [_project_id(), _resource_id(snake)],
        "requestBody": {"required": True, "content": _json(_ref(f"Update{name}RequestBody"))},
        "responses": {"200": _ok(f"Show{name}ResponseBody"), "default": _error()},
    }
    delete_op = {
        "operationId": f"Delete{name}",
        "summary": f"Deleting a {snake}",
        "description": f"Delete a {snake}.",
        "parameters": [
            _project_id(),
            _resource_id(snake),
            {
                "name": "delete_volumes",
                "in": "query",
                "description": "Also delete the attached volumes.",
                "required": False,
                "schema": {"type": "boolean"},
            },
        ],
        "responses": {"204": _ok(None, "Deleted."), "default": _error()},
    }
    chosen = [
        (collection, "get", list_op),
        (collection, "post", create_op),
        (item, "get", show_op),
        (item, "put", update_op),
        (item, "delete", delete_op),
    ][:count]
    paths: dict[str, Schema] = {}
    for path, method, operation in chosen:
        paths.setdefault(path, {})[method] = operation
    return paths


def _common_components() -> tuple[dict[str, Schema], Schema]:
    """Schemas shared by every resource, and the components HSS's spec has besides schemas."""
    schemas: dict[str, Schema] = {
        "ErrorResponse": {
            "type": "object",
            "description": "The common error body of Huawei Cloud APIs.",
            "properties": {
                "error_code": {"type": "string", "description": "Error code."},
                "error_msg": {"type": "string", "description": "Error message."},
            },
        },
        "ResourceTag": {
            "type": "object",
            "properties": {
                "key": {"type": "string", "minLength": 1, "maxLength": 36},
                "value": {"type": "string", "maxLength": 43},
            },
            "required": ["key"],
        },
    }
    rest: Schema = {
        "responses": {
            "Error": {
                "description": "An error, described by the common error body.",
                "headers": {
                    "X-Request-Id": {
                        "description": "ID of the request, for Huawei support.",
                        "schema": {"type": "string"},
                    }
                },
                "content": _json(_ref("ErrorResponse")),
            }
        },
        "securitySchemes": {
            "aksk": {
                "type": "apiKey",
                "in": "header",
                "name": "Authorization",
                "description": "Access key / secret key signing (SDK-HMAC-SHA256).",
                "x-huawei-signing": {
                    "algorithm": "SDK-HMAC-SHA256",
                    "date-header": "X-Sdk-Date",
                    "date-format": "%Y%m%dT%H%M%SZ",
                    "security-token-header": "X-Security-Token",
                    "project-id-header": "X-Project-Id",
                },
            },
            "token": {
                "type": "apiKey",
                "in": "header",
                "name": "X-Auth-Token",
                "description": "User token.",
            },
        },
    }
    return schemas, rest


def resource_name(index: int) -> str:
    """The class-name stem of the `index`-th resource: `Server`, …, `Quota`, `Server1`, …"""
    noun = _NOUNS[index % len(_NOUNS)]
    round_ = index // len(_NOUNS)
    return noun if round_ == 0 else f"{noun}{round_}"


def synth_spec(operations: int) -> dict[str, Any]:
    """An OpenAPI 3.1 document with exactly `operations` operations (at least 1)."""
    if operations < 1:
        raise ValueError("a spec needs at least one operation")
    schemas, components = _common_components()
    paths: dict[str, Schema] = {}
    resources = -(-operations // _OPERATIONS_PER_RESOURCE)
    for index in range(resources):
        name = resource_name(index)
        snake = _snake(name)
        left = operations - index * _OPERATIONS_PER_RESOURCE
        paths.update(_resource_paths(name, snake, min(left, _OPERATIONS_PER_RESOURCE)))
        schemas.update(_resource_schemas(name, snake))
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"Synthetic Service ({operations} operations)",
            "version": "v2",
            "description": "A generated spec for benchmarks, shaped like a transcribed service.",
            "x-huawei-service": "synth",
        },
        "servers": [
            {
                "url": f"https://synth.{region}.myhuaweicloud.com",
                "description": region,
                "x-huawei-region": region,
            }
            for region in _REGIONS
        ],
        "security": [{"token": []}, {"aksk": []}],
        "paths": paths,
        "components": {"schemas": dict(sorted(schemas.items())), **components},
    }


def write_spec(operations: int, path: Path) -> Path:
    """Write the spec of `operations` operations to `path` as YAML and return `path`."""
    text = yaml.safe_dump(synth_spec(operations), sort_keys=False, allow_unicode=True, width=100)
    path.write_text(text, encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("operations", type=int, help="number of operations")
    parser.add_argument("-o", "--output", type=Path, required=True, help="YAML file to write")
    arguments = parser.parse_args()
    write_spec(arguments.operations, arguments.output)


if __name__ == "__main__":
    main()
