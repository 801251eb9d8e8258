"""`make accuracy`: the ELB transcription checked two ways, page by page.

1. Against the page itself: every row of every parameter table appears in the operation at the
   place the page gives it (a parameter of its location, a request or response body field at
   its nesting; `tests/accuracy/recall.py` reads the places from the page), or in a finding of a
   left-out kind that names its table and row (or the whole table or page), or in a reviewed
   overlay action that names it. Rows found only elsewhere are reported as at the wrong
   nesting, apart from rows missing. Target: recall 100% on every page.
2. Against Huawei's official SDK (`huaweicloudsdkelb`, v2 and v3), an independent reference:
   operations are matched by method and path shape; every parameter name (per location) and
   every request and response body field path we transcribed must exist in the SDK operation
   with a compatible type, and request body fields must have the SDK's required flag.
   The SDK is newer than the pages: fields only the SDK has are expected and not counted.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic
from generator.spec.build import build_spec
from generator.spec.yaml_io import load_yaml
from generator.transcribe.operation import NotAnOperationPageError, transcribe_page
from generator.transcribe.read import read_page
from tests.accuracy.page_differences import PageDifference, check, load, page_text
from tests.accuracy.recall import (
    COVERED,
    LEVELS,
    OUTCOMES,
    OurPlaces,
    RowCheck,
    check_rows,
    expected_places,
    our_places,
    uri_line,
)
from tests.accuracy.sdk_reference import (
    Mismatch,
    SdkOperation,
    compare_operations,
    flatten_openapi_operation,
    index_by_shape,
    load_sdk_operations,
    path_shape,
)
from tests.helpers import ROOT

ELB = ROOT / "spec" / "elb"
REPORT = ROOT / "docs" / "accuracy.md"
DIFFERENCES = ROOT / "tests" / "accuracy" / "page_differences.yaml"


@dataclass
class PageResult:
    page: str
    version: str
    operation: str = ""
    checks: list[RowCheck] = field(default_factory=list)
    """The verdict on every row of every parameter table of the page (tests/accuracy/recall.py)."""
    sdk: str = "no SDK operation"
    mismatches: list[Mismatch] = field(default_factory=list)
    exempted: dict[Mismatch, PageDifference] = field(default_factory=dict)
    """Mismatches a checked entry of page_differences.yaml shows to be in the page."""

    @property
    def unexplained(self) -> list[Mismatch]:
        return [m for m in self.mismatches if m not in self.exempted]

    @property
    def rows(self) -> int:
        return len(self.checks)

    @property
    def covered(self) -> int:
        return sum(c.outcome in COVERED for c in self.checks)

    def outcome(self, outcome: str) -> list[RowCheck]:
        return [c for c in self.checks if c.outcome == outcome]

    @property
    def recall(self) -> float:
        return 1.0 if self.rows == 0 else self.covered / self.rows


@dataclass
class Evaluation:
    results: list[PageResult]
    spec: dict[str, Any]
    differences: list[PageDifference]
    problems: list[str]
    """Entries of page_differences.yaml that do not check out or exempt nothing."""
    sdk_operations: list[SdkOperation]


def _shapes(path: str) -> list[str]:
    """The path's shape, and the SDK's spelling of the same shared-load-balancer API.

    The pages document the v2.0 API at `/v2.0/lbaas/...` (its OpenStack-compatible form); the
    SDK calls the same resources at `/v2/{project_id}/elb/...`.
    """
    shape = path_shape(path)
    if shape.startswith("/v2.0/lbaas/"):
        return [shape, "/v2/{}/elb/" + shape.removeprefix("/v2.0/lbaas/")]
    return [shape]


def evaluate() -> Evaluation:
    pages = sorted((ELB / "pages").glob("*.html"))
    overlay = ELB / "overlay.yaml" if (ELB / "overlay.yaml").exists() else None
    build = build_spec(pages, ELB / "service.yaml", overlay, "openapi.yaml")
    spec = build.document
    # What the transcriber produced before the reviewed overlay: a row the overlay removes
    # counts if an action names it (tests/accuracy/recall.py).
    before = build_spec(pages, ELB / "service.yaml", None, "openapi.yaml").document
    actions = load_yaml(overlay).get("actions", []) if overlay else []
    by_page: dict[str, list[Diagnostic]] = {}
    for finding in build.findings:
        by_page.setdefault(Path(finding.file).name, []).append(finding)
    sdk_operations = load_sdk_operations()
    sdk_index = index_by_shape(sdk_operations)
    differences = load(DIFFERENCES)
    used: set[int] = set()
    invalid = {n for n, e in enumerate(differences) if not (ELB / "pages" / e.page).is_file()}
    problems: list[str] = [f"{differences[n].page}: no such page" for n in sorted(invalid)]
    results: list[PageResult] = []
    for path in pages:
        page = read_page(path)
        findings = by_page.get(path.name, [])
        result = PageResult(path.name, "?")
        try:
            transcript = transcribe_page(page, path.stem)
        except NotAnOperationPageError:
            transcript = None
        operation: dict[str, Any] = {}
        if transcript is not None:
            result.version = transcript.path.strip("/").split("/")[0]
            operation = spec["paths"].get(transcript.path, {}).get(transcript.method, {})
            result.operation = f"{transcript.method.upper()} {transcript.path}"
        places, places_before = OurPlaces(frozenset()), OurPlaces(frozenset())
        if transcript is not None:
            method, template, query = uri_line(page) or (transcript.method, transcript.path, [])
            places = our_places(spec, transcript.path, transcript.method)
            places_before = our_places(before, transcript.path, transcript.method)
            codes = [str(c) for c in operation.get("responses", {}) if str(c).startswith("2")]
            success = min(codes, default="200")
            expectations = expected_places(page, method, template, query, success)
        else:
            expectations = expected_places(page, "", "", [], "200")
        result.checks = check_rows(expectations, places, findings, places_before, actions)
        for number, entry in enumerate(differences):
            if entry.page == path.name:
                wrong = check(entry, page, page_text(path))
                problems += [f"{path.name} {entry.where} '{entry.field}': {p}" for p in wrong]
                if wrong:
                    invalid.add(number)
        if transcript is not None and operation:
            candidates = [
                sdk
                for shape in _shapes(transcript.path)
                for sdk in sdk_index.get((transcript.method.upper(), shape), [])
            ]
            if candidates:
                ours = flatten_openapi_operation(spec, transcript.path, transcript.method)
                # Several SDK operations can share a shape: the closest one is the counterpart.
                sdk, best = min(
                    ((sdk, compare_operations(ours, sdk)) for sdk in candidates),
                    key=lambda pair: len(pair[1]),
                )
                result.sdk = sdk.name
                result.mismatches = best
                for mismatch in best:
                    for number, entry in enumerate(differences):
                        if number not in invalid and entry.covers(path.name, mismatch):
                            result.exempted[mismatch] = entry
                            used.add(number)
                            break
        results.append(result)
    problems += [
        f"{entry.page} {entry.where} '{entry.field}': exempts no reported mismatch (stale)"
        for number, entry in enumerate(differences)
        if number not in used and number not in invalid
    ]
    return Evaluation(results, spec, differences, problems, sdk_operations)


def render(evaluation: Evaluation) -> str:
    results = evaluation.results
    lines = [
        "# ELB transcription accuracy",
        "",
        "Generated by `make accuracy` (tests/accuracy/report.py); do not edit.",
        "",
        "Recall: a row counts when it is at the place the page gives it (a parameter of its "
        "location, a body or response field at its nesting), or named by a finding that says "
        "why it was left out, or removed by a reviewed overlay action that names it; "
        "tests/accuracy/recall.py says how the places are read from the page.",
        "",
        "| page | operation | rows | recall | wrong nesting | missing | SDK operation "
        "| mismatches | of them in the page |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.page} | `{r.operation}` | {r.rows} | {r.recall:.0%} "
            f"| {len(r.outcome('wrong-nesting'))} | {len(r.outcome('missing'))} | {r.sdk} "
            f"| {len(r.mismatches)} | {len(r.exempted)} |"
        )
    totals = Counter[str]()
    for r in results:
        group = r.version if r.version in ("v3", "v2.0", "v1.0") else "other"
        has_sdk = r.sdk != "no SDK operation"
        totals[f"{group} operations"] += bool(r.operation)
        totals[f"{group} matched to the SDK"] += has_sdk
        totals[f"{group} matching fully"] += has_sdk and not r.mismatches
        totals[f"{group} matching apart from page facts"] += has_sdk and not r.unexplained
    rows, covered = sum(r.rows for r in results), sum(r.covered for r in results)
    lines += [
        "",
        "## Totals",
        "",
        f"- table rows: {rows}, in the spec or a finding: {covered} ({covered / rows:.1%})",
    ]
    lines += [f"- pages at recall 100%: {sum(r.recall == 1 for r in results)}/{len(results)}"]
    checks = [c for r in results for c in r.checks]
    for level in LEVELS:
        at = [c for c in checks if c.level == level]
        outcomes = Counter(c.outcome for c in at)
        counted = ", ".join(f"{o} {outcomes[o]}" for o in OUTCOMES if outcomes[o])
        share = sum(outcomes[o] for o in COVERED) / max(len(at), 1)
        lines.append(f"- {level} rows: {len(at)}, recall {share:.1%} ({counted or 'none'})")
    for group in ("v3", "v2.0", "v1.0"):
        ops = totals[f"{group} operations"]
        full = totals[f"{group} matching fully"]
        explained = totals[f"{group} matching apart from page facts"]
        matched = totals[f"{group} matched to the SDK"]
        lines.append(
            f"- {group}: {ops} operations, {matched} matched to an SDK operation; "
            f"{full} with every name and path in the SDK ({full / max(matched, 1):.0%} of the matched), "
            f"{explained} once the checked page differences below are set aside "
            f"({explained / max(matched, 1):.0%})"
        )
    sdk_paths = sorted({o.path for o in evaluation.sdk_operations})
    classic = [p for p in sdk_paths if "elbaas" in p or p.startswith("/v1")]
    lines.append(
        f"- the SDK (huaweicloudsdkelb, modules v2 and v3) has {len(evaluation.sdk_operations)} "
        f"operations on {len(sdk_paths)} paths; {len(classic)} of them are v1.0 or `elbaas` "
        "paths, so no v1.0 page (the classic load balancer API) has an SDK counterpart"
    )
    if evaluation.problems:
        lines += ["", "## Entries of page_differences.yaml that do not check out", ""]
        lines += [f"- {problem}" for problem in evaluation.problems]
    lines += [
        "",
        "## Differences in the pages (tests/accuracy/page_differences.yaml, checked)",
        "",
    ]
    for r in results:
        for mismatch, entry in r.exempted.items():
            lines.append(
                f"- {r.page} (`{r.operation}`): {mismatch}; table {entry.table}: "
                f'"{entry.quote}"; SDK: {entry.sdk_model}. {" ".join(entry.reason.split())}'
            )
    for title, outcome in (
        ("Rows at the wrong nesting", "wrong-nesting"),
        ("Rows missing", "missing"),
        ("Rows removed by the reviewed overlay", "overlay"),
    ):
        lines += ["", f"## {title}", ""]
        lines += [f"- {r.page}: {c}" for r in results for c in r.outcome(outcome)] or ["- none"]
    lines += ["", "## Mismatches not explained by the pages", ""]
    for r in results:
        for mismatch in r.unexplained:
            lines.append(f"- {r.page} (`{r.operation}`): {mismatch}")
    return "\n".join(lines) + "\n"


def main() -> int:
    evaluation = evaluate()
    text = render(evaluation)
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(text, encoding="utf-8")
    print(text[text.index("## Totals") : text.index("## Differences in the pages")].strip())
    for title in ("## Rows at the wrong nesting", "## Rows missing"):
        print(text[text.index(title) : text.index("\n## ", text.index(title) + 1)].strip())
    return 1 if evaluation.problems else 0


if __name__ == "__main__":
    sys.exit(main())
