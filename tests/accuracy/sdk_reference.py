"""Huawei's official SDK as an independent reference for a transcribed OpenAPI document.

Why: our spec is transcribed from the API reference pages; checking it against the same pages
would only test the transcriber against itself. Huawei's generated Python SDK
(`huaweicloudsdkelb`) was produced from Huawei's own API definitions, so where it and our spec
agree the transcription is very likely right, and where they disagree one of them is wrong (the
pages and the SDK do disagree now and then; a disagreement is a finding to review, not
automatically our bug).

Both sides are reduced to the flat shape of `flat.py`; this module reads the SDK side, for any
Huawei SDK package of this generator (`huaweicloudsdkelb` v2/v3, `huaweicloudsdkhss` v5, ...).

Reading the SDK. Every operation is a classmethod `_<op>_http_info` of the service client; its
source is parsed (with `ast`, nothing is sent) for the method, `resource_path`, the
`path_params` / `query_params` / `header_params` / `form_params` filled from the request's
attributes, whether a `body` is sent and the declared `response_headers`. `project_id` is never
in `path_params`: the SDK fills it from the credentials, so path parameters are the
`{placeholders}` of `resource_path` plus the ones the method fills. `Content-Type` is set by the
SDK itself, not from the request, and is not a parameter. The request and response classes are
the SDK's model classes, flattened through their `openapi_types` (attribute -> type string:
`str`, `int`, `float`, `bool`, `object`, `list[T]`, `dict(str, T)` or a model class name) and
`attribute_map` (attribute -> JSON key). A response attribute whose JSON key is one of the
method's `response_headers` is a response header, and one whose JSON key is `body` is the whole
body (that is how the SDK core deserialises them, see `Client._set_response_headers` and
`Client._extract_kwargs`). A model class with no `openapi_types` is a schema the SDK generator
could not type (a primitive alias or an enum); its kind is `any`.

Required flags. `openapi_types` carries none and the `:param` docstrings never say "required",
but the constructors do: the generator assigns a required attribute unconditionally
(`self.availability_zone_list = availability_zone_list`) and guards an optional one
(`if name is not None: self.name = name`). Evidence, checked on `huaweicloudsdkelb` 3.1.219:

- every constructor of the 681 v2 and v3 model classes sets the private `self._x = None`
  slots and then assigns each attribute of `openapi_types` in exactly one of these two forms;
- in request classes the unconditional attributes are exactly the path parameters (129 of
  them, e.g. `loadbalancer_id`, `l7policy_id`); no query parameter and no `body` is ever
  unconditional, and no response class has an unconditional attribute;
- against the "Mandatory" column of the 42 tables in `spec/elb/pages` that are named after an
  SDK model (`CreateLoadBalancerOption`, `BandwidthRef`, ...), 244 of 257 rows agree, e.g.
  `availability_zone_list` (Yes) is unconditional while `name` and `vpc_id` (No) are guarded.
  The 13 others are all "Yes" on the page and optional in the SDK (`protocol_port` of a
  listener or member, `CreateLoadBalancerOption.elb_virsubnet_ids`, the slow-start options);
  the SDK never requires a field the page calls optional.

So `sdk_required` reads the constructor's top-level statements, and `SdkOperation` carries the
required body paths (`request_required`, `response_required`) and required parameters
(`required_params`; path parameters are always required). The flag is only as good as
Huawei's own definitions, which are looser than the pages in the 13 cases above. In
`huaweicloudsdkhss` 3.1.219 (v5) the constructors follow the same two forms, but query
parameters can be unconditional too (`start_time`, `limit`... of
`ListHostRaspProtectHistoryInfoRequest`), and the SDK does require some body fields its pages
call optional (`SwitchHostsProtectStatusRequestInfo.version`): see
`tests/accuracy/differences/hss.yaml`.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import inspect
import re
import textwrap
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from tests.accuracy.flat import FlatBody, join_path

Resolver = Callable[[str], type | None]
"""Maps an SDK type name (`LoadBalancer`) to its model class, or None when there is none."""

# The SDK core's own grammar for container types (huaweicloudsdkcore.client.Client._deserialize).
_SDK_LIST = re.compile(r"list\[(.*)\]")
_SDK_DICT = re.compile(r"dict\(([^,]*),\s*(.*)\)")
# The SDK core's NATIVE_TYPES_MAPPING (primitive_types.py) plus its other scalar names.
_SDK_SCALARS = {
    "str": "string",
    "date": "string",
    "datetime": "string",
    "bytes": "string",
    "int": "integer",
    "long": "integer",
    "float": "number",
    "decimal.Decimal": "number",
    "bool": "boolean",
    "object": "object",
    # A multipart form file (huaweicloudsdkcore FormFile.TYPE): not JSON, so no JSON kind.
    "file": "any",
}

_HTTP_INFO = re.compile(r"_(?P<op>\w+)_http_info")
PLACEHOLDER = re.compile(r"\{([^{}/]*)\}")


@dataclass(frozen=True)
class SdkOperation:
    """One operation as Huawei's SDK client sends it."""

    name: str
    """Snake-case operation name, the client method (`create_load_balancer`)."""
    version: str
    method: str
    path: str
    """`resource_path` as written in the client."""
    request_type: str
    response_type: str
    path_params: frozenset[str]
    query_params: frozenset[str]
    header_params: frozenset[str]
    form_params: frozenset[str]
    required_params: frozenset[str]
    """Wire names of the required parameters: every path parameter, plus any other parameter
    whose request attribute the constructor assigns unconditionally."""
    has_body: bool
    param_kinds: dict[str, str] = field(hash=False)
    """Wire name -> kind, for parameters backed by a request attribute (not `project_id`)."""
    request_fields: dict[str, str] = field(hash=False)
    request_required: frozenset[str] = frozenset()
    response_fields: dict[str, str] = field(default_factory=dict, hash=False)
    response_required: frozenset[str] = frozenset()
    response_headers: frozenset[str] = frozenset()


