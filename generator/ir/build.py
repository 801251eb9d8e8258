"""Validated spec → intermediate model: decide every Python name, method and annotation.

The document comes from `generator.spec.load` (or the spec stage), already checked. Also
decides the classes of the models module: the spec's schemas under their final class names,
their request twins, and one parameters model per operation, so that the spec's constraints are
enforced by pydantic for parameters and bodies alike. Their schemas are written by
`generator.ir.model_schemas`, their Python by `generator.ir.models`.
"""

from __future__ import annotations

import copy
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from generator import __version__
from generator.casing import pascal_case, snake_case
from generator.diagnostics import Findings, Location, error
from generator.ir.error_codes import documented_codes
from generator.ir.examples import readme_example
from generator.ir.layout import resource_group, split_models
from generator.ir.model_schemas import field_names, model_schemas, wire_safe
from generator.ir.models import ModelsBuilder
from generator.ir.names import ClassName, PythonIdentifier, unique
from generator.ir.pagination import plan_pagination
from generator.ir.roles import closure, is_enumeration, spec_roles
from generator.ir.types import (
    Argument,
    ArgumentLocation,
    Operation,
    Paging,
    Region,
    ResponseModel,
    Service,
)
from generator.openapi import OPERATION_METHODS, ref_name, resolve

Schema = dict[str, Any]
# Headers carried by the auth objects, never method arguments.
_AUTH_HEADERS = frozenset({"x-auth-token", "authorization", "x-security-token", "x-sdk-date"})
# Attributes of the generated clients' base classes that an operation must not shadow.
RESERVED_METHODS = frozenset(
    {
        "close",
        "from_env",
        "with_raw_response",
        "base_url",
        "project_id",
        "timeout",
        "auth",
        "retry_policy",
        "clock",
        # The endpoint module's own constants (an operation's constant is its name upper-cased).
        "service",
        "model_names",
    }
)


