"""`make accuracy`: the ELB transcription checked two ways, page by page.

1. Against the page itself: every row of every parameter table appears in the operation (a
   parameter, or a property of a schema the operation reaches) or in a finding that names its
   table and row (or the whole table or page). Target: recall 100% on every page.
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
from generator.transcribe.operation import NotAnOperationPageError, transcribe_page
from generator.transcribe.read import read_page
from generator.transcribe.tables import has_type_column
from tests.accuracy.sdk_reference import (
    OurOperation,
    SdkOperation,
    compatible,
    flatten_openapi_operation,
    index_by_shape,
    load_sdk_operations,
    path_shape,
)
from tests.helpers import ROOT

ELB = ROOT / "spec" / "elb"
REPORT = ROOT / "docs" / "accuracy.md"


@dataclass
class PageResult:
    page: str
    version: str
    operation: str = ""
    rows: int = 0
    covered: int = 0
    sdk: str = "no SDK operation"
    mismatches: list[str] = field(default_factory=list)
    quotes: dict[str, str] = field(default_factory=dict)

    @property
    def unexplained(self) -> list[str]:
        return [m for m in self.mismatches if m not in self.quotes]

    @property
    def recall(self) -> float:
        return 1.0 if self.rows == 0 else self.covered / self.rows


def _names_in(schema: Any, spec: dict[str, Any], seen: set[str]) -> set[str]:
    """Every property name of the schemas reachable from `schema`."""
    names: set[str] = set()
    if isinstance(schema, dict):
        if "$ref" in schema:
            ref = schema["$ref"].rsplit("/", 1)[-1]
            if ref in seen:
                return names
            seen.add(ref)
            names |= _names_in(spec["components"]["schemas"].get(ref, {}), spec, seen)
        for key, value in schema.items():
            if key == "properties" and isinstance(value, dict):
                names |= set(value)
            if isinstance(value, dict | list):
                names |= _names_in(value, spec, seen)
    elif isinstance(schema, list):
        for item in schema:
            names |= _names_in(item, spec, seen)
    return names


def _covered_by_finding(findings: list[Diagnostic], table: int | None, row: int) -> bool:
    for finding in findings:
        location = finding.location
        if finding.kind in ("not-operation", "duplicate-operation"):
            return True
        if location.table == table and location.row in (row, None):
            return True
    return False


def _shapes(path: str) -> list[str]:
    """The path's shape, and the SDK's spelling of the same shared-load-balancer API.

    The pages document the v2.0 API at `/v2.0/lbaas/...` (its OpenStack-compatible form); the
    SDK calls the same resources at `/v2/{project_id}/elb/...`.
    """
    shape = path_shape(path)
    if shape.startswith("/v2.0/lbaas/"):
        return [shape, "/v2/{}/elb/" + shape.removeprefix("/v2.0/lbaas/")]
    return [shape]


def _quote(page_rows: dict[str, str], mismatch: str) -> str | None:
    """The page row a mismatch comes from, quoted: the difference is in the page itself."""
    name = (
        mismatch.split("'")[1].replace("[]", "").replace("{}", "").split(".")[-1]
        if "'" in mismatch
        else ""
    )
    return page_rows.get(name)


def _compare(ours: OurOperation, sdk: SdkOperation) -> list[str]:
    problems: list[str] = []
    for location, our_names, sdk_names in (
        ("path", ours.path_params, sdk.path_params),
        ("query", ours.query_params, sdk.query_params),
        ("header", ours.header_params, sdk.header_params),
    ):
        problems += [
            f"{location} parameter '{n}' is not in the SDK" for n in sorted(our_names - sdk_names)
        ]
    for path, kind in sorted(ours.request_fields.items()):
        if path not in sdk.request_fields:
            problems.append(f"request field '{path}' is not in the SDK")
        elif not compatible(kind, sdk.request_fields[path]):
            problems.append(
                f"request field '{path}' is {kind}, the SDK says {sdk.request_fields[path]}"
            )
        elif ours.request_required.get(path, False) != (path in sdk.request_required):
            flag = "required" if ours.request_required.get(path) else "optional"
            problems.append(f"request field '{path}' is {flag} here, not in the SDK")
    for path, kind in sorted(ours.response_fields.items()):
        if path not in sdk.response_fields:
            problems.append(f"response field '{path}' is not in the SDK")
        elif not compatible(kind, sdk.response_fields[path]):
            problems.append(
                f"response field '{path}' is {kind}, the SDK says {sdk.response_fields[path]}"
            )
    return problems


def evaluate() -> tuple[list[PageResult], dict[str, Any]]:
    pages = sorted((ELB / "pages").glob("*.html"))
    build = build_spec(
        pages,
        ELB / "service.yaml",
        ELB / "overlay.yaml" if (ELB / "overlay.yaml").exists() else None,
        "openapi.yaml",
    )
    spec = build.document
    by_page: dict[str, list[Diagnostic]] = {}
    for finding in build.findings:
        by_page.setdefault(Path(finding.file).name, []).append(finding)
    sdk_index = index_by_shape(load_sdk_operations())
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
        names = {p["name"] for p in operation.get("parameters", [])} | _names_in(
            operation, spec, set()
        )
        page_rows: dict[str, str] = {}
        for table in page.tables:
            if not has_type_column(table):
                continue
            for row in table.rows:
                cells = [c.text for c in row.cells]
                page_rows.setdefault(
                    cells[0] if cells else "",
                    f"Table {table.number} {table.caption}: "
                    + " | ".join(c[:60] for c in cells[:-1]),
                )
                result.rows += 1
                name = row.cells[0].text if row.cells else ""
                if (
                    name in names
                    or name.casefold() == "x-auth-token"
                    or _covered_by_finding(findings, table.number, row.number)
                ):
                    result.covered += 1
        if transcript is not None and operation:
            candidates = [
                sdk
                for shape in _shapes(transcript.path)
                for sdk in sdk_index.get((transcript.method.upper(), shape), [])
            ]
            if candidates:
                ours = flatten_openapi_operation(spec, transcript.path, transcript.method)
                best = min((_compare(ours, sdk) for sdk in candidates), key=len)
                result.sdk = candidates[0].name
                result.mismatches = best
                result.quotes = {m: q for m in best if (q := _quote(page_rows, m))}
        results.append(result)
    return results, spec


def render(results: list[PageResult]) -> str:
    lines = [
        "# ELB transcription accuracy",
        "",
        "Generated by `make accuracy` (tests/accuracy/report.py); do not edit.",
        "",
        "| page | operation | rows | recall | SDK operation | mismatches |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.page} | `{r.operation}` | {r.rows} | {r.recall:.0%} | {r.sdk} | {len(r.mismatches)} |"
        )
    totals = Counter[str]()
    for r in results:
        group = "v3" if r.version == "v3" else "v2.0/v1.0"
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
    for group in ("v3", "v2.0/v1.0"):
        ops = totals[f"{group} operations"]
        full = totals[f"{group} matching fully"]
        explained = totals[f"{group} matching apart from page facts"]
        matched = totals[f"{group} matched to the SDK"]
        lines.append(
            f"- {group}: {ops} operations, {matched} matched to an SDK operation; "
            f"{full} with every name and path in the SDK ({full / max(matched, 1):.0%} of the matched), "
            f"{explained} once the differences quoted from the pages below are set aside "
            f"({explained / max(matched, 1):.0%})"
        )
    lines += ["", "## Mismatches", ""]
    for r in results:
        for mismatch in r.mismatches:
            quote = r.quotes.get(mismatch)
            lines.append(
                f"- {r.page} (`{r.operation}`): {mismatch}"
                + (f' — the page: "{quote}"' if quote else " — unexplained")
            )
    return "\n".join(lines) + "\n"


def main() -> int:
    results, _ = evaluate()
    text = render(results)
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(text, encoding="utf-8")
    print(text[text.index("## Totals") : text.index("## Mismatches")].strip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
