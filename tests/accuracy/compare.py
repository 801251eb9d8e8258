"""Matching an operation of our document with Huawei's SDK, and what the SDK does not confirm."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from tests.accuracy.our_operations import OurOperation
from tests.accuracy.sdk_reference import PLACEHOLDER, SdkOperation

# ---------------------------------------------------------------------------------------------
# Matching operations across sources
# ---------------------------------------------------------------------------------------------


def path_shape(path: str) -> str:
    """The path with parameter names erased, so `{loadbalancer_id}` and `{id}` still match.

    Literal segments keep their case: URLs are case-sensitive, and a case difference between
    sources is a finding, not noise. A query string, repeated and trailing slashes are dropped
    because they do not change which operation a path names.
    """
    path = path.split("?", 1)[0].split("#", 1)[0]
    path = PLACEHOLDER.sub("{}", path)
    path = re.sub(r"/{2,}", "/", path)
    if len(path) > 1:
        path = path.rstrip("/")
    return path


def index_by_shape(
    operations: Iterable[SdkOperation],
) -> dict[tuple[str, str], list[SdkOperation]]:
    """Operations keyed by `(METHOD, path_shape)`; a list because several SDK operations can
    share one (the v2 tag batch create and delete both `POST .../tags/action`)."""
    index: dict[tuple[str, str], list[SdkOperation]] = {}
    for operation in operations:
        key = (operation.method.upper(), path_shape(operation.path))
        index.setdefault(key, []).append(operation)
    return index


# ---------------------------------------------------------------------------------------------
# Kinds and their comparison
# ---------------------------------------------------------------------------------------------


def compatible(our_kind: str, sdk_kind: str) -> bool:
    """Whether our kind for a field agrees with the SDK's, allowing for known imprecision.

    - Equal kinds agree.
    - Our `integer` against the SDK's `number`: the SDK types a documented "Number" as `float`
      even when the values are whole, and every integer is a valid number; the reverse (ours
      `number`, SDK `integer`) would let our client send fractions the service refuses, so it
      is reported.
    - The SDK's `any`: the SDK generator had no type for the field (an untyped model class),
      so there is nothing to disagree with.
    - `object`, `map` and `any` agree with each other: a free-form object (`object` in the SDK,
      an object without properties or an untyped schema in ours) and a map both describe a JSON
      object whose keys are not fixed, and the transcription of "Map<String,String>" versus
      "Object" on a page is a matter of wording.
    - Everything else (`string` vs `integer`, `array` vs `object`, our `any` vs a scalar) is a
      real disagreement.
    """
    if our_kind == sdk_kind or sdk_kind == "any":
        return True
    if our_kind == "integer" and sdk_kind == "number":
        return True
    free_form = {"object", "map", "any"}
    return our_kind in free_form and sdk_kind in free_form


# ---------------------------------------------------------------------------------------------
# Comparing one of our operations with the SDK's
# ---------------------------------------------------------------------------------------------

PARAMETER_LOCATIONS = ("path", "query", "header")
DIFFERENCES = ("missing", "kind", "required", "optional")


@dataclass(frozen=True, order=True)
class Mismatch:
    """One name or path of ours that the SDK operation does not confirm.

    `where` is a parameter location (`path`, `query`, `header`) or a body (`request`,
    `response`); `difference` is `missing` (the SDK has no such name), `kind` (incompatible
    types), `required` / `optional` (a request field's flag, ours, that the SDK does not share).
    """

    where: str
    field: str
    difference: str
    detail: str = ""

    def __str__(self) -> str:
        suffix = "parameter" if self.where in PARAMETER_LOCATIONS else "field"
        noun = f"{self.where} {suffix}"
        if self.difference == "missing":
            return f"{noun} '{self.field}' is not in the SDK"
        if self.difference == "kind":
            return f"{noun} '{self.field}' is {self.detail}"
        return f"{noun} '{self.field}' is {self.difference} here, not in the SDK"


def compare_operations(ours: OurOperation, sdk: SdkOperation) -> list[Mismatch]:
    """Every parameter name (per location) and body field path of ours the SDK does not confirm:
    absent there, of an incompatible kind, or (request fields only) of another required flag.
    What only the SDK has is not a mismatch: the SDK is newer than the pages."""
    problems: list[Mismatch] = []
    for location, our_names, sdk_names in (
        ("path", ours.path_params, sdk.path_params),
        ("query", ours.query_params, sdk.query_params),
        ("header", ours.header_params, sdk.header_params),
    ):
        for name in sorted(our_names):
            if name not in sdk_names:
                problems.append(Mismatch(location, name, "missing"))
                continue
            # `project_id` and other parameters the SDK fills itself have no SDK kind.
            our_kind, sdk_kind_ = ours.param_kinds.get(name), sdk.param_kinds.get(name)
            if our_kind and sdk_kind_ and not compatible(our_kind, sdk_kind_):
                problems.append(
                    Mismatch(location, name, "kind", f"{our_kind}, the SDK says {sdk_kind_}")
                )
    for path, kind in sorted(ours.request_fields.items()):
        if path not in sdk.request_fields:
            problems.append(Mismatch("request", path, "missing"))
        elif not compatible(kind, sdk.request_fields[path]):
            detail = f"{kind}, the SDK says {sdk.request_fields[path]}"
            problems.append(Mismatch("request", path, "kind", detail))
        elif ours.request_required.get(path, False) != (path in sdk.request_required):
            flag = "required" if ours.request_required.get(path) else "optional"
            problems.append(Mismatch("request", path, flag))
    for path, kind in sorted(ours.response_fields.items()):
        if path not in sdk.response_fields:
            problems.append(Mismatch("response", path, "missing"))
        elif not compatible(kind, sdk.response_fields[path]):
            detail = f"{kind}, the SDK says {sdk.response_fields[path]}"
            problems.append(Mismatch("response", path, "kind", detail))
    return problems