class IRBuilder:
    """Builds the `Service` for one spec."""

    def __init__(self, document: Schema, source: str, sha256: str, package: str | None) -> None:
        self.document = document
        self.source = source
        self.sha256 = sha256
        self.findings = Findings()
        self.schemas: dict[str, Schema] = document.get("components", {}).get("schemas", {}) or {}
        info = document.get("info", {})
        self.service_name = snake_case(str(info.get("x-huawei-service") or "")) or snake_case(
            package.removesuffix("_client") if package else "api"
        )
        self.package = package or f"{self.service_name}_client"
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", self.package):
            raise error(
                source, Location(section="package"), f"'{self.package}' is not a valid package name"
            )
        self.class_names = self._class_names()
        self.taken_classes = set(self.class_names.values())
        self.extra_models: dict[str, Schema] = {}
        # The extra models that responses parse into (the others are sent).
        self.response_models: set[str] = set()
        self.params_models: set[str] = set()
        self.sent, self.received = spec_roles(document)
        self.request_twins = self._request_twins()

    def _request_twins(self) -> dict[str, str]:
        """The class that requests use for each schema that responses use too."""
        twins: dict[str, str] = {}
        for name in sorted(self.sent & self.received):
            if is_enumeration(self.schemas[name]):
                continue
            twins[name] = self._new_class_name(f"{self.class_names[name]}Param")
            self._warn(
                f"components/schemas/{name}",
                f"schema '{name}' is both sent and received: responses read it as "
                f"{self.class_names[name]}, requests send it as {twins[name]}",
                "request-twin",
            )
        return twins

    def request_class(self, name: str) -> str:
        """The class a request uses for the schema `name` (its twin, if responses use it too)."""
        return self.request_twins.get(name) or self.class_names[name]

    def _warn(self, section: str, message: str, kind: str) -> None:
        self.findings.warn(self.source, Location(section=section), message, kind)

    # -- names ------------------------------------------------------------------------------
    def _class_names(self) -> dict[str, str]:
        names: dict[str, str] = {}
        taken: set[str] = set()
        for schema_name in sorted(self.schemas):
            wanted = ClassName.from_wire(schema_name).value
            chosen = unique(wanted, taken, [], separator="")
            if chosen != schema_name:
                self._warn(
                    f"components/schemas/{schema_name}",
                    f"schema '{schema_name}' becomes class {chosen}",
                    "renamed",
                )
            names[schema_name] = chosen
            taken.add(chosen)
        return names

    def _new_class_name(self, wanted: str) -> str:
        """A class name for a model the spec does not name (taken from then on)."""
        name = unique(ClassName.from_wire(wanted).value, self.taken_classes, [], separator="")
        self.taken_classes.add(name)
        return name

    # -- schemas → annotations ---------------------------------------------------------------
    def _resolve(self, schema: Schema) -> Schema:
        if "$ref" in schema:
            self._schema_name(schema["$ref"])
        resolved: Schema = resolve(schema, self.schemas)
        return resolved

    def _schema_name(self, ref: str) -> str:
        """The name of the schema a `$ref` points at (an error if it points nowhere)."""
        name = ref_name(ref)
        if name is None or name not in self.schemas:
            raise error(self.source, Location(section=ref), f"$ref '{ref}' points at no schema")
        return name

    def _class_for(self, ref: str, *, sent: bool) -> str:
        """The class name of the schema a `$ref` points at (an error if it points nowhere)."""
        name = self._schema_name(ref)
        return self.request_class(name) if sent else self.class_names[name]

    # -- operations -------------------------------------------------------------------------
    def build(self) -> Service:
        operations: list[Operation] = []
        method_names: set[str] = set(RESERVED_METHODS)
        for path, item in self.document.get("paths", {}).items():
            for method in OPERATION_METHODS:
                if method in item:
                    operations.append(self._operation(path, method, item, method_names))
        info = self.document.get("info", {})
        regions = tuple(
            Region(
                str(s.get("x-huawei-region") or s.get("description") or s["url"]),
                str(s["url"]).rstrip("/"),
                str(s.get("x-huawei-cloud") or "Huawei Cloud"),
            )
            for s in self.document.get("servers", [])
            if s.get("x-huawei-region") and "{" not in s["url"]
        )
        client_class = f"{pascal_case(self.service_name)}Client"
        model_names = tuple(
            sorted({*self.class_names.values(), *self.request_twins.values(), *self.extra_models})
        )
        service = Service(
            name=self.service_name,
            package=self.package,
            title=str(info.get("title", self.service_name)),
            description=str(info.get("description", "")),
            version=str(info.get("version", "")),
            client_class=client_class,
            async_client_class=f"Async{client_class}",
            regions=regions,
            operations=tuple(operations),
            model_names=model_names,
            schema_classes=tuple(sorted(self.class_names.items())),
            request_twins=tuple(sorted(self.request_twins.items())),
            header=(
                f"# Generated by huawei-page-generator {__version__} from {Path(self.source).name} "
                f"(sha256 {self.sha256}). Do not edit: regenerate with `make generate`."
            ),
            readme_example="",
            error_codes=documented_codes(self.document, self.source),
        )
        request_classes = {name: self.request_class(name) for name in self.class_names}
        example = readme_example(service, self.document, request_classes)
        return replace(service, readme_example=example)

    def _operation(self, path: str, method: str, item: Schema, method_names: set[str]) -> Operation:
        operation: Schema = item[method]
        operation_id = str(operation.get("operationId") or f"{method}_{path}")
        where = f"{method.upper()} {path}"
        wanted = PythonIdentifier.from_wire(operation_id, "call").value
        method_name = unique(wanted, method_names, [f"{wanted}_operation"])
        if method_name != snake_case(operation_id):
            self._warn(
                where, f"operation '{operation_id}' becomes method {method_name}()", "renamed"
            )
        method_names.add(method_name)
        class_base = pascal_case(operation_id) or "Operation"
        taken: set[str] = set()
        arguments: list[Argument] = []
        for parameter in self._parameters(item, operation):
            arguments.append(self._parameter_argument(parameter, taken, where))
        body_model, body_kind, body_arguments = self._body(operation, class_base, taken, where)
        arguments.extend(body_arguments)
        params_model = self._params_model(
            class_base, [a for a in arguments if a.location != "body"], item, operation
        )
        responses = self._responses(operation, class_base)
        models = [f"_models.{r.model}" for r in responses if r.model and 200 <= r.status < 300]
        unique_models = list(dict.fromkeys(models))
        has_empty = any(r.model is None for r in responses if 200 <= r.status < 300)
        paging = self._paging(method, operation, class_base, arguments, responses, where)
        returned = " | ".join(unique_models) if unique_models else "None"
        if paging is not None:
            returned = f"_models.{paging.page_model}"
        elif unique_models and has_empty:
            returned += " | None"
        return Operation(
            operation_id=operation_id,
            method_name=method_name,
            constant=method_name.upper(),
            http_method=method.upper(),
            path=path,
            arguments=tuple(sorted(arguments, key=_argument_order)),
            params_model=params_model,
            body_model=body_model,
            body_kind=body_kind,
            body_required=bool(operation.get("requestBody", {}).get("required")),
            responses=responses,
            return_annotation=returned,
            docstring=_docstring(operation, arguments, returned, paging),
            paging=paging,
            group=resource_group(path),
        )

    def _paging(
        self,
        method: str,
        operation: Schema,
        class_base: str,
        arguments: list[Argument],
        responses: tuple[ResponseModel, ...],
        where: str,
    ) -> Paging | None:
        """The operation's pagination pattern, if it has one (a finding either way)."""
        success = next((r for r in responses if 200 <= r.status < 300), None)
        if method != "get" or success is None or success.model is None:
            return None
        query = {a.wire_name: a for a in arguments if a.location == "query"}
        response = self._response_object(operation["responses"][str(success.status)])
        body = response.get("content", {}).get("application/json", {}).get("schema")
        plan, why_not = plan_pagination(frozenset(query), body, self._resolve)
        if plan is None:
            if why_not is not None:
                self._warn(where, why_not, "pagination")
            return None
        self._warn(where, plan.describe(), "pagination")
        return Paging(
            kind=plan.kind,
            items=plan.items,
            parameter=plan.parameter,
            argument=query[plan.parameter].python_name,
            cursor=plan.cursor,
            response_model=success.model,
            page_model=self._new_class_name(f"{class_base}Page"),
            async_page_model=self._new_class_name(f"Async{class_base}Page"),
        )

    def _parameters(self, item: Schema, operation: Schema) -> list[Schema]:
        merged: dict[tuple[str, str], Schema] = {}
        for parameter in [*item.get("parameters", []), *operation.get("parameters", [])]:
            resolved = parameter
            if "$ref" in parameter:
                name = ref_name(parameter["$ref"], "parameters")
                resolved = self.document.get("components", {}).get("parameters", {}).get(name, {})
            if (
                resolved.get("in") == "header"
                and resolved.get("name", "").casefold() in _AUTH_HEADERS
            ):
                continue
            if resolved.get("in") == "cookie":
                self._warn(
                    resolved.get("name", ""),
                    "cookie parameters are not supported; skipped",
                    "skipped",
                )
                continue
            merged[(resolved["in"], resolved["name"])] = resolved
        order = {"path": 0, "query": 1, "header": 2}
        return sorted(merged.values(), key=lambda p: order.get(p["in"], 3))

    def _parameter_argument(self, parameter: Schema, taken: set[str], where: str) -> Argument:
        location: ArgumentLocation = parameter["in"]
        wire = parameter["name"]
        python = self._argument_name(wire, location, taken, where)
        schema = parameter.get("schema", {})
        return Argument(
            python_name=python,
            wire_name=wire,
            location=location,
            required=bool(parameter.get("required")) or location == "path",
            annotation="",  # typed once the models exist (`_typed`)
            description=str(parameter.get("description") or schema.get("description") or ""),
            is_project_id=location == "path" and wire == "project_id",
        )

    def _argument_name(self, wire: str, location: str, taken: set[str], where: str) -> str:
        wanted = PythonIdentifier.from_wire(wire).value
        name = unique(wanted, taken, [f"{location}_{wanted}"])
        if name != wanted:
            self._warn(
                where,
                f"{location} '{wire}' becomes argument {name} (collides with another argument)",
                "collision",
            )
        taken.add(name)
        return name

    def _body(
        self, operation: Schema, class_base: str, taken: set[str], where: str
    ) -> tuple[str | None, Any, list[Argument]]:
        body = operation.get("requestBody")
        if not body:
            return None, None, []
        media = body.get("content", {}).get("application/json")
        if media is None:
            self._warn(
                where,
                f"request body media types {sorted(body.get('content', {}))} are not supported; skipped",
                "skipped",
            )
            return None, None, []
        schema = media.get("schema", {})
        required_body = bool(body.get("required"))
        if "$ref" in schema:
            model = self._class_for(schema["$ref"], sent=True)
        else:
            model = self._new_class_name(f"{class_base}RequestBody")
            self.extra_models[model] = copy.deepcopy(schema)
        resolved = self._resolve(schema)
        properties = resolved.get("properties")
        if resolved.get("type", "object") != "object" or not properties or "allOf" in resolved:
            argument = Argument(
                python_name=self._argument_name("body", "body", taken, where),
                wire_name="",
                location="body",
                required=required_body,
                annotation="",
                description=str(
                    body.get("description") or resolved.get("description") or "The request body."
                ),
            )
            return model, "value", [argument]
        required = set(resolved.get("required", []))
        arguments = [
            Argument(
                python_name=self._argument_name(wire, "body", taken, where),
                wire_name=wire,
                location="body",
                required=required_body and wire in required,
                annotation="",
                description=str(field.get("description", "")),
            )
            for wire, field in properties.items()
        ]
        return model, "fields", arguments

    def _params_model(
        self, class_base: str, parameters: list[Argument], item: Schema, operation: Schema
    ) -> str | None:
        """A model of the operation's parameters, keyed by argument name, for validation."""
        if not parameters:
            return None
        schemas = {
            (p["in"], p["name"]): p.get("schema", {}) for p in self._parameters(item, operation)
        }
        name = self._new_class_name(f"{class_base}Params")
        self.params_models.add(name)
        self.extra_models[name] = {
            "type": "object",
            "properties": {
                a.python_name: wire_safe(
                    copy.deepcopy(schemas[(a.location, a.wire_name)]), self.schemas
                )
                for a in parameters
            },
            "required": [a.python_name for a in parameters if a.required or a.is_project_id],
        }
        return name

    def _responses(self, operation: Schema, class_base: str) -> tuple[ResponseModel, ...]:
        responses: list[ResponseModel] = []
        for code, response in operation.get("responses", {}).items():
            if not str(code).isdigit():
                continue
            status = int(code)
            response = self._response_object(response)
            media = response.get("content", {}).get("application/json")
            model: str | None = None
            if media and media.get("schema"):
                schema = media["schema"]
                if "$ref" in schema:
                    model = self._class_for(schema["$ref"], sent=False)
                else:
                    model = self._new_class_name(f"{class_base}Response{status}")
                    self.extra_models[model] = copy.deepcopy(schema)
                    self.response_models.add(model)
            responses.append(ResponseModel(status, model))
        return tuple(sorted(responses, key=lambda r: r.status))

    def _response_object(self, response: Schema) -> Schema:
        """A Response Object, its `$ref` to `components/responses` followed."""
        if "$ref" not in response:
            return response
        name = ref_name(response["$ref"], "responses")
        found: Schema = self.document.get("components", {}).get("responses", {}).get(name, {})
        return found


