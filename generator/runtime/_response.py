"""Reading a success's body into its model: tolerant by default, judged only when asked.

The pages drift from the service, so a body is read as sent (`_model.ResponseModel`): only a
body that is not JSON, or whose top-level shape cannot be the operation's, fails the call.
`strict_response_validation=True` checks the body against the spec's own models first
(`_strict_models`, imported on first use) and fails with every located problem. With the
package logger at DEBUG, the same check names each deviation once per operation and field.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Mapping, Sequence
from types import ModuleType
from typing import Any

import httpx

from ._exceptions import APIResponseValidationError

# One of pydantic's `ValidationError.errors()`: loc, msg, type, input.
ErrorDetails = Mapping[str, Any]

__all__ = ["ResponseReader"]


class ResponseReader:
    """Parses bodies for one client; remembers which deviations it has logged already."""

    def __init__(self, package: str, logger: logging.Logger, *, strict: bool) -> None:
        self.package = package
        self.strict = strict
        self._logger = logger
        self._strict_models: ModuleType | None = None
        self._reported: set[tuple[str, str, str]] = set()

    def read(
        self,
        models: ModuleType,
        operation_id: str,
        model_name: str,
        response: httpx.Response,
        *,
        into: str | None = None,
    ) -> Any:
        """The body as an instance of `into` (default: `model_name`, the spec's response class).

        Deviations are judged against `model_name` as the spec states it.
        """
        from pydantic import ValidationError

        body = response.content
        if self.strict or self._logger.isEnabledFor(logging.DEBUG):
            problems = self._deviations(model_name, body)
            if problems and self.strict:
                raise _invalid(response, model_name, problems, "does not match the spec")
            self._log(operation_id, problems)
        try:
            # Wire names only: a Python field name in the body must not fill another field.
            return getattr(models, into or model_name).model_validate_json(
                body, by_alias=True, by_name=False
            )
        except ValidationError as err:  # not JSON, or a shape that cannot be the operation's
            raise _invalid(response, model_name, err.errors(), "cannot be read") from err

    def _deviations(self, model_name: str, body: bytes) -> Sequence[ErrorDetails]:
        """Where `body` departs from the spec's model (empty when it agrees)."""
        from pydantic import ValidationError

        if self._strict_models is None:
            self._strict_models = importlib.import_module(f"{self.package}._strict_models")
        model = getattr(self._strict_models, model_name)
        try:
            model.model_validate_json(body, strict=True, by_alias=True, by_name=False)
        except ValidationError as err:
            return err.errors(include_url=False)
        return ()

    def _log(self, operation_id: str, problems: Sequence[ErrorDetails]) -> None:
        for problem in problems:
            field = _field_path(problem["loc"])
            key = (operation_id, field, problem["type"])
            if key in self._reported:
                continue
            self._reported.add(key)
            self._logger.debug(
                "%s: response field %s deviates from the spec (%s; received %s); kept as sent",
                operation_id,
                field,
                problem["msg"],
                "nothing" if problem["type"] == "missing" else _json_type(problem["input"]),
            )


def _invalid(
    response: httpx.Response, model_name: str, problems: Sequence[ErrorDetails], verdict: str
) -> APIResponseValidationError:
    located = tuple((_field_path(p["loc"]), p["msg"]) for p in problems)
    where, message = located[0] if located else ("body", "invalid")
    return APIResponseValidationError(
        f"HTTP {response.status_code}: the body {verdict} as {model_name} "
        f"({len(located)} problem(s); first at {where}: {message})",
        response=response,
        body=response.content,
        problems=located,
    )


def _field_path(location: Sequence[int | str]) -> str:
    """`loadbalancers[].name`: the field, whatever item of a list it was found in."""
    path = ""
    for part in location:
        if isinstance(part, int):
            path += "[]"
        else:
            path += f".{part}" if path else str(part)
    return path or "body"


def _json_type(value: object) -> str:
    names = {bool: "boolean", int: "integer", float: "number", str: "string", list: "array"}
    if value is None:
        return "null"
    return next((n for t, n in names.items() if isinstance(value, t)), "object")
