"""The SDK reference reads known facts out of Huawei's real ELB SDK, and flattens both sides
(SDK models and our OpenAPI schemas) the same way, so a later comparison means something."""

from __future__ import annotations

import copy
from typing import Any, ClassVar

import pytest
import yaml

from tests.accuracy.compare import (
    Mismatch,
    compare_operations,
    compatible,
    index_by_shape,
    path_shape,
)
from tests.accuracy.our_operations import OurOperation, flatten_openapi_operation, schema_kind
from tests.accuracy.sdk_reference import (
    SdkOperation,
    flatten_sdk_type,
    load_sdk_operations,
    parse_client,
    request_class_name,
    sdk_kind,
    sdk_required,
)
from tests.accuracy.services import ELB, HSS
from tests.helpers import ROOT


@pytest.fixture(scope="module")
def operations() -> list[SdkOperation]:
    return load_sdk_operations(ELB.sdk_package, ELB.sdk_versions)


@pytest.fixture(scope="module")
def by_name(operations: list[SdkOperation]) -> dict[tuple[str, str], SdkOperation]:
    return {(operation.version, operation.name): operation for operation in operations}


# ---------------------------------------------------------------------------------------------
# The real SDK (huaweicloudsdkelb is pinned in constraints.txt, so its counts are stable)
# ---------------------------------------------------------------------------------------------


def test_every_operation_of_both_clients_is_read(operations: list[SdkOperation]) -> None:
    versions = [operation.version for operation in operations]
    assert versions.count("v2") == 60
    assert versions.count("v3") == 119
    assert all(operation.method in {"GET", "POST", "PUT", "DELETE"} for operation in operations)
    assert all(operation.path.startswith("/v") for operation in operations)


def test_v3_create_load_balancer(by_name: dict[tuple[str, str], SdkOperation]) -> None:
    operation = by_name["v3", "create_load_balancer"]
    assert (operation.method, operation.path) == ("POST", "/v3/{project_id}/elb/loadbalancers")
    assert operation.request_type == "CreateLoadBalancerRequest"
    assert operation.response_type == "CreateLoadBalancerResponse"
    # project_id is filled from the credentials, never from the request: it still counts.
    assert operation.path_params == {"project_id"}
    assert operation.required_params == {"project_id"}
    assert operation.has_body
    fields = operation.request_fields
    assert fields["loadbalancer"] == "object"
    assert fields["loadbalancer.name"] == "string"
    assert fields["loadbalancer.availability_zone_list"] == "array"
    assert fields["loadbalancer.availability_zone_list[]"] == "string"
    assert fields["loadbalancer.tags[]"] == "object"
    assert fields["loadbalancer.tags[].key"] == "string"
    assert fields["loadbalancer.guaranteed"] == "boolean"
    assert "" not in fields


def test_v3_create_load_balancer_required_fields(
    by_name: dict[tuple[str, str], SdkOperation],
) -> None:
    required = by_name["v3", "create_load_balancer"].request_required
    assert "loadbalancer.availability_zone_list" in required
    assert "loadbalancer" in required
    assert "loadbalancer.ipv6_bandwidth.id" in required
    assert "loadbalancer.name" not in required
    assert "loadbalancer.vpc_id" not in required


def test_v3_list_load_balancers(by_name: dict[tuple[str, str], SdkOperation]) -> None:
    operation = by_name["v3", "list_load_balancers"]
    assert (operation.method, operation.path) == ("GET", "/v3/{project_id}/elb/loadbalancers")
    assert {"limit", "marker", "page_reverse", "vpc_id"} <= operation.query_params
    assert operation.param_kinds["limit"] == "integer"
    assert operation.param_kinds["marker"] == "string"
    assert operation.param_kinds["id"] == "array"  # collection_formats: multi
    assert operation.required_params == {"project_id"}
    assert not operation.has_body
    assert operation.request_fields == {}
    assert operation.response_fields["loadbalancers"] == "array"
    assert operation.response_fields["loadbalancers[].listeners[].id"] == "string"
    assert operation.response_fields["page_info.next_marker"] == "string"
    assert operation.response_fields["request_id"] == "string"