_LOCATION_RANK = {"body": 0, "path": 1, "query": 2, "header": 3}


def _argument_order(argument: Argument) -> tuple[int, int]:
    """Required first, body fields before parameters, the client-defaulted project_id last."""
    if argument.is_project_id:
        return (2, 0)
    return (0 if argument.required else 1, _LOCATION_RANK[argument.location])


def _docstring(
    operation: Schema, arguments: list[Argument], returned: str, paging: Paging | None
) -> str:
    lines = [str(operation.get("summary") or operation.get("operationId", "")).strip()]
    description = str(operation.get("description") or "").strip()
    if description and description != lines[0]:
        lines += ["", description]
    documented = sorted(arguments, key=_argument_order)
    if documented:
        lines += ["", "Args:"]
        for argument in documented:
            text = " ".join(argument.description.split()) or "(undocumented)"
            if argument.is_project_id:
                text += " Defaults to the client's project_id."
            lines.append(f"    {argument.python_name}: {text}")
    if paging is not None:
        lines += [
            "",
            "Returns:",
            f"    The first page, a {paging.response_model}. Iterating it (`for`, or `async for`",
            "    on the async client's result) yields every item of every page, fetching each",
            "    page as the loop reaches it; `has_next_page()`, `get_next_page()` and",
            "    `iter_pages()` work page by page.",
        ]
    elif returned != "None":
        lines += ["", "Returns:", f"    {returned.replace('_models.', '')}"]
    lines += [
        "",
        "Raises:",
        "    pydantic.ValidationError: an argument breaks the spec (nothing is sent).",
        "    APIStatusError: the service answered with an error status.",
    ]
    return "\n".join(lines)


