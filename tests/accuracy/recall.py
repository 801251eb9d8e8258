"""Recall against the page itself, at the right nesting.

Each row of each parameter table (a table with a Type column) must end up where the page puts
it, or be named by a finding that explains why it is not there. Where the page puts a row is
reconstructed here from the page alone, with rules of our own rather than the transcriber's:

- a parameter table has a Type column, or is the older pages' URI table of names without one;
- a table is classified by its caption, and for the older pages' generic captions ("Parameter
  description", "Request parameter", "Response parameter") by the section it stands under, which
  wins over the caption (`classify`);
- path, query and header tables give parameters of that name and location; the X-Auth-Token
  row is the token security scheme;
- a request body table gives top-level request body fields (a GET or HEAD has no body: its
  "request" table is the query); a response body table gives top-level fields of the response
  of its status code (`Status code: NNN`, else the operation's first success response), or
  fields of the items when the page's own example response for it is a JSON array;
- the older pages' one table under URI gives a path parameter for a name in the URI's path
  template, a query parameter for one in the URI's query string, and otherwise (the page does
  not say) a query parameter or a top-level request body field;
- an object table gives fields under every row that refers to it: a row whose description says
  "see Table N", a row typed `X object` / `Array of X objects` / `Map<String,X>` (the table
  named X), an `Object`/`Array` row of the same name as an object table (`pools` ->
  "pools parameter description"), and a row with a link (`:ref:` anchor, HTML link target) in
  any cell to the table, whatever its title ("VPC objects"). An array adds `[]` to the path, a map `{}`
  (`listeners[].insert_headers.X-Forwarded-ELB-IP`), as `flat.py` spells field paths.
  References are followed from the parameter and body tables down, so an object table that no
  reachable row refers to has no place in the operation at all.

Our side is the built document flattened by `our_operations`. A row is then

- `placed`: at one of its expected places;
- `finding`: named, table and row (or the whole table, or the page), by a finding of a kind
  that says the row was deliberately left out (`EXCUSES`); a finding of another kind on the
  same row (an unconverted range, say) explains nothing about where the row went;
- `overlay`: at its place before the reviewed overlay (`spec/<service>/overlay.yaml`) and
  removed by an action whose description names the row and its table ("Table 4", `name`);
- `wrong-nesting`: not placed, but its name occurs elsewhere in the operation;
- `missing`: none of these.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.diagnostics import Diagnostic
from generator.transcribe.examples import read_examples
from generator.transcribe.page import Page, Row, Table
from tests.accuracy.flat import join_path
from tests.accuracy.our_operations import flatten_openapi_operation, flatten_openapi_responses

# Table classes, from the page's captions and sections.
PATH, QUERY, HEADER, BODY, RESPONSE, RESPONSE_HEADER, URI, OBJECT = (
    "path",
    "query",
    "header",
    "body",
    "response",
    "response-header",
    "uri",
    "object",
)
# Where a row can be: a parameter location, a body, or the token security scheme.
REQUEST, SECURITY = "request", "security"

EXCUSES = frozenset(
    {
        # the page as a whole
        "not-operation",
        "duplicate-operation",
        # a whole table
        "example-table",
        "value-table",
        "skipped-table",
        "unused-table",
        "parameter-object-table",
        # one row
        "stray-row",
        "duplicate-row",
        "transport-header",
    }
)
"""Finding kinds that say a table or row was deliberately left out of the operation."""
PAGE_EXCUSES = frozenset({"not-operation", "duplicate-operation"})
UNREFERENCED = frozenset({"example-table", "unused-table"})
"""Kinds that say no row refers to the table: they excuse only rows this check places nowhere
either (a table the transcriber calls unreferenced while a row refers to it is a bug)."""

OUTCOMES = ("placed", "finding", "overlay", "wrong-nesting", "missing")
COVERED = frozenset({"placed", "finding", "overlay"})
LEVELS = ("parameter", "top-level field", "nested field", "unreached")

_URI_LINE = re.compile(r"^(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)\s+(/\S*)", re.IGNORECASE)
_TEMPLATE = re.compile(r"\{([^{}]+)\}")
_TABLE_REFERENCE = re.compile(r"\bTable\s+(\d+)\b")
_NAMED_TABLE = re.compile(
    r"^(\S+)\s+(?:parameters?\s+description|field\s+description|parameters?|object)$",
    re.IGNORECASE,
)
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SCALAR_WORDS = frozenset(
    {
        "string",
        "strings",
        "str",
        "integer",
        "integers",
        "int",
        "int32",
        "int64",
        "long",
        "longs",
        "float",
        "floats",
        "double",
        "doubles",
        "number",
        "numbers",
        "bigdecimal",
        "boolean",
        "booleans",
        "bool",
    }
)


@dataclass(frozen=True, order=True)
class Place:
    """Where a row can be: `where` is a parameter location (`path`, `query`, `header`), a body
    (`request`, `response`), `response-header` or `security`; `status` is the response's code;
    `path` is the parameter or header name or the field path (`pools[].id`)."""

    where: str
    path: str
    status: str = ""

    def __str__(self) -> str:
        if self.where in (REQUEST, RESPONSE, RESPONSE_HEADER):
            side = self.where if not self.status else f"{self.where} {self.status}"
            return f"{side} '{self.path}'"
        return f"{self.where} parameter '{self.path}'"


@dataclass
class RowCheck:
    table: int | None
    caption: str
    row: int
    name: str
    level: str
    expected: frozenset[Place]
    outcome: str = "missing"
    found: tuple[str, ...] = ()
    """For a row at the wrong nesting: where its name occurs instead."""

    def __str__(self) -> str:
        where = f"table {self.table}" if self.table is not None else f"'{self.caption}'"
        expected = (
            ", ".join(str(p) for p in sorted(self.expected))
            or "nowhere (no row refers to the table)"
        )
        text = f"{where}, row {self.row} '{self.name}': expected {expected}"
        if self.found:
            text += f"; found as {', '.join(self.found)}"
        return text


# ---------------------------------------------------------------------------------------------
# The page: where each row belongs
# ---------------------------------------------------------------------------------------------


_GENERIC_CAPTIONS = frozenset(
    {
        "parameter description",
        "parameters",
        "request parameters",
        "request parameter",
        "request body parameter",
        "response parameter",
        "response body parameter",
    }
)
"""Captions (lower case) that name no object: the section the table stands under says where
its rows go."""


def _has_type(table: Table) -> bool:
    """A parameter table: one with a Type column, or the older pages' URI table of parameter
    names without one (`Parameter | Mandatory | Description`)."""
    headers = [h.casefold() for h in table.header]
    if any(h in ("type", "parameter type") for h in headers):
        return True
    return table.section.casefold() == "uri" and headers[:1] in (["parameter"], ["name"])


def classify(table: Table) -> str:
    """What a parameter table documents (its caption, else the section of a generic caption)."""
    caption = " ".join(table.caption.casefold().split())
    section = table.section.casefold()
    if "path parameter" in caption:
        return PATH
    if "query parameter" in caption:
        return QUERY
    if "header parameter" in caption:
        return RESPONSE_HEADER if "response" in caption else HEADER
    if caption in ("request body parameters", "request parameters"):
        return BODY
    if caption in ("response body parameters", "response parameters"):
        return RESPONSE
    if caption in _GENERIC_CAPTIONS:
        # The section tells which side a generic caption is on; a singular "Request
        # parameter" table under "Response Parameters" describes the response, and one under
        # "Example Request" the example's own fields (an object no row refers to).
        if section.startswith("request"):
            return BODY
        if section.startswith("response"):
            return RESPONSE
        if section == "uri" and caption in ("parameter description", "parameters"):
            return URI
    return OBJECT


def table_name(table: Table) -> str | None:
    """The object an object table describes: `Tag`, or `pools` of "pools parameter description"."""
    caption = table.caption.strip()
    if _IDENTIFIER.match(caption):
        return caption
    match = _NAMED_TABLE.match(caption)
    return match.group(1) if match else None


def _cell(table: Table, row: Row, *titles: str) -> str:
    for index, title in enumerate(table.header):
        if title.casefold() in titles and index < len(row.cells):
            return row.cells[index].text
    return ""


def row_name(table: Table, row: Row) -> str:
    return _cell(table, row, "parameter", "parameter name", "name") or (
        row.cells[0].text if row.cells else ""
    )


@dataclass(frozen=True)
class Shape:
    """What a Type cell says about nesting: the suffix of the row's children (`[]`, `[][]`,
    `{}` or ``), the object it names, if any, and whether it can have children at all."""

    suffix: str
    named: str | None
    container: bool


def type_shape(text: str) -> Shape:
    """`Array of Tag objects` -> ([], Tag); `Array<Array<AvailabilityZone>>` -> ([][],
    AvailabilityZone); `Map<String,String>` -> ({}, scalar values); `Object` -> (, None)."""
    rest = " ".join(text.split())
    suffix = ""
    while True:
        lowered = rest.casefold()
        if lowered.startswith("array of ") or lowered.startswith("list of "):
            suffix += "[]"
            rest = rest.split(" ", 2)[2]
        elif re.match(r"^(array|list)\s*<", lowered) and rest.endswith(">"):
            suffix += "[]"
            rest = rest[rest.index("<") + 1 : -1].strip()
        elif re.match(r"^map\s*<", lowered) and rest.endswith(">"):
            suffix += "{}"
            rest = rest[rest.index("<") + 1 : -1].split(",", 1)[-1].strip()
        elif lowered in ("array", "list"):
            return Shape(suffix + "[]", None, True)
        else:
            break
    words = rest.split()
    if words and words[-1].casefold() in ("object", "objects"):
        named = " ".join(words[:-1]) or None
        return Shape(suffix, named, True)
    if rest.casefold() in _SCALAR_WORDS or "/" in rest:
        return Shape(suffix, None, False)
    if _IDENTIFIER.match(rest):
        return Shape(suffix, rest, True)
    return Shape(suffix, None, False)


def uri_line(page: Page) -> tuple[str, str, list[str]] | None:
    """The method, path template and query names of the page's `METHOD /path?query` line."""
    section = page.section("URI")
    for paragraph in section.paragraphs if section else ():
        match = _URI_LINE.match(paragraph.text)
        if match:
            target = match.group(2)
            path, _, query = target.partition("?")
            names = [part.split("=", 1)[0] for part in query.split("&") if part]
            return match.group(1).upper(), path, names
    return None


