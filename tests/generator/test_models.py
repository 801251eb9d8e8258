"""The models module, from small inline specs: rendered, imported and exercised with pydantic."""

from __future__ import annotations

import copy
import importlib
import sys
import typing
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pydantic
import pytest
import yaml

from generator.render.package import render_files
from tests.generator.test_ir import BASE

PROJECT = {"name": "project_id", "in": "path", "required": True, "schema": {"type": "string"}}


@pytest.fixture
def render(tmp_path: Path) -> Iterator[Any]:
    """Render a spec with these schemas (each one a response) and import a models module.

    By default the module of the spec's own models (`_strict_models`: every constraint as the
    spec states it); `module="models"` gives the tolerant response models users receive.
    """
    imported: list[str] = []

    def rendered(
        schemas: dict[str, Any], module: str = "_strict_models"
    ) -> tuple[ModuleType, list[str]]:
        document = copy.deepcopy(BASE)
        document["components"]["schemas"] = schemas
        document["paths"] = {
            f"/v1/{{project_id}}/{name.lower()}": {
                "get": {
                    "operationId": f"Show{name}",
                    "parameters": [PROJECT],
                    "responses": {
                        "200": {
                            "description": "OK",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": f"#/components/schemas/{name}"}
                                }
                            },
                        }
                    },
                }
            }
            for name in schemas
        }
        package = f"models_case_{len(list(tmp_path.iterdir()))}_client"
        spec = tmp_path / f"{package}.yaml"
        spec.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
        rendering = render_files(spec, package)
        folder = tmp_path / package
        folder.mkdir()
        for name, text in rendering.files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text, encoding="utf-8")
        sys.path.insert(0, str(tmp_path))
        try:
            imported_module = importlib.import_module(f"{package}.{module}")
        finally:
            sys.path.remove(str(tmp_path))
        imported.append(package)
        return imported_module, [str(f) for f in rendering.findings]

    yield rendered
    for name in [m for m in sys.modules if m.split(".")[0] in imported]:
        del sys.modules[name]


def _valid(model: Any, value: Any) -> bool:
    try:
        model.model_validate(value)
    except pydantic.ValidationError:
        return False
    return True


def test_constraints_hold_on_fields_items_map_values_and_union_members(render: Any) -> None:
    models, _ = render(
        {
            "Thing": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {
                        "type": "string",
                        "minLength": 2,
                        "maxLength": 4,
                        "pattern": "^[a-z]+$",
                    },
                    "ratio": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
                    "tags": {
                        "type": "array",
                        "minItems": 1,
                        "maxItems": 2,
                        "items": {"type": "string", "maxLength": 3},
                    },
                    "limits": {
                        "type": "object",
                        "additionalProperties": {"type": "integer", "minimum": 0},
                    },
                    "either": {
                        "anyOf": [
                            {"type": "string", "maxLength": 2},
                            {"type": "integer", "minimum": 10},
                        ]
                    },
                },
            }
        }
    )
    thing = models.Thing
    assert _valid(thing, {"name": "abc"})
    for bad in ("a", "abcde", "ABC"):
        assert not _valid(thing, {"name": bad}), bad
    assert not _valid(thing, {"name": "ab", "ratio": 0})
    assert not _valid(thing, {"name": "ab", "ratio": 1})
    assert _valid(thing, {"name": "ab", "ratio": 0.5})
    assert not _valid(thing, {"name": "ab", "tags": []})
    assert not _valid(thing, {"name": "ab", "tags": ["a", "b", "c"]})
    assert not _valid(thing, {"name": "ab", "tags": ["abcd"]})
    assert _valid(thing, {"name": "ab", "limits": {"x": 0}})
    assert not _valid(thing, {"name": "ab", "limits": {"x": -1}})
    assert _valid(thing, {"name": "ab", "either": "ab"})
    assert _valid(thing, {"name": "ab", "either": 10})
    assert not _valid(thing, {"name": "ab", "either": "abc"})
    assert not _valid(thing, {"name": "ab", "either": 9})
    assert not _valid(thing, {})  # name is required
    assert thing.model_validate({"name": "ab"}).model_dump(exclude_unset=True) == {"name": "ab"}


