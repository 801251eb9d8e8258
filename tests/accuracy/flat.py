"""The flat shape both sides of the SDK comparison are reduced to, so they compare field by field.

- an operation is matched across sources by `(METHOD, path_shape(path))` (`compare.py`);
- a body is a `dict` of field paths to type kinds. A path joins JSON keys with `.`, an array
  item is `[]` and a map value is `{}`: `loadbalancer.name`, `loadbalancer.tags[].key`,
  `metadata{}`. A body that is itself an array starts with `[]`. The body root has no entry.
- a kind is one of `string`, `integer`, `number`, `boolean`, `object`, `array`, `map`, `any`.

The SDK side is read by `sdk_reference.py`, our OpenAPI document by `our_operations.py`; the
page tables' places (`recall.py`) use the same path spelling.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

KINDS = frozenset({"string", "integer", "number", "boolean", "object", "array", "map", "any"})


@dataclass
class FlatBody:
    """A flattened body: field path -> kind, and the paths their parent requires."""

    fields: dict[str, str] = field(default_factory=dict)
    required: set[str] = field(default_factory=set)


def merge_kinds(kinds: Iterable[str]) -> str:
    """One kind for a field several schemas describe: the common kind, `number` for integers
    mixed with numbers, otherwise `any`."""
    distinct = set(kinds)
    if len(distinct) == 1:
        return distinct.pop()
    if distinct == {"integer", "number"}:
        return "number"
    return "any"


def join_path(path: str, key: str) -> str:
    """`loadbalancer` + `name` -> `loadbalancer.name`; a key at the root is its own path."""
    return f"{path}.{key}" if path else key
