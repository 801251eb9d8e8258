"""`make accuracy`: every service's transcription checked two ways, page by page.

1. Against the page itself: every row of every parameter table appears in the operation at the
   place the page gives it (a parameter of its location, a request or response body field at
   its nesting; `tests/accuracy/recall.py` reads the places from the page), or in a finding of a
   left-out kind that names its table and row (or the whole table or page), or in a reviewed
   overlay action that names it. Rows found only elsewhere are reported as at the wrong
   nesting, apart from rows missing. Target: recall 100% on every page.
2. Against Huawei's official SDK for the service (`tests/accuracy/services.py`: ELB against
   `huaweicloudsdkelb` v2 and v3, HSS against `huaweicloudsdkhss` v5, VPC against
   `huaweicloudsdkvpc` v2 and v3), an independent
   reference: operations are matched by method and path shape; every parameter name (per
   location) and every request and response body field path we transcribed must exist in the
   SDK operation with a compatible type, and request body fields must have the SDK's required
   flag. A mismatch the page itself explains is quoted from the page in
   `tests/accuracy/differences/<service>.yaml` (checked, `page_differences.py`). The SDK is
   newer than the pages: fields only the SDK has are expected and not counted.

Writes `docs/accuracy.md`, one section per service.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic
from generator.spec.build import build_spec
from generator.spec.yaml_io import load_yaml
from generator.transcribe.operation import transcribe_page
from generator.transcribe.read import read_page
from generator.transcribe.uri import NotAnOperationPageError
from tests.accuracy.compare import Mismatch, compare_operations, index_by_shape
from tests.accuracy.our_operations import flatten_openapi_operation
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
from tests.accuracy.sdk_reference import SdkOperation, load_sdk_operations
from tests.accuracy.services import SERVICES, Service
from tests.helpers import ROOT

REPORT = ROOT / "docs" / "accuracy.md"
NO_SDK = "no SDK operation"


@dataclass
class PageResult:
    page: str
    version: str
    operation: str = ""
    documents_operation: bool = False
    """The page has a `METHOD /path` line under URI (read by recall.py, not the transcriber)."""
    checks: list[RowCheck] = field(default_factory=list)
    """The verdict on every row of every parameter table of the page (tests/accuracy/recall.py)."""
    sdk: str = NO_SDK
    sdk_method_path: str = ""
    """The matched SDK operation's `METHOD resource_path`."""
    mismatches: list[Mismatch] = field(default_factory=list)
    exempted: dict[Mismatch, PageDifference] = field(default_factory=dict)
    """Mismatches a checked entry of the service's differences file shows to be in the page."""

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

    @property
    def right(self) -> bool:
        """Matched to the SDK, every name of ours in the SDK (or the difference quoted from the
        page), and every row of the page recalled."""
        return self.sdk != NO_SDK and not self.unexplained and self.recall == 1


@dataclass
class Evaluation:
    service: Service
    results: list[PageResult]
    spec: dict[str, Any]
    differences: list[PageDifference]
    problems: list[str]
    """Entries of the differences file that do not check out or exempt nothing."""
    sdk_operations: list[SdkOperation]