# ---------------------------------------------------------------------------------------------
# The SDK side: models
# ---------------------------------------------------------------------------------------------


@cache
def _required_attributes(model: type) -> frozenset[str]:
    """Attribute names the constructor assigns unconditionally (see the module docstring)."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(model)))
    klass = next(node for node in tree.body if isinstance(node, ast.ClassDef))
    for node in klass.body:
        if isinstance(node, ast.FunctionDef) and node.name == "__init__":
            return frozenset(_unconditional_self_assignments(node.body))
    return frozenset()


def _unconditional_self_assignments(body: list[ast.stmt]) -> Iterable[str]:
    """`self.x = x` statements at the top level of a body (not under an `if`)."""
    for statement in body:
        if not isinstance(statement, ast.Assign) or len(statement.targets) != 1:
            continue
        target, value = statement.targets[0], statement.value
        if (
            isinstance(target, ast.Attribute)
            and isinstance(target.value, ast.Name)
            and target.value.id == "self"
            and isinstance(value, ast.Name)
            and value.id == target.attr
        ):
            yield target.attr


def sdk_required(model: type) -> frozenset[str]:
    """JSON keys of the attributes an SDK model requires: the ones its constructor assigns
    unconditionally, because that is the only place the generator records the flag."""
    attribute_map: Mapping[str, str] = getattr(model, "attribute_map", {})
    return frozenset(
        attribute_map[name] for name in _required_attributes(model) if name in attribute_map
    )


def sdk_kind(type_name: str, resolve: Resolver) -> str:
    """The kind of an SDK type string."""
    if _SDK_LIST.fullmatch(type_name):
        return "array"
    if _SDK_DICT.fullmatch(type_name):
        return "map"
    if type_name in _SDK_SCALARS:
        return _SDK_SCALARS[type_name]
    model = resolve(type_name)
    if model is None:
        raise LookupError(f"SDK type {type_name!r} is neither a known scalar nor a model class")
    return "object" if getattr(model, "openapi_types", None) else "any"


def flatten_sdk_type(type_name: str, resolve: Resolver, prefix: str = "") -> FlatBody:
    """Flatten an SDK type into field paths under `prefix` (the root itself has no entry).

    A model already being expanded higher up the same path is recorded but not expanded again,
    so recursive models end.
    """
    flat = FlatBody()
    _walk_sdk(type_name, prefix, resolve, flat, ())
    return flat


def _walk_sdk(
    type_name: str, path: str, resolve: Resolver, flat: FlatBody, on_path: tuple[type, ...]
) -> None:
    if path:
        flat.fields[path] = sdk_kind(type_name, resolve)
    if match := _SDK_LIST.fullmatch(type_name):
        _walk_sdk(match[1], path + "[]", resolve, flat, on_path)
        return
    if match := _SDK_DICT.fullmatch(type_name):
        _walk_sdk(match[2], path + "{}", resolve, flat, on_path)
        return
    if type_name in _SDK_SCALARS:
        return
    model = resolve(type_name)
    if model is None or model in on_path:
        return
    _walk_sdk_model(model, path, resolve, flat, (*on_path, model))


def _walk_sdk_model(
    model: type, path: str, resolve: Resolver, flat: FlatBody, on_path: tuple[type, ...]
) -> None:
    openapi_types: Mapping[str, str] = getattr(model, "openapi_types", {})
    attribute_map: Mapping[str, str] = getattr(model, "attribute_map", {})
    required = sdk_required(model)
    for attribute, type_name in openapi_types.items():
        key = attribute_map.get(attribute)
        if key is None:
            continue
        child = join_path(path, key)
        if key in required:
            flat.required.add(child)
        _walk_sdk(type_name, child, resolve, flat, on_path)


def module_resolver(module: Any) -> Resolver:
    """Resolve SDK type names in a version package (`huaweicloudsdkelb.v3`), where the client
    looks them up too (`Client.model_package`)."""

    def resolve(name: str) -> type | None:
        candidate = getattr(module, name, None)
        if inspect.isclass(candidate) and hasattr(candidate, "openapi_types"):
            return candidate
        return None

    return resolve


# ---------------------------------------------------------------------------------------------
# The SDK side: the client
# ---------------------------------------------------------------------------------------------


@dataclass
class _HttpInfo:
    """What one `_<op>_http_info` method's source says."""

    name: str
    method: str = ""
    resource_path: str = ""
    response_type: str = ""
    path_params: dict[str, str] = field(default_factory=dict)  # wire name -> attribute
    query_params: dict[str, str] = field(default_factory=dict)
    header_params: dict[str, str] = field(default_factory=dict)
    form_params: dict[str, str] = field(default_factory=dict)
    has_body: bool = False
    response_headers: list[str] = field(default_factory=list)


