"""Generation: our generator against openapi-python-client and datamodel-code-generator.

Each tool is run as its users run it, as a whole process from the command line, on the same
spec in the same run: ours renders a whole client package (models and client from its own
templates, then ruff); openapi-python-client renders a whole client package and
runs ruff (its default); datamodel-code-generator renders models only, once with its default
formatters (black and isort) and once with `--formatters builtin`. Tools are interleaved within
each round so that drift on a shared machine hits all of them alike. A first, discarded run of
each tool fills the bytecode cache.

The output of each tool's last run is kept, so that the import and call benchmarks can use the
packages generated here rather than render them again.

`measure_pipeline` times the whole pipeline of one service (`services()`: every spec/<service>/
with pages/ and service.yaml) as `make generate` runs it: pages to spec to client package.
"""

from __future__ import annotations

import contextlib
import glob
import shutil
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.measure import ROOT, VENV_BIN, MeasurementError, Sample, Summary, run_process

OURS = "ours (generator render)"
OURS_WARM = "ours, spec validated before (cache)"
OPC = "openapi-python-client"
DMCG = "datamodel-codegen (default formatters)"
DMCG_BUILTIN = "datamodel-codegen --formatters builtin"
TOOLS = (OURS, OURS_WARM, OPC, DMCG, DMCG_BUILTIN)
REFERENCE = OPC
CACHE_VARIABLE = "HUAWEI_PAGE_GENERATOR_CACHE"
#: The validation cache of the "warm" runs: filled by `warm_up`, kept for the whole run.
WARM_CACHE = Path(tempfile.gettempdir()) / "bench-validation-cache"
SPEC_ROOT = ROOT / "spec"
PIPELINE_COLD = "fresh machine: empty validation cache"
PIPELINE_WARM = "pages changed since: none (spec validated before)"


@dataclass(frozen=True)
class Spec:
    """One input: a key for file names, a label, the file, its operation count, the package."""

    key: str
    label: str
    path: Path
    operations: int
    package: str
    synthetic: bool


@dataclass
class ToolRuns:
    """Every measured run of one tool on one spec, and where its last output is."""

    samples: list[Sample] = field(default_factory=list)
    output: Path | None = None
    error: str | None = None

    def wall(self) -> Summary:
        return Summary.of([sample.seconds for sample in self.samples])

    def peak(self) -> Summary:
        return Summary.of([sample.peak_mib for sample in self.samples])


def command(tool: str, spec: Spec, output: Path) -> list[str]:
    """The command line of `tool` rendering `spec`; `output` is a directory or a `.py` file."""
    if tool in (OURS, OURS_WARM):
        # The headline runs are cold: no validation cache, as on a fresh machine.
        cache = "off" if tool == OURS else str(WARM_CACHE)
        render = [sys.executable, "-m", "generator", "render", str(spec.path), "-o", str(output)]
        return ["env", f"{CACHE_VARIABLE}={cache}", *render]
    if tool == OPC:
        return [
            str(VENV_BIN / "openapi-python-client"),
            "generate",
            "--path",
            str(spec.path),
            "--output-path",
            str(output),
            "--meta",
            "none",
        ]
    dmcg = [
        str(VENV_BIN / "datamodel-codegen"),
        "--input",
        str(spec.path),
        "--input-file-type",
        "openapi",
        "--output",
        str(output),
        "--output-model-type",
        "pydantic_v2.BaseModel",
    ]
    return dmcg + (["--formatters", "builtin"] if tool == DMCG_BUILTIN else [])


def output_path(tool: str, spec: Spec, folder: Path) -> Path:
    """Where `tool` writes: a package directory named as the package imports, or one module."""
    if tool in (OURS, OURS_WARM):
        return folder / spec.package
    if tool == OPC:
        return folder / f"opc_{spec.package.removesuffix('_client')}"
    return folder / "models.py"


def warm_up(spec: Spec, env: Mapping[str, str], workdir: Path) -> None:
    """Run each tool once, unmeasured: the bytecode cache is then warm for all of them.

    A failure here is left for `measure` to record.
    """
    for index, tool in enumerate(TOOLS):
        folder = workdir / f"warmup-{spec.key}-{index}"
        folder.mkdir(parents=True)
        with contextlib.suppress(MeasurementError):
            run_process(command(tool, spec, output_path(tool, spec, folder)), env, cwd=ROOT)
        shutil.rmtree(folder)


