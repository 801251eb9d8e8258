"""`$ref`s, owned by `generator.openapi`: names, following, renaming."""

from __future__ import annotations

from generator.openapi import SCHEMA_REF, ref_name, rename_refs, resolve, resolve_named, schema_name

SCHEMAS = {
    "A": {"$ref": SCHEMA_REF + "B"},
    "B": {"type": "string"},
    "Dangling": {"$ref": SCHEMA_REF + "Nope"},
}


def test_names_of_references() -> None:
    assert ref_name(SCHEMA_REF + "Pool") == "Pool"
    assert ref_name("#/components/parameters/Limit") is None
    assert ref_name("#/components/parameters/Limit", "parameters") == "Limit"
    assert ref_name(None) is None
    assert schema_name({"$ref": SCHEMA_REF + "Pool", "description": "kept"}) == "Pool"
    assert schema_name({"type": "object"}) is None
    assert schema_name(["not", "a", "schema"]) is None


def test_resolving_follows_chains_to_named_schemas_only() -> None:
    assert resolve_named({"$ref": SCHEMA_REF + "A"}, SCHEMAS) == ("B", {"type": "string"})
    assert resolve_named({"type": "integer"}, SCHEMAS) == (None, {"type": "integer"})
    assert resolve({"$ref": SCHEMA_REF + "Dangling"}, SCHEMAS) == {}
    elsewhere = {"$ref": "#/components/responses/Error"}
    assert resolve(elsewhere, SCHEMAS) is elsewhere
    looping = {"L": {"$ref": SCHEMA_REF + "L"}}
    assert resolve({"$ref": SCHEMA_REF + "L"}, looping) == {"$ref": SCHEMA_REF + "L"}


def test_renaming_is_a_deep_copy_with_only_schema_references_renamed() -> None:
    value = {
        "properties": {
            "a": {"$ref": SCHEMA_REF + "A"},
            "$ref": {"type": "string"},  # a property named `$ref`
            "r": {"$ref": "#/components/responses/A"},
        },
        "allOf": [{"$ref": SCHEMA_REF + "B"}],
    }
    renamed = rename_refs(value, {"A": "Renamed"})
    assert renamed == {
        "properties": {
            "a": {"$ref": SCHEMA_REF + "Renamed"},
            "$ref": {"type": "string"},
            "r": {"$ref": "#/components/responses/A"},
        },
        "allOf": [{"$ref": SCHEMA_REF + "B"}],
    }
    assert renamed["allOf"] is not value["allOf"]
