"""Pages read by several processes give what one process gives: the same spec, the same
findings in the same order, and the first error in file order."""

from __future__ import annotations

import pickle
import shutil
import threading
from pathlib import Path

import pytest

from generator.diagnostics import GenerationError, Location, error
from generator.spec import pages as parallel
from generator.spec.build import build_spec
from tests.helpers import HSS_SPEC

PAGES = sorted((HSS_SPEC / "pages").iterdir())


def _build(pages: list[Path]) -> tuple[str, tuple[str, ...]]:
    built = build_spec(pages, HSS_SPEC / "service.yaml", HSS_SPEC / "overlay.yaml", "out.yaml")
    return built.text, tuple(str(d) for d in built.findings)


def test_workers_build_the_spec_one_process_builds(monkeypatch: pytest.MonkeyPatch) -> None:
    # As from the command line: one thread (the test run may have left server threads).
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.setenv(parallel.JOBS_VARIABLE, "2")
    assert parallel._workers(len(PAGES)) == 2
    in_parallel = _build(PAGES)
    monkeypatch.setenv(parallel.JOBS_VARIABLE, "1")
    assert parallel._workers(len(PAGES)) == 1
    assert _build(PAGES) == in_parallel


def test_the_first_bad_page_in_file_order_is_the_error(tmp_path: Path) -> None:
    pages = []
    for page in PAGES:
        pages.append(tmp_path / page.name)
        shutil.copy(page, pages[-1])
    # Two broken pages: the one that comes first in name order is reported, as in one process.
    (tmp_path / "b_broken.rst").write_text(":original_name: B.html\n\nB\n=\n\n.. table::\n")
    (tmp_path / "y_broken.txt").write_text("")
    with pytest.raises(GenerationError, match=r"b_broken\.rst"):
        build_spec([*pages, tmp_path / "y_broken.txt", tmp_path / "b_broken.rst"], None, None, "o")


def test_an_error_keeps_its_diagnostic_across_processes() -> None:
    raised = error("page.rst", Location(table=3, row=2), "row has 3 cells", "missing-cell")
    copied = pickle.loads(pickle.dumps(raised))
    assert type(copied) is GenerationError
    assert copied.diagnostic == raised.diagnostic
    assert str(copied) == str(raised)


def test_no_pool_for_few_pages_or_from_a_threaded_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.setenv(parallel.JOBS_VARIABLE, "4")
    assert parallel._workers(3) == 1
    assert parallel._workers(40) == 4
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert parallel._workers(40) == 1
