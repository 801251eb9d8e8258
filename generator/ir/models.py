"""Schemas → model classes: every pydantic class, annotation, constraint and default, decided here.

The input is one schema per class (`generator.ir.model_schemas`): final class names, every
nested object and enumeration hoisted into a named schema, and each field's Python name.
From it come three kinds of class: models (objects; `allOf` parts are bases), enumerations,
and root models for everything else (a list, a string with a pattern...). A field
that refers to a root model gets its type spelled out inline, so users write `tags=["a"]`, not
`tags=[TagsItem("a")]`.

Classes named in `tolerant` are response models: every field `T | None = None`, marked
`Tolerant`, with no constraint and no default, so that they keep whatever the service sends
(`generator/runtime/_model.py`). The others enforce everything the spec says.

Written here rather than by a general model generator: the names are already ours, the shapes
are few, and rendering 4,000 classes this way takes well under a second (datamodel-code-generator
needed 8-12 s for them, most of the generator's time).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from generator.diagnostics import Findings, Location, error
from generator.ir.type_expr import (
    ANY,
    CLASS_MARK,
    Member,
    TypeExpr,
    class_ref,
    distinct,
    field_arguments,
    for_client,
    is_value_set,
    literal_type,
    root_parameter,
    unmark,
)
from generator.ir.types import ModelClass, ModelField, ModelsModule, Paging
from generator.literals import pyliteral
from generator.openapi import schema_name

Schema = dict[str, Any]
Kind = Literal["model", "enum", "root"]

# JSON Schema keyword → pydantic `Field` argument, per the type the keyword applies to.
_CONSTRAINTS: dict[str, dict[str, str]] = {
    "string": {"minLength": "min_length", "maxLength": "max_length", "pattern": "pattern"},
    "number": {
        "minimum": "ge",
        "maximum": "le",
        "exclusiveMinimum": "gt",
        "exclusiveMaximum": "lt",
        "multipleOf": "multiple_of",
    },
    "array": {"minItems": "min_length", "maxItems": "max_length"},
    "object": {"minProperties": "min_length", "maxProperties": "max_length"},
}
_CONSTRAINTS["integer"] = _CONSTRAINTS["number"]
_SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}
# Formats parsed into Python objects. Others stay strings: `mode="json"` would rewrite a value
# the user gave (a URL gains a slash, a UUID loses its capitals).
_TEMPORAL = {"date-time": "AwareDatetime", "date": "_dt.date", "time": "_dt.time"}
# A response's timestamp is read with or without its zone (Huawei's often lack one).
_READ_TEMPORAL = {**_TEMPORAL, "date-time": "_dt.datetime"}
# Keywords a pydantic annotation cannot hold: reported once per class, never silently dropped.
_NOT_ENFORCED = (
    "not",
    "if",
    "then",
    "else",
    "patternProperties",
    "prefixItems",
    "contains",
    "minContains",
    "maxContains",
    "uniqueItems",
    "propertyNames",
    "dependentRequired",
    "dependentSchemas",
    "unevaluatedItems",
    "unevaluatedProperties",
)


@dataclass
class _Draft:
    """A class before the module's order is known: what it needs defined before it."""

    model: ModelClass
    needs: set[str] = field(default_factory=set)
    # A root model's type: evaluated at class creation, so its forward references are quoted.
    root: TypeExpr | None = None