def measure(
    spec: Spec, env: Mapping[str, str], runs: int, workdir: Path, tools: Sequence[str] = TOOLS
) -> dict[str, ToolRuns]:
    """`runs` runs of every tool on `spec`, interleaved; keeps each tool's last output.

    A tool that fails (say, on a spec another developer is still writing) is recorded with its
    error and not run again on that spec; the others go on.
    """
    results = {tool: ToolRuns() for tool in tools}
    if OURS_WARM in tools:  # this spec's text validated once, as by an earlier run
        folder = workdir / f"{spec.key}-cache-fill"
        folder.mkdir(parents=True)
        with contextlib.suppress(MeasurementError):
            run_process(command(OURS_WARM, spec, output_path(OURS_WARM, spec, folder)), env)
        shutil.rmtree(folder)
    for round_ in range(runs):
        order = list(tools[round_ % len(tools) :]) + list(tools[: round_ % len(tools)])
        for tool in order:
            runs_so_far = results[tool]
            if runs_so_far.error is not None:
                continue
            folder = workdir / f"{spec.key}-{TOOLS.index(tool)}-{round_}"
            folder.mkdir(parents=True)
            target = output_path(tool, spec, folder)
            try:
                sample = run_process(command(tool, spec, target), env, cwd=ROOT)
            except MeasurementError as err:
                runs_so_far.error = str(err)
                shutil.rmtree(folder)
                continue
            runs_so_far.samples.append(sample)
            if runs_so_far.output is not None:
                shutil.rmtree(runs_so_far.output.parent)
            runs_so_far.output = target
    return results


@dataclass(frozen=True)
class Service:
    """A service that `make generate` builds: spec/<name>/ with pages/ and service.yaml."""

    name: str
    pages: tuple[Path, ...]
    service_file: Path
    overlay: Path | None

    @property
    def label(self) -> str:
        return self.name.upper()

    @property
    def package(self) -> str:
        return f"{self.name}_client"


def services(root: Path = SPEC_ROOT) -> list[Service]:
    """Every spec/<service>/ with pages/ and service.yaml, by name; its pages as the Makefile's
    `spec/$service/pages/*` lists them (a shell glob: sorted, hidden files left out)."""
    found = []
    for folder in sorted(root.iterdir()):
        pages, service_file = folder / "pages", folder / "service.yaml"
        if not (pages.is_dir() and service_file.is_file()):
            continue
        overlay = folder / "overlay.yaml"
        listed = tuple(sorted(Path(page) for page in glob.glob(str(pages / "*"))))
        found.append(
            Service(folder.name, listed, service_file, overlay if overlay.is_file() else None)
        )
    return found


def pipeline_command(service: Service, output: Path, *, cache: str) -> list[str]:
    """`make generate` for `service` alone: one `generate` process, pages to spec to client,
    with the Makefile's arguments (SERVICE_SOURCES), writing into `output`."""
    overlay = ["--overlay", str(service.overlay)] if service.overlay is not None else []
    return [
        "env",
        f"{CACHE_VARIABLE}={cache}",
        sys.executable,
        "-m",
        "generator",
        "generate",
        *(str(page) for page in service.pages),
        "--service-file",
        str(service.service_file),
        *overlay,
        "-o",
        str(output / "openapi.yaml"),
        "--package-dir",
        str(output / service.package),
    ]


def measure_pipeline(
    service: Service, env: Mapping[str, str], runs: int, workdir: Path
) -> dict[str, ToolRuns]:
    """`service`'s pipeline on a fresh machine (an empty validation cache: `generate` validates
    the spec it builds) and again with unchanged pages (the spec's text was validated before)."""
    results = {PIPELINE_COLD: ToolRuns(), PIPELINE_WARM: ToolRuns()}
    scratch = workdir / f"pipeline-{service.name}"
    scratch.mkdir(parents=True)
    warm_cache = scratch / "cache"
    fill = pipeline_command(service, scratch / "warmup", cache=str(warm_cache))
    with contextlib.suppress(MeasurementError):  # fills the warm cache; a failure shows below
        run_process(fill, env, cwd=ROOT)
    for round_ in range(runs):
        fresh = scratch / f"fresh-cache-{round_}"  # never used before: a fresh machine
        for label, cache in ((PIPELINE_COLD, fresh), (PIPELINE_WARM, warm_cache)):
            folder = scratch / f"{round_}-{'cold' if cache is fresh else 'warm'}"
            folder.mkdir(parents=True)
            try:
                sample = run_process(
                    pipeline_command(service, folder, cache=str(cache)), env, cwd=ROOT
                )
            except MeasurementError as err:
                results[label].error = str(err)
                continue
            finally:
                shutil.rmtree(folder, ignore_errors=True)
            results[label].samples.append(sample)
    return results
