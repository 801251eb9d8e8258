"""`make bench`: every benchmark in one run, then `results.md` and `generation.png`.

The steps share one scratch directory and one bytecode cache, and reuse each other's output:
the generation step keeps the packages it rendered (the 1000-operation one, and
openapi-python-client's HSS package), which the import and call steps then use. The import
step also renders (unmeasured) the package whose first call it times (`--first-call-size`,
600 operations: the size of HSS), unless the generation step rendered that size already.
Targets that are missed get a pyinstrument profile, summarised in `results.md`.

`--smoke` (for CI, `make bench-smoke`) runs every step once on tiny inputs, writes into a
temporary directory unless `--output` is given, and skips the profiles: it checks that the
benchmark works, not how fast anything is.
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, cast

import yaml

from bench import calls, generation, imports
from bench.measure import (
    ROOT,
    MeasurementError,
    bench_environment,
    machine,
    run_json,
    run_process,
    versions,
)
from bench.plot import plot
from bench.report import markdown
from bench.synth import list_method, list_path, write_spec
from bench.verdicts import Profile, Results, verdicts

HSS_SPEC = ROOT / "spec" / "hss" / "openapi.yaml"
ELB_SPEC = ROOT / "spec" / "elb" / "openapi.yaml"


def _log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _operations(path: Path) -> int:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    methods = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
    return sum(
        1
        for item in (document.get("paths") or {}).values()
        for method in (item or {})
        if method in methods
    )


def specs(sizes: list[int], workdir: Path, elb: bool) -> tuple[list[generation.Spec], list[str]]:
    """HSS, ELB when its spec exists, and the synthetic specs (written into `workdir`)."""
    chosen = [generation.Spec("hss", "HSS", HSS_SPEC, _operations(HSS_SPEC), "hss_client", False)]
    skipped = []
    if not elb:
        skipped.append("ELB: left out (`--no-elb`).")
    elif ELB_SPEC.exists():
        try:
            count = _operations(ELB_SPEC)
        except (yaml.YAMLError, AttributeError) as err:
            skipped.append(f"ELB: `{ELB_SPEC.relative_to(ROOT)}` is not readable YAML ({err})")
        else:
            chosen.append(generation.Spec("elb", "ELB", ELB_SPEC, count, "elb_client", False))
    else:
        skipped.append(f"ELB: `{ELB_SPEC.relative_to(ROOT)}` does not exist yet; not measured.")
    for size in sizes:
        path = write_spec(size, workdir / f"synth-{size}.yaml")
        chosen.append(
            generation.Spec(f"synth-{size}", "Synthetic", path, size, "synth_client", True)
        )
    return chosen, skipped


@contextmanager
def _workdir(keep: bool) -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        yield folder
    finally:
        if keep:
            _log(f"scratch kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def _step(name: str, work: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    _log(f"{name} …")
    result = work()
    _log(f"{name}: {time.perf_counter() - started:.0f} s")
    return result


def _profile(
    kind: str, title: str, arguments: list[str], env: Mapping[str, str], timeout: float = 300
) -> Profile:
    command = [sys.executable, "-m", "bench.profiles", kind, *arguments]
    try:
        return Profile(kind, title, run_json(command, env, timeout=timeout))
    except MeasurementError as err:
        return Profile(kind, title, {"error": str(err), "total_s": 0.0})


def run(arguments: argparse.Namespace) -> Path:
    """Run every step and write the report; returns the directory written to."""
    started = time.perf_counter()
    output: Path = arguments.output
    output.mkdir(parents=True, exist_ok=True)
    results = Results(
        started=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        machine=machine(),
        versions=versions(),
        settings={
            "generation runs": f"{arguments.runs} per tool and spec "
            f"({arguments.big_runs} from {arguments.big_size} operations up)",
            "synthetic sizes": ", ".join(str(size) for size in arguments.sizes),
            "import runs": f"{arguments.import_runs} per statement",
            "first call": f"package of {arguments.first_call_size} synthetic operations",
            "calls": f"{arguments.call_rounds} rounds × {arguments.calls} sync, "
            f"× {arguments.async_calls} async ({arguments.concurrency} in flight)",
            "signatures": f"{arguments.sign_rounds} rounds × {arguments.signatures}",
            "response parses": f"{arguments.response_rounds} rounds",
        },
    )
    with _workdir(arguments.keep) as workdir:
        env = bench_environment(workdir / "pycache")
        chosen, results.skipped_specs = specs(arguments.sizes, workdir, not arguments.no_elb)
        results.specs = chosen
        generation.warm_up(chosen[0], env, workdir)
        for spec in chosen:
            runs = arguments.big_runs if spec.operations >= arguments.big_size else arguments.runs
            results.generation[spec.key] = _step(
                f"generation, {spec.key} ({spec.operations} operations, {runs} runs)",
                functools.partial(generation.measure, spec, env, runs, workdir),
            )
        for service in generation.services():
            if service.name == "elb" and arguments.no_elb:
                continue
            pipeline = _step(
                f"pipeline, {service.name} ({len(service.pages)} pages, "
                f"{arguments.runs} runs each)",
                functools.partial(
                    generation.measure_pipeline, service, env, arguments.runs, workdir
                ),
            )
            results.pipelines.append((service, pipeline))
        biggest = max((s for s in chosen if s.synthetic), key=lambda s: s.operations)
        if not arguments.no_phases:
            results.phases = (
                biggest,
                _step(
                    f"phases of our generator at {biggest.operations} operations",
                    lambda: {
                        key: float(cast(float, value))
                        for key, value in run_json(
                            [
                                sys.executable,
                                "-m",
                                "bench.phases",
                                str(biggest.path),
                                str(workdir / "phases" / biggest.package),
                            ],
                            env,
                        ).items()
                    },
                ),
            )
        big_package = results.generation[biggest.key][generation.OURS].output
        opc_package = results.generation["hss"][generation.OPC].output
        if opc_package is None:
            raise SystemExit("openapi-python-client failed on the HSS spec; see above")
        import_cases = imports.cases(
            big_package.parent if big_package else None,
            biggest.package,
            biggest.operations,
            opc_package.parent,
            opc_package.name,
        )
        first_call = _first_call_package(results, arguments.first_call_size, env, workdir)
        import_cases += imports.first_call_cases(
            first_call, arguments.first_call_size, list_method(0), list_path(0), workdir
        )
        empty = workdir / "empty"
        empty.mkdir()
        with calls.server(env) as base_url:
            server_env = {**env, imports.BASE_URL_VARIABLE: base_url}
            results.imports = _step(
                "imports",
                lambda: imports.measure(import_cases, server_env, arguments.import_runs, empty),
            )
        results.calls = _step(
            "calls",
            lambda: calls.measure(
                env,
                opc_package.parent,
                opc_package.name,
                calls=arguments.calls,
                async_calls=arguments.async_calls,
                rounds=arguments.call_rounds,
                concurrency=arguments.concurrency,
                warmup=min(200, arguments.calls),
            ),
        )
        results.signing = _step(
            "signing",
            lambda: run_json(
                [
                    sys.executable,
                    "-m",
                    "bench.signing",
                    "--signatures",
                    str(arguments.signatures),
                    "--rounds",
                    str(arguments.sign_rounds),
                ],
                env,
            ),
        )
        results.responses = _step(
            "responses",
            lambda: run_json(
                [
                    sys.executable,
                    "-m",
                    "bench.responses",
                    "--rounds",
                    str(arguments.response_rounds),
                ],
                env,
            ),
        )
        if not arguments.no_profiles:
            missed = {v.kind for v in verdicts(results) if v.met is False}
            results.profiles = _step(
                "profiles", lambda: _profiles(missed, arguments, env, workdir, big_package)
            )
    results.duration_s = time.perf_counter() - started
    results.load_at_end = " / ".join(f"{value:.2f}" for value in os.getloadavg())
    found = verdicts(results)
    (output / "results.md").write_text(markdown(results, found), encoding="utf-8")
    try:
        plot(results, output / "generation.png")
    except ModuleNotFoundError as err:
        if not arguments.smoke:
            raise SystemExit(
                f"generation.png needs matplotlib ({err}); install the dev dependencies"
            ) from err
        _log(f"no plot: {err}")
    for verdict in found:
        _log(f"{'met   ' if verdict.met else 'MISSED'} {verdict.target}: {verdict.measured}")
    return output


def _first_call_package(results: Results, size: int, env: Mapping[str, str], workdir: Path) -> Path:
    """Our package of `size` synthetic operations: the generation step's, or rendered now."""
    for spec in results.specs:
        output = results.generation.get(spec.key, {}).get(generation.OURS)
        if spec.synthetic and spec.operations == size and output and output.output:
            return output.output
    spec = generation.Spec(
        f"first-call-{size}",
        "Synthetic",
        write_spec(size, workdir / f"first-call-{size}.yaml"),
        size,
        "synth_client",
        True,
    )
    package = generation.output_path(generation.OURS, spec, workdir / "first-call")
    _step(
        f"rendering the {size}-operation package for the first call",
        lambda: run_process(generation.command(generation.OURS, spec, package), env, cwd=ROOT),
    )
    return package


