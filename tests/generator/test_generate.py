"""`generate`: the same bytes as `transcribe` then `render`, in one process, and all or nothing.

The pages are a few of ELB's, copied with the service file into a folder of their own; every
command runs there with relative paths, as `make generate` does from the checkout, so that the
paths the files and messages name are the same for both ways of running.
"""

from __future__ import annotations

import datetime
import math
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.pipeline import round_trips, spec_in_memory
from generator.spec.build import SpecBuild, build_spec
from generator.spec.yaml_io import dump_yaml, load_yaml
from tests.helpers import ROOT, run_cli

ELB = ROOT / "spec" / "elb"
PAGES = [
    "CreateLoadBalancer.html",
    "DeleteLoadBalancer.html",
    "ListFlavors.html",
    "ShowLoadBalancer.html",
]
TRANSCRIBE = [*(f"pages/{page}" for page in PAGES), "--service-file", "service.yaml"]
SPEC, PACKAGE = "openapi.yaml", "elb_client"


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`: the generator leaves nothing else (ruff runs without a cache)."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.relative_to(folder).parts
    }


def same(a: Any, b: Any) -> bool:
    """Equal, and of the same types in the same order all the way down (`==` allows 1 == 1.0)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[key], b[key]) for key in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def workspace(folder: Path) -> Path:
    (folder / "pages").mkdir(parents=True)
    for page in PAGES:
        shutil.copyfile(ELB / "pages" / page, folder / "pages" / page)
    shutil.copyfile(ELB / "service.yaml", folder / "service.yaml")
    return folder


@dataclass(frozen=True)
class Runs:
    two_processes: Path
    two_stderr: str
    one_process: Path
    one_stderr: str


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    two = workspace(tmp_path_factory.mktemp("two-processes"))
    transcribed = run_cli("transcribe", *TRANSCRIBE, "-o", SPEC, cwd=two)
    assert transcribed.returncode == 0, transcribed.stderr
    rendered = run_cli("render", SPEC, "-o", PACKAGE, cwd=two)
    assert rendered.returncode == 0, rendered.stderr
    one = workspace(tmp_path_factory.mktemp("one-process"))
    generated = run_cli("generate", *TRANSCRIBE, "-o", SPEC, "--package-dir", PACKAGE, cwd=one)
    assert generated.returncode == 0, generated.stderr
    return Runs(two, transcribed.stderr + rendered.stderr, one, generated.stderr)


def test_generate_writes_the_bytes_transcribe_then_render_write(runs: Runs) -> None:
    one, two = tree(runs.one_process), tree(runs.two_processes)
    assert sorted(one) == sorted(two)
    assert f"{PACKAGE}/models.py" in one
    for name in two:
        assert one[name] == two[name], f"{name} differs"


def test_generate_reports_what_the_two_commands_report(runs: Runs) -> None:
    # The same lines; `generate` prints both summaries last, once both outputs are written.
    assert sorted(runs.one_stderr.splitlines()) == sorted(runs.two_stderr.splitlines())
    assert runs.one_stderr.splitlines()[-2:] == [
        line
        for line in runs.two_stderr.splitlines()
        if re.match(rf"({re.escape(SPEC)}|{re.escape(PACKAGE)}): \d+ ", line)  # the summaries
    ]


@pytest.mark.parametrize("service", ["elb", "hss"])
def test_the_document_in_memory_is_what_loading_the_written_spec_gives(
    service: str, tmp_path: Path
) -> None:
    folder = ROOT / "spec" / service
    overlay = folder / "overlay.yaml"
    build = build_spec(
        sorted((folder / "pages").iterdir()),
        folder / "service.yaml",
        overlay if overlay.exists() else None,
        str(tmp_path / SPEC),
    )
    written = tmp_path / SPEC
    written.write_text(build.text, encoding="utf-8", newline="\n")
    assert round_trips(build.document), "generate would read the spec back: find out why"
    assert same(build.document, load_yaml(written))
    loaded = spec_in_memory(build, written, written)
    assert loaded.document is build.document


def test_what_the_dump_does_not_give_back_as_itself_is_read_back(tmp_path: Path) -> None:
    shared = {"type": "string"}
    for refused in [
        {"enum": ("a", "b")},
        {"example": datetime.date(2026, 11, 26)},
        {"a": shared, "b": shared},
        {"x": {1, 2}},
        {"x": b"bytes"},
        {("tuple", "key"): 1},
    ]:
        assert not round_trips(refused), refused
    assert round_trips({"a": [1, 1.5, True, None, "s", {2: {"": []}}], 3.5: False, None: -0.0})

    document: dict[str, Any] = {"openapi": "3.1.0", "info": {"title": "T", "version": "1"}}
    document["x-tags"] = ("a", "b")
    build = SpecBuild(
        text=dump_yaml(document), document=document, findings=(), pages=1, operations=0
    )
    written = tmp_path / SPEC
    written.write_text(build.text, encoding="utf-8", newline="\n")
    loaded = spec_in_memory(build, written, written)
    assert loaded.document is not document
    assert loaded.document["x-tags"] == ["a", "b"]
    assert same(loaded.document, load_yaml(written))


_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=30) | st.sampled_from(
    ["", "a\nb", "a \nb", "a\r\nb", "line\n", "\u2028", "a\x85b", "null", "1.0", "yes", "- x"]
)
_scalars = st.none() | st.booleans() | st.integers() | st.floats() | _text
_keys = _text | st.integers() | st.booleans() | st.floats(allow_nan=False)
_documents = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=4),
    max_leaves=25,
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(_text, _documents, min_size=1, max_size=6))
def test_what_round_trips_accepts_the_written_file_gives_back(
    tmp_path_factory: pytest.TempPathFactory, document: dict[str, Any]
) -> None:
    """The claim `generate` rests on: for what `round_trips` accepts, the file is the document."""
    assert round_trips(document)
    written = tmp_path_factory.mktemp("dump") / SPEC
    written.write_text(dump_yaml(document), encoding="utf-8", newline="\n")
    assert same(load_yaml(written), document)


@pytest.fixture
def previous(runs: Runs, tmp_path: Path) -> Path:
    """A folder where `generate` succeeded before: its spec and package are the previous ones."""
    folder = tmp_path / "service"
    shutil.copytree(runs.one_process, folder)
    # Marked, so that a run writing the same bytes again still shows as a replacement.
    with (folder / SPEC).open("a", encoding="utf-8") as spec:
        spec.write("# the previous spec\n")
    (folder / PACKAGE / "PREVIOUS").write_text("the previous package\n")
    return folder


def assert_failed_cleanly(result_stderr: str, returncode: int) -> str:
    assert returncode == 2, result_stderr
    assert "Traceback" not in result_stderr
    errors = [line for line in result_stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    assert result_stderr.splitlines()[-1] == errors[0]
    return errors[0]


def test_a_bad_overlay_leaves_the_previous_spec_and_package(previous: Path) -> None:
    before = tree(previous)
    (previous / "overlay.yaml").write_text(
        "overlay: 1.0.0\ninfo: {title: T, version: 1.0.0}\nactions:\n"
        "  - target: \"$.paths['/nowhere']\"\n    description: matches nothing\n    remove: true\n"
    )
    result = run_cli(
        "generate",
        *TRANSCRIBE,
        "--overlay",
        "overlay.yaml",
        "-o",
        SPEC,
        "--package-dir",
        PACKAGE,
        cwd=previous,
    )
    error = assert_failed_cleanly(result.stderr, result.returncode)
    assert error == "error: overlay.yaml: action 1: target '$.paths['/nowhere']' matches nothing"
    assert tree(previous) == {**before, "overlay.yaml": (previous / "overlay.yaml").read_bytes()}


def test_a_render_failure_after_a_good_transcription_writes_neither(previous: Path) -> None:
    before = tree(previous)
    result = run_cli(
        "generate",
        *TRANSCRIBE,
        "-o",
        SPEC,
        "--package-dir",
        PACKAGE,
        "--package",
        "not-a-name",
        cwd=previous,
    )
    error = assert_failed_cleanly(result.stderr, result.returncode)
    # What `render` of the spec says, word for word.
    render = run_cli("render", SPEC, "-o", PACKAGE, "--package", "not-a-name", cwd=previous)
    assert render.stderr == f"{error}\n"
    assert error == "error: openapi.yaml: package: 'not-a-name' is not a valid package name"
    assert tree(previous) == before, "no staged spec or package left, nothing replaced"


def test_a_spec_path_that_cannot_be_replaced_stops_before_the_package(previous: Path) -> None:
    (previous / "taken").mkdir()
    before = tree(previous)
    result = run_cli("generate", *TRANSCRIBE, "-o", "taken", "--package-dir", PACKAGE, cwd=previous)
    error = assert_failed_cleanly(result.stderr, result.returncode)
    assert error == "error: taken: file: is a directory, not a spec file"
    assert tree(previous) == before
    assert sorted(p.name for p in previous.iterdir()) == sorted(
        [PACKAGE, SPEC, "pages", "service.yaml", "taken"]
    )
