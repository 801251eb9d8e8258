"""Small shared types: the "not given" sentinel, request options and endpoint descriptors."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal

import httpx

__all__ = ["NOT_GIVEN", "Endpoint", "NotGiven", "Parameter", "RequestOptions", "TimeoutTypes"]


class NotGiven:
    """Marks an argument the caller left out, so it is not sent at all (None may be a value)."""

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

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

    @property
    def idempotent(self) -> bool:
        return self.method in ("GET", "HEAD", "OPTIONS", "PUT", "DELETE")
