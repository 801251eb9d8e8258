"""The intermediate model's types: one concept each, frozen, already in Python terms.

Templates only loop over these and print their fields; every decision (names, annotations,
defaults, order, docstrings) is made by the builder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

# Where an argument goes on the wire (not `diagnostics.Location`, which places a finding).
ArgumentLocation = Literal["path", "query", "header", "body"]

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class Argument:
    """One keyword argument of an operation method."""

    python_name: str
    wire_name: str
    location: ArgumentLocation
    required: bool
    annotation: str
    description: str
    # The path parameter that defaults to the client's `project_id`.
    is_project_id: bool = False

    @property
    def signature(self) -> str:
        """The argument as it stands in the method's signature."""
        if self.required and not self.is_project_id:
            return f"{self.python_name}: {self.annotation}"
        # `None` stays last in a union (the house style, and ruff's RUF036).
        nullable = self.annotation.endswith(" | None")
        base = self.annotation.removesuffix(" | None")
        return f"{self.python_name}: {base} | NotGiven{' | None' if nullable else ''} = NOT_GIVEN"

    @property
    def stub_signature(self) -> str:
        """The argument as the type stub declares it (defaults are `...` in stubs)."""
        return self.signature.replace(" = NOT_GIVEN", " = ...")


@dataclass(frozen=True)
class ResponseModel:
    """A documented status code and the model class its body parses into (None: no body)."""

    status: int
    model: str | None


@dataclass(frozen=True)
class Paging:
    """How an operation's pages follow each other, and the page classes its methods return."""

    kind: Literal["marker", "links", "offset"]
    items: str  # the response field with a page's items (wire name)
    parameter: str  # the query parameter that moves (wire name)
    argument: str  # the method argument for it
    cursor: tuple[str, ...]  # where the next cursor (or the total) is, in wire names
    response_model: str
    page_model: str
    async_page_model: str
    # The item type, as the client module spells it (the page class's own base names it too).
    client_item_type: str = "Any"


@dataclass(frozen=True)
class Operation:
    """One API operation, as the client method and its endpoint descriptor need it."""

    operation_id: str
    method_name: str
    constant: str
    http_method: str
    path: str
    arguments: tuple[Argument, ...]
    params_model: str | None
    body_model: str | None
    body_kind: Literal["fields", "value"] | None
    body_required: bool
    responses: tuple[ResponseModel, ...]
    return_annotation: str
    docstring: str
    paging: Paging | None = None
    # The module of operations it is defined in (`_operations/<group>.py`; see `ir.layout`).
    group: str = ""

    @property
    def async_return_annotation(self) -> str:
        """A paginated method of the async client returns a paginator, without `await`."""
        if self.paging is None:
            return self.return_annotation
        page = f"_models.{self.paging.async_page_model}"
        return f"AsyncPaginator[{self.paging.client_item_type}, {page}]"

    @property
    def parameters(self) -> tuple[Argument, ...]:
        return tuple(a for a in self.arguments if a.location != "body")

    @property
    def body_arguments(self) -> tuple[Argument, ...]:
        return tuple(a for a in self.arguments if a.location == "body")

    @property
    def project_id_argument(self) -> str | None:
        return next((a.python_name for a in self.arguments if a.is_project_id), None)


@dataclass(frozen=True)
class ModelField:
    """One field of a model class: `name: annotation = default`, then its docstring."""

    name: str
    annotation: str
    # The expression after `=`; None for a field that must be given.
    default: str | None
    docstring: str


@dataclass(frozen=True)
class ModelClass:
    """One class of the models module: a model or a root model; or a value set's type alias."""

    name: str
    bases: str
    docstring: str
    fields: tuple[ModelField, ...] = ()
    # A value set is no class: `name: TypeAlias = <alias>` (a `Literal` of its values).
    alias: str | None = None

    def mentions(self) -> set[str]:
        """The identifiers its bases, alias and field types name (other classes among them)."""
        texts = (self.bases, self.alias or "", *(f.annotation for f in self.fields))
        return {name for text in texts for name in _IDENTIFIER.findall(text)}

    # The type of the extra fields an object with `additionalProperties` keeps (None: none).
    extra_values: str | None = None