def _example_is_list(page: Page, status: str) -> bool:
    for heading in ("Example Responses", "Example Response", "Response"):
        examples = [e for e in read_examples(page.section(heading)) if e.has_body]
        if examples:
            return any(isinstance(e.body, list) and e.status in (None, status) for e in examples)
    return False


@dataclass
class _Expectation:
    table: Table
    row: Row
    level: str
    places: set[Place] = field(default_factory=set)


def expected_places(
    page: Page, method: str, path: str, uri_query: Iterable[str], success: str
) -> list[_Expectation]:
    """Every row of every parameter table, with the places the page puts it (see the module
    docstring); `success` is the status code of response tables that name none."""
    templated = set(_TEMPLATE.findall(path))
    uri_query = set(uri_query)
    bodiless = method.upper() in ("GET", "HEAD")
    tables = [t for t in page.tables if _has_type(t)]
    expectations: dict[tuple[int, int], _Expectation] = {}
    by_number = {t.number: t for t in tables if t.number is not None}
    objects: dict[str, list[Table]] = {}
    for table in tables:
        name = table_name(table) if classify(table) == OBJECT else None
        if name is not None:
            objects.setdefault(name, []).append(table)
    for table in tables:
        kind = classify(table)
        level = "nested field" if kind == OBJECT else "top-level field"
        if kind in (PATH, QUERY, HEADER, RESPONSE_HEADER, URI) or (kind == BODY and bodiless):
            level = "parameter"
        for row in table.rows:
            expectations[(id(table), row.number)] = _Expectation(table, row, level)

    # (table, where, status, prefix) already expanded: references can form cycles.
    seen: set[tuple[int, str, str, str]] = set()

    def expand(table: Table, where: str, status: str, prefix: str, depth: int) -> None:
        key = (id(table), where, status, prefix)
        if key in seen or depth > 12:
            return
        seen.add(key)
        for row in table.rows:
            name = row_name(table, row)
            expectations[(id(table), row.number)].places.add(
                Place(where, join_path(prefix, name), status)
            )
            descend(table, row, name, where, status, join_path(prefix, name), depth)

    def descend(
        table: Table, row: Row, name: str, where: str, status: str, path: str, depth: int
    ) -> None:
        shape = type_shape(_cell(table, row, "type", "parameter type"))
        if not shape.container:
            return
        for child in children(table, row, name, shape):
            expand(child, where, status, path + shape.suffix, depth + 1)

    def children(table: Table, row: Row, name: str, shape: Shape) -> list[Table]:
        found: list[Table] = []
        description = " ".join(c.text for c in row.cells[1:])
        for number in _TABLE_REFERENCE.findall(description):
            target = by_number.get(int(number))
            if target is not None and target is not table and classify(target) == OBJECT:
                found.append(target)
        # The older pages link the row to the object's table (`:ref:` anchor, HTML link
        # target) from its Type or Description cell, whatever the table's title.
        targets = {link.target for cell in row.cells for link in cell.links}
        for target in tables:
            if (
                target is not table
                and targets & set(target.anchors)
                and classify(target) == OBJECT
                and target not in found
            ):
                found.append(target)
        named = objects.get(shape.named or name, [])
        same = [t for t in named if t.section == table.section and t.status == table.status]
        same = same or [t for t in named if t.section == table.section]
        for target in same or named:
            if target is not table and target not in found:
                found.append(target)
        return found

    for table in tables:
        kind = classify(table)
        status = table.status or success
        for row in table.rows:
            name = row_name(table, row)
            places = expectations[(id(table), row.number)].places
            if kind in (PATH, QUERY):
                places.add(Place(kind, name))
            elif kind == HEADER:
                places.add(Place(SECURITY if name.casefold() == "x-auth-token" else HEADER, name))
            elif kind == RESPONSE_HEADER:
                places.add(Place(RESPONSE_HEADER, name, status))
            elif kind == BODY and bodiless:
                places.add(Place(QUERY, name))
            elif kind == URI:
                if name in templated:
                    places.add(Place(PATH, name))
                elif name in uri_query:
                    places.add(Place(QUERY, name))
                else:
                    # The page does not say: a GET's filter or a POST's body field, either way.
                    places.add(Place(QUERY, name))
                    places.add(Place(REQUEST, name))
                    descend(table, row, name, REQUEST, "", name, 0)
        if kind == BODY and not bodiless:
            expand(table, REQUEST, "", "", 0)
        elif kind == RESPONSE:
            expand(table, RESPONSE, status, "[]" if _example_is_list(page, status) else "", 0)
    result = list(expectations.values())
    for expectation in result:
        if expectation.level == "nested field" and not expectation.places:
            expectation.level = "unreached"
    return result


