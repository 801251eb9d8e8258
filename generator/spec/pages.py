"""Every page read and transcribed, in file order, by several processes when that pays.

Reading a page (above all a reStructuredText one, through docutils) is most of a build's time,
and pages are independent: a pool of forked workers reads them while the results are taken in
file order, so the findings, the spec and the first error are what one process would give.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from generator.transcribe.operation import (
    Transcript,
    transcribe_page,
)
from generator.transcribe.page import Page
from generator.transcribe.read import read_page
from generator.transcribe.uri import NotAnOperationPageError

# `HUAWEI_PAGE_GENERATOR_JOBS=1` reads in this process; unset, one worker per CPU.
JOBS_VARIABLE = "HUAWEI_PAGE_GENERATOR_JOBS"
# Below this many pages a pool costs more than it saves.
_PARALLEL_FROM = 12
_MAX_WORKERS = 8

PageResult = tuple[Page, Transcript | NotAnOperationPageError]


def transcribe_file(path: Path) -> PageResult:
    """One page read and transcribed; a page that documents no operation is returned with the
    reason (the caller may read it as another kind of page), any other problem raised."""
    page = read_page(path)
    try:
        return page, transcribe_page(page, operation_id=path.stem)
    except NotAnOperationPageError as skipped:
        return page, skipped


def transcribe_files(paths: list[Path]) -> Iterator[PageResult]:
    """`transcribe_file` of each path, in order; the first failure in order is raised."""
    workers = _workers(len(paths))
    if workers <= 1:
        yield from map(transcribe_file, paths)
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        chunk = max(1, len(paths) // (workers * 4))
        yield from pool.map(transcribe_file, paths, chunksize=chunk)


def _workers(pages: int) -> int:
    """How many processes: forking is only safe from a single-threaded process (a thread
    holding a lock at the fork would hold it forever in the child), and only on a platform
    that forks."""
    configured = os.environ.get(JOBS_VARIABLE, "")
    jobs = int(configured) if configured.isdigit() else (os.cpu_count() or 1)
    if (
        pages < _PARALLEL_FROM
        or jobs <= 1
        or threading.active_count() > 1
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        return 1
    return min(jobs, _MAX_WORKERS, pages)
