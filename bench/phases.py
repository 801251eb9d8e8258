"""Where our generator's time goes: one render, timed phase by phase.

A whole-process time says how we compare; it does not say what to fix. This runs one
`render_package` in this process with a timer around each stage the generator has (YAML load,
OpenAPI validation, the intermediate model with its model classes, templates, ruff), by
wrapping the names the generator's modules call. Nothing in `generator/` is changed.

Usage: `python -m bench.phases SPEC OUTDIR` prints one JSON object: phase → seconds.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

PHASES = (
    ("yaml load", "generator.spec.load", "load_yaml"),
    ("OpenAPI validation", "generator.spec.validate", "check_document"),
    ("intermediate model", "generator.render.package", "build_ir"),
    ("ruff (2 subprocesses)", "generator.render.writer", "_ruff"),
    ("write + swap", "generator.render.package", "write_package"),
)


def _timed(module: ModuleType, name: str, totals: dict[str, float], label: str) -> None:
    original: Callable[..., Any] = getattr(module, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            totals[label] = totals.get(label, 0.0) + time.perf_counter() - started

    setattr(module, name, wrapper)


def measure(spec: Path, output: Path) -> dict[str, float]:
    """Render `spec` into `output` and return seconds per phase, plus `total` and `other`.

    `write + swap` includes ruff; it is reported without it so that the phases add up.
    """
    import importlib

    started = time.perf_counter()
    from generator.render.package import render_package

    imports = time.perf_counter() - started
    totals: dict[str, float] = {}
    for label, module_name, name in PHASES:
        _timed(importlib.import_module(module_name), name, totals, label)
    started = time.perf_counter()
    render_package(spec, output, output.name)
    total = time.perf_counter() - started
    totals["write + swap"] = totals.get("write + swap", 0.0) - totals.get(
        "ruff (2 subprocesses)", 0.0
    )
    totals["templates and the rest"] = total - sum(totals.values())
    totals["generator imports"] = imports
    totals["total"] = total + imports
    return totals


def main() -> None:
    spec, output = Path(sys.argv[1]), Path(sys.argv[2])
    print(json.dumps(measure(spec, output)))


if __name__ == "__main__":
    main()