class ModelsBuilder:
    """Turns the classes' schemas into the `ModelsModule` the models template prints."""

    def __init__(
        self,
        schemas: dict[str, Schema],
        field_names: dict[str, str],
        findings: Findings,
        source: str,
        tolerant: frozenset[str] = frozenset(),
        keep: frozenset[str] = frozenset(),
    ) -> None:
        self.schemas = schemas
        # Classes the package names (the spec's schemas, the endpoints' models): always kept.
        self.keep = keep
        self.tolerant = tolerant
        # Whether the class being drafted is a response model (see the module docstring).
        self._reading = False
        # Whether types are spelled without their constraints (method arguments).
        self._bare = False
        self.field_names = field_names
        self.findings = findings
        self.source = source
        self.kinds: dict[str, Kind] = {}
        self._reported: set[tuple[str, str]] = set()
        self._owner = ""

    # -- the module ------------------------------------------------------------------------
    def build(self) -> ModelsModule:
        drafts = {name: self._located_draft(name) for name in sorted(self.schemas)}
        enums = [name for name in drafts if self.kind(name) == "enum"]
        # Insertion order is the module's order: enums first, then each class after its needs.
        classes: dict[str, ModelClass] = {name: drafts[name].model for name in enums}
        visiting: set[str] = set()
        rebuilds: list[str] = []

        def visit(name: str) -> None:
            if name in classes or name in visiting or name not in drafts:
                return
            visiting.add(name)
            for need in sorted(drafts[name].needs):
                visit(need)
            visiting.discard(name)
            draft = drafts[name]
            model = draft.model
            if draft.root is not None:
                later = frozenset(draft.needs - classes.keys())  # itself, or a cycle's others
                if later:
                    rebuilds.append(name)
                model = ModelClass(
                    name=model.name,
                    bases=f"RootModel[{root_parameter(draft.root, later)}]",
                    docstring=model.docstring,
                    fields=model.fields,
                )
            classes[name] = model

        for name in drafts:
            visit(name)
        unused = self._unused_roots(classes)
        return ModelsModule(
            tuple(c for name, c in classes.items() if name not in unused),
            tuple(name for name in rebuilds if name not in unused),
        )

    def _unused_roots(self, classes: dict[str, ModelClass]) -> frozenset[str]:
        """Root models that no other class names and the package does not need by name.

        A field spells a root model's type out in place, so a nested root model (an inline
        `enum` of booleans, an array) would otherwise be a class nothing uses.
        """
        naming: Counter[str] = Counter()
        identifiers = {name: model.mentions() for name, model in classes.items()}
        for mentioned in identifiers.values():
            naming.update(mentioned)
        return frozenset(
            name
            for name, model in classes.items()
            if model.bases.startswith("RootModel[")
            and name not in self.keep
            and naming[name] == (1 if name in identifiers[name] else 0)
        )

    def pages(self, pagings: list[Paging]) -> tuple[list[ModelClass], list[Paging]]:
        """The page classes of paginated operations (after every other class), and each
        paging with its item type spelled for the models and the client module."""
        classes: list[ModelClass] = []
        spelled: list[Paging] = []
        for paging in pagings:
            response = self.schemas.get(paging.response_model, {})
            listed = response.get("properties", {}).get(paging.items, {})
            self._owner, self._reading = paging.response_model, True
            typed = self.type_of(listed.get("items") if isinstance(listed, dict) else None)
            models_item = unmark(typed.embedded)
            for name, base in (
                (paging.page_model, "SyncPage"),
                (paging.async_page_model, "AsyncPage"),
            ):
                classes.append(
                    ModelClass(
                        name=name,
                        bases=f"{paging.response_model}, {base}[{models_item}]",
                        docstring=(
                            f"A page of {paging.response_model}: iterating it yields every "
                            "item of every page (see the package README, Pagination)."
                        ),
                    )
                )
            spelled.append(replace(paging, client_item_type=for_client(typed.embedded)))
        return classes, spelled

    def argument_type(self, owner: str, field: str | None) -> str:
        """The type of a method argument, as the client module spells it.

        It is the type of the request model's field it fills (`field` of class `owner`; None
        for a body passed whole, `owner` itself), from the one function that types every
        field, without the constraints that the model enforces when the call is made.
        """
        if field is None and self.kind(owner) != "root":
            return f"_models.{owner}"
        schema = self.schemas.get(owner, {})
        if field is not None:
            schema = schema.get("properties", {}).get(field, {})
        self._owner, self._reading, self._bare = owner, False, True
        try:
            spelled = self.type_of(schema).embedded
        finally:
            self._bare = False
        return for_client(spelled)

    def kind(self, name: str, seen: frozenset[str] = frozenset()) -> Kind:
        """What class a named schema becomes (decided once; `allOf` bases first)."""
        if name not in self.kinds:
            self.kinds[name] = self._kind(self.schemas.get(name), seen | {name})
        return self.kinds[name]

    def _kind(self, schema: Any, seen: frozenset[str]) -> Kind:
        if not isinstance(schema, dict):
            return "root"
        if isinstance(schema.get("properties"), dict):
            return "model"
        if isinstance(schema.get("allOf"), list) and any(
            self._is_model_part(part, seen) for part in schema["allOf"]
        ):
            return "model"
        values = schema.get("enum")
        if isinstance(values, list) and is_value_set(values):
            return "enum"
        return "root"

    def _is_model_part(self, part: Any, seen: frozenset[str]) -> bool:
        if not isinstance(part, dict):
            return False
        if isinstance(part.get("properties"), dict):
            return True
        name = schema_name(part)
        return name is not None and name not in seen and self.kind(name, seen) == "model"

    # -- classes ---------------------------------------------------------------------------
    def _located_draft(self, name: str) -> _Draft:
        try:
            return self._draft(name)
        except TypeError as err:  # a YAML-only value (a date, bytes, a set) in a default or enum
            where = Location(section=f"components/schemas/{name}")
            raise error(self.source, where, f"{err}: not a JSON value") from err

    def _draft(self, name: str) -> _Draft:
        self._owner = name
        self._reading = name in self.tolerant
        schema = self.schemas[name]
        docstring = str(schema.get("description") or "") if isinstance(schema, dict) else ""
        kind = self.kind(name)
        if kind == "enum":
            return _Draft(self._enum(name, schema, docstring))
        if kind == "model":
            return self._model(name, schema, docstring)
        self._report_unenforced(schema)
        typed = self.type_of(schema, frozenset({name}))
        single = typed.single
        if self._reading:
            # The body's own shape is required; what it holds is kept as sent.
            annotation = f"Annotated[{typed.embedded}, TolerantContent]"
            if typed.embedded == "Any":
                annotation = "Any"
        elif single is not None and single.constraints:
            bare = single.expr + (" | None" if typed.nullable else "")
            annotation = f"Annotated[{bare}, Field({field_arguments(single.constraints)})]"
        else:
            annotation = typed.embedded
        return _Draft(
            ModelClass(
                name=name,
                bases="RootModel",
                docstring=docstring,
                fields=(ModelField("root", unmark(annotation), None, ""),),
            ),
            needs=set(CLASS_MARK.findall(annotation)),
            root=typed,
        )

    def _enum(self, name: str, schema: Schema, docstring: str) -> ModelClass:
        """A value set: a named `Literal` of its values, which fields and arguments share."""
        values = distinct(v for v in schema["enum"] if v is not None)
        return ModelClass(
            name=name,
            bases="",
            docstring=docstring,
            alias=f"Literal[{', '.join(pyliteral(v) for v in values)}]",
        )

    def _model(self, name: str, schema: Schema, docstring: str) -> _Draft:
        parts = [schema, *(p for p in schema.get("allOf", []) if isinstance(p, dict))]
        bases: list[str] = []
        properties: dict[str, Any] = {}
        required: set[str] = set()
        extra: Any = None
        for part in parts:
            base = schema_name(part) if part is not schema else None
            if base is not None:
                if base in self.schemas and self.kind(base) == "model":
                    bases.append(base)
                else:
                    self._report(f"allOf part '{base}' is not an object; it is not enforced")
                continue
            self._report_unenforced(part)
            if isinstance(part.get("properties"), dict):
                properties.update(part["properties"])
            if isinstance(part.get("required"), list):
                required.update(str(r) for r in part["required"])
            if isinstance(part.get("additionalProperties"), dict):
                extra = part["additionalProperties"]
        fields = tuple(
            self._read_field(name, str(wire), prop)
            if self._reading
            else self._field(name, str(wire), prop, str(wire) in required)
            for wire, prop in properties.items()
        )
        extra_values = None
        if extra is not None and not self._reading:  # a response keeps extra fields as sent
            extra_values = unmark(self.type_of(extra).embedded)
        default_base = "ResponseModel" if self._reading else "HuaweiModel"
        return _Draft(
            ModelClass(
                name=name,
                bases=", ".join(dict.fromkeys(bases)) or default_base,
                docstring=_with_attributes(docstring, fields),
                fields=fields,
                extra_values=extra_values,
            ),
            needs=set(bases),
        )

    def _field(self, owner: str, wire: str, schema: Any, required: bool) -> ModelField:
        python = self.field_names.get(f"{owner}.{wire}", wire)
        typed = self.type_of(schema)
        single = typed.single
        constraints = single.constraints if single is not None else ()
        if single is not None:
            core = single.expr
        elif typed.members:
            core = " | ".join(m.spelled for m in typed.members)
        else:  # `type: "null"` alone (None is added below), or a schema nothing satisfies
            core = "" if typed.nullable else "Any"
        if any(m.expr == "Any" for m in typed.members):
            core, constraints = "Any", ()
        has_default = not required and isinstance(schema, dict) and "default" in schema
        if not required and not has_default:
            core = f"{core} | MISSING" if core else "MISSING"
        if typed.nullable and core != "Any":
            core = f"{core} | None" if core else "None"
        arguments: tuple[tuple[str, Any], ...] = (
            (("alias", wire),) if python != wire else ()
        ) + constraints
        default: str | None = None
        if has_default:
            literal = self._default_literal(schema["default"], typed)
            if literal is None:
                arguments = (("default", schema["default"]), *arguments)
                default, arguments = f"Field({field_arguments(arguments)})", ()
            else:
                default = literal
        elif not required:
            default = "MISSING"
        annotation = (
            f"Annotated[{core}, Field({field_arguments(arguments)})]" if arguments else core
        )
        docstring = str(schema.get("description") or "") if isinstance(schema, dict) else ""
        return ModelField(python, unmark(annotation), default, docstring)

    def _read_field(self, owner: str, wire: str, schema: Any) -> ModelField:
        """A response model's field: `T | None = None`, tolerant, no constraint, no default."""
        python = self.field_names.get(f"{owner}.{wire}", wire)
        typed = self.type_of(schema)
        spelled = " | ".join(m.spelled for m in typed.members)
        alias = f", Field(alias={pyliteral(wire)})" if python != wire else ""
        if any(m.expr == "Any" for m in typed.members) or not spelled:
            annotation = f"Annotated[Any, Field(alias={pyliteral(wire)})]" if alias else "Any"
        else:
            annotation = f"Annotated[{spelled} | None, Tolerant{alias}]"
        docstring = str(schema.get("description") or "") if isinstance(schema, dict) else ""
        return ModelField(python, unmark(annotation), "None", docstring)

    def _default_literal(self, value: Any, typed: TypeExpr) -> str | None:
        """A default written as a plain value, when the checker accepts it for the type."""
        if value is None:
            return "None" if typed.nullable else None
        exprs = {unmark(m.expr) for m in typed.members}
        if "Any" in exprs:
            return pyliteral(value) if not isinstance(value, dict | list) else None
        for member in typed.members:
            name = CLASS_MARK.fullmatch(member.expr)
            if (
                name
                and self.kind(name.group(1)) == "enum"
                and value in self.schemas[name.group(1)]["enum"]
            ):
                return pyliteral(value)
        accepted = {bool: {"bool"}, int: {"int", "float"}, float: {"float"}, str: {"str"}}
        if exprs & accepted.get(type(value), set()):
            return pyliteral(value)
        if any(f"Literal[{pyliteral(value)}]" == e for e in exprs):
            return pyliteral(value)
        return None

    # -- types -----------------------------------------------------------------------------
    def type_of(self, schema: Any, expanding: frozenset[str] = frozenset()) -> TypeExpr:
        """The Python type of a schema; root models it refers to are spelled out inline.

        `expanding` holds the root models being spelled out: one that contains itself is named
        where it recurs (and, in a root model's own type, quoted).
        """
        if not isinstance(schema, dict):
            return ANY if schema is not False else TypeExpr()
        self._report_unenforced(schema)
        name = schema_name(schema)
        if name is not None:
            return self._ref_type(name, expanding)
        if "const" in schema:
            return literal_type([schema["const"]])
        if isinstance(schema.get("enum"), list):
            return literal_type(schema["enum"])
        for combinator in ("anyOf", "oneOf"):
            if isinstance(schema.get(combinator), list) and schema[combinator]:
                rest = {k: v for k, v in schema.items() if k != combinator}
                typed = TypeExpr()
                for option in schema[combinator]:
                    merged = {**rest, **option} if isinstance(option, dict) else option
                    typed = typed.union(self.type_of(merged, expanding))
                return typed
        parts = schema.get("allOf")
        if isinstance(parts, list) and parts:
            if len(parts) == 1 and isinstance(parts[0], dict):
                rest = {k: v for k, v in schema.items() if k != "allOf"}
                return self.type_of({**rest, **parts[0]}, expanding)
            self._report("allOf of several parts inside a field is not enforced")
            return ANY
        kinds = schema.get("type")
        if isinstance(kinds, list):
            typed = TypeExpr()
            for kind in kinds:
                typed = typed.union(self.type_of({**schema, "type": kind}, expanding))
            return typed
        return self._typed(schema, kinds, expanding)

    def _ref_type(self, name: str, expanding: frozenset[str]) -> TypeExpr:
        target = self.schemas.get(name)
        if target is None:
            return ANY
        if self.kind(name) == "root":
            if name in expanding:
                return TypeExpr((Member(class_ref(name)),))
            return self.type_of(target, expanding | {name})
        nullable = isinstance(target, dict) and (
            None in (target.get("enum") or ())
            or (isinstance(target.get("type"), list) and "null" in target["type"])
        )
        return TypeExpr((Member(class_ref(name)),), bool(nullable))

    def _typed(self, schema: Schema, kind: Any, expanding: frozenset[str]) -> TypeExpr:
        if kind == "null":
            return TypeExpr(nullable=True)
        constraints = tuple(
            (argument, schema[keyword])
            for keyword, argument in _CONSTRAINTS.get(str(kind), {}).items()
            # Responses are not judged; arguments leave it to the model that checks them.
            if keyword in schema and not (self._reading or self._bare)
        )
        if kind == "string":
            temporal = (_READ_TEMPORAL if self._reading else _TEMPORAL).get(
                str(schema.get("format"))
            )
            if temporal is not None:  # a parsed date has no length or pattern
                return TypeExpr((Member(temporal),))
            return TypeExpr((Member("str", constraints),))
        if kind in _SCALARS:
            return TypeExpr((Member(_SCALARS[kind], constraints),))
        if kind == "array":
            items = schema.get("items")
            inner = self.type_of(items, expanding) if isinstance(items, dict) else ANY
            return TypeExpr((Member(f"list[{inner.embedded}]", constraints),))
        if kind == "object" or "additionalProperties" in schema:
            values = schema.get("additionalProperties")
            inner = self.type_of(values, expanding) if isinstance(values, dict) else ANY
            return TypeExpr((Member(f"dict[str, {inner.embedded}]", constraints),))
        return ANY

    # -- findings --------------------------------------------------------------------------
    def _report_unenforced(self, schema: Any) -> None:
        if isinstance(schema, dict):
            for keyword in _NOT_ENFORCED:
                if keyword in schema:
                    self._report(f"'{keyword}' has no pydantic equivalent; it is not enforced")

    def _report(self, message: str) -> None:
        if (self._owner, message) not in self._reported:
            self._reported.add((self._owner, message))
            self.findings.warn(
                self.source,
                Location(section=f"components/schemas/{self._owner}"),
                message,
                "models",
            )


def _with_attributes(docstring: str, fields: tuple[ModelField, ...]) -> str:
    """The class docstring with an `Attributes:` section, one line per documented field.

    `help()` shows a class's docstring, not its fields' (those reach IDE hovers); the runtime
    reads the section back into the JSON Schema's property descriptions (`_model.HuaweiModel`).
    """
    documented = [(f.name, " ".join(f.docstring.split())) for f in fields if f.docstring.strip()]
    if not documented:
        return docstring
    section = "Attributes:\n" + "\n".join(f"    {name}: {text}" for name, text in documented)
    return f"{docstring.strip()}\n\n{section}" if docstring.strip() else section
