"""Merges page transcripts and the hand-written service file into one OpenAPI document.

Schema names are global in a spec while pages name tables locally: the same name must mean
the same schema, so a clash is renamed deterministically (`<OperationId><Name>`) and reported.
"""

from __future__ import annotations

import copy
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from generator.diagnostics import Findings, Location
from generator.openapi import OPERATION_METHODS, rename_refs
from generator.transcribe.operation import Transcript
from generator.transcribe.uri import VERSION

Document = dict[str, Any]
_TOP_ORDER = (
    "openapi",
    "info",
    "jsonSchemaDialect",
    "servers",
    "security",
    "tags",
    "paths",
    "webhooks",
    "components",
)
_COMPONENT_ORDER = (
    "schemas",
    "responses",
    "parameters",
    "requestBodies",
    "headers",
    "securitySchemes",
)


def _info_from_pages(transcripts: list[Transcript], findings: Findings) -> Document:
    """The spec's `info` when no service file gives it: a title from the pages, and the API
    version most of their paths carry (`/v5/...` → `v5`)."""
    versions = Counter(
        f"v{match.group(1)}" for t in transcripts if (match := VERSION.match(t.path)) is not None
    )
    version = versions.most_common(1)[0][0] if versions else "unversioned"
    first = transcripts[0]
    title = (
        first.operation.get("summary") or first.operation_id
        if len(transcripts) == 1
        else f"API of {len(transcripts)} reference pages"
    )
    findings.warn(
        first.source,
        Location(section="info"),
        f"no service file: the spec's info is taken from the pages (title '{title}', version "
        f"'{version}'); it has no endpoints and no AK/SK scheme until a service file gives them",
        "info-from-pages",
    )
    return {"title": title, "version": version}


def merge_spec(transcripts: list[Transcript], service: Document, findings: Findings) -> Document:
    """The document: service facts, then every operation, schemas renamed where pages clash."""
    document = copy.deepcopy(service)
    document.setdefault("openapi", "3.1.0")
    if "info" not in document:
        document["info"] = _info_from_pages(transcripts, findings)
    components = document.setdefault("components", {})
    schemas: dict[str, Any] = components.setdefault("schemas", {})
    schemes: dict[str, Any] = components.setdefault("securitySchemes", {})
    paths: dict[str, Any] = {}
    operation_ids: dict[str, str] = {}
    error_response = _error_response(components)
    for transcript in _each_uri(transcripts):
        if transcript.method in paths.get(transcript.path, {}):
            # Two pages document one operation: the first (in file order) is kept.
            findings.warn(
                transcript.source,
                Location(section="URI"),
                f"{transcript.method.upper()} {transcript.path} is already documented by "
                f"{operation_ids[paths[transcript.path][transcript.method]['operationId']]}; this page is left out",
                "duplicate-operation",
            )
            continue
        if transcript.operation_id in operation_ids:
            renamed = _free_operation_id(transcript.operation_id, operation_ids)
            findings.warn(
                transcript.source,
                Location(section="title"),
                f"operationId '{transcript.operation_id}' is also produced by "
                f"{operation_ids[transcript.operation_id]}; this one becomes '{renamed}'",
                "duplicate-name",
            )
            transcript = replace(
                transcript,
                operation_id=renamed,
                operation={**transcript.operation, "operationId": renamed},
            )
        operation_ids[transcript.operation_id] = transcript.source
        renames = _place_schemas(transcript, schemas, findings)
        operation = rename_refs(transcript.operation, renames)
        _attach_error_responses(operation, error_response)
        paths.setdefault(transcript.path, {})[transcript.method] = operation
        for name, scheme in transcript.security_schemes.items():
            _merge_scheme(schemes.setdefault(name, {}), scheme)
    document["paths"] = {
        path: {m: paths[path][m] for m in OPERATION_METHODS if m in paths[path]}
        for path in sorted(paths)
    }
    components["schemas"] = dict(sorted(schemas.items()))
    components["securitySchemes"] = dict(sorted(schemes.items()))
    document["components"] = _ordered(components, _COMPONENT_ORDER)
    return _ordered(document, _TOP_ORDER)


def _each_uri(transcripts: list[Transcript]) -> Iterator[Transcript]:
    """Every transcript, then one more for each further URI its page publishes the operation
    under: the same operation (a copy), at that path and under that name."""
    for transcript in transcripts:
        yield transcript
        for path, name in transcript.other_uris:
            yield replace(
                transcript,
                path=path,
                operation_id=name,
                operation={**copy.deepcopy(transcript.operation), "operationId": name},
                findings=(),
                other_uris=(),
            )


def _free_operation_id(base: str, taken: dict[str, str]) -> str:
    counter = 2
    while f"{base}{counter}" in taken:
        counter += 1
    return f"{base}{counter}"


def _ordered(mapping: Document, order: tuple[str, ...]) -> Document:
    known = {k: mapping[k] for k in order if k in mapping}
    known.update({k: v for k, v in mapping.items() if k not in known})
    return known


def _error_response(components: Document) -> Document | None:
    """The service's common error response (`components.responses.Error`), if it declares one."""
    response = components.get("responses", {}).get("Error")
    return response if isinstance(response, dict) else None


def _attach_error_responses(operation: Document, error_response: Document | None) -> None:
    """Error statuses the page lists without a body carry the common error body; `default` too."""
    if error_response is None:
        return
    responses = operation["responses"]
    for code, response in responses.items():
        if code[:1] in ("4", "5") and "content" not in response and "content" in error_response:
            response["content"] = copy.deepcopy(error_response["content"])
    responses.setdefault("default", {"$ref": "#/components/responses/Error"})


def _merge_scheme(target: Document, page_facts: Document) -> None:
    """The service file is reviewed by hand, so its keys win; the page adds what it lacks."""
    for key, value in page_facts.items():
        target.setdefault(key, value)


def _place_schemas(
    transcript: Transcript, schemas: dict[str, Any], findings: Findings
) -> dict[str, str]:
    """Choose a global name for each of the page's schemas; identical schemas are shared."""
    renames: dict[str, str] = {}
    changed = True
    while changed:  # renaming one schema changes the refs of its users: repeat until stable
        changed = False
        for name, schema in transcript.schemas.items():
            existing = schemas.get(name)
            if name in renames or existing is None:
                continue
            if _canonical(existing) != _canonical(rename_refs(schema, renames)):
                renames[name] = _free_name(f"{transcript.operation_id}{name}", schemas, renames)
                changed = True
    for name, schema in transcript.schemas.items():
        target = renames.get(name, name)
        if target not in schemas:
            schemas[target] = rename_refs(schema, renames)
        if target != name:
            findings.warn(
                transcript.source,
                Location(section=name),
                f"object '{name}' differs from the schema of that name on another page; named '{target}' here",
                "schema-conflict",
            )
    return renames


def _free_name(base: str, schemas: dict[str, Any], renames: dict[str, str]) -> str:
    taken = set(schemas) | set(renames.values())
    name, counter = base, 2
    while name in taken:
        name, counter = f"{base}{counter}", counter + 1
    return name


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True)