def _profiles(
    missed: set[str],
    arguments: argparse.Namespace,
    env: Mapping[str, str],
    workdir: Path,
    big_package: Path | None,
) -> list[Profile]:
    """One profile per kind of missed target."""
    found: list[Profile] = []
    if "generation" in missed:
        spec = workdir / f"profile-{arguments.profile_size}.yaml"
        write_spec(arguments.profile_size, spec)
        found.append(
            _profile(
                "generation",
                f"Generation: `python -m generator render`, {arguments.profile_size} "
                "synthetic operations",
                [str(spec), str(workdir / "profile-render" / "synth_client")],
                env,
            )
        )
    if "import" in missed and big_package is not None:
        found.append(
            _profile(
                "import",
                f"Import: `import {big_package.name}` ({max(arguments.sizes)} operations)",
                [str(big_package.parent), big_package.name],
                env,
            )
        )
    if "calls" in missed:
        with calls.server(env) as base_url:
            found.append(
                _profile(
                    "calls",
                    "Calls: `HssClient(auth=AkSkAuth(…)).create_vpc_endpoint(…)`, sync, "
                    f"{arguments.calls * 2} calls",
                    [base_url, str(arguments.calls * 2)],
                    env,
                )
            )
    if "signing" in missed:
        found.append(
            _profile(
                "signing",
                f"Signing: `AkSkAuth.sign`, {arguments.signatures * 5} × each benchmark request",
                [str(arguments.signatures * 5)],
                env,
            )
        )
    return found


