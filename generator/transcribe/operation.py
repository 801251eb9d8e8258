"""The transcription rules: one page model becomes one OpenAPI operation and its schemas.

Every table row ends up in the operation (as a parameter, a body or response field, or the
token scheme) or in a finding; what the page contradicts itself on is reported, not fixed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from generator.casing import pascal_case
from generator.diagnostics import Diagnostic, Findings, Location, error
from generator.openapi import SCHEMA_REF
from generator.transcribe.checks import (
    check_examples,
    check_tables_read,
    first_response_example,
)
from generator.transcribe.description import Description, parse_description
from generator.transcribe.page import Page, Row, Table
from generator.transcribe.schemas import SchemaBuilder
from generator.transcribe.tables import (
    BODY,
    HEADER,
    PATH,
    QUERY,
    RESPONSE,
    RESPONSE_HEADER,
    STATUS,
    URI,
    VALUES,
    object_name,
    table_kind,
)
from generator.transcribe.uri import VERSION, read_uri

Schema = dict[str, Any]
TOKEN_HEADER = "x-auth-token"
# Headers the HTTP layer owns; OpenAPI ignores parameter definitions for them.
_TRANSPORT_HEADERS = frozenset({"content-type", "accept", "authorization"})
_PASCAL = re.compile(r"^[A-Z][A-Za-z0-9]*$")
_TEMPLATE = re.compile(r"\{([^}]+)\}")
_NORMAL_STATUS = re.compile(r"^normal\s*:?\s*(\d{3})\b", re.IGNORECASE)
_VERSION = re.compile(r"^/v(\d+)(?:\.\d+)?/")
# Methods whose requests carry no body: what a page lists as their request is the query.
_BODILESS = frozenset({"GET", "HEAD"})
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
    "batch": "Batch",
}
_FILLER = frozenset(
    {"a", "an", "the", "of", "for", "to", "in", "on", "details", "specified", "from", "by", "or"}
)


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
    # The same operation published under further URIs (`/v2/…` beside `/v2.1/…`): each is
    # one more operation, with these paths and names and the same parameters.
    other_uris: tuple[tuple[str, str], ...] = ()


class PageTranscriber:
    """Applies the transcription rules to one page."""

    def __init__(self, page: Page, operation_id: str | None = None) -> None:
        self.page = page
        self.source = page.source
        self.findings = Findings()
        self.builder = SchemaBuilder(page, self.findings)
        self.security_schemes: dict[str, Schema] = {}
        self._operation_id_hint = operation_id
        self._method = ""
        # The name from the title, before its version suffix; None for the page's own name.
        self._title_name: str | None = None

    def _warn(self, location: Location, message: str, kind: str) -> None:
        self.findings.warn(self.source, location, message, kind)

    def _tables(self, kind: str) -> list[Table]:
        return [t for t in self.page.tables if table_kind(t) == kind]

    # -- the page --------------------------------------------------------------------------
    def transcribe(self) -> Transcript:
        uri = read_uri(self.page)
        method, path, uri_query, other_paths = uri.method, uri.path, uri.query, uri.others
        check_tables_read(self.page)
        self._method = method
        operation_id = self._operation_id(method, path)
        if other_paths and self._title_name is not None:
            # Each URI's operation ends in its own version: `/v2.1` and `/v2` both have major
            # version 2, which alone a name from the title carries.
            operation_id = self._versioned(self._title_name, path)
        other_uris = tuple((other, self._other_name(operation_id, other)) for other in other_paths)
        operation: Schema = {
            "operationId": operation_id,
            "summary": self.page.title or operation_id,
        }
        description = self._operation_description()
        if description:
            operation["description"] = description
        body_rows: list[tuple[Table, Row]] = []
        parameters = self._parameters(method, path, uri_query, body_rows)
        if parameters:
            operation["parameters"] = parameters
        body = self._request_body(operation_id, body_rows)
        if body:
            operation["requestBody"] = body
        operation["responses"] = self._responses(operation_id, method)
        check_examples(self.page, self.findings, method, path, operation)
        self._report_unused_tables()
        return Transcript(
            source=self.source,
            operation_id=operation_id,
            method=method.lower(),
            path=path,
            operation=operation,
            schemas=self.builder.schemas,
            security_schemes=self.security_schemes,
            findings=self.findings.as_tuple(),
            other_uris=other_uris,
        )

    @staticmethod
    def _versioned(base: str, path: str) -> str:
        """`base` and the version of `path` (`/v2.1/…` → `V2_1`, `/v2/…` → `V2`)."""
        version = VERSION.match(path)
        return f"{base}V{version.group(1).replace('.', '_')}" if version else base

    def _other_name(self, operation_id: str, path: str) -> str:
        """The name of the operation at a further URI: the page's own name and that URI's
        version (`ListServers` at `/v2/…` → `ListServersV2`), or the title's name with that
        version in place of the first URI's (`ListServersV2_1` → `ListServersV2`)."""
        name = self._versioned(operation_id if self._title_name is None else self._title_name, path)
        self._warn(
            Location(section="URI"),
            f"the operation is also published as {self._method} {path}: it becomes "
            f"operation '{name}' with the same parameters",
            "several-uris",
        )
        return name

    def _operation_id(self, method: str, path: str) -> str:
        """The page's own name for its operation (the file name), else one from its title.

        From the title: gerunds become verbs ("Querying" → `List`, "Adding or Deleting" →
        `AddDelete`); a GET of one resource (a path ending in a template) is `Show`, not `List`;
        and the name ends in the path's API version (`V2`), since older versions of an API
        document the same actions again under the same titles.
        """
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
        if verb == "List" and method == "GET" and path.rstrip("/").endswith("}"):
            verb = "Show"
        rest = [_GERUNDS.get(w.casefold(), w) for w in words[1:] if w.casefold() not in _FILLER]
        derived = (verb or pascal_case(words[0])) + "".join(w[:1].upper() + w[1:] for w in rest)
        self._title_name = derived
        version = _VERSION.match(path)
        if version:
            derived += f"V{version.group(1)}"
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

    # -- parameters ------------------------------------------------------------------------
    def _parameters(
        self, method: str, path: str, uri_query: list[str], body_rows: list[tuple[Table, Row]]
    ) -> list[Schema]:
        templated = _TEMPLATE.findall(path)
        placed: list[tuple[str, Table, Row]] = []
        for location in (PATH, QUERY, HEADER):
            placed += [(location, t, r) for t in self._tables(location) for r in t.rows]
        if method in _BODILESS:
            # Older pages caption a GET's filters "Request"/"Parameter description" like a body;
            # a GET carries no body, so they are query parameters.
            for table in self._tables(BODY):
                self._warn(
                    self.builder.at(table),
                    f"table '{table.caption}' under '{table.section}' of a {method} request: its rows are taken as query parameters",
                    "query-table",
                )
                placed += [(QUERY, table, row) for row in table.rows]
        for table in self._tables(URI):
            placed += self._split_uri_table(table, method, templated, uri_query, body_rows)
        parameters: list[Schema] = []
        seen: set[tuple[str, str]] = set()
        for location, table, row in placed:
            field = self.builder.field(table, row, parameter=True)
            name = field.name
            if location == HEADER and name.casefold() == TOKEN_HEADER:
                self._token_scheme(parse_description(self.builder.description_lines(table, row)))
                continue
            if location == HEADER and name.casefold() in _TRANSPORT_HEADERS:
                self._warn(
                    self.builder.at(table, row),
                    f"header '{name}' is set by the HTTP layer, not a parameter",
                    "transport-header",
                )
                continue
            if (location, name) in seen:
                self._warn(
                    self.builder.at(table, row),
                    f"{location} parameter '{name}' is listed twice; the first row is kept",
                    "duplicate-row",
                )
                continue
            if location == PATH and name not in templated:
                self._warn(
                    self.builder.at(table, row),
                    f"path parameter '{name}' does not occur in the URI; left out",
                    "stray-row",
                )
                continue
            seen.add((location, name))
            schema = field.schema
            items = schema.get("items") if schema.get("type") == "array" else None
            if isinstance(items, dict) and _is_object(items):
                # A repeated parameter carries text values: "Array of objects" is a page erratum.
                self._warn(
                    self.builder.at(table, row),
                    f"{location} parameter '{name}' is typed as an array of objects; items taken as strings",
                    "object-parameter",
                )
                self._report_dropped_tables(items, location, name)
                schema = {k: v for k, v in schema.items() if k != "items"} | {
                    "items": {"type": "string"}
                }
            if _is_object(schema):
                # A URL or header carries text: an "Object" parameter is a page erratum.
                self._warn(
                    self.builder.at(table, row),
                    f"{location} parameter '{name}' is typed as an object; taken as a string",
                    "object-parameter",
                )
                self._report_dropped_tables(schema, location, name)
                schema = {k: v for k, v in schema.items() if k in ("description",)} | {
                    "type": "string"
                }
            parameters.append(_parameter(name, location, field.required, schema))
        for name in templated:
            if (PATH, name) not in seen:
                self._warn(
                    Location(section="URI"),
                    f"path parameter '{name}' is in no table; added as a required string",
                    "missing-row",
                )
                parameters.append(
                    {"name": name, "in": PATH, "required": True, "schema": {"type": "string"}}
                )
                seen.add((PATH, name))
        for name in uri_query:
            if (QUERY, name) not in seen:
                self._warn(
                    Location(section="URI"),
                    f"query parameter '{name}' in the URI is in no table; added as an optional string",
                    "missing-row",
                )
                parameters.append(
                    {"name": name, "in": QUERY, "required": False, "schema": {"type": "string"}}
                )
                seen.add((QUERY, name))
        order = {PATH: 0, QUERY: 1, HEADER: 2}
        return sorted(parameters, key=lambda p: order[p["in"]])

    def _report_dropped_tables(self, schema: Schema, location: str, name: str) -> None:
        """An object table that describes a parameter taken as text is in no part of the
        operation: say so for each (the table's schema stays in the components)."""
        for table in self.builder.tables_of(schema):
            self._warn(
                self.builder.at(table),
                f"table '{table.caption}' describes the objects of {location} parameter "
                f"'{name}', which is taken as text: its rows are not in the operation",
                "parameter-object-table",
            )

    def _split_uri_table(
        self,
        table: Table,
        method: str,
        templated: list[str],
        uri_query: list[str],
        body_rows: list[tuple[Table, Row]],
    ) -> list[tuple[str, Table, Row]]:
        """Older pages list path, query and body parameters in one table under URI."""
        placed: list[tuple[str, Table, Row]] = []
        for row in table.rows:
            name = self.builder.column(table, row, "parameter", "parameter name", "name") or ""
            if name in templated:
                placed.append((PATH, table, row))
            elif name in uri_query:
                placed.append((QUERY, table, row))
            elif method in ("GET", "DELETE", "HEAD"):
                self._warn(
                    self.builder.at(table, row),
                    f"'{name}' is neither in the path nor in the URI's query string; taken as a query parameter ({method})",
                    "placed-row",
                )
                placed.append((QUERY, table, row))
            else:
                self._warn(
                    self.builder.at(table, row),
                    f"'{name}' is neither in the path nor in the URI's query string; taken as a body field ({method})",
                    "placed-row",
                )
                body_rows.append((table, row))
        return placed

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

    # -- bodies ----------------------------------------------------------------------------
    def _request_body(
        self, operation_id: str, extra_rows: list[tuple[Table, Row]]
    ) -> Schema | None:
        body_tables = [] if self._method in _BODILESS else self._tables(BODY)
        rows = [(t, r) for t in body_tables for r in t.rows] + extra_rows
        if not rows:
            return None
        name = f"{operation_id}RequestBody"
        schema = self.builder.object_from_rows([], rows)
        self.builder.schemas[name] = schema
        return {
            "required": bool(schema.get("required")),
            "content": {"application/json": {"schema": {"$ref": SCHEMA_REF + name}}},
        }

    def _responses(self, operation_id: str, method: str) -> Schema:
        statuses = self._documented_statuses()
        body_tables = self._tables(RESPONSE)
        header_tables = self._tables(RESPONSE_HEADER)
        success = sorted(c for c in statuses if c.startswith("2"))
        if not success and (body_tables or self._has_response_section()):
            assumed = "200" if body_tables else ("204" if method == "DELETE" else "200")
            self._warn(
                Location(section="Response"),
                f"the page documents no success status code; assumed {assumed}",
                "assumed-status",
            )
            statuses[assumed] = "Success."
            success = [assumed]
        if not statuses:
            # Every complete page ends with its responses and status codes: without them the
            # page was cut short, and an operation without responses would be a guess.
            raise error(
                self.source,
                Location(section="Status Codes"),
                "the page documents no response or status code (is it truncated?)",
                "truncated",
            )
        for table in body_tables + header_tables:
            statuses.setdefault(table.status or success[0], f"Status {table.status}")
        responses: Schema = {}
        for code in sorted(statuses):
            response: Schema = {"description": statuses[code] or f"Status {code}"}
            headers = self._response_headers(
                [t for t in header_tables if (t.status or success[0]) == code]
            )
            if headers:
                response["headers"] = headers
            tables = [t for t in body_tables if (t.status or success[0]) == code]
            if tables:
                name = f"{operation_id}Response{'' if code == success[0] else code}"
                self.builder.schemas[name] = self.builder.object_from_rows(tables)
                schema: Schema = {"$ref": SCHEMA_REF + name}
                if isinstance(first_response_example(self.page, code), list):
                    # The table describes the items: the example shows the body is a list.
                    schema = {"type": "array", "items": schema}
                response["content"] = {"application/json": {"schema": schema}}
            responses[code] = response
        return responses

    def _has_response_section(self) -> bool:
        return any(
            self.page.section(h) is not None
            for h in ("Response", "Response Parameters", "Example Response", "Example Responses")
        )

    def _documented_statuses(self) -> dict[str, str]:
        statuses: dict[str, str] = {}
        for table in self._tables(STATUS):
            for row in table.rows:
                code = row.cells[0].text if row.cells else ""
                if re.fullmatch(r"\d{3}", code):
                    text = (row.cells[-1].text if len(row.cells) > 1 else "") or (
                        row.cells[1].text if len(row.cells) > 2 else ""
                    )
                    statuses.setdefault(code, text or f"Status {code}")
        for heading in ("Response Parameters", "Response", "Status Code", "Status Codes"):
            section = self.page.section(heading)
            if section is None:
                continue
            paragraphs = section.paragraphs
            for index, block in enumerate(paragraphs):
                # "Normal 200" (one cell in HTML, two lines in copied text) is the success status.
                following = paragraphs[index + 1].text if index + 1 < len(paragraphs) else ""
                normal = _NORMAL_STATUS.match(block.text) or _NORMAL_STATUS.match(
                    f"{block.text} {following}"
                )
                if normal and block.text.casefold().startswith("normal"):
                    statuses.setdefault(normal.group(1), "Normal response.")
                if block.status is None:
                    continue
                text = block.text if block.text.casefold().rstrip(".") != "none" else ""
                if not statuses.get(block.status):
                    statuses[block.status] = text
        return statuses

    def _response_headers(self, tables: list[Table]) -> Schema:
        headers: Schema = {}
        for table in tables:
            for row in table.rows:
                field = self.builder.field(table, row)
                header: Schema = {}
                schema = dict(field.schema)
                if "description" in schema:
                    header["description"] = schema.pop("description")
                header["schema"] = schema
                headers[field.name] = header
        return headers

    def _report_unused_tables(self) -> None:
        for table in self.page.tables:
            kind = table_kind(table)
            if kind == VALUES:
                first = ", ".join(r.cells[0].text for r in table.rows[:8] if r.cells)
                self._warn(
                    self.builder.at(table),
                    f"table '{table.caption}' ({', '.join(table.header)}) lists values, not parameters: {first}",
                    "value-table",
                )
            elif kind == "object" and id(table) not in self.builder.used:
                if table.section.casefold().startswith("example"):
                    # Tables among the examples that no row of the operation refers to describe
                    # another API the example also calls (an EIP to bind, say), not this one.
                    self._warn(
                        self.builder.at(table),
                        f"table '{table.caption}' under '{table.section}' is referred to by no row of the operation; it documents another request of the example, not this operation: skipped",
                        "example-table",
                    )
                    continue
                name = object_name(table)
                if name is None:
                    self._warn(
                        self.builder.at(table),
                        f"table '{table.caption}' is not a parameter table and names no object; skipped",
                        "skipped-table",
                    )
                    continue
                schema_name = name if _PASCAL.match(name) else pascal_case(name)
                self._warn(
                    self.builder.at(table),
                    f"object table '{name}' is referred to by no row; kept as schema '{schema_name}'",
                    "unused-table",
                )
                self.builder.object_schema(schema_name, table)


def _is_object(schema: Schema) -> bool:
    """Whether a schema describes a JSON object (directly, by reference or as alternatives)."""
    return (
        schema.get("type") == "object"
        or "$ref" in schema
        or any(
            isinstance(o, dict) and _is_object(o)
            for o in schema.get("anyOf", []) + schema.get("oneOf", [])
        )
    )


def _parameter(name: str, location: str, required: bool, schema: Schema) -> Schema:
    parameter: Schema = {"name": name, "in": location}
    schema = dict(schema)
    description = schema.pop("description", None)
    if description:
        parameter["description"] = description
    parameter["required"] = True if location == PATH else required
    parameter["schema"] = schema
    return parameter


def transcribe_page(page: Page, operation_id: str | None = None) -> Transcript:
    """Apply the transcription rules to a page; `operation_id` is a hint (the file's stem),
    which the page's own recorded name (`Page.name`) overrides."""
    return PageTranscriber(page, page.name or operation_id).transcribe()
