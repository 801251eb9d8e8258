"""`load_yaml` gives exactly what PyYAML's `safe_load` gives, YAML 1.1 corners included.

`load_yaml` pauses the garbage collector and builds plain strings without PyYAML's bookkeeping
(see `generator/spec/yaml_io.py`); neither may change a value, a type, a key order or an
error's place. Compared here on every spec and fixture we keep, a synthetic spec, and the
YAML 1.1 readings user specs may rely on.
"""

from __future__ import annotations

import gc
import math
from pathlib import Path
from typing import Any

import pytest
import yaml

from bench.synth import synth_spec
from generator.diagnostics import GenerationError
from generator.render.package import render_files
from generator.spec import yaml_io
from tests.helpers import ROOT

CORPUS = sorted(
    [
        *ROOT.glob("spec/*/openapi.yaml"),
        *ROOT.glob("tests/specs/*.yaml"),
        *ROOT.glob("tests/fixtures/hostile_specs/*.yaml"),
    ]
)

# Where YAML 1.1 (PyYAML) and YAML 1.2 differ, and what else a constructor decides.
YAML_1_1 = """\
booleans: [yes, no, on, off, Yes, NO, y, n, true, False]
nulls: [~, null, Null, ]
integers: [010, 0o10, 0x1F, 0b101, +1, 1_000, 190:20:30, -0]
floats: [1.5, 1e3, 1.0e3, .5, .inf, -.Inf, 1.]
not_a_number: .nan
date: 2001-12-14
timestamp: 2001-12-14t21:59:43.10-05:00
quoted_date: '2001-12-14'
base: &base {x: 1, y: 2}
merged:
  <<: *base
  y: 3
alias: *base
binary: !!binary aGVsbG8=
set: !!set {a, b}
tagged: [!!str 123, !!int '7', !!float '1']
duplicate: 1
duplicate: 2
200: numeric key
strings: ["x\\ty", 'it''s', "\\u2028", "\\N", é ✓]
literal: |
  kept
   indented
folded: >-
  one
  two
"""


def _same(left: Any, right: Any) -> bool:
    """Equal, and of the same types all the way down (`1 == 1.0 == True` for `==`). A loop, not
    recursion: one fixture nests 500 deep."""
    pairs = [(left, right)]
    while pairs:
        a, b = pairs.pop()
        if type(a) is not type(b):
            return False
        if isinstance(a, dict):
            if list(a) != list(b):
                return False
            pairs.extend(zip(a, b, strict=True))
            pairs.extend((a[key], b[key]) for key in a)
        elif isinstance(a, list):
            if len(a) != len(b):
                return False
            pairs.extend(zip(a, b, strict=True))
        elif isinstance(a, float) and math.isnan(a):
            if not math.isnan(b):
                return False
        elif a != b:
            return False
    return True


def _reference(text: str) -> Any:
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_spec_and_fixture_loads_as_pyyaml_loads_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    try:
        expected = _reference(text)
    except yaml.YAMLError as err:
        mark = err.problem_mark  # type: ignore[attr-defined]
        with pytest.raises(
            GenerationError, match=f"line {mark.line + 1}, column {mark.column + 1}"
        ):
            yaml_io.load_yaml(path)
        return
    assert _same(yaml_io.load_yaml(path), expected)


def test_a_synthetic_spec_loads_as_pyyaml_loads_it(tmp_path: Path) -> None:
    path = tmp_path / "synthetic.yaml"
    path.write_text(yaml_io.dump_yaml(synth_spec(50)), encoding="utf-8")
    assert _same(yaml_io.load_yaml(path), _reference(path.read_text(encoding="utf-8")))


def test_yaml_1_1_reads_as_pyyaml_reads_it(tmp_path: Path) -> None:
    path = tmp_path / "corners.yaml"
    path.write_text(YAML_1_1, encoding="utf-8")
    loaded = yaml_io.load_yaml(path)
    assert _same(loaded, _reference(YAML_1_1))
    assert loaded["booleans"][:4] == [True, False, True, False]
    assert loaded["floats"][1] == "1e3"
    assert loaded["merged"] == {"x": 1, "y": 3}
    assert loaded["alias"] is loaded["base"]


def test_a_recursive_alias_stays_recursive(tmp_path: Path) -> None:
    path = tmp_path / "loop.yaml"
    path.write_text("a: &a {self: *a}\n", encoding="utf-8")
    loaded = yaml_io.load_yaml(path)
    assert loaded["a"]["self"] is loaded["a"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("a: [1, 2\nb: 3\n", "did not find expected ',' or ']'"),
        (
            "a: !!python/object:os.system x\n",
            "could not determine a constructor for the tag 'tag:yaml.org,2002:python/object:os.system'",
        ),
        ("a: 1\n---\nb: 2\n", "but found another document"),
        ("? [complex, key]\n: value\n", "found unhashable key"),
        ("a: *nowhere\n", "found undefined alias"),
    ],
    ids=["syntax", "unsafe-tag", "two-documents", "unhashable-key", "undefined-alias"],
)
def test_an_error_names_the_line_and_column_pyyaml_names(
    tmp_path: Path, text: str, problem: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(yaml.MarkedYAMLError) as expected:
        _reference(text)
    mark = expected.value.problem_mark
    assert mark is not None
    with pytest.raises(GenerationError) as raised:
        yaml_io.load_yaml(path)
    where = f"line {mark.line + 1}, column {mark.column + 1}"
    assert str(raised.value) == f"{path}: {where}: invalid YAML: {problem}"


def test_the_collector_is_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("a: [\n", encoding="utf-8")
    assert gc.isenabled()
    with pytest.raises(GenerationError):
        yaml_io.load_yaml(path)
    assert gc.isenabled()
    gc.disable()
    try:
        yaml_io.load_yaml(ROOT / "tests" / "specs" / "kitchen_sink.yaml")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_integer_keys_become_text_and_other_keys_are_refused_where_they_are() -> None:
    loaded = {"paths": {"/v1/x": {"get": {"responses": {200: {"description": "OK"}}}}}}
    converted = yaml_io.with_string_keys(loaded, "spec.yaml")
    assert converted == {"paths": {"/v1/x": {"get": {"responses": {"200": {"description": "OK"}}}}}}
    untouched = {"a": [{"b": 1}]}
    assert yaml_io.with_string_keys(untouched, "spec.yaml") is untouched
    with pytest.raises(GenerationError) as raised:
        yaml_io.with_string_keys({"paths": {"/v1/x": {"get": {True: 1}}}}, "spec.yaml")
    assert str(raised.value.diagnostic) == (
        "spec.yaml: paths/~1v1~1x/get/True: key True is not a string"
    )


def test_a_spec_with_unquoted_status_codes_renders(tmp_path: Path) -> None:
    spec = tmp_path / "codes.yaml"
    spec.write_text(
        "openapi: 3.1.0\n"
        "info: {title: T, version: '1', x-huawei-service: codes}\n"
        "paths:\n"
        "  /v1/things:\n"
        "    get:\n"
        "      operationId: ListThings\n"
        "      responses:\n"
        "        200:\n"
        "          description: OK\n"
        "          content:\n"
        "            application/json:\n"
        "              schema: {type: object, properties: {n: {type: integer}}}\n",
        encoding="utf-8",
    )
    rendering = render_files(spec, "codes_client")
    assert [r.status for r in rendering.service.operations[0].responses] == [200]
