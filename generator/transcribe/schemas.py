"""Table rows become JSON Schemas: types, descriptions, constraints, and object tables by name.

An object is referred to by a link to its table's anchor (the `:ref:` role, an HTML link), by
its table's caption (`VpcAndSubNet`, `listener parameter description`) or, on older pages, by
"see Table N" in the referring row's description. A link is the surest of the three: it names the
table itself, whatever the table's title.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from generator.casing import pascal_case
from generator.diagnostics import Findings, Location, clip, error
from generator.openapi import SCHEMA_REF, ref_name
from generator.transcribe.description import Description, bound_head, parse_description
from generator.transcribe.page import Cell, Page, Row, Table
from generator.transcribe.prose import read_enumeration
from generator.transcribe.ranges import limit_keywords, range_keywords
from generator.transcribe.tables import (
    OBJECT,
    has_type_column,
    object_name,
    referenced_tables,
    table_kind,
)
from generator.transcribe.types import (
    ArrayOf,
    FreeObject,
    Loose,
    MapOf,
    ObjectRef,
    OneOf,
    Scalar,
    TypeExpr,
    UnknownTypeError,
    loose_type,
    parse_type,
)

Schema = dict[str, Any]
# Real pages nest object tables a few levels deep; each level costs several stack frames here.
MAX_OBJECT_DEPTH = 32
_PASCAL = re.compile(r"^[A-Z][A-Za-z0-9]*$")


@dataclass(frozen=True)
class Field:
    """One row, read: its name, whether it is mandatory, its schema and its description."""

    name: str
    required: bool
    schema: Schema
    description: Description


class SchemaBuilder:
    """Turns the rows of one page's tables into schemas, collecting the page's named objects."""

    def __init__(self, page: Page, findings: Findings) -> None:
        self.page = page
        self.source = page.source
        self.findings = findings
        self.schemas: dict[str, Schema] = {}
        self.objects: dict[str, list[Table]] = {}
        self.by_number: dict[int, Table] = {
            t.number: t for t in page.tables if t.number is not None
        }
        self.by_anchor: dict[str, Table] = {anchor: t for t in page.tables for anchor in t.anchors}
        self.used: set[int] = set()
        # Which table each schema name was built from, and the name given to each table: two
        # different tables of one name (request and response `whitelist`) need two schemas.
        self._owners: dict[str, Table] = {}
        self._names: dict[int, str] = {}
        # The object tables being built, outermost first: bounds how deep tables may nest.
        self._building: list[str] = []
        for table in page.tables:
            if table_kind(table) == OBJECT:
                name = object_name(table)
                if name is not None:
                    self.objects.setdefault(name, []).append(table)

    # -- helpers --------------------------------------------------------------------------
    def warn(self, location: Location, message: str, kind: str) -> None:
        self.findings.warn(self.source, location, message, kind)

    @staticmethod
    def at(table: Table, row: Row | None = None) -> Location:
        if table.number is None:
            return Location(
                section=table.caption if row is None else f"{table.caption}, row {row.number}"
            )
        return Location(table=table.number, row=row.number if row else None)

    @staticmethod
    def cell(table: Table, row: Row, *names: str) -> Cell | None:
        """The row's cell in the first column titled one of `names` (case-folded titles)."""
        for index, title in enumerate(table.header):
            if title.casefold() in names and index < len(row.cells):
                return row.cells[index]
        return None

    @classmethod
    def column(cls, table: Table, row: Row, *names: str) -> str | None:
        cell = cls.cell(table, row, *names)
        return cell.text if cell is not None else None

    @classmethod
    def description_lines(cls, table: Table, row: Row) -> tuple[str, ...]:
        cell = cls.cell(table, row, "description")
        return cell.lines if cell is not None else ()

    def linked_tables(self, table: Table, row: Row) -> list[Table]:
        """The object tables the row links to: from its Type cell, else its Description cell."""
        for titles in (("type", "parameter type"), ("description",)):
            cell = self.cell(table, row, *titles)
            if cell is not None:
                targets = _object_tables(
                    (self.by_anchor.get(link.target) for link in cell.links), table
                )
                if targets:
                    return targets
        return []

    # -- rows -----------------------------------------------------------------------------
    def field(self, table: Table, row: Row, *, parameter: bool = False) -> Field:
        """A table row as a named schema with its description and constraints applied.

        `parameter` says the row is a path, query or header parameter, whose values are text.
        """
        name = self.column(table, row, "parameter", "parameter name", "name") or ""
        if not name:
            raise error(self.source, self.at(table, row), "row has no parameter name")
        mandatory = (self.column(table, row, "mandatory", "required") or "").casefold()
        type_expr = self._row_type(table, row, name, parameter)
        description = parse_description(self.description_lines(table, row))
        schema: Schema = {"description": description.definition} if description.definition else {}
        schema.update(self._type_schema(type_expr, table, row, name, description, parameter))
        self._apply_description(schema, description, type_expr, table, row, name)
        return Field(name, mandatory in ("yes", "true"), schema, description)

    def _row_type(self, table: Table, row: Row, name: str, parameter: bool) -> TypeExpr:
        """The row's type; a row whose type the page does not state, or states in words no rule
        reads, is still a field: typed as loosely as needed, with a finding quoting the cell."""
        text = self.column(table, row, "type", "parameter type")
        if text is None:
            if parameter:
                # Older pages' path tables have no Type column: a parameter's value is text.
                self.warn(
                    self.at(table, row),
                    f"'{name}': the table has no Type column; the parameter is taken as a string",
                    "untyped-parameter",
                )
                return Scalar("string")
            self.warn(
                self.at(table, row),
                f"'{name}': the table has no Type column; any value is accepted",
                "unknown-type",
            )
            return Loose("", "any")
        try:
            return parse_type(text)
        except UnknownTypeError:
            loose = loose_type(text)
            meaning = {
                "array": "an array of any values",
                "object": "an open object",
                "any": "any value",
            }[loose.kind]
            self.warn(
                self.at(table, row),
                f"unknown type '{clip(text, 80)}' for '{name}': taken as {meaning}",
                "unknown-type",
            )
            return loose

    def _type_schema(
        self,
        type_expr: TypeExpr,
        table: Table,
        row: Row,
        name: str,
        description: Description,
        parameter: bool = False,
    ) -> Schema:
        if isinstance(type_expr, Scalar):
            schema: Schema = {"type": type_expr.json_type}
            if type_expr.format:
                schema["format"] = type_expr.format
            return schema
        if isinstance(type_expr, ObjectRef):
            linked = self.linked_tables(table, row)
            target = None
            if len(linked) == 1:
                named = self.find_object(type_expr.name, table)
                target = self._checked_target(type_expr.name, linked[0], named, table, row)
            return self.reference(type_expr.name, table, row, target)
        if isinstance(type_expr, FreeObject):
            objects = self._implicit_objects(name, table, row, description)
            return self._objects(objects, name, table, row) if objects else {"type": "object"}
        if isinstance(type_expr, ArrayOf):
            if type_expr.items is None or isinstance(type_expr.items, FreeObject):
                objects = self._implicit_objects(name, table, row, description)
                if objects:
                    return {"type": "array", "items": self._objects(objects, name, table, row)}
                if type_expr.items is None and parameter:
                    # A repeated parameter (`id=xxx&id=xxx`) carries text values.
                    self.warn(
                        self.at(table, row),
                        f"'{name}' is an Array parameter whose item type the page does not state; items taken as strings",
                        "assumed-item-type",
                    )
                    return {"type": "array", "items": {"type": "string"}}
                if type_expr.items is None:
                    self.warn(
                        self.at(table, row),
                        f"'{name}' is an Array whose item type the page does not state",
                        "untyped-array",
                    )
                    return {"type": "array"}
                return {"type": "array", "items": {"type": "object"}}
            return {
                "type": "array",
                "items": self._type_schema(type_expr.items, table, row, name, description),
            }
        if isinstance(type_expr, Loose):
            if type_expr.kind == "any" and parameter:
                return {"type": "string"}
            return {"type": type_expr.kind} if type_expr.kind != "any" else {}
        if isinstance(type_expr, MapOf):
            return {
                "type": "object",
                "additionalProperties": self._type_schema(
                    type_expr.values, table, row, name, description
                ),
            }
        assert isinstance(type_expr, OneOf)
        return {
            "oneOf": [
                self._type_schema(option, table, row, name, description)
                for option in type_expr.options
            ]
        }

    def _implicit_objects(
        self, name: str, referrer: Table, row: Row, description: Description
    ) -> list[Table]:
        """The tables an `Object`/`Array` row means: the tables it links to, else those its
        description refers to ("see Table N"; several when the object depends on another field:
        "If action is add, see Table 3 ... If action is delete, see Table 4"), else the table of
        its name."""
        numbers = referenced_tables(
            " ".join(filter(None, (description.definition, description.range)))
        )
        targets = self.linked_tables(referrer, row) or _object_tables(
            (self.by_number.get(number) for number in numbers), referrer
        )
        if len(targets) > 1:
            return targets
        named = self.find_object(name, referrer)
        if not targets:
            return [named] if named is not None else []
        return [self._checked_target(name, targets[0], named, referrer, row)]

    def _checked_target(
        self, name: str, target: Table, named: Table | None, referrer: Table, row: Row
    ) -> Table:
        """The table a row refers to (by link or number), unless that is the page's slip: it
        names a table of another object, or one of the other side (a response table from a
        request row), while a table of this row's own name stands beside it."""
        if (
            named is not None
            and named is not target
            and named.section == referrer.section
            and object_name(named) == name
            and (object_name(target) != name or target.section != referrer.section)
        ):
            self.warn(
                self.at(referrer, row),
                f"'{name}' refers to table {target.number} ('{target.caption}' under "
                f"'{target.section}'), but table {named.number} under '{named.section}' "
                f"is named '{named.caption}'; the table of its name is used",
                "misdirected-reference",
            )
            return named
        return target

    def _objects(self, tables: list[Table], name: str, referrer: Table, row: Row) -> Schema:
        """A reference to the object of one table, or `anyOf` the objects of several."""
        references: list[Schema] = []
        for table in tables:
            reference = self.reference(object_name(table) or name, referrer, row, table)
            if reference not in references:
                references.append(reference)
        if len(references) == 1:
            return references[0]
        numbers = ", ".join(str(t.number) for t in tables)
        self.warn(
            self.at(referrer, row),
            f"'{name}' refers to tables {numbers}: it is any of their objects (anyOf)",
            "alternative-tables",
        )
        return {"anyOf": references}

    def find_object(self, name: str, referrer: Table) -> Table | None:
        tables = self.objects.get(name)
        if not tables:
            return None
        same_side = [t for t in tables if t.section == referrer.section and t is not referrer]
        return (same_side or [t for t in tables if t is not referrer] or tables)[0]

    def reference(self, name: str, table: Table, row: Row, target: Table | None = None) -> Schema:
        target = target or self.find_object(name, table)
        if target is None:
            # The object is described elsewhere (another page, a table the page names
            # differently): the field is still there, as an open object.
            self.warn(
                self.at(table, row),
                f"refers to object table '{name}', which the page lacks; taken as an open object",
                "missing-table",
            )
            return {"type": "object"}
        schema_name = name if _PASCAL.match(name) else pascal_case(name)
        if schema_name not in self.schemas and len(self._building) >= MAX_OBJECT_DEPTH:
            raise error(
                self.source,
                self.at(table, row),
                f"object tables nested more than {MAX_OBJECT_DEPTH} deep "
                f"({self._building[0]} → … → {schema_name})",
                "too-deep",
            )
        return {"$ref": SCHEMA_REF + self.object_schema(schema_name, target)}

    def object_schema(self, schema_name: str, table: Table) -> str:
        """Build the schema of an object table (once per table); returns the schema's name.

        A name already taken by another table with different rows gets the table's section
        (`WhitelistResponse`), else a number, and a finding; identical tables share a schema.
        """
        self.used.add(id(table))
        if id(table) in self._names:
            return self._names[id(table)]
        owner = self._owners.get(schema_name)
        if owner is not None and not _same_rows(owner, table):
            renamed = self._free_name(schema_name, table)
            self.warn(
                self.at(table),
                f"object table '{table.caption}' has the name of table {owner.number} "
                f"('{owner.caption}') but other rows; its schema is named '{renamed}'",
                "renamed-table",
            )
            schema_name = renamed
        self._names[id(table)] = schema_name
        if schema_name in self._owners:
            return schema_name
        self._owners[schema_name] = table
        self._building.append(schema_name)
        try:
            self.schemas[schema_name] = self.object_from_rows([table])
        finally:
            self._building.pop()
        return schema_name

    def tables_of(self, schema: Any) -> list[Table]:
        """The object tables whose schemas `schema` refers to, anywhere inside it."""
        found: list[Table] = []
        if isinstance(schema, dict):
            name = ref_name(schema.get("$ref"))
            owner = self._owners.get(name) if name is not None else None
            if owner is not None:
                found.append(owner)
            for value in schema.values():
                found += [t for t in self.tables_of(value) if t not in found]
        elif isinstance(schema, list):
            for item in schema:
                found += [t for t in self.tables_of(item) if t not in found]
        return found

    def _free_name(self, base: str, table: Table) -> str:
        side = table.section.split()[0] if table.section.split() else ""
        candidates = [base + pascal_case(side)] if side else []
        candidates += [f"{base}{n}" for n in range(2, len(self._owners) + 3)]
        return next(c for c in candidates if c not in self._owners and c not in self.schemas)

    def object_from_rows(
        self, tables: list[Table], rows: list[tuple[Table, Row]] | None = None
    ) -> Schema:
        """An object schema of the given tables' rows (or of the given rows only)."""
        properties: dict[str, Schema] = {}
        required: list[str] = []
        for table, row in rows if rows is not None else [(t, r) for t in tables for r in t.rows]:
            field = self.field(table, row)
            if field.name in properties:
                self.warn(
                    self.at(table, row),
                    f"'{field.name}' is listed twice; the first row is kept",
                    "duplicate-row",
                )
                continue
            properties[field.name] = field.schema
            if field.required:
                required.append(field.name)
        schema: Schema = {"type": "object", "properties": properties}
        if required:
            schema["required"] = required
        return schema

    # -- descriptions → keywords ---------------------------------------------------------------
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
        if description.constraints:
            schema["x-huawei-constraints"] = description.constraints
        if description.range:
            keywords = range_keywords(description.range, type_expr)
            if keywords is None:
                # A labelled range may go on after its bound: "1 to 64 characters, including
                # letters and digits" still bounds the length (the characters stay described).
                keywords = range_keywords(bound_head(description.range), type_expr)
            if keywords is None:
                schema["x-huawei-range"] = description.range
                self.warn(
                    self.at(table, row),
                    f"range '{description.range}' on '{name}' ({type_text(type_expr)}) cannot become a constraint; kept as x-huawei-range",
                    "unconverted-range",
                )
            else:
                merge(schema, keywords)
        if description.minimum is not None or description.maximum is not None:
            keywords = limit_keywords(description.minimum, description.maximum, type_expr)
            if keywords is None:
                schema["x-huawei-range"] = (
                    f"Minimum: {description.minimum}, Maximum: {description.maximum}"
                )
                self.warn(
                    self.at(table, row),
                    f"Minimum/Maximum on '{name}' cannot become a constraint; kept as x-huawei-range",
                    "unconverted-range",
                )
            else:
                merge(schema, keywords)
        values = description.enumeration
        if not values:
            prose = read_enumeration(description.definition_lines, name)
            values = prose.values
            if prose.doubt is not None and not _is_boolean(type_expr):
                self.warn(
                    self.at(table, row),
                    f"values listed for '{name}' not taken as an enum: {prose.doubt}; kept as description",
                    "prose-enum",
                )
        if values:
            self._apply_enumeration(schema, values, type_expr, table, row, name)
        if description.default is not None:
            self._apply_default(schema, description.default, type_expr, table, row, name)

    def _apply_enumeration(
        self,
        schema: Schema,
        values: tuple[str, ...],
        type_expr: TypeExpr,
        table: Table,
        row: Row,
        name: str,
    ) -> None:
        converted = [scalar_value(v, type_expr) for v in values]
        if any(v is None for v in converted):
            schema["x-huawei-enumeration"] = list(values)
            self.warn(
                self.at(table, row),
                f"enumeration of '{name}' does not fit its type; kept as x-huawei-enumeration",
                "unconverted-enum",
            )
            return
        if _is_boolean(type_expr) and set(converted) == {True, False}:
            # Listing both booleans says nothing about the field: no enumeration, no finding.
            return
        target = schema["items"] if isinstance(type_expr, ArrayOf) and "items" in schema else schema
        target["enum"] = list(dict.fromkeys(converted))

    def _apply_default(
        self, schema: Schema, text: str, type_expr: TypeExpr, table: Table, row: Row, name: str
    ) -> None:
        value = default_value(text, type_expr, schema)
        if value is None:
            schema["x-huawei-default"] = text
            self.warn(
                self.at(table, row),
                f"default '{text}' of '{name}' is not a value of its type; kept as x-huawei-default",
                "unconverted-default",
            )
        else:
            schema["default"] = value


