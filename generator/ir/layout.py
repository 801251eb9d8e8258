"""Which module each operation and each model class lives in, so that a program loads only
what it calls.

A package of hundreds of operations must import as fast as a small one: code a program never
calls is never compiled or executed. Operations are grouped by the resource their path names
(`/v3/{project_id}/elb/loadbalancers/{id}` → `loadbalancers`); each group is one module of
operations and one module of the model classes that only its operations use. Classes that
several groups use are in `_shared`, and classes no operation reaches in `_other`.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace

from generator.casing import snake_case
from generator.ir.types import ModelClass, ModelsModule, Operation

SHARED = "_shared"
UNREACHED = "_other"
_VERSION = re.compile(r"^v\d+(?:\.\d+)*$")


def resource_group(path: str) -> str:
    """The resource a path names: the last literal segment before a template, else the last.

    Version segments (`v3`, `v2.0`) and templates are not resources.
    """
    segments = [s for s in path.split("/") if s]
    literal = [
        (index, s)
        for index, s in enumerate(segments)
        if not s.startswith("{") and not _VERSION.match(s)
    ]
    if not literal:
        return "root"
    followed = [
        s
        for index, s in literal
        if index + 1 < len(segments) and segments[index + 1].startswith("{")
    ]
    chosen = followed[-1] if followed else literal[-1][1]
    name = snake_case(chosen) or "root"
    if name[0].isdigit():
        name = f"r_{name}"
    # A module name appears in `from .<name> import …`: never a keyword.
    return f"{name}_" if keyword.iskeyword(name) or keyword.issoftkeyword(name) else name


def split_models(
    models: ModelsModule, operations: Iterable[Operation], docstring: str
) -> tuple[ModelsModule, ...]:
    """The models module as parts: one per operation group, `_shared` and `_other`.

    Each part keeps the module's order (a class after the classes it needs) and imports the
    classes it names from other parts; `_shared` imports from no group, so parts form no cycle.
    """
    roots: dict[str, set[str]] = {}
    for op in operations:
        names = roots.setdefault(op.group, set())
        names.update(r.model for r in op.responses if r.model)
        names.update(n for n in (op.params_model, op.body_model) if n)
        if op.paging is not None:
            names.update((op.paging.page_model, op.paging.async_page_model))
    where = class_modules(models.classes, roots)
    parts: list[ModelsModule] = []
    for part in sorted(set(where.values())):
        classes = tuple(c for c in models.classes if where[c.name] == part)
        defined = {c.name for c in classes}
        needed: dict[str, set[str]] = {}
        for c in classes:
            for name in c.mentions() - defined:
                if name in where:
                    needed.setdefault(where[name], set()).add(name)
        parts.append(
            replace(
                models,
                classes=classes,
                rebuilds=tuple(n for n in models.rebuilds if n in defined),
                has_pages=any("Page[" in c.bases for c in classes),
                name=part,
                imports=tuple((p, tuple(sorted(n))) for p, n in sorted(needed.items())),
                docstring=docstring.format(part=part),
            )
        )
    return tuple(parts)


def class_modules(
    classes: Iterable[ModelClass], roots: Mapping[str, Iterable[str]]
) -> dict[str, str]:
    """Class name → its module: the one group that reaches it, `_shared`, or `_other`.

    `roots` names, per group, the classes its operations use directly (parameters, bodies,
    responses, pages); a class is reached through the classes it names (bases, field types).
    """
    by_name = {c.name: c for c in classes}
    names = frozenset(by_name)
    refers = {
        c.name: {i for i in c.mentions() if i in names and i != c.name} for c in by_name.values()
    }
    reached_by: dict[str, set[str]] = {name: set() for name in by_name}
    for group, starts in roots.items():
        pending = [s for s in starts if s in names]
        seen: set[str] = set()
        while pending:
            name = pending.pop()
            if name in seen:
                continue
            seen.add(name)
            reached_by[name].add(group)
            pending.extend(refers[name] - seen)
    return {
        name: (next(iter(groups)) if len(groups) == 1 else SHARED if groups else UNREACHED)
        for name, groups in reached_by.items()
    }