@dataclass(frozen=True)
class ModelsModule:
    """The models module: its classes in definition order, and those to rebuild at the end."""

    classes: tuple[ModelClass, ...] = ()
    # Root models whose type names a class defined after them (a cycle): rebuilt once all exist.
    rebuilds: tuple[str, ...] = ()
    docstring: str = ""
    # Whether page classes (`SyncPage`, `AsyncPage` bases) are among the classes.
    has_pages: bool = False
    # A part of the split models (`_models/<name>.py`): its name, and the classes it takes
    # from the other parts, as (part, names).
    name: str = ""
    imports: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class OperationGroup:
    """The operations of one module of `_operations/` (see `generator.ir.layout`)."""

    name: str
    operations: tuple[Operation, ...]

    @property
    def uses_models(self) -> bool:
        """Whether a method of the group names a model class (`_models.X`): only then does
        the module import the models for type checkers."""
        texts = (
            text
            for op in self.operations
            for text in (
                op.return_annotation,
                op.async_return_annotation,
                *(a.annotation for a in op.arguments),
            )
        )
        return any("_models." in text for text in texts)


@dataclass(frozen=True)
class Region:
    """A region and its endpoint, as the service file publishes it, and the cloud running it."""

    name: str
    url: str
    cloud: str


@dataclass(frozen=True)
class DocumentedError:
    """One situation the service's error-code page lists for a code (see the runtime's
    `DocumentedError`, which the package constructs from these)."""

    code: str
    status: int | None
    message: str | None
    description: str | None
    measure: str | None


@dataclass(frozen=True)
class DocumentedCode:
    """An error code and every situation the documentation lists it for."""

    code: str
    entries: tuple[DocumentedError, ...]


@dataclass(frozen=True)
class Service:
    """The whole package to render."""

    name: str
    package: str
    title: str
    description: str
    version: str
    client_class: str
    async_client_class: str
    regions: tuple[Region, ...]
    operations: tuple[Operation, ...]
    model_names: tuple[str, ...]
    schema_classes: tuple[tuple[str, str], ...]
    # Schemas both sent and received: the request class of each (see `generator.ir.roles`).
    request_twins: tuple[tuple[str, str], ...]
    header: str
    readme_example: str
    models: ModelsModule = ModelsModule()
    strict_models: ModelsModule = ModelsModule()
    # The models split into the parts a program loads one by one (`_models/<part>.py`).
    model_parts: tuple[ModelsModule, ...] = ()
    error_codes: tuple[DocumentedCode, ...] = ()

    @property
    def groups(self) -> tuple[OperationGroup, ...]:
        """The operations by module, each group in the order of the spec."""
        names = dict.fromkeys(op.group for op in self.operations)
        return tuple(
            OperationGroup(name, tuple(op for op in self.operations if op.group == name))
            for name in names
        )

    @property
    def class_parts(self) -> tuple[tuple[str, str], ...]:
        """Every model class (and value set) with the part it is defined in, sorted by name."""
        return tuple(sorted((c.name, part.name) for part in self.model_parts for c in part.classes))

    @property
    def endpoint_example(self) -> str:
        """How the README's example chooses the endpoint: the first region, or a base URL."""
        return f'region="{self.regions[0].name}"' if self.regions else 'base_url="https://..."'

    @property
    def package_docstring(self) -> str:
        return (
            f"{self.title}: a typed client generated from its API reference pages.\n\n"
            f"Start with `{self.client_class}` (or `{self.async_client_class}`); models are in "
            "the `models` module."
        )

    @property
    def client_module_docstring(self) -> str:
        return f"{self.title}: the sync and async clients, one method per operation."

    @property
    def client_docstring(self) -> str:
        return f"Client of {self.title}; see the package README for configuration."

    @property
    def runtime_imports(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """What the package `__init__` imports from the runtime, by module."""
        return RUNTIME_EXPORTS

    @property
    def exports(self) -> tuple[str, ...]:
        """The package's public names, sorted (a test checks them against `__all__`)."""
        runtime = (name for _, names in RUNTIME_EXPORTS for name in names)
        names = (*runtime, *_PACKAGE_EXPORTS, self.client_class, self.async_client_class)
        # Constants first, then classes, as isort and ruff order `__all__`.
        return tuple(sorted(names, key=lambda name: (not name.isupper(), name)))


# The runtime names a package re-exports, by the runtime module that defines them: the package
# `__init__` imports them from this list and `__all__` names them (`Service.exports`).
RUNTIME_EXPORTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("_auth", ("AkSkAuth", "TokenAuth")),
    (
        "_exceptions",
        (
            "APIConnectionError",
            "APIResponseValidationError",
            "APIStatusError",
            "APITimeoutError",
            "AuthenticationError",
            "BadRequestError",
            "ConflictError",
            "DocumentedError",
            "HuaweiCloudError",
            "InternalServerError",
            "NotFoundError",
            "PermissionDeniedError",
            "RateLimitError",
        ),
    ),
    ("_raw", ("RawResponse",)),
    ("_settings", ("Region",)),
    ("_types", ("NOT_GIVEN", "NotGiven")),
)
# Defined by the package `__init__` itself.
_PACKAGE_EXPORTS = ("ERROR_CODES", "REGIONS")