def test_v3_show_load_balancer_path_parameter_is_required(
    by_name: dict[tuple[str, str], SdkOperation],
) -> None:
    operation = by_name["v3", "show_load_balancer"]
    assert operation.path == "/v3/{project_id}/elb/loadbalancers/{loadbalancer_id}"
    assert operation.path_params == {"project_id", "loadbalancer_id"}
    assert operation.required_params == {"project_id", "loadbalancer_id"}
    assert operation.param_kinds == {"loadbalancer_id": "string"}


def test_v2_show_loadbalancer(by_name: dict[tuple[str, str], SdkOperation]) -> None:
    operation = by_name["v2", "show_loadbalancer"]
    assert (operation.method, operation.path) == (
        "GET",
        "/v2/{project_id}/elb/loadbalancers/{loadbalancer_id}",
    )
    assert operation.path_params == {"project_id", "loadbalancer_id"}
    assert operation.response_fields["loadbalancer.id"] == "string"
    assert operation.response_fields["loadbalancer.listeners[].id"] == "string"


def test_v2_tag_batch_operations_share_one_shape(operations: list[SdkOperation]) -> None:
    index = index_by_shape(operations)
    shared = index["POST", "/v2.0/{}/listeners/{}/tags/action"]
    assert sorted(operation.name for operation in shared) == [
        "batch_create_listener_tags",
        "batch_delete_listener_tags",
    ]
    assert [o.name for o in index["GET", "/v3/{}/elb/loadbalancers/{}"]] == ["show_load_balancer"]


def test_the_elb_sdk_has_no_header_parameters_or_response_headers(
    operations: list[SdkOperation],
) -> None:
    # Content-Type is set by the SDK; X-Auth-Token is the signer's. Nothing else is a header.
    assert all(not operation.header_params for operation in operations)
    assert all(not operation.form_params for operation in operations)
    assert all(not operation.response_headers for operation in operations)


def test_the_elb_sdk_has_no_classic_load_balancer_paths(operations: list[SdkOperation]) -> None:
    # What ELB's note in the report says: no v1.0 page can have an SDK counterpart.
    assert not [o.path for o in operations if o.path.startswith("/v1") or "elbaas" in o.path]


@pytest.fixture(scope="module")
def hss_operations() -> dict[str, SdkOperation]:
    return {o.name: o for o in load_sdk_operations(HSS.sdk_package, HSS.sdk_versions)}


def test_every_operation_of_the_hss_client_is_read(hss_operations: dict[str, SdkOperation]) -> None:
    assert len(hss_operations) == 582
    assert {o.version for o in hss_operations.values()} == {"v5"}
    assert all(o.path.startswith("/v5/") for o in hss_operations.values())


def test_hss_list_host_rasp_protect_history_info(
    hss_operations: dict[str, SdkOperation],
) -> None:
    operation = hss_operations["list_host_rasp_protect_history_info"]
    assert (operation.method, operation.path) == (
        "GET",
        "/v5/{project_id}/webtamper/rasp/protect-history",
    )
    # HSS sends the region as a header parameter; its query filters and their required flags.
    assert operation.header_params == {"region"}
    assert "alarm_level" in operation.query_params
    assert operation.param_kinds["alarm_level"] == "integer"
    assert {"start_time", "end_time", "limit", "offset"} <= operation.required_params
    assert operation.response_fields["data_list[].alarm_level"] == "integer"


def test_hss_request_body_required_flags(hss_operations: dict[str, SdkOperation]) -> None:
    operation = hss_operations["associate_policy_group"]
    assert (operation.method, operation.has_body) == ("POST", True)
    assert operation.request_fields["host_id_list[]"] == "string"
    assert operation.request_required == {"target_policy_group_id"}


def test_the_body_flag_follows_the_request_class(
    by_name: dict[tuple[str, str], SdkOperation],
) -> None:
    # A PUT that sends nothing: the SDK has no body attribute for it, so no fields.
    restore = by_name["v3", "restore_loadbalancer"]
    assert (restore.method, restore.has_body, restore.request_fields) == ("PUT", False, {})
    assert by_name["v3", "delete_load_balancer"].response_fields == {}