def build_ir(
    document: Schema, source: str, sha256: str, package: str | None = None
) -> tuple[Service, Schema, Findings]:
    """The intermediate model (its models modules included), the schemas the models come from
    (keyed by class name, nested ones hoisted: `model_schemas`) and the findings, for one spec.

    `document` is a validated spec (`generator.spec.load.load_spec`)."""
    builder = IRBuilder(document, source, sha256, package)
    service = builder.build()
    schemas = model_schemas(
        builder.schemas,
        class_names=builder.class_names,
        request_twins=builder.request_twins,
        sent=builder.sent,
        received=builder.received,
        extra_models=builder.extra_models,
        response_models=builder.response_models,
        findings=builder.findings,
        source=source,
    )
    names = dict(field_names(schemas, builder.params_models, builder.findings, source))
    roots = {r.model for op in service.operations for r in op.responses if r.model}
    received = closure(roots, schemas)
    tolerant = frozenset(n for n in received if not is_enumeration(schemas[n]))
    # Every class the package names: the spec's schemas (MODEL_NAMES), their request twins and
    # the models of the endpoints (parameters, bodies, responses).
    keep = frozenset(
        {*builder.class_names.values(), *builder.request_twins.values(), *builder.extra_models}
    )
    models_builder = ModelsBuilder(
        schemas, names, builder.findings, source, tolerant=tolerant, keep=keep
    )
    models = models_builder.build()
    pagings = [op.paging for op in service.operations if op.paging is not None]
    pages, spelled = models_builder.pages(pagings)
    service = replace(service, operations=_typed(service.operations, models_builder, spelled))
    models = replace(models, classes=models.classes + tuple(pages), has_pages=bool(pages))
    # The same response classes as the spec states them, for strict validation on request.
    # Their findings are the ones the models module has reported already.
    strict = ModelsBuilder(
        {n: schemas[n] for n in sorted(received)}, names, Findings(), source, keep=keep
    ).build()
    service = replace(
        service,
        model_parts=split_models(models, service.operations, MODELS_PART_DOCSTRING),
        models=replace(models, docstring=MODELS_DOCSTRING),
        strict_models=replace(strict, docstring=STRICT_MODELS_DOCSTRING),
    )
    return service, schemas, builder.findings


