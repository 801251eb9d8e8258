"""Fuzzed pages through the transcriber: every one ends in a spec or one clean error, quickly.

`make fuzz` runs this at full scale (FUZZ_SCALE=full, over 10,000 pages); `make test` runs a
short pass of the same code. FUZZ_SEED reproduces a run; a failure found here is kept as a
file under tests/fixtures/fuzz/ (see test_page_regressions.py), not only as a seed.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from generator.openapi import OPERATION_METHODS
from tests.fuzz.pages import (
    CANARY,
    FULL,
    SEED,
    ForeignReads,
    Seed,
    Tally,
    byte_pages,
    html_pages,
    rst_pages,
    synthetic_pages,
    text_pages,
    transcribe_case,
    write_case,
)
from tests.helpers import ROOT

# Cases per strategy: full scale for `make fuzz`, a pass of a few seconds each for `make test`.
SCALE = {
    "text": 3000 if FULL else 60,
    "html": 3500 if FULL else 60,
    "synthetic": 2000 if FULL else 40,
    "bytes": 1500 if FULL else 30,
    "rst": 2000 if FULL else 30,
    "cli": 40 if FULL else 6,
}
PREVIOUS = "previously built spec\n"
_DOCUTILS_REPORT = re.compile(
    r"directive disabled|start-string without end-string|Unknown (interpreted text role|"
    r"directive type)|Malformed table|Content block expected|Undefined substitution|"
    r"Unknown target name|(Enumerated|Bullet|Definition|Field) list ends without"
)


def _settings(name: str) -> settings:
    return settings(
        max_examples=SCALE[name],
        deadline=None,  # time is checked per page by transcribe_case, outside generation
        database=None,  # reproducible from FUZZ_SEED alone
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
            HealthCheck.function_scoped_fixture,
        ],
    )


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="fuzz-pages-") as folder:
        yield Path(folder)


@pytest.fixture(scope="module")
def tallies() -> Iterator[dict[str, Tally]]:
    found: dict[str, Tally] = {}
    yield found
    for name, tally in found.items():
        print(tally.line(name))


def _run(
    name: str,
    case: tuple[Seed, bytes],
    workdir: Path,
    tallies: dict[str, Tally],
    *,
    only_the_page: bool = False,
) -> None:
    """One fuzzed page: a spec or one clean error line, within the CPU budget.

    `transcribe_case` checks the error line and the time, and that the spec's YAML says
    exactly what was built; here, that a spec is never empty: a page that became a spec
    became at least one operation with its responses (nothing lost silently).
    `only_the_page`: the page reader opens no file but the page (a
    reStructuredText page can ask for others: `include`, `raw :file:`, `csv-table :url:`).
    """
    tally = tallies.setdefault(name, Tally(Counter()))
    page = write_case(workdir, *case)
    if only_the_page:
        (workdir / CANARY).write_text("canary: never read\n")
        with ForeignReads(page).watch() as reads:
            build = transcribe_case(page, case[0].service, tally)
        assert reads.found == [], f"{page.name} made the reader open {reads.found[:3]}"
        assert build is None or "never read" not in build.text
        # docutils' own reports are not page text (they read as descriptions in a cell).
        leak = build and _DOCUTILS_REPORT.search(build.text)
        assert not leak, f"{page.name}: docutils' report in the spec: {leak.group()}"
    else:
        build = transcribe_case(page, case[0].service, tally)
    if build is not None:
        operations = [
            operation
            for item in build.document["paths"].values()
            for method, operation in item.items()
            if method in OPERATION_METHODS
        ]
        assert operations, f"{page.name} became a spec without an operation"
        assert all(operation.get("responses") for operation in operations)


@seed(SEED)
@_settings("text")
@given(case=text_pages())
def test_text_pages_become_a_spec_or_one_clean_error(
    case: tuple[Seed, bytes], workdir: Path, tallies: dict[str, Tally]
) -> None:
    _run("text", case, workdir, tallies)


@seed(SEED)
@_settings("html")
@given(case=html_pages())
def test_html_pages_become_a_spec_or_one_clean_error(
    case: tuple[Seed, bytes], workdir: Path, tallies: dict[str, Tally]
) -> None:
    _run("html", case, workdir, tallies)


@seed(SEED)
@_settings("synthetic")
@given(case=synthetic_pages())
def test_synthetic_pages_become_a_spec_or_one_clean_error(
    case: tuple[Seed, bytes], workdir: Path, tallies: dict[str, Tally]
) -> None:
    _run("synthetic", case, workdir, tallies)


@seed(SEED)
@_settings("bytes")
@given(case=byte_pages())
def test_byte_pages_become_a_spec_or_one_clean_error(
    case: tuple[Seed, bytes], workdir: Path, tallies: dict[str, Tally]
) -> None:
    _run("bytes", case, workdir, tallies)


@seed(SEED)
@_settings("rst")
@given(case=rst_pages())
def test_rst_pages_become_a_spec_or_one_clean_error(
    case: tuple[Seed, bytes], workdir: Path, tallies: dict[str, Tally]
) -> None:
    """Broken grid tables, unterminated and unknown directives, unknown roles, hostile `:ref:`
    targets, deep nesting, huge tables, control characters; and no other file is read."""
    _run("rst", case, workdir, tallies, only_the_page=True)


@seed(SEED)
@_settings("cli")
@given(
    case=st.one_of(text_pages(), html_pages(), rst_pages(), synthetic_pages(), byte_pages()),
    previous=st.booleans(),
)
def test_cli_exits_0_with_a_spec_or_2_with_one_line_and_the_old_file(
    case: tuple[Seed, bytes], previous: bool, workdir: Path, tallies: dict[str, Tally]
) -> None:
    """The real CLI: exit 0 with complete YAML, or exit 2, one line and the old file intact."""
    tally = tallies.setdefault("cli", Tally(Counter()))
    folder = Path(tempfile.mkdtemp(dir=workdir))
    page = write_case(folder, *case)
    out = folder / "out" / "openapi.yaml"
    out.parent.mkdir()
    if previous:
        out.write_text(PREVIOUS)
    start = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "transcribe",
            str(page),
            "--service-file",
            str(case[0].service),
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=120,
    )
    tally.slowest = max(tally.slowest, time.perf_counter() - start)
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode in (0, 2), result.stderr[-3000:]
    leftovers = [p.name for p in out.parent.iterdir() if p != out]
    assert leftovers == []
    if result.returncode == 2:
        tally.outcomes["error"] += 1
        assert result.stderr.startswith("error: ")
        assert len(result.stderr.splitlines()) == 1, result.stderr[:3000]
        if previous:
            assert out.read_text() == PREVIOUS
        else:
            assert not out.exists()
        return
    tally.outcomes["spec"] += 1
    document = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    assert document["openapi"] == "3.1.0"
    assert document["paths"]
    # The same bytes as the in-process build: the output is deterministic.
    build = transcribe_case(page, case[0].service)
    assert build is not None
    assert out.read_text(encoding="utf-8") == build.text