def test_sdk_required_reads_real_constructors() -> None:
    from huaweicloudsdkelb.v3 import (  # type: ignore[import-untyped]
        BandwidthRef,
        CreateLoadBalancerOption,
        ListLoadBalancersRequest,
    )

    assert sdk_required(BandwidthRef) == {"id"}
    assert "availability_zone_list" in sdk_required(CreateLoadBalancerOption)
    assert "name" not in sdk_required(CreateLoadBalancerOption)
    assert sdk_required(ListLoadBalancersRequest) == frozenset()


@pytest.mark.parametrize(
    ("operation", "request_class"),
    [
        ("list_load_balancers", "ListLoadBalancersRequest"),
        ("show_l7_policy", "ShowL7PolicyRequest"),
        ("create_load_balancer", "CreateLoadBalancerRequest"),
    ],
)
def test_request_class_name(operation: str, request_class: str) -> None:
    assert request_class_name(operation) == request_class


# ---------------------------------------------------------------------------------------------
# Reading a client and models: small stand-ins with the generator's shapes
# ---------------------------------------------------------------------------------------------

CLIENT = """
class FakeClient(Client):
    def create_thing(self, request):
        return self._call_api(**self._create_thing_http_info(request))

    @classmethod
    def _create_thing_http_info(cls, request):
        http_info = {
            "method": "post",
            "resource_path": "/v1/{project_id}/things/{thing_id}",
            "request_type": request.__class__.__name__,
            "response_type": "CreateThingResponse"
            }
        local_var_params = {attr: getattr(request, attr) for attr in request.attribute_map}
        path_params = {}
        if 'thing_id' in local_var_params:
            path_params['thing_id'] = local_var_params['thing_id']
        query_params = []
        if 'dry_run' in local_var_params:
            query_params.append(('dry-run', local_var_params['dry_run']))
        header_params = {}
        if 'x_language' in local_var_params:
            header_params['X-Language'] = local_var_params['x_language']
        body = None
        if 'body' in local_var_params:
            body = local_var_params['body']
        response_headers = ["X-request-id", ]
        header_params['Content-Type'] = http_utils.select_header_content_type(
            ['application/json'])
        return http_info

    def _not_http_info(self, request):
        return None
"""


def test_parse_client_reads_an_http_info_method() -> None:
    (info,) = parse_client(CLIENT)
    assert info.name == "create_thing"
    assert (info.method, info.resource_path) == ("POST", "/v1/{project_id}/things/{thing_id}")
    assert info.response_type == "CreateThingResponse"
    assert info.path_params == {"thing_id": "thing_id"}
    assert info.query_params == {"dry-run": "dry_run"}
    assert info.header_params == {"X-Language": "x_language"}  # not Content-Type
    assert info.has_body
    assert info.response_headers == ["X-request-id"]


class Node:
    """A recursive model: a node's children are nodes."""

    openapi_types: ClassVar[dict[str, str]] = {
        "name": "str",
        "children": "list[Node]",
        "labels": "dict(str, str)",
        "grid": "list[list[int]]",
        "weight": "float",
        "extra": "object",
        "status": "Status",
    }
    attribute_map: ClassVar[dict[str, str]] = {
        "name": "name",
        "children": "children",
        "labels": "labels",
        "grid": "grid",
        "weight": "weight",
        "extra": "extra",
        "status": "status-code",
    }

    def __init__(
        self,
        name: str | None = None,
        children: list[Node] | None = None,
        labels: dict[str, str] | None = None,
        grid: list[list[int]] | None = None,
        weight: float | None = None,
        extra: object = None,
        status: Status | None = None,
    ) -> None:
        self._name = None
        self.discriminator = None
        self.name = name
        if children is not None:
            self.children = children
        if labels is not None:
            self.labels = labels
        if grid is not None:
            self.grid = grid
        if weight is not None:
            self.weight = weight
        if extra is not None:
            self.extra = extra
        if status is not None:
            self.status = status


class Status:
    """An enum the generator could not type: no attributes at all."""

    openapi_types: ClassVar[dict[str, str]] = {}
    attribute_map: ClassVar[dict[str, str]] = {}


MODELS: dict[str, type] = {"Node": Node, "Status": Status}


