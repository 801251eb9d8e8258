"""OpenAPI Overlay 1.0: reviewed corrections to what the pages say, applied after transcription.

No maintained Python library applies Overlay documents, so this module implements the
`update`/`remove` semantics of the specification on top of python-jsonpath (RFC 9535 queries).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import jsonpath

from generator.diagnostics import Location, error

Document = dict[str, Any]


def apply_overlay(document: Document, overlay: Any, source: Path) -> Document:
    """Apply every action in order to a copy of `document`; an action that matches nothing is an error."""
    name = str(source)
    if not isinstance(overlay, dict) or not str(overlay.get("overlay", "")).startswith("1."):
        raise error(
            name,
            Location(section="overlay"),
            "not an Overlay 1.x document (no 'overlay: 1.0.0' key)",
        )
    actions = overlay.get("actions")
    if not isinstance(actions, list) or not actions:
        raise error(name, Location(section="actions"), "the overlay has no actions")
    result = copy.deepcopy(document)
    for number, action in enumerate(actions, start=1):
        where = Location(section=f"action {number}")
        if not isinstance(action, dict) or not isinstance(action.get("target"), str):
            raise error(name, where, "an action needs a 'target' JSONPath string")
        if not action.get("description"):
            raise error(name, where, "every action must say why in 'description'")
        try:
            matches = list(jsonpath.finditer(action["target"], result))
        except jsonpath.JSONPathError as err:
            raise error(name, where, f"invalid target '{action['target']}': {err}") from err
        if not matches:
            raise error(name, where, f"target '{action['target']}' matches nothing")
        if action.get("remove") is True:
            _remove(result, [m.parts for m in matches])
        elif "update" in action:
            for match in matches:
                _update(match.obj, action["update"], name, where)
        else:
            raise error(name, where, "an action needs 'update' or 'remove: true'")
    return result


def _update(target: Any, value: Any, source: str, where: Location) -> None:
    """Objects are merged recursively; arrays get the value appended (lists are concatenated)."""
    if isinstance(target, list):
        target.extend(copy.deepcopy(value) if isinstance(value, list) else [copy.deepcopy(value)])
    elif isinstance(target, dict) and isinstance(value, dict):
        for key, item in value.items():
            if isinstance(target.get(key), dict | list) and isinstance(item, dict | list):
                _update(target[key], item, source, where)
            else:
                target[key] = copy.deepcopy(item)
    else:
        raise error(
            source,
            where,
            "'update' must be an object merged into an object, or a value appended to an array",
        )


def _remove(document: Document, paths: list[tuple[Any, ...]]) -> None:
    # Remove deepest and last first so earlier indices stay valid.
    for parts in sorted(paths, key=_removal_order, reverse=True):
        parent: Any = document
        for part in parts[:-1]:
            parent = parent[part]
        del parent[parts[-1]]


def _removal_order(parts: tuple[Any, ...]) -> tuple[Any, ...]:
    return (len(parts), [(p if isinstance(p, int) else -1, str(p)) for p in parts])
