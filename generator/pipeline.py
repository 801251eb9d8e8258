"""`generate`: one service's pages to its spec and its client package, in one process.

`transcribe` then `render` of the file just written costs two interpreter start-ups and
imports, and parses the spec's YAML back. `generate` renders from the document `build_spec`
holds instead, and writes the same bytes as the two commands do (the package header's sha256
is that of the text written; `tests/generator/test_generate.py` holds it to the same bytes).

The document stands in for the written file only when loading that file gives exactly it back.
`round_trips` accepts mappings, lists, strings, numbers, booleans and null, which the YAML dump
writes and `load_yaml` reads back as the same values of the same types in the same order (a
property test holds it to that), and no container reached twice: the file has no shared parts,
so were a render to change one place (none does today), the change would show nowhere else,
as with the loaded file. For anything else (a tuple comes back as a list; a date, a set, bytes
from the service file or the overlay) the written text is read back as `render` reads it.

`build_spec` validated the document, and the text it returns is that document less the
examples `check_examples` dropped, which cannot make it invalid: it is not validated again
(`render` finds it in the validation cache anyway). The checks `load_spec` makes beside
validation (references, inheritance cycles) are made here too, naming the spec file.

Nothing is replaced until everything succeeded: the spec is written to a temporary file beside
its place, the package is rendered and formatted in its own staging directory and swapped in
(`write_package`), and only then the spec file is renamed into place. A failure at any step
before (a page, the overlay, a render error, ruff) leaves the previous spec and package as they
were; a failed rename after the swap, the one step left, would leave the new package beside the
old spec.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from generator.atomic import stage_text
from generator.render.package import LoadedSpec, Rendering, render_files
from generator.render.writer import write_package
from generator.spec.build import SpecBuild
from generator.spec.refs import check_inheritance, check_refs
from generator.spec.yaml_io import load_yaml, with_string_keys

# The scalar types the YAML dump writes and loads back as themselves (bool before int: exact
# types are compared, never isinstance).
_SCALARS = frozenset({str, int, float, bool, type(None)})


def round_trips(document: object) -> bool:
    """Whether loading `dump_yaml(document)` gives exactly `document` (types, order, no sharing)."""
    seen: set[int] = set()
    stack = [document]
    while stack:
        node = stack.pop()
        if type(node) in _SCALARS:
            continue
        if type(node) not in (dict, list) or id(node) in seen:
            return False
        seen.add(id(node))
        if type(node) is list:
            stack.extend(node)
            continue
        assert type(node) is dict
        for key, value in node.items():
            if type(key) not in _SCALARS:
                return False
            stack.append(value)
    return True


def spec_in_memory(build: SpecBuild, spec_path: Path, written: Path) -> LoadedSpec:
    """The spec as `load_spec(spec_path)` gives it once `build.text` is written to `written`."""
    document = (
        build.document
        if round_trips(build.document)
        else with_string_keys(load_yaml(written), str(spec_path))
    )
    check_refs(document, str(spec_path))
    check_inheritance(document, str(spec_path))
    return LoadedSpec(document, hashlib.sha256(build.text.encode("utf-8")).hexdigest())


def generate(
    build: SpecBuild, spec_path: Path, package_dir: Path, package: str | None = None
) -> Rendering:
    """Render `build` into `package_dir`, then write its text to `spec_path`; all or nothing."""
    # Written beside its place now, renamed into place only after the package.
    staged = stage_text(spec_path, build.text)
    try:
        loaded = spec_in_memory(build, spec_path, staged)
        rendering = render_files(spec_path, package or package_dir.name, loaded)
        write_package(rendering.files, package_dir)
        os.replace(staged, spec_path)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    return rendering