def test_flatten_sdk_type_expands_containers_and_stops_at_recursion() -> None:
    flat = flatten_sdk_type("Node", MODELS.get)
    assert flat.fields == {
        "name": "string",
        "children": "array",
        "children[]": "object",  # Node again: recorded, not expanded
        "labels": "map",
        "labels{}": "string",
        "grid": "array",
        "grid[]": "array",
        "grid[][]": "integer",
        "weight": "number",
        "extra": "object",
        "status-code": "any",
    }
    assert flat.required == {"name"}


def test_flatten_sdk_type_of_an_array_body_starts_with_brackets() -> None:
    flat = flatten_sdk_type("list[Node]", MODELS.get)
    assert flat.fields["[]"] == "object"
    assert flat.fields["[].name"] == "string"
    assert flat.fields["[].children[]"] == "object"
    assert "[].children[].name" not in flat.fields
    assert flat.required == {"[].name"}


def test_sdk_kind_refuses_an_unknown_type() -> None:
    assert sdk_kind("bool", MODELS.get) == "boolean"
    with pytest.raises(LookupError, match="Missing"):
        sdk_kind("Missing", MODELS.get)


# ---------------------------------------------------------------------------------------------
# Our side: OpenAPI 3.1
# ---------------------------------------------------------------------------------------------

SPEC: dict[str, Any] = yaml.safe_load(
    """
openapi: 3.1.0
paths:
  /v1/{project_id}/things/{thing_id}/:
    parameters:
    - $ref: '#/components/parameters/ProjectId'
    - {name: thing_id, in: path, required: true, schema: {type: string}}
    put:
      operationId: UpdateThing
      parameters:
      - {name: limit, in: query, required: false, schema: {type: integer}}
      - {name: ids, in: query, required: true, schema: {type: array, items: {type: string}}}
      - {name: X-Language, in: header, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json;charset=UTF-8:
            schema: {$ref: '#/components/schemas/UpdateThingRequestBody'}
      responses:
        '400': {description: bad}
        '201':
          description: created
          headers:
            X-Request-Id: {schema: {type: string}}
          content:
            application/json:
              schema:
                type: array
                items: {$ref: '#/components/schemas/Tree'}
        '200':
          $ref: '#/components/responses/Thing'
    get:
      responses:
        '204': {description: nothing}
components:
  parameters:
    ProjectId: {name: project_id, in: path, required: true, schema: {type: string}}
  responses:
    Thing:
      description: the thing
      content:
        application/json:
          schema: {$ref: '#/components/schemas/Thing'}
  schemas:
    UpdateThingRequestBody:
      type: object
      required: [thing]
      properties:
        thing: {$ref: '#/components/schemas/Thing'}
    Thing:
      type: object
      required: [name, tags]
      properties:
        name: {type: string}
        description: {type: [string, 'null']}
        size: {type: [integer, 'null']}
        ratio: {type: number}
        enabled: {type: boolean}
        tags:
          type: array
          items: {$ref: '#/components/schemas/Tag'}
        metadata:
          type: object
          additionalProperties: {type: string}
        free: {type: object}
        either:
          oneOf:
          - {type: object, required: [a], properties: {a: {type: string}}}
          - {type: object, properties: {b: {type: integer}}}
        root: {$ref: '#/components/schemas/Tree'}
    Tag:
      type: object
      required: [key]
      properties:
        key: {type: string}
        value: {type: string}
    Tree:
      type: object
      properties:
        label: {type: string}
        children:
          type: array
          items: {$ref: '#/components/schemas/Tree'}
"""
)


def test_flatten_openapi_operation_parameters() -> None:
    operation = flatten_openapi_operation(SPEC, "/v1/{project_id}/things/{thing_id}/", "put")
    assert (operation.operation_id, operation.method) == ("UpdateThing", "PUT")
    assert operation.path_params == {"project_id", "thing_id"}
    assert operation.query_params == {"limit", "ids"}
    assert operation.header_params == {"X-Language"}
    assert operation.required_params == {"project_id", "thing_id", "ids"}
    assert operation.param_kinds["ids"] == "array"
    assert operation.param_kinds["limit"] == "integer"
    assert (operation.has_body, operation.body_required) == (True, True)


