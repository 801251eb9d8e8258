"""The transcription rules: one page model becomes one OpenAPI operation and its schemas.

Every table row ends up in the operation (as a parameter, a body or response field, or the
token scheme) or in a finding; what the page contradicts itself on is reported, not fixed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from generator.diagnostics import Diagnostic, Findings, Location, error
from generator.transcribe.description import Description, parse_description
from generator.transcribe.examples import Example, read_examples
from generator.transcribe.page import Page, Row, Table
from generator.transcribe.ranges import limit_keywords, range_keywords
from generator.transcribe.types import (
    ArrayOf,
    FreeObject,
    MapOf,
    ObjectRef,
    OneOf,
    Scalar,
    TypeExpr,
    UnknownTypeError,
    parse_type,
)
from generator.transcribe.vocabulary import HTTP_METHODS

Schema = dict[str, Any]
SCHEMA_REF = "#/components/schemas/"
TOKEN_HEADER = "x-auth-token"
# Headers the HTTP layer owns; OpenAPI ignores parameter definitions for them.
_TRANSPORT_HEADERS = frozenset({"content-type", "accept", "authorization"})
_URI_LINE = re.compile(r"^(" + "|".join(HTTP_METHODS) + r")\s+(/\S*)")
_PASCAL = re.compile(r"^[A-Z][A-Za-z0-9]*$")
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_OBJECT_CAPTION = re.compile(
    r"^(\S+)\s+(?:parameters?\s+description|field\s+description|parameters?)$", re.I
)
_TEMPLATE = re.compile(r"\{([^}]+)\}")
_GERUNDS = {
    "creating": "Create",
    "querying": "List",
    "deleting": "Delete",
    "updating": "Update",
    "modifying": "Update",
    "adding": "Add",
    "removing": "Remove",
    "obtaining": "Show",
    "viewing": "Show",
    "configuring": "Create",
    "changing": "Update",
    "binding": "Bind",
    "unbinding": "Unbind",
    "enabling": "Enable",
    "disabling": "Disable",
}
_FILLER = frozenset({"a", "an", "the", "of", "for", "to", "in", "on", "details", "specified"})


@dataclass(frozen=True)
class Transcript:
    """What one page contributes to the spec."""

    source: str
    operation_id: str
    method: str
    path: str
    operation: Schema
    schemas: dict[str, Schema]
    security_schemes: dict[str, Schema]
    findings: tuple[Diagnostic, ...]


def _table_kind(table: Table) -> str:
    """What a table documents, from its caption (and, for plain captions, its section)."""
    caption = table.caption.casefold()
    section = table.section.casefold()
    if "path parameter" in caption:
        return "path"
    if "query parameter" in caption:
        return "query"
    if "header parameter" in caption:
        return "response-header" if "response" in caption else "header"
    if "status code" in caption or section.startswith("status code"):
        return "status"
    if "error code" in caption or section.startswith("error code"):
        return "errors"
    if caption in ("request body parameters", "request parameters") or (
        caption == "parameter description" and section.startswith("request")
    ):
        return "body"
    if caption in ("response body parameters", "response parameters") or (
        caption == "parameter description" and section.startswith("response")
    ):
        return "response"
    return "object"


def _object_name(table: Table) -> str | None:
    """The name an object table is referred to by: its caption, or `X` of `X parameter description`."""
    caption = table.caption.strip()
    if _IDENTIFIER.match(caption):
        return caption
    match = _OBJECT_CAPTION.match(caption)
    return match.group(1) if match else None


def pascal_case(text: str) -> str:
    """`session_persistence` → `SessionPersistence`; keeps existing inner capitals."""
    words = re.split(r"[^A-Za-z0-9]+", text)
    return "".join(w[:1].upper() + w[1:] for w in words if w)


class PageTranscriber:
    """Applies the transcription rules to one page."""

    def __init__(self, page: Page, operation_id: str | None = None) -> None:
        self.page = page
        self.source = page.source
        self.findings = Findings()
        self.schemas: dict[str, Schema] = {}
        self.security_schemes: dict[str, Schema] = {}
        self._operation_id_hint = operation_id
        self._objects: dict[str, list[Table]] = {}
        self._used_objects: set[int] = set()
        self._building: set[str] = set()
        self._rows_by_table: dict[int, dict[str, Row]] = {}

    # -- helpers --------------------------------------------------------------------------
    def _warn(self, location: Location, message: str, kind: str) -> None:
        self.findings.warn(self.source, location, message, kind)

    def _at(self, table: Table, row: Row | None = None) -> Location:
        if table.number is None:
            return Location(
                section=table.caption if row is None else f"{table.caption}, row {row.number}"
            )
        return Location(table=table.number, row=row.number if row else None)

    def _column(self, table: Table, row: Row, *names: str) -> str | None:
        for index, title in enumerate(table.header):
            if title.casefold() in names and index < len(row.cells):
                return row.cells[index].text
        return None

    def _description_cell(self, table: Table, row: Row) -> tuple[str, ...]:
        for index, title in enumerate(table.header):
            if title.casefold() == "description" and index < len(row.cells):
                return row.cells[index].lines
        return ()

    # -- the page --------------------------------------------------------------------------
    def transcribe(self) -> Transcript:
        method, path, uri_query = self._uri()
        operation_id = self._operation_id()
        for table in self.page.tables:
            if _table_kind(table) == "object":
                name = _object_name(table)
                if name is None:
                    self._warn(
                        self._at(table),
                        f"table '{table.caption}' is not a parameter table and names no object; skipped",
                        "skipped-table",
                    )
                    continue
                self._objects.setdefault(name, []).append(table)
        operation: Schema = {
            "operationId": operation_id,
            "summary": self.page.title or operation_id,
        }
        description = self._operation_description()
        if description:
            operation["description"] = description
        parameters = self._parameters(path, uri_query)
        if parameters:
            operation["parameters"] = parameters
        body = self._request_body(operation_id)
        if body:
            operation["requestBody"] = body
        operation["responses"] = self._responses(operation_id)
        self._check_examples(method, path, operation)
        for name, tables in sorted(self._objects.items()):
            for table in tables:
                if id(table) not in self._used_objects:
                    self._warn(
                        self._at(table),
                        f"object table '{name}' is referred to by no row; kept as schema '{name}'",
                        "unused-table",
                    )
                    self._object_schema(name, table)
        return Transcript(
            source=self.source,
            operation_id=operation_id,
            method=method.lower(),
            path=path,
            operation=operation,
            schemas=self.schemas,
            security_schemes=self.security_schemes,
            findings=self.findings.as_tuple(),
        )

    def _uri(self) -> tuple[str, str, list[str]]:
        section = self.page.section("URI")
        paragraphs = section.paragraphs if section else ()
        for paragraph in paragraphs:
            match = _URI_LINE.match(paragraph.text)
            if match:
                method, target = match.group(1), match.group(2)
                parts = urlsplit(target)
                query = [name for name, _ in parse_qsl(parts.query, keep_blank_values=True)]
                if not query and "?" in target:
                    query = [p.split("=")[0] for p in target.split("?", 1)[1].split("&") if p]
                return method, parts.path or target.split("?", 1)[0], query
        raise error(
            self.source,
            Location(section="URI"),
            "no 'METHOD /path' line: the page documents no operation",
        )

    def _operation_id(self) -> str:
        hint = self._operation_id_hint
        if hint and _PASCAL.match(hint):
            return hint
        words = [w for w in re.split(r"[^A-Za-z0-9]+", self.page.title) if w]
        if not words:
            raise error(
                self.source,
                Location(section="title"),
                "no title and no operation name in the file name",
            )
        verb = _GERUNDS.get(words[0].casefold())
        rest = [w for w in words[1:] if w.casefold() not in _FILLER]
        derived = (verb or pascal_case(words[0])) + "".join(w[:1].upper() + w[1:] for w in rest)
        self._warn(
            Location(section="title"),
            f"operationId '{derived}' derived from the title",
            "derived-name",
        )
        return derived

    def _operation_description(self) -> str:
        parts: list[str] = []
        for heading in ("Function", "Constraints"):
            section = self.page.section(heading)
            if section is None or not section.paragraphs:
                continue
            text = "\n".join(p.text for p in section.paragraphs)
            parts.append(text if heading == "Function" else f"Constraints:\n{text}")
        return "\n\n".join(parts)

    # -- rows → schemas --------------------------------------------------------------------
    def _row_type(self, table: Table, row: Row) -> TypeExpr:
        text = self._column(table, row, "type", "parameter type")
        if text is None:
            raise error(self.source, self._at(table, row), "the table has no Type column")
        try:
            return parse_type(text)
        except UnknownTypeError as err:
            name = self._column(table, row, "parameter", "parameter name", "name")
            raise error(
                self.source,
                self._at(table, row),
                f"unknown type '{text}' for '{name}'",
                "unknown-type",
            ) from err

    def _field(self, table: Table, row: Row) -> tuple[str, bool, Schema]:
        """A table row as (name, required, schema with description and constraints)."""
        name = self._column(table, row, "parameter", "parameter name", "name") or ""
        if not name:
            raise error(self.source, self._at(table, row), "row has no parameter name")
        mandatory = (self._column(table, row, "mandatory", "required") or "").casefold()
        type_expr = self._row_type(table, row)
        description = parse_description(self._description_cell(table, row))
        schema: Schema = {"description": description.definition} if description.definition else {}
        schema.update(self._type_schema(type_expr, table, row, name))
        self._apply_description(schema, description, type_expr, table, row, name)
        return name, mandatory in ("yes", "true"), schema

    def _type_schema(self, type_expr: TypeExpr, table: Table, row: Row, name: str) -> Schema:
        if isinstance(type_expr, Scalar):
            schema: Schema = {"type": type_expr.json_type}
            if type_expr.format:
                schema["format"] = type_expr.format
            return schema
        if isinstance(type_expr, ObjectRef):
            return self._reference(type_expr.name, table, row)
        if isinstance(type_expr, FreeObject):
            named = self._find_object(name, table)
            return self._reference(name, table, row, named) if named else {"type": "object"}
        if isinstance(type_expr, ArrayOf):
            if type_expr.items is None or isinstance(type_expr.items, FreeObject):
                named = self._find_object(name, table)
                if named:
                    return {"type": "array", "items": self._reference(name, table, row, named)}
                if type_expr.items is None:
                    self._warn(
                        self._at(table, row),
                        f"'{name}' is an Array whose item type the page does not state",
                        "untyped-array",
                    )
                    return {"type": "array"}
                return {"type": "array", "items": {"type": "object"}}
            return {"type": "array", "items": self._type_schema(type_expr.items, table, row, name)}
        if isinstance(type_expr, MapOf):
            return {
                "type": "object",
                "additionalProperties": self._type_schema(type_expr.values, table, row, name),
            }
        assert isinstance(type_expr, OneOf)
        return {
            "oneOf": [self._type_schema(option, table, row, name) for option in type_expr.options]
        }

    def _find_object(self, name: str, referrer: Table) -> Table | None:
        tables = self._objects.get(name)
        if not tables:
            return None
        same_side = [t for t in tables if t.section == referrer.section and t is not referrer]
        return (same_side or [t for t in tables if t is not referrer] or tables)[0]

    def _reference(self, name: str, table: Table, row: Row, target: Table | None = None) -> Schema:
        target = target or self._find_object(name, table)
        if target is None:
            raise error(
                self.source,
                self._at(table, row),
                f"refers to object table '{name}', which the page lacks",
                "missing-table",
            )
        schema_name = name if _PASCAL.match(name) else pascal_case(name)
        self._object_schema(schema_name, target)
        return {"$ref": SCHEMA_REF + schema_name}

    def _object_schema(self, schema_name: str, table: Table) -> None:
        self._used_objects.add(id(table))
        if schema_name in self.schemas or schema_name in self._building:
            return
        self._building.add(schema_name)
        self.schemas[schema_name] = self._object_from_rows(table)
        self._building.discard(schema_name)

    def _object_from_rows(self, table: Table) -> Schema:
        properties: dict[str, Schema] = {}
        required: list[str] = []
        for row in table.rows:
            name, is_required, schema = self._field(table, row)
            if name in properties:
                self._warn(
                    self._at(table, row),
                    f"'{name}' is listed twice; the first row is kept",
                    "duplicate-row",
                )
                continue
            properties[name] = schema
            if is_required:
                required.append(name)
        schema_out: Schema = {"type": "object", "properties": properties}
        if required:
            schema_out["required"] = required
        return schema_out

    def _apply_description(
        self,
        schema: Schema,
        description: Description,
        type_expr: TypeExpr,
        table: Table,
        row: Row,
        name: str,
    ) -> None:
        # Siblings of $ref are allowed in OpenAPI 3.1, so a reference keeps its row's facts.
        target = schema
        if description.constraints:
            target["x-huawei-constraints"] = description.constraints
        if description.range:
            keywords = range_keywords(description.range, type_expr)
            if keywords is None:
                target["x-huawei-range"] = description.range
                self._warn(
                    self._at(table, row),
                    f"range '{description.range}' on '{name}' ({_type_text(type_expr)}) cannot become a constraint; kept as x-huawei-range",
                    "unconverted-range",
                )
            else:
                _merge(target, keywords)
        if description.minimum is not None or description.maximum is not None:
            keywords = limit_keywords(description.minimum, description.maximum, type_expr)
            if keywords is None:
                target["x-huawei-range"] = (
                    f"Minimum: {description.minimum}, Maximum: {description.maximum}"
                )
                self._warn(
                    self._at(table, row),
                    f"Minimum/Maximum on '{name}' cannot become a constraint; kept as x-huawei-range",
                    "unconverted-range",
                )
            else:
                _merge(target, keywords)
        if description.enumeration:
            self._apply_enumeration(target, description.enumeration, type_expr, table, row, name)
        if description.default is not None:
            self._apply_default(target, description.default, type_expr, table, row, name)

    def _apply_enumeration(
        self,
        schema: Schema,
        values: tuple[str, ...],
        type_expr: TypeExpr,
        table: Table,
        row: Row,
        name: str,
    ) -> None:
        converted = [_scalar_value(v, type_expr) for v in values]
        if any(v is None for v in converted):
            schema["x-huawei-enumeration"] = list(values)
            self._warn(
                self._at(table, row),
                f"enumeration of '{name}' does not fit its type; kept as x-huawei-enumeration",
                "unconverted-enum",
            )
            return
        target = schema["items"] if isinstance(type_expr, ArrayOf) and "items" in schema else schema
        target["enum"] = list(dict.fromkeys(converted))

    def _apply_default(
        self, schema: Schema, text: str, type_expr: TypeExpr, table: Table, row: Row, name: str
    ) -> None:
        value = _scalar_value(text.strip().strip('"').rstrip("."), type_expr)
        if value is None:
            schema["x-huawei-default"] = text
            self._warn(
                self._at(table, row),
                f"default '{text}' of '{name}' does not fit its type; kept as x-huawei-default",
                "unconverted-default",
            )
        else:
            schema["default"] = value

    # -- parameters, body, responses --------------------------------------------------------
    def _tables(self, kind: str) -> list[Table]:
        return [t for t in self.page.tables if _table_kind(t) == kind]

    def _parameters(self, path: str, uri_query: list[str]) -> list[Schema]:
        parameters: list[Schema] = []
        seen: set[tuple[str, str]] = set()
        for location in ("path", "query", "header"):
            for table in self._tables(location):
                for row in table.rows:
                    name, required, schema = self._field(table, row)
                    if location == "header" and name.casefold() == TOKEN_HEADER:
                        self._token_scheme(parse_description(self._description_cell(table, row)))
                        continue
                    if location == "header" and name.casefold() in _TRANSPORT_HEADERS:
                        self._warn(
                            self._at(table, row),
                            f"header '{name}' is set by the HTTP layer, not a parameter",
                            "transport-header",
                        )
                        continue
                    if (location, name) in seen:
                        self._warn(
                            self._at(table, row),
                            f"{location} parameter '{name}' is listed twice; the first row is kept",
                            "duplicate-row",
                        )
                        continue
                    seen.add((location, name))
                    parameters.append(self._parameter(name, location, required, schema))
        templated = _TEMPLATE.findall(path)
        for name in templated:
            if ("path", name) not in seen:
                self._warn(
                    Location(section="URI"),
                    f"path parameter '{name}' is in no table; added as a required string",
                    "missing-row",
                )
                parameters.append(
                    {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
                )
                seen.add(("path", name))
        for parameter in parameters:
            if parameter["in"] == "path" and parameter["name"] not in templated:
                self._warn(
                    Location(section="URI"),
                    f"path parameter '{parameter['name']}' does not occur in the URI",
                    "stray-row",
                )
        for name in uri_query:
            if ("query", name) not in seen:
                self._warn(
                    Location(section="URI"),
                    f"query parameter '{name}' in the URI is in no table; added as an optional string",
                    "missing-row",
                )
                parameters.append(
                    {"name": name, "in": "query", "required": False, "schema": {"type": "string"}}
                )
                seen.add(("query", name))
        return [p for p in parameters if p["in"] != "path" or p["name"] in templated]

    @staticmethod
    def _parameter(name: str, location: str, required: bool, schema: Schema) -> Schema:
        parameter: Schema = {"name": name, "in": location}
        description = schema.pop("description", None)
        if description:
            parameter["description"] = description
        parameter["required"] = True if location == "path" else required
        parameter["schema"] = schema
        return parameter

    def _token_scheme(self, description: Description) -> None:
        """The X-Auth-Token row describes the token security scheme, not a method argument."""
        scheme: Schema = {"type": "apiKey", "in": "header", "name": "X-Auth-Token"}
        text = description.definition
        if description.range:
            text = f"{text} Range: {description.range}".strip()
        if text:
            scheme["description"] = text
        if description.range:
            scheme["x-huawei-range"] = description.range
        self.security_schemes["token"] = scheme

    def _request_body(self, operation_id: str) -> Schema | None:
        tables = self._tables("body")
        if not tables:
            return None
        name = f"{operation_id}RequestBody"
        merged = _merge_object_tables([self._object_from_rows(t) for t in tables])
        self.schemas[name] = merged
        return {
            "required": bool(merged.get("required")),
            "content": {"application/json": {"schema": {"$ref": SCHEMA_REF + name}}},
        }

    def _responses(self, operation_id: str) -> Schema:
        statuses: dict[str, str] = {}
        for table in self._tables("status"):
            for row in table.rows:
                code = row.cells[0].text if row.cells else ""
                if re.fullmatch(r"\d{3}", code):
                    statuses.setdefault(
                        code, " ".join(c.text for c in row.cells[1:2]) or f"Status {code}"
                    )
        response_section = self._response_section_statuses()
        for code, text in response_section.items():
            statuses.setdefault(code, text)
            if text and not statuses[code]:
                statuses[code] = text
        body_tables = self._tables("response")
        header_tables = self._tables("response-header")
        success = sorted(c for c in statuses if c.startswith("2"))
        for table in body_tables + header_tables:
            code = table.status or (success[0] if success else "200")
            statuses.setdefault(code, f"Status {code}")
        responses: Schema = {}
        for code in sorted(statuses):
            response: Schema = {"description": statuses[code] or f"Status {code}"}
            headers = self._response_headers(
                [
                    t
                    for t in header_tables
                    if (t.status or (success[0] if success else "200")) == code
                ]
            )
            if headers:
                response["headers"] = headers
            tables = [
                t for t in body_tables if (t.status or (success[0] if success else "200")) == code
            ]
            if tables:
                suffix = "" if code == (success[0] if success else None) else code
                name = f"{operation_id}Response{suffix}"
                self.schemas[name] = _merge_object_tables(
                    [self._object_from_rows(t) for t in tables]
                )
                response["content"] = {"application/json": {"schema": {"$ref": SCHEMA_REF + name}}}
            responses[code] = response
        if not responses:
            # Every complete page ends with its responses and status codes: without them the
            # page was cut short, and an operation without responses would be a guess.
            raise error(
                self.source,
                Location(section="Status Codes"),
                "the page documents no response or status code (is it truncated?)",
                "truncated",
            )
        return responses

    def _response_section_statuses(self) -> dict[str, str]:
        statuses: dict[str, str] = {}
        for heading in ("Response Parameters", "Response"):
            section = self.page.section(heading)
            if section is None:
                continue
            for block in section.blocks:
                if block.status is None:
                    continue
                text = getattr(block, "text", "") if not isinstance(block, Table) else ""
                if block.status not in statuses:
                    statuses[block.status] = ""
                if text and text.casefold().rstrip(".") != "none" and not statuses[block.status]:
                    statuses[block.status] = text
        return statuses

    def _response_headers(self, tables: list[Table]) -> Schema:
        headers: Schema = {}
        for table in tables:
            for row in table.rows:
                name, _, schema = self._field(table, row)
                header: Schema = {}
                if "description" in schema:
                    header["description"] = schema.pop("description")
                header["schema"] = schema
                headers[name] = header
        return headers

    # -- examples --------------------------------------------------------------------------
    def _check_examples(self, method: str, path: str, operation: Schema) -> None:
        requests = read_examples(
            self.page.section("Example Requests") or self.page.section("Example Request")
        )
        where = Location(section="Example Requests")
        query_names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
        bodies: list[Example] = []
        for example in requests:
            if example.method and example.method != method:
                self._warn(
                    where,
                    f"the example's method ({example.method}) differs from the URI's ({method})",
                    "example-method",
                )
            if example.path is not None and not _same_path_shape(example.path, path):
                self._warn(
                    where,
                    f"the example's path '{example.path}' does not match the URI '{path}'",
                    "example-path",
                )
            for name, _ in example.query:
                if name not in query_names:
                    self._warn(
                        where,
                        f"the example's query parameter '{name}' is in no table",
                        "example-query",
                    )
            if example.body_error:
                self._warn(
                    where,
                    f"the example body is not valid JSON: {example.body_error}",
                    "example-json",
                )
            elif example.has_body:
                bodies.append(example)
        if bodies and "requestBody" in operation:
            media = operation["requestBody"]["content"]["application/json"]
            _attach_examples(media, bodies)
        elif bodies:
            self._warn(
                where,
                "the example sends a body but the page has no request body table",
                "example-body",
            )
        responses = read_examples(
            self.page.section("Example Responses") or self.page.section("Example Response")
        )
        for example in responses:
            if example.body_error:
                self._warn(
                    Location(section="Example Responses"),
                    f"the example body is not valid JSON: {example.body_error}",
                    "example-json",
                )
                continue
            if not example.has_body:
                continue
            code = example.status or next(
                (c for c in sorted(operation["responses"]) if c.startswith("2")), None
            )
            response = operation["responses"].get(code) if code else None
            if response is None or "content" not in response:
                if code and code.startswith("2"):
                    self._warn(
                        Location(section="Example Responses"),
                        f"example response for status {code} has a body the page does not describe",
                        "example-body",
                    )
                continue
            _attach_examples(response["content"]["application/json"], [example])


def _attach_examples(media: Schema, examples: list[Example]) -> None:
    if len(examples) == 1 and "examples" not in media and "example" not in media:
        media["example"] = examples[0].body
        return
    bucket = media.setdefault("examples", {})
    if "example" in media:
        bucket["example1"] = {"value": media.pop("example")}
    for example in examples:
        entry: Schema = {}
        if example.summary:
            entry["summary"] = example.summary
        entry["value"] = example.body
        bucket[f"example{len(bucket) + 1}"] = entry


def _same_path_shape(example: str, uri: str) -> bool:
    ours = [s for s in uri.strip("/").split("/") if s]
    theirs = [s for s in example.strip("/").split("/") if s]
    if len(ours) != len(theirs):
        return False
    return all(_TEMPLATE.fullmatch(a) or a == b for a, b in zip(ours, theirs, strict=True))


def _merge_object_tables(schemas: list[Schema]) -> Schema:
    merged: Schema = {"type": "object", "properties": {}}
    required: list[str] = []
    for schema in schemas:
        merged["properties"].update(schema.get("properties", {}))
        required.extend(r for r in schema.get("required", []) if r not in required)
    if required:
        merged["required"] = required
    return merged


def _merge(target: Schema, keywords: Schema) -> None:
    for key, value in keywords.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        else:
            target[key] = value


def _scalar_value(text: str, type_expr: TypeExpr) -> Any:
    """A page value (`true`, `10`, `ACTIVE`) as JSON of the given type, or None if it does not fit."""
    target = type_expr.items if isinstance(type_expr, ArrayOf) else type_expr
    if not isinstance(target, Scalar):
        return None
    if target.json_type == "string":
        return text
    if target.json_type == "boolean":
        return {"true": True, "false": False}.get(text.casefold())
    try:
        return int(text) if target.json_type == "integer" else float(text)
    except ValueError:
        return None


def _type_text(type_expr: TypeExpr) -> str:
    if isinstance(type_expr, Scalar):
        return type_expr.json_type
    if isinstance(type_expr, ObjectRef):
        return f"{type_expr.name} object"
    if isinstance(type_expr, ArrayOf):
        if isinstance(type_expr.items, ObjectRef):
            return f"an array of {type_expr.items.name} objects"
        return (
            "an array" if type_expr.items is None else f"an array of {_type_text(type_expr.items)}"
        )
    if isinstance(type_expr, MapOf):
        return "a map"
    return "an object"


def transcribe_page(page: Page, operation_id: str | None = None) -> Transcript:
    """Apply the transcription rules to a page; `operation_id` is a hint (the file's stem)."""
    return PageTranscriber(page, operation_id).transcribe()
