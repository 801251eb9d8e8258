"""The issue's targets, and each one's verdict on a run's results.

`Results` is everything one `bench.run` measured; the derived figures here (medians, growth,
per-round ratios) are shared with the plot (`bench.plot`) and `results.md` (`bench.report`).
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bench import calls as call_names
from bench.generation import OPC, OURS, OURS_WARM, Service, Spec, ToolRuns
from bench.import_report import import_verdicts
from bench.imports import ImportResult
from bench.measure import Summary
from bench.signing import SIGNER_AUTH, SIGNER_CLIENT, SIGNER_OFFICIAL
from bench.tables import Verdict
from bench.tables import percent as _percent
from bench.tables import ratio as _ratio
from bench.tables import seconds as _seconds

TARGET_SPEEDUP = 5.0
TARGET_LINEAR_EXPONENT = 1.15
TARGET_AKSK_OVERHEAD = 0.15
TARGET_VS_OFFICIAL = 2.0
#: `make generate` of one service alone (its pages → spec → client), median wall time in
#: seconds; a service without a target gets its figures and no verdict.
TARGET_PIPELINE_S = {"elb": 5.0, "hss": 2.0}
TARGET_TOLERANCE = 1.3


@dataclass
class Profile:
    """A pyinstrument profile's summary (see `bench.profiles`) and what was profiled."""

    kind: str
    title: str
    data: dict[str, Any]


@dataclass
class Results:
    """Everything one `bench.run` measured."""

    started: str
    machine: dict[str, str]
    versions: dict[str, str]
    settings: dict[str, str]
    specs: list[Spec] = field(default_factory=list)
    skipped_specs: list[str] = field(default_factory=list)
    generation: dict[str, dict[str, ToolRuns]] = field(default_factory=dict)
    phases: tuple[Spec, dict[str, float]] | None = None
    #: Each service's pipeline, by condition (`PIPELINE_COLD`, `PIPELINE_WARM`).
    pipelines: list[tuple[Service, dict[str, ToolRuns]]] = field(default_factory=list)
    imports: list[ImportResult] = field(default_factory=list)
    calls: dict[str, Any] | None = None
    signing: dict[str, Any] | None = None
    responses: dict[str, Any] | None = None
    profiles: list[Profile] = field(default_factory=list)
    duration_s: float = 0.0
    load_at_end: str = ""


# -- derived figures --------------------------------------------------------------------------
def synthetic(results: Results) -> list[Spec]:
    return sorted((s for s in results.specs if s.synthetic), key=lambda s: s.operations)


def median(results: Results, spec: Spec, tool: str) -> float | None:
    runs = results.generation.get(spec.key, {}).get(tool)
    return runs.wall().median if runs is not None and runs.samples else None


def growth(results: Results, tool: str) -> tuple[list[tuple[int, int, float]], float | None]:
    """Milliseconds per added operation between consecutive synthetic sizes, and the exponent k
    of time above the smallest spec's, t − t₀ ∝ (n − n₀)^k, between the two largest sizes
    (k = 1 is linear growth; k = 2 quadratic)."""
    specs = synthetic(results)
    points = [(s.operations, median(results, s, tool)) for s in specs]
    known = [(n, t) for n, t in points if t is not None]
    steps = [
        (n0, n1, (t1 - t0) / (n1 - n0) * 1000) for (n0, t0), (n1, t1) in itertools.pairwise(known)
    ]
    exponent = None
    if len(known) >= 3:
        (n0, t0), (na, ta), (nb, tb) = known[0], known[-2], known[-1]
        if ta > t0 and tb > t0 and na > n0:
            exponent = math.log((tb - t0) / (ta - t0)) / math.log((nb - n0) / (na - n0))
    return steps, exponent


def round_ratios(numerator: Sequence[float], denominator: Sequence[float]) -> Summary:
    """Per-round ratios (the same round measures both, minutes apart at most), summarised."""
    return Summary.of([a / b for a, b in zip(numerator, denominator, strict=True)])