# A string default the page states as a value: one token, no placeholder (`${protocol}`) and
# no prose ("Automatically generated", "the project ID", "None").
_STRING_VALUE = re.compile(r"[A-Za-z0-9_.:/@+-]+")
_NO_VALUE = frozenset({"none", "null", "n/a", "na", "empty", "-", "--"})


def default_value(text: str, type_expr: TypeExpr, schema: Schema) -> Any:
    """A page's default as a JSON value of the field's type, or None when it is prose."""
    stripped = text.strip()
    quoted = len(stripped) > 1 and stripped[0] == stripped[-1] and stripped[0] in "\"'"
    literal = stripped[1:-1] if quoted else stripped.rstrip(".")
    value = scalar_value(literal, type_expr)
    if not isinstance(value, str):
        return value
    values = (schema.get("items") if isinstance(type_expr, ArrayOf) else schema) or {}
    if isinstance(values.get("enum"), list):
        return value if value in values["enum"] else None
    if quoted:
        return value
    if not _STRING_VALUE.fullmatch(value) or value.casefold() in _NO_VALUE:
        return None
    return value


def _is_boolean(type_expr: TypeExpr) -> bool:
    """Whether the field (or each item of the array field) is a boolean."""
    target = type_expr.items if isinstance(type_expr, ArrayOf) else type_expr
    return isinstance(target, Scalar) and target.json_type == "boolean"