def _sizes(text: str) -> list[int]:
    sizes = sorted({int(part) for part in text.split(",") if part.strip()})
    if len(sizes) < 1 or sizes[0] < 1:
        raise argparse.ArgumentTypeError("sizes are positive operation counts, e.g. 10,100")
    return sizes


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument(
        "-o", "--output", type=Path, help="where results.md and generation.png go (bench/)"
    )
    parser.add_argument("--sizes", type=_sizes, default=[10, 100, 300, 1000])
    parser.add_argument("--runs", type=int, default=5, help="generation runs per tool and spec")
    parser.add_argument("--big-runs", type=int, default=3, help="runs on specs ≥ --big-size")
    parser.add_argument("--big-size", type=int, default=100)
    parser.add_argument("--import-runs", type=int, default=5)
    parser.add_argument(
        "--first-call-size", type=int, default=600, help="operations of the first-call package"
    )
    parser.add_argument("--calls", type=int, default=800, help="sync calls per client per round")
    parser.add_argument("--async-calls", type=int, default=300)
    parser.add_argument("--call-rounds", type=int, default=7)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--signatures", type=int, default=2000)
    parser.add_argument("--sign-rounds", type=int, default=7)
    parser.add_argument("--response-rounds", type=int, default=30)
    parser.add_argument("--profile-size", type=int, default=200)
    parser.add_argument("--no-profiles", action="store_true")
    parser.add_argument("--no-phases", action="store_true")
    parser.add_argument("--no-elb", action="store_true", help="leave spec/elb out")
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, one run, for CI")
    return parser


def main() -> None:
    arguments = parser().parse_args()
    if arguments.smoke:
        arguments.sizes = [2, 5, 10]
        arguments.first_call_size = 10
        arguments.no_elb = True
        arguments.runs = arguments.big_runs = arguments.import_runs = 1
        arguments.calls, arguments.async_calls, arguments.call_rounds = 50, 100, 1
        arguments.signatures, arguments.sign_rounds = 50, 1
        arguments.response_rounds = 2
        arguments.no_profiles = True
        if arguments.output is None:
            arguments.output = Path(tempfile.mkdtemp(prefix="bench-smoke-"))
    if arguments.output is None:
        arguments.output = ROOT / "bench"
    written = run(arguments)
    _log(f"wrote {written / 'results.md'} and {written / 'generation.png'}")


if __name__ == "__main__":
    main()
