"""Drift: every response model reads whatever a drifting service sends, and judges only on request.

For every response schema of every target, a body with every documented field is degraded one
place at a time (`tests.contract.drift`). Each degraded body must parse into the tolerant model
without an exception, keep every value readable on its attribute, dump back to exactly what
was sent and invent nothing. The spec's own model (`_strict_models`, what
`strict_response_validation=True` uses) must reject it with a located error exactly when the
pages, read strictly, reject it; and the client must do both over a real loopback server.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import pydantic
import pytest

from tests.contract.drift import (
    Degraded,
    degradations,
    full_body,
    places,
    same_json,
    spec_accepts,
    spec_validator,
)
from tests.contract.schemas import inline
from tests.contract.targets import TARGETS, Operation, Target

MODES = ("sync", "async")
_PLAIN = pydantic.TypeAdapter(Any)


def _response_schemas() -> list[tuple[Target, str, dict[str, Any]]]:
    """(target, model name, media schema) of every response with a JSON body, once per model."""
    found: dict[tuple[str, str], tuple[Target, str, dict[str, Any]]] = {}
    for target in TARGETS:
        for operation in target.operations():
            models = dict(operation.endpoint.responses)
            for code, response in operation.spec["responses"].items():
                media = response.get("content", {}).get("application/json", {})
                name = models.get(int(code)) if str(code).isdigit() else None
                if name and media.get("schema"):
                    found.setdefault((target.name, name), (target, name, media["schema"]))
    return [found[key] for key in sorted(found)]


RESPONSES = _response_schemas()


def _cases(target: Target, schema: dict[str, Any]) -> tuple[Any, list[Degraded]]:
    inlined = inline(schema, target.spec.get("components", {}), depth=8)
    body = full_body(inlined)
    return body, list(degradations(body, inlined))


def _read(value: Any, path: tuple[str | int, ...]) -> Any:
    """The value at `path`, read the way a user reads it: attributes, then items."""
    for part in path:
        if isinstance(value, pydantic.RootModel):
            value = value.root
        if isinstance(value, pydantic.BaseModel) and isinstance(part, str):
            fields = type(value).model_fields
            python = next((n for n, f in fields.items() if (f.alias or n) == part), part)
            value = getattr(value, python)
        else:
            value = value[part]
    return value


def _check_tolerant(model: Any, degraded: Degraded) -> None:
    text = json.dumps(degraded.body)
    parsed = model.model_validate_json(text, by_alias=True, by_name=False)
    # Every value sent is readable where it was sent, and nothing else is set.
    for path, expected in places(degraded.body, every_item=True):
        assert same_json(
            expected, _PLAIN.dump_python(_read(parsed, path), mode="json", exclude_unset=True)
        ), path
    sent_back = parsed.model_dump(mode="json", by_alias=True, exclude_unset=True)
    assert same_json(degraded.body, sent_back), (degraded.body, sent_back)
    everything = parsed.model_dump(mode="json", by_alias=True)
    assert same_json(degraded.body, _without_nulls_added(everything, degraded.body))
    assert json.loads(parsed.model_dump_json(by_alias=True, exclude_unset=True)) == sent_back


def _without_nulls_added(dumped: Any, sent: Any) -> Any:
    """`dumped` without the keys that `sent` lacks, each of which must be null (never invented)."""
    if isinstance(dumped, dict) and isinstance(sent, dict):
        for key in dumped.keys() - sent.keys():
            assert dumped[key] is None, f"{key} was not sent but reads {dumped[key]!r}"
        return {k: _without_nulls_added(dumped[k], sent[k]) for k in sent}
    if isinstance(dumped, list) and isinstance(sent, list) and len(dumped) == len(sent):
        return [_without_nulls_added(d, s) for d, s in zip(dumped, sent, strict=True)]
    return dumped


@pytest.mark.parametrize("case", RESPONSES, ids=[f"{c[0].name}:{c[1]}" for c in RESPONSES])
def test_degraded_bodies_are_read_as_sent_and_judged_only_when_strict(
    case: tuple[Target, str, dict[str, Any]],
) -> None:
    target, name, schema = case
    model = getattr(target.module("models"), name)
    strict = getattr(target.module("_strict_models"), name)
    validator = spec_validator(schema, target.spec.get("components", {}))
    body, degraded_bodies = _cases(target, schema)
    assert spec_accepts(validator, body), "the generated body must be valid to start from"
    strict.model_validate_json(json.dumps(body), strict=True, by_alias=True, by_name=False)
    for degraded in degraded_bodies:
        _check_tolerant(model, degraded)
        text = json.dumps(degraded.body)
        if spec_accepts(validator, degraded.body):
            strict.model_validate_json(text, strict=True, by_alias=True, by_name=False)
            continue
        with pytest.raises(pydantic.ValidationError) as raised:
            strict.model_validate_json(text, strict=True, by_alias=True, by_name=False)
        assert all(error["loc"] or not degraded.path for error in raised.value.errors()), degraded


def _drift_operation(target: Target) -> tuple[Operation, int, Degraded] | None:
    """An operation whose success body is an object, with one of its type deviations."""
    for operation in target.operations():
        status, schema = operation.success()
        if schema is None or "$ref" not in schema:
            continue
        _, degraded = _cases(target, schema)
        wrong = [d for d in degraded if d.kind == "another JSON type" and d.path]
        if wrong:
            return operation, status, wrong[0]
    return None


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.name)
def test_the_client_reads_drift_logs_it_once_and_refuses_it_when_strict(
    target: Target, mode: str, server_for: Any, caplog: pytest.LogCaptureFixture
) -> None:
    from tests.contract.test_faults import JSON, _call

    found = _drift_operation(target)
    if found is None:
        pytest.skip(f"{target.name} has no success response with an object body")
    operation, status, degraded = found
    reply = (status, JSON, json.dumps(degraded.body).encode())
    server = server_for(target.name)
    with caplog.at_level(logging.DEBUG, logger=target.package):
        result = _call(operation, mode, server, reply)
    assert same_json(degraded.body, result.model_dump(mode="json", exclude_unset=True))
    field = ".".join("[]" if isinstance(p, int) else p for p in degraded.path).replace(".[]", "[]")
    deviations = [r.getMessage() for r in caplog.records if "deviates from the spec" in r.message]
    assert any(f"response field {field} " in m for m in deviations), deviations
    assert all(operation.operation_id in m for m in deviations)

    with pytest.raises(target.module().APIResponseValidationError) as raised:
        _call(operation, mode, server, reply, strict_response_validation=True)
    assert field in [where for where, _ in raised.value.problems]
    assert raised.value.body == reply[2]