def _object_tables(candidates: Iterable[Table | None], referrer: Table) -> list[Table]:
    """The candidates (by link or by number) that are object tables other than the referrer,
    each once, in order."""
    found: list[Table] = []
    for table in candidates:
        if (
            table is not None
            and table is not referrer
            and has_type_column(table)
            and table not in found
        ):
            found.append(table)
    return found


def _same_rows(first: Table, second: Table) -> bool:
    """Whether two tables say the same thing (header and cells), whatever their captions."""
    return first.header == second.header and [r.cells for r in first.rows] == [
        r.cells for r in second.rows
    ]


def merge(target: Schema, keywords: Schema) -> None:
    for key, value in keywords.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            merge(target[key], value)
        else:
            target[key] = value


def scalar_value(text: str, type_expr: TypeExpr) -> Any:
    """A page value (`true`, `10`, `ACTIVE`) as JSON of the given type, or None if it does not fit."""
    target = type_expr.items if isinstance(type_expr, ArrayOf) else type_expr
    if not isinstance(target, Scalar):
        return None
    if target.json_type == "string":
        return text
    if target.json_type == "boolean":
        return {"true": True, "false": False}.get(text.casefold())
    try:
        number = int(text) if target.json_type == "integer" else float(text)
    except ValueError:
        return None
    # `nan`, `inf` and 400-digit numbers parse as floats but are no JSON value.
    return number if isinstance(number, int) or math.isfinite(number) else None


def type_text(type_expr: TypeExpr) -> str:
    if isinstance(type_expr, Scalar):
        return type_expr.json_type
    if isinstance(type_expr, ObjectRef):
        return f"{type_expr.name} object"
    if isinstance(type_expr, ArrayOf):
        if isinstance(type_expr.items, ObjectRef):
            return f"an array of {type_expr.items.name} objects"
        return (
            "an array" if type_expr.items is None else f"an array of {type_text(type_expr.items)}"
        )
    if isinstance(type_expr, MapOf):
        return "a map"
    return "an object"
