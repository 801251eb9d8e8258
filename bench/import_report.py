"""The import targets' verdicts and the Import section of `results.md`.

Each import figure is a ratio to `import httpx, pydantic` measured the same way in the same run
(see `bench.imports`): with bytecode cached for the main table, and for the first call of the
600-operation package, also without any bytecode and with only the package uncached.
"""

from __future__ import annotations

from collections.abc import Sequence

from bench.imports import BYTECODE, CACHED, FIRST_CALL, NO_CACHE, ImportResult, reference_for
from bench.tables import Verdict, ms, ratio, table

TARGET_IMPORT_HSS = 1.2
TARGET_IMPORT_BIG = 1.5
TARGET_FIRST_CALL = 1.5


def _result(imports: Sequence[ImportResult], prefix: str) -> ImportResult | None:
    """The first row of the main table whose name starts with `prefix`."""
    return next(
        (r for r in imports if r.case.family != FIRST_CALL and r.case.name.startswith(prefix)),
        None,
    )


def _ratios(imports: Sequence[ImportResult], result: ImportResult) -> tuple[float, float] | None:
    """Whole process and statement alone, each divided by the reference measured the same way."""
    reference = reference_for(imports, result.case)
    if reference is None or not reference.samples or not result.samples:
        return None
    return (
        result.wall().median / reference.wall().median,
        result.own().median / reference.own().median,
    )


def import_verdicts(imports: Sequence[ImportResult], biggest: int | None) -> list[Verdict]:
    """Importing `hss_client` and the biggest synthetic package, and the first call of the
    first-call package with bytecode cached and without any."""
    found: list[Verdict] = []
    big = f"importing the {biggest}-operation package" if biggest else ""
    for prefix, limit, label in (
        ("`import hss_client`", TARGET_IMPORT_HSS, "importing `hss_client`"),
        ("`import synth_client` (", TARGET_IMPORT_BIG, big),
    ):
        result = _result(imports, prefix)
        ratios = _ratios(imports, result) if result is not None else None
        if ratios is None:
            continue
        wall, own = ratios
        found.append(
            Verdict(
                f"{label} ≤ {limit}× importing httpx + pydantic",
                f"{ratio(wall)} whole process, {ratio(own)} import statement alone",
                wall <= limit and own <= limit,
                "import",
            )
        )
    for result in imports:
        if result.case.family != FIRST_CALL or result.case.reference or not result.case.watch:
            continue
        verdict = _first_call_verdict(imports, result)
        if verdict is not None:
            found.append(verdict)
    return found


def _first_call_verdict(imports: Sequence[ImportResult], result: ImportResult) -> Verdict | None:
    """The package without bytecode (import alone, vs. the import reference measured the same
    way), and every first call (vs. the floor: httpx, one model and the same GET, measured the
    same way): a call is compared with a call."""
    case = result.case
    if case.first_call:
        against = _floor(imports, case.bytecode)
        what = "the floor (httpx + one pydantic model + the same GET)"
    elif case.bytecode != CACHED:
        against = reference_for(imports, case)
        what = "importing httpx + pydantic"
    else:
        return None  # the cached import alone is the main table's verdict
    if against is None or not against.samples or not result.samples:
        return None
    wall = result.wall().median / against.wall().median
    own = result.own().median / against.own().median
    return Verdict(
        f"{case.name}, {case.bytecode} ≤ {TARGET_FIRST_CALL}× {what}, measured the same way",
        f"{ratio(wall)} whole process, {ratio(own)} statement alone",
        wall <= TARGET_FIRST_CALL and own <= TARGET_FIRST_CALL,
        "import",
    )


def _floor(imports: Sequence[ImportResult], bytecode: str) -> ImportResult | None:
    return next(
        (
            r
            for r in imports
            if r.case.family == FIRST_CALL
            and r.case.bytecode == bytecode
            and r.case.name.startswith("floor")
        ),
        None,
    )


