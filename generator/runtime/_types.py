"""Small shared types: the "not given" sentinel, request options and endpoint descriptors."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final, Literal

import httpx

__all__ = [
    "NOT_GIVEN",
    "Endpoint",
    "NotGiven",
    "Pagination",
    "Parameter",
    "RequestOptions",
    "TimeoutTypes",
]


class NotGiven:
    """Marks an argument the caller left out, so it is not sent at all (None may be a value).

    Compared by type (`isinstance(value, NotGiven)`), so any instance means "not given".
    """

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()

TimeoutTypes = float | httpx.Timeout | None


@dataclass(frozen=True, slots=True)
class RequestOptions:
    """Per-call overrides of the client's settings."""

    timeout: TimeoutTypes | NotGiven = NOT_GIVEN
    max_retries: int | NotGiven = NOT_GIVEN
    extra_headers: Mapping[str, str] | None = None


@dataclass(frozen=True, slots=True)
class Parameter:
    """Where one method argument goes on the wire: a parameter, or a field of the JSON body.

    For a body passed whole (`body_kind` "value") the wire name is empty.
    """

    python_name: str
    wire_name: str
    location: Literal["path", "query", "header", "body"]


@dataclass(frozen=True, slots=True)
class Pagination:
    """How one operation pages (wire names, as the spec writes them)."""

    kind: Literal["marker", "links", "offset"]
    items: str  # the response field holding a page's items
    parameter: str  # the query parameter that moves: the marker or the offset
    argument: str  # the method argument for that parameter
    # marker: the path to the next marker; links: the links field; offset: the total field.
    cursor: tuple[str, ...]
    page_model: str  # the sync client's page class, in the models module
    async_page_model: str


@dataclass(frozen=True, slots=True)
class Endpoint:
    """Everything the shared request path needs to know about one operation.

    Model names are looked up in the package's `models` module on first use, so importing
    the client does not import pydantic models.
    """

    operation_id: str
    method: str
    path: str
    parameters: tuple[Parameter, ...] = ()
    params_model: str | None = None
    body_model: str | None = None
    # "fields": the body's properties are method arguments; "value": one `body` argument.
    body_kind: Literal["fields", "value"] | None = None
    body_required: bool = False
    responses: tuple[tuple[int, str | None], ...] = ()
    project_id_argument: str | None = None
    pagination: Pagination | None = None
    # Derived once from the fields above, so that no call rebuilds them.
    wire_parameters: tuple[Parameter, ...] = field(init=False, repr=False, compare=False)
    wire_argument_names: frozenset[str] = field(init=False, repr=False, compare=False)
    body_parameters: tuple[Parameter, ...] = field(init=False, repr=False, compare=False)
    response_models: Mapping[int, str | None] = field(init=False, repr=False, compare=False)
    success_model: str | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        wire = tuple(p for p in self.parameters if p.location != "body")
        derived = {
            "wire_parameters": wire,
            "wire_argument_names": frozenset(p.python_name for p in wire),
            "body_parameters": tuple(p for p in self.parameters if p.location == "body"),
            "response_models": dict(self.responses),
            # The model of an undocumented 2xx with a body: the first documented success's.
            "success_model": next(
                (name for code, name in self.responses if 200 <= code < 300 and name), None
            ),
        }
        for name, value in derived.items():
            object.__setattr__(self, name, value)

    @property
    def idempotent(self) -> bool:
        return self.method in ("GET", "HEAD", "OPTIONS", "PUT", "DELETE")