def test_flatten_openapi_operation_request_body() -> None:
    operation = flatten_openapi_operation(SPEC, "/v1/{project_id}/things/{thing_id}/", "PUT")
    fields = operation.request_fields
    assert fields["thing"] == "object"
    assert fields["thing.name"] == "string"
    assert fields["thing.description"] == "string"  # nullable: 'null' is dropped
    assert fields["thing.size"] == "integer"
    assert fields["thing.ratio"] == "number"
    assert fields["thing.tags"] == "array"
    assert fields["thing.tags[]"] == "object"
    assert fields["thing.tags[].key"] == "string"
    assert fields["thing.metadata"] == "map"
    assert fields["thing.metadata{}"] == "string"
    assert fields["thing.free"] == "object"
    assert fields["thing.either"] == "object"
    assert fields["thing.either.a"] == "string"
    assert fields["thing.either.b"] == "integer"
    # Recursion: Tree's children are Trees, recorded once and not expanded again.
    assert fields["thing.root.children[]"] == "object"
    assert "thing.root.children[].label" not in fields

    required = operation.request_required
    assert set(required) == set(fields)
    assert {path for path, flag in required.items() if flag} == {
        "thing",
        "thing.name",
        "thing.tags",
        "thing.tags[].key",
        "thing.either.a",
    }


def test_flatten_openapi_operation_response_is_the_first_success() -> None:
    operation = flatten_openapi_operation(SPEC, "/v1/{project_id}/things/{thing_id}/", "put")
    # 200 (a $ref to components/responses) comes before 201; 400 is not a success.
    assert operation.response_fields["name"] == "string"
    assert operation.response_fields["tags[].value"] == "string"
    assert operation.response_headers == frozenset()


def test_flatten_openapi_operation_array_response_and_headers() -> None:
    post = copy.deepcopy(SPEC["paths"]["/v1/{project_id}/things/{thing_id}/"]["put"])
    del post["responses"]["200"]
    spec = {**SPEC, "paths": {"/x": {"post": post}}}
    operation = flatten_openapi_operation(spec, "/x", "post")
    assert operation.path_params == frozenset()
    assert operation.response_headers == {"X-Request-Id"}
    assert operation.response_fields == {
        "[]": "object",
        "[].label": "string",
        "[].children": "array",
        "[].children[]": "object",
    }


def test_flatten_openapi_operation_without_body() -> None:
    operation = flatten_openapi_operation(SPEC, "/v1/{project_id}/things/{thing_id}/", "get")
    assert (operation.has_body, operation.body_required) == (False, False)
    assert operation.request_fields == operation.response_fields == {}


def test_flatten_openapi_operation_on_the_kitchen_sink() -> None:
    spec = yaml.safe_load((ROOT / "tests" / "specs" / "kitchen_sink.yaml").read_text())
    operation = flatten_openapi_operation(spec, "/v1/{project_id}/trees", "post")
    fields = operation.request_fields
    assert operation.header_params == {"X-Request-Id"}
    assert fields["root.children[]"] == "object"
    assert "root.children[].name" not in fields
    # Mutual recursion Department -> Employee -> Department stops at the second Department.
    assert fields["department.manager.department"] == "object"
    assert "department.manager.department.name" not in fields
    assert operation.request_required["root"] is True
    assert operation.response_fields == {"job_id": "string", "status": "string"}


@pytest.mark.parametrize(
    ("schema", "kind"),
    [
        ({"type": ["null", "boolean"]}, "boolean"),
        ({"type": ["integer", "number"]}, "number"),
        ({"type": ["string", "integer"]}, "any"),
        ({"enum": ["a", "b"]}, "string"),
        ({"allOf": [{"$ref": "#/components/schemas/Tag"}, {"description": "x"}]}, "object"),
        ({"anyOf": [{"type": "string"}, {"type": "integer"}]}, "any"),
        ({"additionalProperties": {"type": "integer"}}, "map"),
        ({"items": {"type": "integer"}}, "array"),
        ({}, "any"),
    ],
)
def test_schema_kind(schema: dict[str, Any], kind: str) -> None:
    assert schema_kind(SPEC, schema) == kind