def _row(imports: Sequence[ImportResult], result: ImportResult, *first: str) -> list[str]:
    wall, own, peak = result.wall(), result.own(), result.peak()
    reference = reference_for(imports, result.case)
    ratio_wall = _ratio_text(wall.median, reference.wall().median if reference else None)
    ratio_own = _ratio_text(own.median, reference.own().median if reference else None)
    return [
        *first,
        ms(wall.median),
        f"{ms(wall.low)} – {ms(wall.high)}",
        ms(own.median),
        f"{peak.median:.0f}",
        ratio_wall,
        ratio_own,
        str(result.modules),
    ]


def _ratio_text(value: float, reference: float | None) -> str:
    return ratio(value / reference) if reference is not None and reference > 0.001 else "–"


_COLUMNS = [
    "whole process ms",
    "min – max",
    "statement ms",
    "peak MiB",
    "× ref (process)",
    "× ref (statement)",
    "modules loaded",
]


def imports_section(imports: Sequence[ImportResult]) -> list[str]:
    if not imports:
        return []
    main = [r for r in imports if r.case.family != FIRST_CALL]
    lines = [
        "## Import",
        "",
        "A fresh interpreter per run with bytecode cached (a first, discarded round fills "
        "the cache, in a private `PYTHONPYCACHEPREFIX`). *Whole process*: wall time of "
        "`python -c STATEMENT`, interpreter start-up included. *Statement*: the import "
        "statement alone, timed inside the process. Ratios divide medians by the reference "
        "row's. Note that `import pydantic` itself is lazy: it loads `BaseModel` only on first "
        "use, hence the row with `from pydantic import BaseModel`.",
        "",
    ]
    lines += table(["import", *_COLUMNS], [_row(imports, r, r.case.name) for r in main])
    for result in main:
        if result.case.watch and "models" not in result.case.statement.split(",")[-1]:
            loaded = ", ".join(result.models_loaded) or "neither"
            lines.append(
                f"- {result.case.name}: of {', '.join(result.case.watch)}, loaded: {loaded}."
            )
    lines.append("")
    return lines + _first_call_section(imports)


def _first_call_section(imports: Sequence[ImportResult]) -> list[str]:
    rows = [r for r in imports if r.case.family == FIRST_CALL]
    if not rows:
        return []
    rows += [r for r in imports if r.case.reference and r.case.bytecode == CACHED]
    ordered = sorted(
        rows,
        key=lambda r: (
            BYTECODE.index(r.case.bytecode),
            not r.case.reference,
            bool(r.case.watch),  # the floor (no package to watch) before the package
            r.case.first_call,
        ),
    )
    lines = [
        "### Before the first answer: a real-sized package, with and without bytecode",
        "",
        "What a short-lived process (a CLI, a serverless function) pays: the import, then the "
        "client built with `base_url` on `bench/server.py` (127.0.0.1) and a token, and one "
        "list call with its response read (the statement column times all of it). Each way of "
        "finding bytecode has its own `import httpx, pydantic` reference, measured the same "
        f"way and dividing that way's rows. *{CACHED}*: as above. *{NO_CACHE}*: "
        "`PYTHONDONTWRITEBYTECODE=1` and an empty `PYTHONPYCACHEPREFIX` (checked still empty "
        "after the runs): every module but the interpreter's frozen ones is compiled from "
        "source, the reference's too. *only the package uncached*: `PYTHONDONTWRITEBYTECODE=1` "
        "and a fresh copy of the package without `__pycache__`; the standard library and the "
        "dependencies read their installed bytecode (what `PYTHONDONTWRITEBYTECODE=1` in a "
        "container image means for a vendored package). The targets "
        f"(≤ {TARGET_FIRST_CALL}×): the package imported without bytecode, against the "
        "reference measured the same way; and each first call against the floor measured the "
        "same way, a call against a call (against an import alone, the floor itself is "
        "already 1.5-1.7×). The "
        "floor is what any typed client pays at least: `import httpx`, one pydantic model, and "
        "the same GET read into it.",
        "",
    ]
    lines += table(
        ["statement", "bytecode", *_COLUMNS],
        [_row(imports, r, r.case.name, r.case.bytecode) for r in ordered],
    )
    return lines