def test_enumerations_defaults_and_nullable_references(render: Any) -> None:
    models, _ = render(
        {
            "Mode": {"type": "string", "enum": ["auto", "manual", None]},
            "Level": {"type": "integer", "enum": [1, 2, 3]},
            "Mixed": {"enum": ["a", 1, True]},
            "Settings": {
                "type": "object",
                "properties": {
                    "mode": {"$ref": "#/components/schemas/Mode"},
                    "level": {"$ref": "#/components/schemas/Level", "default": 2},
                    "kind": {"type": "string", "enum": ["x-y", "z"], "default": "z"},
                    "names": {"type": "array", "items": {"type": "string"}, "default": ["a"]},
                    "share": {"type": "number", "default": 1},
                    "gone": {"type": "null"},
                    "needed": {"type": "string", "default": "given"},
                },
                "required": ["needed"],
            },
        }
    )
    # Value sets are named `Literal`s (docs/decisions.md), null aside (it goes on the field).
    assert typing.get_args(models.Mode) == ("auto", "manual")
    assert typing.get_args(models.Level) == (1, 2, 3)
    assert typing.get_args(models.Mixed) == ("a", 1, True)
    assert typing.get_args(models.SettingsKind) == ("x-y", "z")
    settings = models.Settings.model_validate({"needed": "x"})
    assert settings.level == 2
    assert settings.kind == "z"
    assert settings.names == ["a"]
    assert models.Settings.model_validate({"needed": "x"}).names is not settings.names
    assert settings.share == 1
    assert _valid(models.Settings, {"needed": "x", "gone": None})
    assert not _valid(models.Settings, {"needed": "x", "gone": 0})
    assert _valid(models.Settings, {"needed": "x", "mode": None})
    assert not _valid(models.Settings, {"needed": "x", "mode": "other"})
    assert not _valid(models.Settings, {"needed": "x", "level": 4})
    assert not _valid(models.Settings, {})  # a default does not make a required field optional


def test_allof_bases_are_defined_first_and_extra_fields_are_typed(render: Any) -> None:
    models, _ = render(
        {
            "Zeta": {"type": "object", "properties": {"id": {"type": "string"}}},
            "Alpha": {
                "allOf": [
                    {"$ref": "#/components/schemas/Zeta"},
                    {"type": "object", "properties": {"size": {"type": "integer"}}},
                ]
            },
            "Labels": {
                "type": "object",
                "properties": {"owner": {"type": "string"}},
                "additionalProperties": {"type": "integer"},
            },
        }
    )
    alpha = models.Alpha.model_validate({"id": "a", "size": 1})
    assert isinstance(alpha, models.Zeta)
    assert (alpha.id, alpha.size) == ("a", 1)
    assert not _valid(models.Alpha, {"id": "a", "other": 1})
    labels = models.Labels.model_validate({"owner": "me", "cpu": 2})
    assert labels.model_extra == {"cpu": 2}
    assert not _valid(models.Labels, {"cpu": "two"})


def test_root_models_spell_out_inline_and_recursive_ones_are_rebuilt(render: Any) -> None:
    models, findings = render(
        {
            "Name": {"type": "string", "maxLength": 3},
            "Names": {"type": "array", "items": {"$ref": "#/components/schemas/Name"}},
            "Json": {
                "anyOf": [
                    {"type": "string"},
                    {"type": "array", "items": {"$ref": "#/components/schemas/Json"}},
                ]
            },
            "Holder": {
                "type": "object",
                "properties": {
                    "names": {"$ref": "#/components/schemas/Names"},
                    "data": {"$ref": "#/components/schemas/Json"},
                    "unique": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
                },
            },
        }
    )
    assert models.Names.model_validate(["abc"]).root == ["abc"]
    assert not _valid(models.Names, ["abcd"])
    holder = models.Holder.model_validate({"names": ["ab"], "data": ["a", ["b"]]})
    assert holder.names == ["ab"]  # a plain list, not a list of root models
    assert models.Json.model_validate(["a", ["b", ["c"]]]).model_dump() == ["a", ["b", ["c"]]]
    assert not _valid(models.Json, [1])
    assert any("'uniqueItems'" in f and "Holder" in f for f in findings)
