"""Spec fuzzing: mutated real specs render into inert, compilable Python or one clean error.

Every case mutates `tests/specs/kitchen_sink.yaml` or `spec/hss/openapi.yaml` (renamed keys,
hostile text in names, descriptions, enums, defaults and examples, deleted and dangling
references, cycles, swapped types, duplicated operationIds) and renders it in-process. The
render must either succeed, with every generated module compiling, or raise the generator's
own `GenerationError`; anything else is a bug. A sample of the successes is imported in a
subprocess, every model built, and the injected payload's marker file must not exist.

`FUZZ_SCALE=full` (`make fuzz`) runs 1,000 specs; the default is a short pass of the same
code. Hypothesis is derandomized: a run is reproducible, and a failing case is written to
`tests/fixtures/hostile_specs/fuzz-<sha>.yaml` to be kept as a regression fixture.
"""

from __future__ import annotations

import copy
import hashlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.diagnostics import GenerationError
from generator.render.package import render_files
from tests.helpers import ROOT

FULL = os.environ.get("FUZZ_SCALE") == "full"
SPEC_CASES = 1000 if FULL else 12
IMPORT_EVERY = 40 if FULL else 6
FIXTURES = ROOT / "tests" / "fixtures" / "hostile_specs"
BASES = {
    "kitchen_sink": ROOT / "tests" / "specs" / "kitchen_sink.yaml",
    "hss": ROOT / "spec" / "hss" / "openapi.yaml",
}
MARKER = "PWNED"
# Text that would be code, markup or a different name if it were pasted anywhere unescaped.
HOSTILE = [
    f'"""; import os; open("{MARKER}", "w")  #',
    f"'''; import os; open('{MARKER}', 'w')  #",
    f'\n__import__("builtins").open("{MARKER}", "w")\n',
    f'\\"; open("{MARKER}", "w")  # noqa',
    '"',
    "\\",
    "\\x",
    "\\N{",
    "{{ 7 * 7 }}",
    "{% raw %}{% if x %}",
    "{#",
    "# noqa: E501",
    "\r\n",
    "\u2028\u2029\x85",
    "\u202egnp.exe",
    "\t",
    "",
    " ",
    "日本語",
    "Zürich",
    "\ufb01eld",
    "\uff58",
    "field",
    "x",
    "class",
    "None",
    "True",
    "self",
    "__init__",
    "__class__",
    "model_dump",
    "model_config",
    "list",
    "str",
    "MISSING",
    "SERVICE",
    "result",
    "timeout",
    "Client",
    "1st",
    "-",
    "$ref",
    "a" * 300,
]
TYPES = ["string", "integer", "number", "boolean", "object", "array", "null", "strin", 7]


