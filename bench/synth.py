"""Synthetic OpenAPI specs of any size, shaped like the Huawei Cloud services they stand for.

Real services have one to several hundred operations (HSS: 582); the committed HSS spec has
one. To see how generation time and the generated package's import cost grow with size we need
specs of 10 to 1000 operations of the shape real Huawei Cloud pages produce, in the conventions
of `spec/hss/openapi.yaml` and `spec/elb/openapi.yaml`:

- list operations with 10 to 20 query parameters (`limit`, `offset`, `enterprise_project_id`,
  `host_name`, `os_type`…): strings with enums, integers with bounds, booleans, arrays;
- create and update operations whose request bodies nest objects two and three levels deep,
  with arrays of objects;
- responses with `total_num` and `data_list`, nested objects and arrays of objects;
- descriptions of two to four sentences on operations, parameters and fields, as the pages
  have them.

Operations come in groups of five per resource (list, create, show, update, delete), each group
with fifteen schemas of its own, so a spec of N operations has about 3N schemas. Rendered by our
generator, 600 operations make a `_client.py` of about the size the real 582-operation HSS
package has. Everything is deterministic: the same size always gives the same bytes.

Usage: `python -m bench.synth N -o spec.yaml`.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import yaml

from bench.synth_parameters import (
    enterprise_project_id,
    list_parameters,
    parameter,
    project_id,
    resource_id,
)
from bench.synth_schemas import (
    Schema,
    described,
    enum,
    obj,
    plural_of,
    ref,
    request_schemas,
    response_schemas,
    snake_case,
    text,
)

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
_GROUPS = (
    "host-management",
    "baseline",
    "vulnerability",
    "event",
    "image",
    "container",
    "antivirus",
    "webtamper",
    "setting",
    "asset",
)
_REGIONS = ("cn-north-4", "cn-east-3", "ap-southeast-1", "eu-west-101", "la-south-2")
_OPERATIONS_PER_RESOURCE = 5
_MIN_QUERY, _MAX_QUERY = 10, 20
_TIME = (
    "in milliseconds since 1970-01-01 00:00:00 UTC. The value ranges from 0 to 9223372036854775807."
)


def _json(schema: Schema) -> Schema:
    return {"application/json": {"schema": schema}}


def _ok(name: str | None, description: str = "Request succeeded.") -> Schema:
    response: Schema = {"description": description}
    if name is not None:
        response["content"] = _json(ref(name))
    return response


def _error() -> Schema:
    return {"$ref": "#/components/responses/Error"}


def _operation(
    operation_id: str, summary: str, description: str, parameters: list[Schema], **rest: Any
) -> Schema:
    return {
        "operationId": operation_id,
        "summary": summary,
        "description": description,
        "parameters": parameters,
        **rest,
    }


def _resource_paths(name: str, words: str, index: int, count: int) -> dict[str, Schema]:
    """The first `count` (at most five) operations on one resource, keyed by path."""
    snake, plural = snake_case(name), plural_of(words)
    collection = list_path(index)
    item = f"{collection}/{{{snake}_id}}"
    language = parameter(
        "X-Language",
        "header",
        "Language of the response messages. zh-cn: Chinese. en-us: English. The default value "
        "is en-us.",
        enum("zh-cn", "en-us"),
        False,
    )
    project, enterprise = project_id(), enterprise_project_id()
    list_op = _operation(
        list_operation(index),
        f"Querying {plural}",
        f"This API is used to query the {plural} of a project. Filter and pagination queries "
        "are supported; unless otherwise specified, exact match is applied. Accounts that use "
        f"enterprise projects see only the {plural} of the projects they are authorised for.",
        [project, *list_parameters(name, words, index), language],
        responses={"200": _ok(f"List{plural_of(name)}ResponseBody"), "default": _error()},
    )
    create_op = _operation(
        f"Create{name}",
        f"Creating a {words}",
        f"This API is used to create a {words} and apply it to the given servers. The servers "
        "are configured by an asynchronous task, whose ID the response returns. A name that "
        "is already used in the project is refused.",
        [
            project,
            enterprise,
            parameter(
                "X-Client-Token",
                "header",
                "Idempotency token chosen by the caller. A request repeated with the same "
                "token within 24 hours creates nothing new and returns the first answer.",
                text(64),
                False,
            ),
        ],
        requestBody={"required": True, "content": _json(ref(f"Create{name}RequestBody"))},
        responses={"200": _ok(f"Create{name}ResponseBody"), "default": _error()},
    )
    show_op = _operation(
        f"Show{name}",
        f"Querying the details of a {words}",
        f"This API is used to query the details of a {words}: its servers, its rules and its "
        "schedule. Risks are those of the last scan.",
        [project, resource_id(snake, words), enterprise, language],
        responses={
            "200": _ok(f"Show{name}ResponseBody"),
            "404": {"description": "Not found.", "content": _json(ref("ErrorResponse"))},
            "default": _error(),
        },
    )
    update_op = _operation(
        f"Update{name}",
        f"Modifying a {words}",
        f"This API is used to modify a {words}. Only the fields given are changed; the rules "
        "and servers given replace the current ones. The change reaches the servers within "
        "a few minutes.",
        [project, resource_id(snake, words), enterprise],
        requestBody={"required": True, "content": _json(ref(f"Update{name}RequestBody"))},
        responses={"200": _ok(None), "default": _error()},
    )
    delete_op = _operation(
        f"Delete{name}",
        f"Deleting a {words}",
        f"This API is used to delete a {words}. Its configuration is removed from every server "
        "it applies to. A deleted resource cannot be restored.",
        [project, resource_id(snake, words), enterprise],
        responses={"204": _ok(None, "Deleted."), "default": _error()},
    )
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
        "ErrorResponse": obj(
            {
                "error_code": {"type": "string", "description": "Error code."},
                "error_msg": {"type": "string", "description": "Error message."},
            },
            description="The common error body of Huawei Cloud APIs.",
        ),
        "ResourceTag": obj(
            {
                "key": described("Tag key. The value can contain 1 to 36 characters.", text(36)),
                "value": described(
                    "Tag value. The value can contain 0 to 43 characters.", text(43, 0)
                ),
            },
            "key",
        ),
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
                "content": _json(ref("ErrorResponse")),
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


def list_operation(index: int) -> str:
    """The operationId of the `index`-th resource's list operation (`ListServers`, …)."""
    return f"List{plural_of(resource_name(index))}"


def list_path(index: int) -> str:
    """The path of that operation (`/v5/{project_id}/host-management/servers`, …)."""
    group = _GROUPS[index % len(_GROUPS)]
    return f"/v5/{{project_id}}/{group}/{plural_of(snake_case(resource_name(index)))}"


def list_method(index: int) -> str:
    """The client method of that operation (`list_servers`, …)."""
    return snake_case(list_operation(index))


def synth_spec(operations: int) -> dict[str, Any]:
    """An OpenAPI 3.1 document with exactly `operations` operations (at least 1)."""
    if operations < 1:
        raise ValueError("a spec needs at least one operation")
    schemas, components = _common_components()
    paths: dict[str, Schema] = {}
    resources = -(-operations // _OPERATIONS_PER_RESOURCE)
    for index in range(resources):
        name = resource_name(index)
        words = snake_case(name).replace("_", " ")
        left = operations - index * _OPERATIONS_PER_RESOURCE
        paths.update(_resource_paths(name, words, index, min(left, _OPERATIONS_PER_RESOURCE)))
        schemas.update(response_schemas(name, words))
        schemas.update(request_schemas(name, words))
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"Synthetic Service ({operations} operations)",
            "version": "v5",
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