def _typed(
    operations: tuple[Operation, ...], models: ModelsBuilder, pagings: list[Paging]
) -> tuple[Operation, ...]:
    """Each argument typed as the field of the parameters or body model that it fills, and
    each paging with its item type, once the models exist."""
    by_page = {paging.page_model: paging for paging in pagings}
    typed: list[Operation] = []
    for op in operations:
        arguments = []
        for argument in op.arguments:
            field: str | None
            if argument.location != "body":
                owner, field = op.params_model, argument.python_name
            else:
                owner, field = (
                    op.body_model,
                    argument.wire_name if op.body_kind == "fields" else None,
                )
            assert owner is not None
            arguments.append(replace(argument, annotation=models.argument_type(owner, field)))
        paging = op.paging and by_page[op.paging.page_model]
        typed.append(replace(op, arguments=tuple(arguments), paging=paging))
    return tuple(typed)


MODELS_DOCSTRING = """The request and response models of this service (pydantic v2).

Request models enforce the spec before anything is sent; response models keep what the
service sent, whatever the spec says (see the package README, "Tolerant responses")."""
MODELS_PART_DOCSTRING = """Models of this service used by the `{part}` operations (see `models`).

Loaded when a program first uses one of them: import them from `models`, not from here."""
STRICT_MODELS_DOCSTRING = """The response models exactly as the spec states them, for strict validation.

Loaded only by a client with `strict_response_validation=True`, or when deviations are logged
at DEBUG: every constraint, required field and enumeration is enforced. Parsed responses are
always the classes of the `models` module."""