def client_source(package: str, version: str) -> Path:
    """The synchronous client module of a version package: the one `*_client.py` that is not
    `*_async_client.py` (the async client mirrors it). Found by name, not imported."""
    spec = importlib.util.find_spec(f"{package}.{version}")
    if spec is None or not spec.submodule_search_locations:
        raise LookupError(f"{package}.{version} is not an installed package")
    candidates = sorted(
        path
        for folder in spec.submodule_search_locations
        for path in Path(folder).glob("*_client.py")
        if not path.name.endswith("_async_client.py")
    )
    if len(candidates) != 1:
        raise LookupError(f"{package}.{version}: expected one client module, found {candidates}")
    return candidates[0]


def parse_client(source: str) -> list[_HttpInfo]:
    """Every `_<op>_http_info` classmethod of the client classes in `source`, in file order."""
    infos: list[_HttpInfo] = []
    for klass in ast.parse(source).body:
        if not isinstance(klass, ast.ClassDef):
            continue
        for node in klass.body:
            if not isinstance(node, ast.FunctionDef):
                continue
            match = _HTTP_INFO.fullmatch(node.name)
            is_classmethod = any(
                isinstance(d, ast.Name) and d.id == "classmethod" for d in node.decorator_list
            )
            if match and is_classmethod:
                infos.append(_parse_http_info(match["op"], node))
    return infos


def _constant_str(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _local_var(node: ast.expr) -> str | None:
    """The attribute name of `local_var_params['x']`, else None."""
    if (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Name)
        and node.value.id == "local_var_params"
    ):
        return _constant_str(node.slice)
    return None


def _parse_http_info(name: str, function: ast.FunctionDef) -> _HttpInfo:
    info = _HttpInfo(name)
    targets = {
        "path_params": info.path_params,
        "header_params": info.header_params,
        "form_params": info.form_params,
    }
    for node in ast.walk(function):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name) and target.id == "http_info":
                if isinstance(node.value, ast.Dict):
                    _read_http_info_dict(info, node.value)
            elif isinstance(target, ast.Name) and target.id == "response_headers":
                if isinstance(node.value, ast.List):
                    info.response_headers = [
                        text for e in node.value.elts if (text := _constant_str(e)) is not None
                    ]
            elif (
                isinstance(target, ast.Subscript)
                and isinstance(target.value, ast.Name)
                and target.value.id in targets
            ):
                wire, attribute = _constant_str(target.slice), _local_var(node.value)
                # `header_params['Content-Type']` is computed by the SDK, not a request field.
                if wire is not None and attribute is not None:
                    targets[target.value.id][wire] = attribute
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "append"
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "query_params"
            and node.args
            and isinstance(node.args[0], ast.Tuple)
            and len(node.args[0].elts) == 2
        ):
            wire, attribute = _constant_str(node.args[0].elts[0]), _local_var(node.args[0].elts[1])
            if wire is not None and attribute is not None:
                info.query_params[wire] = attribute
        elif (
            isinstance(node, ast.Compare)
            and _constant_str(node.left) == "body"
            and len(node.ops) == 1
            and isinstance(node.ops[0], ast.In)
            and isinstance(node.comparators[0], ast.Name)
            and node.comparators[0].id == "local_var_params"
        ):
            info.has_body = True
    return info


