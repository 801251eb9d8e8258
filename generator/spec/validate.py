"""Checks of the built document: OpenAPI validity, and every example against its schema."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate as validate_openapi
from openapi_spec_validator.validation.exceptions import (
    OpenAPIValidationError,
    ValidatorDetectError,
)
from openapi_spec_validator.validation.validators import SpecValidator
from referencing.exceptions import Unresolvable

from generator.diagnostics import Findings, GenerationError, Location, error, pointer
from generator.openapi import resolve
from generator.spec.schema_meta import schema_problem, spec_validator_for

Document = dict[str, Any]


def check_document(document: Document, output: str) -> None:
    """Raise a located error if the document is not valid OpenAPI 3.1."""
    try:
        # The library's checks; for OAS 3.1 each schema's dialect check on Rust (schema_meta).
        validate_openapi(document, cls=spec_validator_for(document))
        if str(document.get("openapi", "")).startswith("3.1"):
            _check_request_body_schemas(document, output)
    except OpenAPIValidationError as err:
        path = [str(p) for p in err.absolute_path]
        if path and path[0] not in document:
            # Schemas are validated one by one, with paths relative to the schema: find it.
            path = _locate(document, path, err.instance) or path
        raise _not_valid(output, path, err.message) from err
    except RecursionError as err:
        # The validator follows references recursively; what it cannot finish is refused.
        raise error(
            output, Location(section="document"), "references nest too deeply to validate"
        ) from err
    except ValidatorDetectError as err:
        version = document.get("openapi")
        raise error(
            output,
            Location(section="openapi"),
            f"not an OpenAPI 3.0 or 3.1 document (openapi: {version!r})",
        ) from err
    except Unresolvable as err:
        raise error(
            output, Location(section="$ref"), f"'{getattr(err, 'ref', '?')}' points at nothing"
        ) from err
    finally:
        _forget_validators()


def _check_request_body_schemas(document: Document, output: str) -> None:
    """The dialect check openapi-spec-validator 0.8 leaves out: request bodies' own schemas.

    It checks every other Schema Object, but not the schema of a request body's media type, so
    `type: strin` there would pass and become a field of type Any.
    """
    bodies: list[tuple[list[str], Any]] = [
        (["paths", path, method, "requestBody"], operation.get("requestBody"))
        for path, item in (document.get("paths") or {}).items()
        if isinstance(item, dict)
        for method, operation in item.items()
        if isinstance(operation, dict)
    ]
    components = (document.get("components") or {}).get("requestBodies") or {}
    bodies += [(["components", "requestBodies", name], body) for name, body in components.items()]
    for where, body in bodies:
        if not isinstance(body, dict) or not isinstance(body.get("content"), dict):
            continue
        for media_type, media in body["content"].items():
            if not isinstance(media, dict) or "schema" not in media:
                continue
            problem = schema_problem(media["schema"])
            if problem is not None:
                message, inside = problem
                path = [*where, "content", str(media_type), "schema", *inside]
                raise _not_valid(output, path, message)


def _not_valid(output: str, path: list[str], message: str) -> GenerationError:
    # The Rust schema backend appends the failing schema and instance after a blank line.
    first_line = message.split("\n", 1)[0]
    return error(output, Location(section=pointer(path)), f"not valid OpenAPI: {first_line}")


def _forget_validators() -> None:
    """Let the validated document go.

    openapi-spec-validator 0.8 wraps `SpecValidator.iter_errors` in `lru_cache(maxsize=None)`,
    so every validator, and the document it holds, lives as long as the process: 3.5 GB after
    2,000 fuzzed pages. The cache is keyed by the validator instance, which is never reused.
    """
    function: Any = SpecValidator.iter_errors
    while function is not None:  # the cache sits under another decorator: follow __wrapped__
        if hasattr(function, "cache_clear"):
            function.cache_clear()
            return
        function = getattr(function, "__wrapped__", None)


def _locate(document: Any, relative: list[str], instance: Any) -> list[str] | None:
    """The absolute path of the first node under which `relative` leads to `instance`."""
    stack: list[tuple[Any, list[str]]] = [(document, [])]
    while stack:
        node, path = stack.pop(0)
        target: Any = node
        for part in relative:
            if isinstance(target, dict) and part in target:
                target = target[part]
            elif isinstance(target, list) and part.isdigit() and int(part) < len(target):
                target = target[int(part)]
            else:
                break
        else:
            if target == instance:
                return path + relative
        if isinstance(node, dict):
            stack.extend((value, [*path, str(key)]) for key, value in node.items())
        elif isinstance(node, list):
            stack.extend((value, [*path, str(i)]) for i, value in enumerate(node))
    return None


_REQUEST_EXAMPLES = "Example Requests"


def check_examples(document: Document, sources: dict[str, str], findings: Findings) -> None:
    """Report examples that fail their schema or carry fields no table lists.

    An example that fails its schema is an erratum of the page: it is reported and left out of
    the spec, which states only what holds. So is a request example with a field no table lists:
    the client sends only documented fields, and would refuse it. (A response example keeps
    such a field: responses are read tolerantly.) `sources` maps operationId to the page file.
    """
    components = document.get("components", {})
    for operation_id, section, media in _media(document):
        source = sources.get(operation_id, operation_id)
        where = Location(section=section)
        validator = OAS31Validator({**media.get("schema", {}), "components": components})
        for key, example in _media_examples(media):
            problems = sorted(validator.iter_errors(example), key=lambda e: list(e.absolute_path))
            for problem in problems:
                path = ".".join(str(p) for p in problem.absolute_path) or "(body)"
                findings.warn(
                    source,
                    where,
                    f"example field {path} fails the schema: {problem.message}",
                    "example-schema",
                )
            unknown = list(_unknown_fields(example, media.get("schema", {}), components, ""))
            for path in unknown:
                findings.warn(
                    source, where, f"example field '{path}' is in no table", "example-field"
                )
            if problems or (unknown and section == _REQUEST_EXAMPLES):
                reason = "fails its schema" if problems else "sends fields no table lists"
                findings.warn(
                    source,
                    where,
                    f"the example {reason}; it is left out of the spec",
                    "example-dropped",
                )
                _drop(media, key)


def _media(document: Document) -> Iterator[tuple[str, str, Document]]:
    for item in document.get("paths", {}).values():
        for operation in item.values():
            operation_id = operation.get("operationId", "")
            media = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if media:
                yield operation_id, _REQUEST_EXAMPLES, media
            for code, response in operation.get("responses", {}).items():
                content = response.get("content", {}) if isinstance(response, dict) else {}
                if content.get("application/json"):
                    yield operation_id, f"Example Responses ({code})", content["application/json"]


def _media_examples(media: Document) -> list[tuple[str | None, Any]]:
    found: list[tuple[str | None, Any]] = [(None, media["example"])] if "example" in media else []
    for key, example in media.get("examples", {}).items():
        if isinstance(example, dict) and "value" in example:
            found.append((key, example["value"]))
    return found


def _drop(media: Document, key: str | None) -> None:
    if key is None:
        del media["example"]
        return
    del media["examples"][key]
    if not media["examples"]:
        del media["examples"]


def _resolve(schema: Document, components: Document) -> Document:
    resolved: Document = resolve(schema, components.get("schemas", {}))
    return resolved


def _unknown_fields(
    value: Any, schema: Document, components: Document, prefix: str
) -> Iterator[str]:
    schema = _resolve(schema, components)
    if isinstance(value, dict) and "properties" in schema:
        properties = schema["properties"]
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else key
            if key not in properties and "additionalProperties" not in schema:
                yield path
            elif key in properties:
                yield from _unknown_fields(item, properties[key], components, path)
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for index, item in enumerate(value):
            yield from _unknown_fields(item, schema["items"], components, f"{prefix}[{index}]")