def verdicts(results: Results) -> list[Verdict]:
    """Each target of the issue against this run's figures."""
    found: list[Verdict] = []
    specs = synthetic(results)
    biggest = specs[-1] if specs else None
    if biggest is not None:
        theirs = median(results, biggest, OPC)
        for tool, note in ((OURS, ""), (OURS_WARM, ", spec validated before (cache)")):
            ours = median(results, biggest, tool)
            if ours and theirs:
                speedup = theirs / ours
                found.append(
                    Verdict(
                        f"generation at {biggest.operations} operations ≥ {TARGET_SPEEDUP:.0f}× "
                        f"faster than openapi-python-client{note}",
                        f"{_ratio(speedup)} ({_seconds(ours)} vs {_seconds(theirs)})",
                        speedup >= TARGET_SPEEDUP,
                        "generation",
                    )
                )
        _, exponent = growth(results, OURS)
        if exponent is not None:
            found.append(
                Verdict(
                    "generation time grows linearly with the number of operations",
                    f"t − t₀ ∝ n^{exponent:.2f} between the two largest specs"
                    f" (linear: ≤ {TARGET_LINEAR_EXPONENT})",
                    exponent <= TARGET_LINEAR_EXPONENT,
                    "generation",
                )
            )
    for service, by_condition in results.pipelines:
        target = TARGET_PIPELINE_S.get(service.name)
        if target is None:
            continue
        for label, runs in by_condition.items():
            goal = (
                f"{service.label}: {len(service.pages)} pages to `generated/{service.package}` "
                f"under {target:g} s ({label})"
            )
            if not runs.samples:
                found.append(Verdict(goal, "failed (see Generation)", None, "generation"))
                continue
            wall = runs.wall().median
            found.append(
                Verdict(
                    goal,
                    f"{_seconds(wall)} (median of {runs.wall().count})",
                    wall < target,
                    "generation",
                )
            )
    found += import_verdicts(results.imports, biggest.operations if biggest else None)
    if results.calls is not None:
        sync = results.calls["sync"]
        overhead = round_ratios(sync[call_names.OURS_AKSK], sync[call_names.RAW])
        found.append(
            Verdict(
                f"per-call overhead with `AkSkAuth` within {TARGET_AKSK_OVERHEAD:.0%} of raw httpx",
                f"{_percent(overhead.median - 1)} (sync; IQR {_percent(overhead.q1 - 1)} … "
                f"{_percent(overhead.q3 - 1)})",
                overhead.median - 1 <= TARGET_AKSK_OVERHEAD,
                "calls",
            )
        )
        faster = round_ratios(sync[call_names.OFFICIAL], sync[call_names.OURS_AKSK])
        found.append(
            Verdict(
                f"`AkSkAuth` client ≥ {TARGET_VS_OFFICIAL:.0f}× faster per call than the official SDK",
                f"{_ratio(faster.median)} (sync, per-round ratio)",
                faster.median >= TARGET_VS_OFFICIAL,
                "calls",
            )
        )
    if results.signing is not None:
        per_request: dict[str, dict[str, list[float]]] = results.signing["per_signature_us"]
        for signer, how in (
            (SIGNER_CLIENT, "`AkSkAuth.authorize`, as the client signs"),
            (SIGNER_AUTH, "`AkSkAuth.sign`, as httpx's auth flow signs"),
        ):
            ratios = {
                request: statistics.median(values[SIGNER_OFFICIAL])
                / statistics.median(values[signer])
                for request, values in per_request.items()
            }
            found.append(
                Verdict(
                    f"signing faster than the official signer ({how}, every request)",
                    "official ÷ ours: "
                    + ", ".join(f"{_ratio(value)} ({name})" for name, value in ratios.items()),
                    min(ratios.values()) > 1.0,
                    "signing",
                )
            )
    if results.responses is not None:
        ratio = results.responses["tolerant_over_strict"]
        found.append(
            Verdict(
                f"reading a response tolerantly ≤ {TARGET_TOLERANCE}× strict validation",
                f"{_ratio(ratio)} (per-round ratio, {results.responses['items']} load balancers)",
                ratio <= TARGET_TOLERANCE,
                "responses",
            )
        )
    return found
