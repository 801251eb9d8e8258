"""Overlay 1.0 semantics: update merges objects and appends to arrays; remove deletes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.diagnostics import GenerationError
from generator.spec.overlay import apply_overlay

SOURCE = Path("overlay.yaml")


def overlay(*actions: dict[str, Any]) -> dict[str, Any]:
    return {"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": list(actions)}


DOCUMENT = {
    "paths": {"/a/{id}": {"get": {"summary": "old", "parameters": [{"name": "id"}, {"name": "x"}]}}}
}


def test_update_merges_into_objects_and_leaves_the_input_alone() -> None:
    result = apply_overlay(
        DOCUMENT,
        overlay(
            {
                "target": "$.paths['/a/{id}'].get",
                "description": "why",
                "update": {"summary": "new", "deprecated": True},
            }
        ),
        SOURCE,
    )
    assert result["paths"]["/a/{id}"]["get"]["summary"] == "new"
    assert result["paths"]["/a/{id}"]["get"]["deprecated"] is True
    assert DOCUMENT["paths"]["/a/{id}"]["get"]["summary"] == "old"


def test_update_appends_to_arrays() -> None:
    result = apply_overlay(
        DOCUMENT,
        overlay(
            {"target": "$.paths.*.get.parameters", "description": "why", "update": {"name": "q"}}
        ),
        SOURCE,
    )
    assert [p["name"] for p in result["paths"]["/a/{id}"]["get"]["parameters"]] == ["id", "x", "q"]


def test_remove_deletes_every_match() -> None:
    result = apply_overlay(
        DOCUMENT,
        overlay(
            {
                "target": "$.paths.*.get.parameters[?@.name == 'x']",
                "description": "why",
                "remove": True,
            }
        ),
        SOURCE,
    )
    assert result["paths"]["/a/{id}"]["get"]["parameters"] == [{"name": "id"}]


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (
            {"target": "$.nothing", "description": "why", "update": {}},
            "action 1: target '$.nothing' matches nothing",
        ),
        (
            {"target": "$.paths", "update": {}},
            "action 1: every action must say why in 'description'",
        ),
        (
            {"target": "$.paths", "description": "why"},
            "action 1: an action needs 'update' or 'remove: true'",
        ),
        (
            {"description": "why", "update": {}},
            "action 1: an action needs a 'target' JSONPath string",
        ),
    ],
)
def test_bad_actions_are_errors(action: dict[str, Any], message: str) -> None:
    with pytest.raises(GenerationError) as raised:
        apply_overlay(DOCUMENT, overlay(action), SOURCE)
    assert str(raised.value) == f"overlay.yaml: {message}"


def test_not_an_overlay_document() -> None:
    with pytest.raises(GenerationError, match=r"not an Overlay 1\.x document"):
        apply_overlay(DOCUMENT, {"actions": []}, SOURCE)