def _read_http_info_dict(info: _HttpInfo, literal: ast.Dict) -> None:
    for key_node, value_node in zip(literal.keys, literal.values, strict=True):
        key, value = _constant_str(key_node), _constant_str(value_node)
        if value is None:
            continue  # "request_type": request.__class__.__name__
        if key == "method":
            info.method = value.upper()
        elif key == "resource_path":
            info.resource_path = value
        elif key == "response_type":
            info.response_type = value


def request_class_name(operation: str) -> str:
    """`list_load_balancers` -> `ListLoadBalancersRequest`: the client takes the request's own
    class name as `request_type`, so the name follows the method name."""
    return "".join(part[:1].upper() + part[1:] for part in operation.split("_")) + "Request"


def load_sdk_operations(package: str, versions: tuple[str, ...]) -> list[SdkOperation]:
    """Every operation of the package's synchronous clients, in client order per version."""
    operations: list[SdkOperation] = []
    for version in versions:
        module = importlib.import_module(f"{package}.{version}")
        resolve = module_resolver(module)
        for info in parse_client(client_source(package, version).read_text(encoding="utf-8")):
            operations.append(_sdk_operation(info, version, resolve))
    return operations


def _sdk_operation(info: _HttpInfo, version: str, resolve: Resolver) -> SdkOperation:
    where = f"{version} {info.name}"
    request_name = request_class_name(info.name)
    request = resolve(request_name)
    if request is None:
        raise LookupError(f"{where}: no request class {request_name}")
    response = resolve(info.response_type)
    if response is None:
        raise LookupError(f"{where}: no response class {info.response_type!r}")
    if not info.method or not info.resource_path:
        raise ValueError(f"{where}: no method or resource_path in http_info")

    request_types: Mapping[str, str] = getattr(request, "openapi_types", {})
    required_attributes = _required_attributes(request)
    params = {**info.path_params, **info.query_params, **info.header_params, **info.form_params}
    path_params = frozenset(PLACEHOLDER.findall(info.resource_path)) | frozenset(info.path_params)
    required_params = path_params | {
        wire for wire, attribute in params.items() if attribute in required_attributes
    }
    param_kinds = {
        wire: sdk_kind(request_types[attribute], resolve)
        for wire, attribute in params.items()
        if attribute in request_types
    }

    request_body = FlatBody()
    if info.has_body and "body" in request_types:
        request_body = flatten_sdk_type(request_types["body"], resolve)

    response_body = FlatBody()
    response_headers: set[str] = set()
    response_types: Mapping[str, str] = getattr(response, "openapi_types", {})
    response_keys: Mapping[str, str] = getattr(response, "attribute_map", {})
    response_required = sdk_required(response)
    for attribute, type_name in response_types.items():
        key = response_keys.get(attribute)
        if key is None:
            continue
        if key in info.response_headers:
            response_headers.add(key)
            continue
        part = flatten_sdk_type(type_name, resolve, "" if key == "body" else key)
        response_body.fields.update(part.fields)
        response_body.required |= part.required
        if key in response_required and key != "body":
            response_body.required.add(key)

    return SdkOperation(
        name=info.name,
        version=version,
        method=info.method,
        path=info.resource_path,
        request_type=request_name,
        response_type=info.response_type,
        path_params=path_params,
        query_params=frozenset(info.query_params),
        header_params=frozenset(info.header_params),
        form_params=frozenset(info.form_params),
        required_params=frozenset(required_params),
        has_body=info.has_body,
        param_kinds=param_kinds,
        request_fields=request_body.fields,
        request_required=frozenset(request_body.required),
        response_fields=response_body.fields,
        response_required=frozenset(response_body.required),
        response_headers=frozenset(response_headers),
    )