@cache
def evaluate(service: Service) -> Evaluation:
    """The service's pages checked against themselves and the SDK (computed once per process:
    the report and the tests read the same evaluation)."""
    pages = service.pages
    overlay = service.overlay
    service_file = service.directory / "service.yaml"
    build = build_spec(pages, service_file, overlay, "openapi.yaml")
    spec = build.document
    # What the transcriber produced before the reviewed overlay: a row the overlay removes
    # counts if an action names it (tests/accuracy/recall.py).
    before = build_spec(pages, service_file, None, "openapi.yaml").document
    actions = load_yaml(overlay).get("actions", []) if overlay else []
    by_page: dict[str, list[Diagnostic]] = {}
    for finding in build.findings:
        by_page.setdefault(Path(finding.file).name, []).append(finding)
    sdk_operations = load_sdk_operations(service.sdk_package, service.sdk_versions)
    sdk_index = index_by_shape(sdk_operations)
    differences = load(service.differences) if service.differences.is_file() else []
    names = {path.name for path in pages}
    used: set[int] = set()
    invalid = {n for n, e in enumerate(differences) if e.page not in names}
    problems: list[str] = [f"{differences[n].page}: no such page" for n in sorted(invalid)]
    results: list[PageResult] = []
    for path in pages:
        page = read_page(path)
        findings = by_page.get(path.name, [])
        result = PageResult(path.name, "?", documents_operation=uri_line(page) is not None)
        try:
            transcript = transcribe_page(page, path.stem)
        except NotAnOperationPageError:
            transcript = None
        operation: dict[str, Any] = {}
        places, places_before = OurPlaces(frozenset()), OurPlaces(frozenset())
        if transcript is not None:
            result.version = transcript.path.strip("/").split("/")[0]
            operation = spec["paths"].get(transcript.path, {}).get(transcript.method, {})
            result.operation = f"{transcript.method.upper()} {transcript.path}"
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
                wrong = check(entry, page, page_text(path), service.sdk_package)
                problems += [f"{path.name} {entry.where} '{entry.field}': {p}" for p in wrong]
                if wrong:
                    invalid.add(number)
        if transcript is not None and operation:
            candidates = [
                sdk
                for shape in service.sdk_shapes(transcript.path)
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
                result.sdk_method_path = f"{sdk.method} {sdk.path}"
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
    return Evaluation(service, results, spec, differences, problems, sdk_operations)


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def totals(evaluation: Evaluation) -> list[str]:
    """The service's totals, one bullet each: rows and recall, then SDK matches per version."""
    service, results = evaluation.service, evaluation.results
    rows, covered = sum(r.rows for r in results), sum(r.covered for r in results)
    operations = [r for r in results if r.operation]
    documenting = [r for r in results if r.documents_operation]
    transcribed = [r for r in documenting if r.operation]
    distinct = {r.operation for r in operations}
    lines = [
        f"- pages: {len(results)}, operations: {len(operations)}",
        f"- pages that document an operation (a `METHOD /path` line under URI): "
        f"{len(documenting)}, of them transcribed to an operation: {len(transcribed)} "
        f"({len(transcribed) / max(len(documenting), 1):.1%}); distinct operations in the "
        f"spec: {len(distinct)}",
        f"- table rows: {rows}, in the spec or a finding: {covered} ({covered / max(rows, 1):.1%})",
        f"- pages at recall 100%: {sum(r.recall == 1 for r in results)}/{len(results)}",
    ]
    checks = [c for r in results for c in r.checks]
    for level in LEVELS:
        at = [c for c in checks if c.level == level]
        outcomes = Counter(c.outcome for c in at)
        counted = ", ".join(f"{o} {outcomes[o]}" for o in OUTCOMES if outcomes[o])
        if not at:
            lines.append(f"- {level} rows: none")
            continue
        share = sum(outcomes[o] for o in COVERED) / len(at)
        lines.append(f"- {level} rows: {len(at)}, recall {share:.1%} ({counted})")
    groups = [*service.version_groups, "other"]
    for group in groups:
        in_group = [
            r
            for r in operations
            if r.version == group or (group == "other" and r.version not in groups)
        ]
        if not in_group and group == "other":
            continue
        matched = [r for r in in_group if r.sdk != NO_SDK]
        full = sum(not r.mismatches for r in matched)
        explained = sum(not r.unexplained for r in matched)
        lines.append(
            f"- {group}: {len(in_group)} operations, {len(matched)} matched to an SDK operation "
            f"by method and path; {full} with every name and type as in the SDK "
            f"({full / max(len(matched), 1):.0%} of the matched), {explained} once the checked "
            f"page differences below are set aside ({explained / max(len(matched), 1):.0%})"
        )
    matched = [r for r in operations if r.sdk != NO_SDK]
    right = [r for r in matched if r.right]
    strict = [r for r in right if not r.mismatches]
    lines.append(
        f"- right (matched to the SDK, every name in the SDK or quoted from the page, every "
        f"page row recalled): {len(right)} of {len(matched)} matched operations "
        f"({len(right) / max(len(matched), 1):.1%}); without setting page differences aside: "
        f"{len(strict)} ({len(strict) / max(len(matched), 1):.1%})"
    )
    mismatches = sum(len(r.mismatches) for r in results)
    quoted = sum(len(r.exempted) for r in results)
    lines.append(
        f"- mismatches with the SDK: {mismatches}, quoted from the page: {quoted}, "
        f"unexplained: {mismatches - quoted}"
    )
    sdk_paths = {o.path for o in evaluation.sdk_operations}
    modules = " and ".join(service.sdk_versions)
    lines.append(
        f"- the SDK ({service.sdk_package}, module{'s' if len(service.sdk_versions) > 1 else ''} "
        f"{modules}) has {len(evaluation.sdk_operations)} operations on {len(sdk_paths)} paths"
        + (f". {service.note}" if service.note else "")
    )
    return lines


def _source(entry: PageDifference) -> str:
    return f"table {entry.table}" if isinstance(entry.table, int) else "the page's example"


def render_service(evaluation: Evaluation) -> list[str]:
    service, results = evaluation.service, evaluation.results
    differences = _relative(service.differences)
    lines = [
        f"## {service.title}",
        "",
        f"Pages: `spec/{service.name}/pages/`; SDK: `{service.sdk_package}` "
        f"({', '.join(service.sdk_versions)}).",
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
    lines += ["", f"### {service.title} totals", "", *totals(evaluation)]
    if evaluation.problems:
        lines += ["", f"### Entries of {differences} that do not check out", ""]
        lines += [f"- {problem}" for problem in evaluation.problems]
    lines += ["", f"### {service.title} differences in the pages ({differences}, checked)", ""]
    exempted = [
        f"- {r.page} (`{r.operation}`): {mismatch}; {_source(entry)}: "
        f'"{entry.quote}"; SDK: {entry.sdk_model}. {" ".join(entry.reason.split())}'
        for r in results
        for mismatch, entry in r.exempted.items()
    ]
    lines += exempted or ["- none"]
    for title, outcome in (
        ("rows at the wrong nesting", "wrong-nesting"),
        ("rows missing", "missing"),
        ("rows removed by the reviewed overlay", "overlay"),
    ):
        lines += ["", f"### {service.title} {title}", ""]
        lines += [f"- {r.page}: {c}" for r in results for c in r.outcome(outcome)] or ["- none"]
    lines += ["", f"### {service.title} mismatches not explained by the pages", ""]
    unexplained = [
        f"- {r.page} (`{r.operation}`): {mismatch}" for r in results for mismatch in r.unexplained
    ]
    return lines + (unexplained or ["- none"])


def render(evaluations: list[Evaluation]) -> str:
    lines = [
        "# Transcription accuracy",
        "",
        "Generated by `make accuracy` (tests/accuracy/report.py); do not edit.",
        "",
        "Recall: a row counts when it is at the place the page gives it (a parameter of its "
        "location, a body or response field at its nesting), or named by a finding that says "
        "why it was left out, or removed by a reviewed overlay action that names it; "
        "tests/accuracy/recall.py says how the places are read from the page. SDK: each "
        "operation is matched with Huawei's SDK by method and path, and every transcribed name "
        "and type is compared (tests/accuracy/compare.py); a difference the page itself explains "
        "is quoted from the page in tests/accuracy/differences/<service>.yaml.",
        "",
        "Services: "
        + ", ".join(f"[{e.service.title}](#{e.service.name})" for e in evaluations)
        + ".",
    ]
    for evaluation in evaluations:
        lines += ["", *render_service(evaluation)]
    return "\n".join(lines) + "\n"


def main() -> int:
    evaluations = [evaluate(service) for service in SERVICES]
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(render(evaluations), encoding="utf-8")
    for evaluation in evaluations:
        results = evaluation.results
        print(f"{evaluation.service.title}:")
        print("\n".join(totals(evaluation)))
        for title, outcome in (("wrong nesting", "wrong-nesting"), ("missing", "missing")):
            found = [f"  - {r.page}: {c}" for r in results for c in r.outcome(outcome)]
            print(f"- rows {title}: {len(found)}", *found, sep="\n" if found else "")
        for problem in evaluation.problems:
            print(f"- does not check out: {problem}")
    print(f"wrote {_relative(REPORT)}")
    return 1 if any(e.problems for e in evaluations) else 0


if __name__ == "__main__":
    sys.exit(main())
