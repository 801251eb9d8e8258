"""Checks of a spec's `$ref`s before anything follows them: every one local and resolvable, no
chain of references that only refers back to itself.

The validator and the model generator follow references recursively: a dangling one gives an
unhelpful error deep inside them, and an alias cycle (`A: {$ref: B}`, `B: {$ref: A}`) never
ends. Checked here first, each problem is one diagnostic naming where the `$ref` stands.
"""

from __future__ import annotations

from typing import Any

from generator.diagnostics import Location, error, pointer
from generator.openapi import schema_name

_MAX_DEPTH = 200


def pointer_target(document: Any, ref: str) -> tuple[bool, Any]:
    """Whether the local reference `ref` resolves, and what it points at."""
    node = document
    for raw in ref[2:].split("/") if ref != "#" else []:
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return False, None
    return True, node


def check_refs(document: dict[str, Any], source: str) -> None:
    """Raise a located error for the first dangling, non-local or circular `$ref`."""
    stack: list[tuple[Any, list[str]]] = [(document, [])]
    while stack:
        node, path = stack.pop()
        if len(path) > _MAX_DEPTH:
            raise error(source, Location(section=pointer(path[:8]) + "/…"), "nested too deeply")
        if isinstance(node, dict):
            ref = node.get("$ref")
            # `$ref` as a property name (under `properties`) is a name, not a reference.
            if "$ref" in node and (not path or path[-1] != "properties"):
                _check_ref(document, ref, path, source)
            stack.extend((value, [*path, str(key)]) for key, value in node.items())
        elif isinstance(node, list):
            stack.extend((value, [*path, str(index)]) for index, value in enumerate(node))


def check_inheritance(document: dict[str, Any], source: str) -> None:
    """Raise a located error for a schema that is its own `allOf` base (directly or not)."""
    components = document.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    if not isinstance(schemas, dict):
        return

    def bases(name: str) -> list[str]:
        schema = schemas.get(name)
        parts = schema.get("allOf") if isinstance(schema, dict) else None
        named = (schema_name(part) for part in (parts if isinstance(parts, list) else []))
        return [base for base in named if base is not None]

    for name in schemas:
        chain, stack, seen = [name], [(name, [name])], set()
        while stack:
            current, chain = stack.pop()
            for base in bases(current):
                if base == name:
                    cycle = " -> ".join([*chain, base])
                    where = Location(section=pointer(["components", "schemas", str(name)]))
                    raise error(source, where, f"schema inherits from itself (allOf): {cycle}")
                if base not in seen:
                    seen.add(base)
                    stack.append((base, [*chain, base]))


def _check_ref(document: dict[str, Any], ref: Any, path: list[str], source: str) -> None:
    where = Location(section=pointer(path))
    if not isinstance(ref, str):
        raise error(source, where, f"$ref must be a string, not {type(ref).__name__}")
    if not ref.startswith("#"):
        raise error(source, where, f"$ref '{ref}' is not a local reference (only '#/…' is)")
    seen = [ref]
    current = ref
    while True:
        found, target = pointer_target(document, current)
        if not found:
            raise error(source, where, f"$ref '{current}' points at nothing")
        if not isinstance(target, dict) or "$ref" not in target:
            return
        following = target["$ref"]
        if not isinstance(following, str) or not following.startswith("#"):
            return  # reported where that `$ref` stands
        if following in seen:
            chain = " -> ".join([*seen, following])
            raise error(source, where, f"$ref cycle with no schema in it: {chain}")
        seen.append(following)
        current = following
