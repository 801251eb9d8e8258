"""`generation.png`: generation time and peak memory against the synthetic spec's size."""

from __future__ import annotations

import statistics
from pathlib import Path

from bench.generation import DMCG, DMCG_BUILTIN, OPC, OURS, OURS_WARM, TOOLS
from bench.verdicts import Results, median, synthetic


def plot(results: Results, path: Path) -> None:
    """Generation time and peak memory against spec size, one line per tool.

    Time is on log-log axes, where every tool's fixed start-up cost bends the line at small
    sizes; the dotted line is a least-squares fit a + b·n to our points, which a linearly
    growing tool follows.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter, ScalarFormatter

    specs = synthetic(results)
    figure, (time_axes, memory_axes) = plt.subplots(1, 2, figsize=(12, 5), dpi=110)
    markers = {OURS: "o", OURS_WARM: "D", OPC: "s", DMCG: "^", DMCG_BUILTIN: "v"}
    for tool in TOOLS:
        points = [
            (spec.operations, results.generation[spec.key][tool])
            for spec in specs
            if tool in results.generation.get(spec.key, {})
            and results.generation[spec.key][tool].samples
        ]
        if not points:
            continue
        sizes = [n for n, _ in points]
        walls = [runs.wall() for _, runs in points]
        time_axes.errorbar(
            sizes,
            [w.median for w in walls],
            yerr=[[w.median - w.low for w in walls], [w.high - w.median for w in walls]],
            marker=markers[tool],
            capsize=3,
            label=tool,
        )
        memory_axes.plot(
            sizes, [runs.peak().median for _, runs in points], marker=markers[tool], label=tool
        )
    fit = [(s.operations, median(results, s, OURS)) for s in specs]
    known = [(float(n), t) for n, t in fit if t is not None]
    if len(known) >= 2:
        slope, intercept = statistics.linear_regression(
            [n for n, _ in known], [t for _, t in known]
        )
        grid = [known[0][0] * (known[-1][0] / known[0][0]) ** (i / 50) for i in range(51)]
        time_axes.plot(
            grid,
            [intercept + slope * n for n in grid],
            linestyle=":",
            color="grey",
            label=f"ours, fit {intercept:.2f} s + {slope * 1000:.1f} ms × n",
        )
    sizes = [s.operations for s in specs]
    for axes in (time_axes, memory_axes):
        axes.set_xscale("log")
        axes.set_xticks(sizes)
        axes.xaxis.set_major_formatter(ScalarFormatter())
        axes.xaxis.set_minor_formatter(ScalarFormatter())
        axes.minorticks_off()
        axes.set_xlabel("operations in the synthetic spec (about 3 schemas each)")
        axes.grid(True, which="major", alpha=0.3)
        axes.legend(fontsize=8)
    time_axes.set_yscale("log")
    time_axes.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
    time_axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    time_axes.yaxis.set_minor_formatter(NullFormatter())
    time_axes.set_ylabel("wall time per run, s (median; bars: min – max)")
    memory_axes.set_ylabel("peak RSS, MiB (median)")
    memory_axes.set_ylim(bottom=0)
    time_axes.set_title("Generation time")
    memory_axes.set_title("Peak memory of the generating process")
    figure.suptitle(
        f"make bench, {results.started}: {results.machine.get('CPU', '')}; "
        f"generation runs: {results.settings.get('generation runs', '')}",
        fontsize=9,
    )
    figure.tight_layout()
    figure.savefig(path, metadata={"Software": None})
    plt.close(figure)