# ---------------------------------------------------------------------------------------------
# Our side, and the verdict per row
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OurPlaces:
    """Every place an operation of our document has."""

    places: frozenset[Place]

    @property
    def names(self) -> dict[str, list[Place]]:
        """The last segment of every place (a field's own name) -> the places ending in it."""
        names: dict[str, list[Place]] = {}
        for place in self.places:
            last = re.split(r"[.\[\]{}]+", place.path.strip("[]{}."))[-1]
            names.setdefault(last, []).append(place)
        return names


def our_places(spec: Mapping[str, Any], path: str, method: str) -> OurPlaces:
    if path not in spec.get("paths", {}) or method.lower() not in spec["paths"][path]:
        return OurPlaces(frozenset())
    flat = flatten_openapi_operation(spec, path, method)
    places: set[Place] = set()
    places |= {Place(PATH, n) for n in flat.path_params}
    places |= {Place(QUERY, n) for n in flat.query_params}
    places |= {Place(HEADER, n) for n in flat.header_params}
    places |= {Place(REQUEST, p) for p in flat.request_fields}
    for status, response in flatten_openapi_responses(spec, path, method).items():
        places |= {Place(RESPONSE, p, status) for p in response.fields}
        places |= {Place(RESPONSE_HEADER, h, status) for h in response.headers}
    operation = spec["paths"][path][method.lower()]
    schemes = spec.get("components", {}).get("securitySchemes", {})
    requirements = operation.get("security", spec.get("security", []))
    for requirement in requirements:
        for scheme_name in requirement:
            scheme = schemes.get(scheme_name, {})
            if scheme.get("type") == "apiKey" and scheme.get("in") == "header":
                places.add(Place(SECURITY, str(scheme.get("name", ""))))
    return OurPlaces(frozenset(places))