def _load(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.load(
        BASES[name].read_text(encoding="utf-8"), Loader=yaml.CSafeLoader
    )
    return loaded


_BASE_DOCUMENTS = {name: _load(name) for name in BASES}


def _nodes(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    """Every dict and list in the document with its path, in a stable order."""
    found: list[tuple[tuple[Any, ...], Any]] = []
    if isinstance(value, dict):
        found.append((path, value))
        for key, item in value.items():
            found.extend(_nodes(item, (*path, key)))
    elif isinstance(value, list):
        found.append((path, value))
        for index, item in enumerate(value):
            found.extend(_nodes(item, (*path, index)))
    return found


def _schema_names(document: dict[str, Any]) -> list[str]:
    return list(document.get("components", {}).get("schemas", {}) or {})


def _mutate(document: dict[str, Any], kind: str, data: st.DataObject) -> None:
    """Apply one mutation of `kind`, its choices drawn from `data`."""
    nodes = [(p, n) for p, n in _nodes(document) if isinstance(n, dict) and n]
    hostile = data.draw(st.sampled_from(HOSTILE) | st.text(max_size=12))
    schemas = document.get("components", {}).get("schemas", {})
    names = _schema_names(document)
    if kind == "rename_key":
        _, node = data.draw(st.sampled_from(nodes))
        key = data.draw(st.sampled_from(sorted(node, key=str)))
        node[hostile] = node.pop(key)
    elif kind == "inject_text":
        texts = [
            (node, key)
            for _, node in nodes
            for key in node
            if key
            in ("description", "summary", "title", "operationId", "name", "default", "example")
        ]
        if texts:
            node, key = data.draw(st.sampled_from(texts))
            node[key] = hostile
    elif kind == "inject_enum":
        enums = [node for _, node in nodes if isinstance(node.get("enum"), list)]
        if enums:
            node = data.draw(st.sampled_from(enums))
            node["enum"] = [*node["enum"], hostile]
    elif kind == "property_name":
        objects = [node for _, node in nodes if isinstance(node.get("properties"), dict)]
        if objects:
            node = data.draw(st.sampled_from(objects))
            node["properties"][hostile] = {"type": "string", "description": hostile}
    elif kind == "schema_name" and names:
        old = data.draw(st.sampled_from(names))
        schemas[hostile] = schemas.pop(old)
        _replace_refs(document, old, hostile)
    elif kind == "delete_schema" and names:
        del schemas[data.draw(st.sampled_from(names))]
    elif kind == "dangle_ref":
        refs = [node for _, node in nodes if isinstance(node.get("$ref"), str)]
        if refs:
            data.draw(st.sampled_from(refs))["$ref"] = "#/components/schemas/" + hostile
    elif kind == "cycle" and names:
        first = data.draw(st.sampled_from(names))
        second = data.draw(st.sampled_from(names))
        shape = data.draw(st.sampled_from(["property", "items", "alias", "allOf", "anyOf"]))
        ref = {"$ref": f"#/components/schemas/{second}"}
        if shape == "property":
            schemas[first].setdefault("properties", {})["loop"] = ref
            schemas[first].setdefault("type", "object")
        elif shape == "items":
            schemas[first] = {"type": "array", "items": ref}
        elif shape == "alias":
            schemas[first] = ref
            schemas[second] = {"$ref": f"#/components/schemas/{first}"}
        elif shape == "allOf":
            schemas[first] = {"allOf": [ref, {"type": "object", "properties": {"x": ref}}]}
        else:
            schemas[first] = {"anyOf": [{"type": "string"}, {"type": "array", "items": ref}]}
    elif kind == "type_swap":
        typed = [node for _, node in nodes if "type" in node and not isinstance(node["type"], dict)]
        if typed:
            data.draw(st.sampled_from(typed))["type"] = data.draw(st.sampled_from(TYPES))
    elif kind == "delete_key":
        _, node = data.draw(st.sampled_from(nodes))
        del node[data.draw(st.sampled_from(sorted(node, key=str)))]
    elif kind == "duplicate_operation_id":
        operations = [node for _, node in nodes if "operationId" in node]
        if len(operations) >= 2:
            original, copy_to = data.draw(st.permutations(operations))[:2]
            copy_to["operationId"] = str(original["operationId"]).swapcase()


def _replace_refs(value: Any, old: str, new: str) -> None:
    for _, node in _nodes(value):
        if isinstance(node, dict) and node.get("$ref") == f"#/components/schemas/{old}":
            node["$ref"] = f"#/components/schemas/{new}"


MUTATIONS = [
    "rename_key",
    "inject_text",
    "inject_enum",
    "property_name",
    "schema_name",
    "delete_schema",
    "dangle_ref",
    "cycle",
    "type_swap",
    "delete_key",
    "duplicate_operation_id",
]


def _save_failure(text: str, problem: str) -> Path:
    FIXTURES.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    path = FIXTURES / f"fuzz-{digest}.yaml"
    path.write_text(f"# found by tests/fuzz/test_spec_fuzz.py: {problem}\n{text}", "utf-8")
    return path


IMPORT_CHECK = """
import importlib, sys
import pydantic
package = importlib.import_module(sys.argv[1])
models = importlib.import_module(sys.argv[1] + ".models")
for value in map(models.__getattr__, models.__all__):  # every part of _models, loaded
    if isinstance(value, type) and issubclass(value, pydantic.BaseModel):
        value.model_rebuild(force=True)
        value.model_json_schema()
[name] = [n for n in package.__all__ if n.endswith("Client") and not n.startswith("Async")]
client = getattr(package, name)
client(auth=None, base_url="http://127.0.0.1:9", project_id="p").close()
"""


def _import_in_subprocess(files: dict[str, str], folder: Path) -> None:
    package = folder / "fuzzed_client"
    package.mkdir(parents=True)
    for name, text in files.items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", IMPORT_CHECK, "fuzzed_client"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert not (folder / MARKER).exists(), "injected code ran on import"


class Counter:
    cases = 0
    rendered = 0
    refused = 0
    imported = 0


@pytest.fixture(scope="module", autouse=True)
def _report(request: pytest.FixtureRequest) -> Iterator[None]:
    """One line with the numbers docs/robustness.md quotes."""
    yield
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(
            f"spec fuzz: {Counter.cases} specs, {Counter.rendered} rendered and compiled, "
            f"{Counter.refused} refused with one diagnostic, {Counter.imported} imported"
        )


@settings(
    max_examples=SPEC_CASES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(
    base=st.sampled_from(sorted(BASES)),
    kinds=st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=4),
    data=st.data(),
)
def test_mutated_specs_render_or_fail_cleanly(
    base: str, kinds: list[str], data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    document = copy.deepcopy(_BASE_DOCUMENTS[base])
    for kind in kinds:
        _mutate(document, kind, data)
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    folder = tmp_path_factory.mktemp("spec")
    spec = folder / "fuzzed.yaml"
    spec.write_text(text, encoding="utf-8")
    Counter.cases += 1
    try:
        rendering = render_files(spec, "fuzzed_client")
    except GenerationError as err:
        Counter.refused += 1
        message = str(err.diagnostic)
        if "\n" in message or not message.startswith(str(spec)):
            path = _save_failure(text, f"unclear diagnostic {message!r}")
            pytest.fail(f"{kinds}: diagnostic is not one line naming the file ({path})")
        return
    except Exception as err:
        path = _save_failure(text, f"{type(err).__name__}: {err}"[:300])
        raise AssertionError(
            f"{kinds}: {type(err).__name__} escaped the generator ({path})"
        ) from err
    Counter.rendered += 1
    for name, source in rendering.files.items():
        if name.endswith(".py"):
            try:
                compile(source, name, "exec")
            except SyntaxError as err:
                path = _save_failure(text, f"{name} does not compile: {err}")
                raise AssertionError(f"{kinds}: {name} does not compile ({path})") from err
    if Counter.rendered % IMPORT_EVERY == 1:
        try:
            _import_in_subprocess(rendering.files, folder)
            Counter.imported += 1
        except AssertionError:
            _save_failure(text, "the rendered package does not import cleanly")
            raise
