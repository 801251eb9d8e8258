"""Turning measurements into `results.md`: one section per benchmark after the targets' verdicts
(`bench.verdicts`); the plot is `bench.plot`'s.

Every comparison is a ratio between tools measured on the same input in the same run; the
tables keep the medians and spreads beside them so that a reader can tell a real gap from noise.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from bench import calls as call_names
from bench.generation import (
    PIPELINE_COLD,
    PIPELINE_WARM,
    REFERENCE,
    TOOLS,
    Service,
    ToolRuns,
)
from bench.import_report import imports_section
from bench.measure import ROOT, Summary
from bench.signing import SIGNER_OFFICIAL
from bench.tables import Verdict
from bench.tables import cell as _cell
from bench.tables import count as _count
from bench.tables import ms as _ms
from bench.tables import percent as _percent
from bench.tables import ratio as _ratio
from bench.tables import seconds as _seconds
from bench.tables import table as _table
from bench.tables import us as _us
from bench.tables import verdict as _verdict
from bench.verdicts import TARGET_PIPELINE_S, Results, growth, round_ratios


def _generation_section(results: Results) -> list[str]:
    lines = [
        "## Generation",
        "",
        "Whole processes from the command line, as users run them. Ours renders a whole "
        "package (models and client from its own templates, then ruff); "
        "openapi-python-client renders a whole package and runs ruff (its default); "
        "datamodel-code-generator renders models only. "
        "Peak memory is the largest resident set in the process tree. "
        "The last column divides each tool's median by openapi-python-client's "
        "(below 1: faster than it).",
        "",
    ]
    for spec in results.specs:
        runs_by_tool = results.generation.get(spec.key, {})
        reference = runs_by_tool.get(REFERENCE)
        reference_median = (
            reference.wall().median if reference is not None and reference.samples else None
        )
        source = (
            "written by `bench/synth.py`"
            if spec.synthetic
            else f"`{spec.path.relative_to(ROOT) if spec.path.is_relative_to(ROOT) else spec.path}`"
        )
        plural = "" if spec.operations == 1 else "s"
        lines += [f"### {spec.label}: {spec.operations} operation{plural} ({source})", ""]
        rows = []
        for tool in TOOLS:
            runs = runs_by_tool.get(tool)
            if runs is None:
                continue
            if not runs.samples:
                rows.append([tool, "failed", "", "", "", _cell(runs.error or "")])
                continue
            wall, peak = runs.wall(), runs.peak()
            ratio = _ratio(wall.median / reference_median) if reference_median else "–"
            rows.append(
                [
                    tool,
                    _seconds(wall.median),
                    f"{_seconds(wall.q1)} – {_seconds(wall.q3)}",
                    f"{_seconds(wall.low)} – {_seconds(wall.high)} (n={wall.count})",
                    f"{peak.median:.0f}",
                    ratio,
                ]
            )
        lines += _table(
            ["tool", "median", "IQR", "min – max", "peak MiB", "× openapi-python-client"], rows
        )
    for service, by_condition in results.pipelines:
        lines += _pipeline_section(service, by_condition)
    for skipped in results.skipped_specs:
        lines += [f"- {skipped}", ""]
    lines += [
        "### How time grows with size",
        "",
        "Milliseconds per added operation between consecutive synthetic sizes, and the "
        "exponent k in t − t₀ ∝ (n − n₀)^k between the two largest sizes (t₀, n₀: the "
        "smallest spec; k = 1 is linear).",
        "",
    ]
    rows = []
    header = ["tool"]
    for tool in TOOLS:
        steps, exponent = growth(results, tool)
        if not header[1:]:
            header += [f"{a} → {b}" for a, b, _ in steps] + ["k"]
        rows.append(
            [tool]
            + [f"{per_op:.1f} ms/op" for _, _, per_op in steps]
            + [f"{exponent:.2f}" if exponent is not None else "–"]
        )
    lines += _table(header, rows)
    lines += ["![generation time against spec size](generation.png)", ""]
    if results.phases is not None:
        spec, phases = results.phases
        total = phases.get("total", 0.0)
        lines += [
            f"### Where our generator's time goes ({spec.operations} operations, one run)",
            "",
            "One `render_package` timed stage by stage in one process (`bench/phases.py`), "
            "without a profiler's overhead.",
            "",
        ]
        rows = [
            [name, _seconds(seconds), f"{seconds / total:.0%}" if total else "–"]
            for name, seconds in sorted(phases.items(), key=lambda item: -item[1])
            if name != "total"
        ]
        rows.append(["**total**", _seconds(total), "100%"])
        lines += _table(["phase", "time", "share"], rows)
    return lines


def _pipeline_section(service: Service, by_condition: dict[str, ToolRuns]) -> list[str]:
    name, pages = service.label, len(service.pages)
    target = TARGET_PIPELINE_S.get(service.name)
    lines = [
        f"### {name}: `make generate` for {name} alone ({pages} pages → spec → client)",
        "",
        "`generator generate` of every page: the spec, then the client rendered from the "
        "document in memory, in one process, as `make generate` runs it (its arguments: "
        f"`spec/{service.name}/pages/*`, the service file"
        + (", the overlay" if service.overlay is not None else "")
        + "). Fresh machine: the validation cache starts empty, so the spec is validated. "
        "Unchanged pages: a second run, where the same spec text is not validated again."
        + (f" Target: under {target:g} s." if target is not None else ""),
        "",
    ]
    rows = []
    for label in (PIPELINE_COLD, PIPELINE_WARM):
        runs = by_condition.get(label)
        if runs is None:
            continue
        if not runs.samples:
            rows.append([label, "failed", "", "", _cell(runs.error or "")])
            continue
        wall, peak = runs.wall(), runs.peak()
        rows.append(
            [
                label,
                _seconds(wall.median),
                f"{_seconds(wall.q1)} – {_seconds(wall.q3)}",
                f"{_seconds(wall.low)} – {_seconds(wall.high)} (n={wall.count})",
                f"{peak.median:.0f}",
            ]
        )
    return lines + _table(["pipeline", "median", "IQR", "min – max", "peak MiB"], rows)


def _calls_section(results: Results) -> list[str]:
    if results.calls is None:
        return []
    data = results.calls
    lines = [
        "## Calls",
        "",
        f"CreateVpcEndpoint against `bench/server.py` on 127.0.0.1 (its own process): "
        f"{data['rounds']} rounds of {data['calls']} sync calls per client, the clients taking "
        "turns call by call (each call timed on its own; a round's figure is the mean of its "
        f"calls), and of {data['async_calls']} async calls with {data['concurrency']} in flight "
        "per client in turn (µs per call = wall time ÷ calls). The floor is raw `httpx` "
        "posting the same JSON with the same headers. Overheads and speed-ups are per-round "
        "ratios (same round, same conditions), then their median. Every client uses its library's defaults (connection pool "
        "included). The async floor is httpx's own: its `AsyncClient` costs well over its sync "
        "`Client` per call here, whatever the client on top. The official SDK's async client "
        "runs calls on a fixed pool of 8 threads, so at most 8 of its calls are in flight.",
        "",
    ]
    for mode, raw, official in (
        ("sync", call_names.RAW, call_names.OFFICIAL),
        ("async", call_names.ASYNC_RAW, call_names.ASYNC_OFFICIAL),
    ):
        per_client: dict[str, list[float]] = data[mode]
        rows = []
        for name, values in per_client.items():
            summary = Summary.of(values)
            overhead = round_ratios(values, per_client[raw])
            versus = round_ratios(per_client[official], values)
            rows.append(
                [
                    name,
                    _us(summary.median),
                    f"{_us(summary.q1)} – {_us(summary.q3)}",
                    "–" if name == raw else _percent(overhead.median - 1),
                    "–" if name == official else _ratio(versus.median),
                ]
            )
        lines += [f"### {mode.capitalize()}", ""]
        lines += _table(
            [
                "client",
                "µs per call (median)",
                "IQR",
                "overhead vs floor",
                "× faster than official",
            ],
            rows,
        )
    return lines


def _signing_section(results: Results) -> list[str]:
    if results.signing is None:
        return []
    data = results.signing
    lines = [
        "## Signing",
        "",
        f"µs per SDK-HMAC-SHA256 signature, median of {data['rounds']} rounds of "
        f"{data['signatures']} signatures; request objects are built outside the clock. All "
        "signers produce the same Authorization for the same request and date (checked before "
        "timing). `AkSkAuth.authorize` is what the client runs, on its own headers before it "
        "builds the `httpx.Request`: it stamps the date and signs. `AkSkAuth.sign` is what "
        "httpx's auth flow runs for a user of plain httpx (and for the client when its httpx "
        "client sets its own `Host`): it also re-encodes the query as the signature reads it "
        "and reads the built request's headers. `sign_request` is the bare algorithm on plain "
        "arguments.",
        "",
    ]
    rows = []
    for request, values in data["per_signature_us"].items():
        official = statistics.median(values[SIGNER_OFFICIAL])
        for signer, samples in values.items():
            summary = Summary.of(samples)
            rows.append(
                [
                    request,
                    signer,
                    _us(summary.median),
                    f"{_us(summary.low)} – {_us(summary.high)}",
                    _ratio(official / summary.median),
                ]
            )
    lines += _table(["request", "signer", "µs", "min – max", "× faster than official"], rows)
    return lines


def _responses_section(results: Results) -> list[str]:
    if results.responses is None:
        return []
    data = results.responses
    lines = [
        "## Reading responses",
        "",
        f"ms to parse one `{data['operation']}` body ({data['items']} load balancers, every "
        f"documented field, {data['bytes'] / 1e6:.2f} MB) into `{data['model']}`, median of "
        f"{data['rounds']} interleaved rounds. Tolerant is what every call does; strict is the "
        "spec's own model, which `strict_response_validation=True` checks with; `json.loads` "
        "is the floor.",
        "",
    ]
    floor = statistics.median(data["ms"]["json.loads"])
    rows = []
    for way, samples in data["ms"].items():
        summary = Summary.of(samples)
        rows.append(
            [
                way,
                _ms(summary.median / 1000),
                f"{_ms(summary.low / 1000)} – {_ms(summary.high / 1000)}",
                _ratio(summary.median / floor),
            ]
        )
    lines += _table(["way", "ms", "min – max", "× json.loads"], rows)
    lines += [
        f"Tolerant ÷ strict, per round: {_ratio(data['tolerant_over_strict'])} "
        f"(IQR {_percent(data['tolerant_over_strict_spread'])} of the median).",
        "",
    ]
    return lines


def _profiles_section(results: Results) -> list[str]:
    if not results.profiles:
        return []
    lines = [
        "## Profiles of the missed targets",
        "",
        "pyinstrument, in a fresh process per profile (`bench/profiles.py`). Profiling slows "
        "the code down, so the shares matter, not the absolute times. *By library*: self time "
        "of each library's code (built-ins count for their caller).",
        "",
    ]
    for profile in results.profiles:
        data = profile.data
        total = data["total_s"] or 1.0
        lines += [f"### {profile.title}", ""]
        if "error" in data:
            lines += [f"Profiling failed: {data['error']}", ""]
            continue
        lines += _table(
            ["library", "self time", "share"],
            [
                [_cell(name), _seconds(seconds), f"{seconds / total:.0%}"]
                for name, seconds in data["by_library"][:8]
            ],
        )
        lines += _table(
            ["function (most self time)", "library", "self time", "share"],
            [
                [f"`{_cell(name)}`", _cell(lib), _seconds(seconds), f"{seconds / total:.0%}"]
                for name, seconds, lib in data["by_function"][:10]
            ],
        )
        if data.get("versus_raw"):
            lines += [
                "What our client calls that raw httpx does not (cProfile, deterministic "
                "counts; its times are inflated by cProfile and only rank the rows). "
                "Cumulative, so nested rows overlap.",
                "",
            ]
            lines += _table(
                ["function", "calls per request (raw → ours)", "µs per request (raw → ours)"],
                [
                    [
                        f"`{_cell(name)}`",
                        f"{_count(raw_count)} → {_count(count)}",
                        f"{_us(raw_time)} → {_us(time)}",
                    ]
                    for name, raw_count, count, raw_time, time in data["versus_raw"]
                ],
            )
        tree = [line.removeprefix(".  ") for line in data["tree"]]
        tree = [
            line
            for line in tree
            if line.strip(". ") and "pyinstrument" not in line and not line.startswith("Profile at")
        ]
        lines += ["Call tree (frames ≥ 4 % of the total):", "", "```", *tree]
        if data.get("tree_truncated"):
            lines.append("…")
        lines += ["```", ""]
    return lines


def markdown(results: Results, found: Sequence[Verdict]) -> str:
    lines = [
        "# Benchmarks",
        "",
        f"Written by `make bench` (`python -m bench.run`) on {results.started} in "
        f"{results.duration_s / 60:.1f} minutes. The machines are shared and noisy: read the "
        "ratios between tools measured on the same input in the same run, with the spread "
        "beside each median, rather than absolute times.",
        "",
        "## Targets",
        "",
    ]
    lines += _table(
        ["target", "measured", "verdict"],
        [[_cell(v.target), _cell(v.measured), _verdict(v.met)] for v in found],
    )
    lines += ["## Machine", ""]
    machine = dict(results.machine)
    machine["load average at end (1/5/15 min)"] = results.load_at_end
    lines += _table(["", ""], [[key, value] for key, value in machine.items()])
    lines += ["## Settings and versions", ""]
    lines += _table(["setting", "value"], [[k, v] for k, v in results.settings.items()])
    lines += _table(["package", "version"], [[k, v] for k, v in results.versions.items()])
    lines += _generation_section(results)
    lines += imports_section(results.imports)
    lines += _calls_section(results)
    lines += _signing_section(results)
    lines += _responses_section(results)
    lines += _profiles_section(results)
    return "\n".join(lines).rstrip() + "\n"