def _security_match(expected: Place, ours: frozenset[Place]) -> bool:
    return any(p.where == SECURITY and p.path.casefold() == expected.path.casefold() for p in ours)


def _placed(expected: frozenset[Place], ours: frozenset[Place]) -> bool:
    return any(p in ours or (p.where == SECURITY and _security_match(p, ours)) for p in expected)


def _excused(findings: Iterable[Diagnostic], table: Table, row: Row, unreached: bool) -> bool:
    for finding in findings:
        if finding.kind not in EXCUSES or (finding.kind in UNREFERENCED and not unreached):
            continue
        if finding.kind in PAGE_EXCUSES:
            return True
        location = finding.location
        if table.number is not None:
            if location.table == table.number and location.row in (row.number, None):
                return True
        elif location.section in (table.caption, f"{table.caption}, row {row.number}"):
            return True
    return False


def _overlay_names(row_table: Table, name: str, actions: Iterable[Mapping[str, Any]]) -> bool:
    for action in actions:
        text = " ".join(str(action.get("description", "")).split())
        if (
            action.get("remove") is True
            and row_table.number is not None
            and re.search(rf"\bTable {row_table.number}\b", text)
            and f"`{name}`" in text
        ):
            return True
    return False


def check_rows(
    expectations: Iterable[_Expectation],
    ours: OurPlaces,
    findings: Iterable[Diagnostic],
    before_overlay: OurPlaces | None = None,
    overlay_actions: Iterable[Mapping[str, Any]] = (),
) -> list[RowCheck]:
    """The verdict on every row (see the module docstring for the outcomes)."""
    findings = list(findings)
    actions = list(overlay_actions)
    names = ours.names
    checks: list[RowCheck] = []
    for expectation in expectations:
        table, row = expectation.table, expectation.row
        name = row_name(table, row)
        expected = frozenset(expectation.places)
        check = RowCheck(table.number, table.caption, row.number, name, expectation.level, expected)
        if _placed(expected, ours.places):
            check.outcome = "placed"
        elif _excused(findings, table, row, not expected):
            check.outcome = "finding"
        elif (
            before_overlay is not None
            and _placed(expected, before_overlay.places)
            and _overlay_names(table, name, actions)
        ):
            check.outcome = "overlay"
        elif name in names:
            check.outcome = "wrong-nesting"
            check.found = tuple(sorted(str(p) for p in names[name]))
        checks.append(check)
    return checks