# ---------------------------------------------------------------------------------------------
# Shapes and kinds
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "shape"),
    [
        ("/v3/{project_id}/elb/loadbalancers/{loadbalancer_id}", "/v3/{}/elb/loadbalancers/{}"),
        ("/v3/{project_id}/elb/loadbalancers/", "/v3/{}/elb/loadbalancers"),
        ("/v3/{project_id}/elb/loadbalancers?limit=10", "/v3/{}/elb/loadbalancers"),
        ("/v2.0//{project_id}/Tags/{key}", "/v2.0/{}/Tags/{}"),
        ("/", "/"),
    ],
)
def test_path_shape(path: str, shape: str) -> None:
    assert path_shape(path) == shape


@pytest.mark.parametrize(
    ("ours", "sdk", "expected"),
    [
        ("string", "string", True),
        ("integer", "integer", True),
        ("integer", "number", True),
        ("number", "integer", False),
        ("string", "integer", False),
        ("boolean", "string", False),
        ("array", "object", False),
        ("object", "map", True),
        ("map", "object", True),
        ("any", "object", True),
        ("object", "any", True),
        ("string", "any", True),
        ("any", "string", False),
        ("array", "array", True),
    ],
)
def test_compatible(ours: str, sdk: str, expected: bool) -> None:
    assert compatible(ours, sdk) is expected


# ---------------------------------------------------------------------------------------------
# Comparing operations
# ---------------------------------------------------------------------------------------------


def _ours(**overrides: Any) -> OurOperation:
    fields: dict[str, Any] = {
        "operation_id": "Op",
        "method": "GET",
        "path": "/v3/{project_id}/things",
        "path_params": frozenset({"project_id"}),
        "query_params": frozenset(),
        "header_params": frozenset(),
        "required_params": frozenset({"project_id"}),
        "has_body": False,
        "body_required": False,
        "param_kinds": {"project_id": "string"},
        "request_fields": {},
        "request_required": {},
    }
    return OurOperation(**(fields | overrides))


def _sdk(**overrides: Any) -> SdkOperation:
    fields: dict[str, Any] = {
        "name": "list_things",
        "version": "v3",
        "method": "GET",
        "path": "/v3/{project_id}/things",
        "request_type": "ListThingsRequest",
        "response_type": "ListThingsResponse",
        "path_params": frozenset({"project_id"}),
        "query_params": frozenset(),
        "header_params": frozenset(),
        "form_params": frozenset(),
        "required_params": frozenset({"project_id"}),
        "has_body": False,
        "param_kinds": {},
        "request_fields": {},
    }
    return SdkOperation(**(fields | overrides))


def test_compare_parameters_by_name_and_kind() -> None:
    ours = _ours(
        query_params=frozenset({"limit", "ip_version", "tenant_id"}),
        param_kinds={"limit": "integer", "ip_version": "string", "tenant_id": "string"},
    )
    sdk = _sdk(
        query_params=frozenset({"limit", "ip_version"}),
        param_kinds={"limit": "integer", "ip_version": "array"},
    )
    assert compare_operations(ours, sdk) == [
        Mismatch("query", "ip_version", "kind", "string, the SDK says array"),
        Mismatch("query", "tenant_id", "missing"),
    ]
    # `project_id` is filled by the SDK itself: it has no SDK kind, so no kind is compared.
    assert str(compare_operations(ours, sdk)[0]) == (
        "query parameter 'ip_version' is string, the SDK says array"
    )


def test_compare_bodies_by_path_kind_and_required_flag() -> None:
    ours = _ours(
        method="POST",
        has_body=True,
        request_fields={"thing": "object", "thing.name": "string", "thing.size": "integer"},
        request_required={"thing": True, "thing.name": True, "thing.size": False},
        response_fields={"thing": "object", "thing.links": "array", "thing.size": "string"},
    )
    sdk = _sdk(
        method="POST",
        has_body=True,
        request_fields={"thing": "object", "thing.name": "string", "thing.size": "number"},
        request_required=frozenset({"thing", "thing.size"}),
        response_fields={"thing": "object", "thing.size": "integer"},
    )
    assert [str(m) for m in compare_operations(ours, sdk)] == [
        "request field 'thing.name' is required here, not in the SDK",
        "request field 'thing.size' is optional here, not in the SDK",
        "response field 'thing.links' is not in the SDK",
        "response field 'thing.size' is string, the SDK says integer",
    ]
