"""What importing each client costs: a fresh interpreter per measurement.

Import time is paid by every process that uses a client (CLIs, serverless functions, test
runs), so it is measured as users meet it: a new interpreter runs one import statement, with
bytecode already cached (a discarded first round fills the cache). Two figures per run: the
whole process's wall time and peak memory, measured from outside, and the import statement's
own time, measured inside (the part the packages are responsible for, without interpreter
start-up, which is the same for everyone).

The child also reports whether pydantic models were loaded: our packages load `models` lazily,
on the first call, so `import hss_client` should not import them; the "+ models" cases show
what that first call adds.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.measure import ROOT, Sample, Summary, run_process

_CHILD = """\
import time
_started = time.perf_counter()
{statement}
_seconds = time.perf_counter() - _started
import json, sys
print(json.dumps({{"import_s": _seconds, "modules": len(sys.modules),
    "models": sorted(m for m in {watch!r} if m in sys.modules)}}))
"""


@dataclass(frozen=True)
class ImportCase:
    """One import statement, the directories it needs on sys.path, and modules to watch for."""

    name: str
    statement: str
    paths: tuple[Path, ...] = ()
    watch: tuple[str, ...] = ()
    reference: bool = False


@dataclass
class ImportResult:
    """Samples of one case: whole-process figures and the in-process import time."""

    case: ImportCase
    samples: list[Sample] = field(default_factory=list)
    import_seconds: list[float] = field(default_factory=list)
    modules: int = 0
    models_loaded: list[str] = field(default_factory=list)

    def wall(self) -> Summary:
        return Summary.of([sample.seconds for sample in self.samples])

    def peak(self) -> Summary:
        return Summary.of([sample.peak_mib for sample in self.samples])

    def own(self) -> Summary:
        return Summary.of(self.import_seconds)


def cases(
    synth_dir: Path | None,
    synth_package: str,
    synth_operations: int,
    opc_dir: Path | None,
    opc_package: str,
) -> list[ImportCase]:
    """The statements compared; the synthetic and openapi-python-client ones when generated."""
    generated = ROOT / "generated"
    found = [
        ImportCase("bare interpreter (`pass`)", "pass"),
        ImportCase(
            "`import httpx, pydantic` (reference)", "import httpx, pydantic", reference=True
        ),
        ImportCase(
            "`import httpx` + `from pydantic import BaseModel`",
            "import httpx\nfrom pydantic import BaseModel",
        ),
        ImportCase(
            "`import hss_client` (ours)",
            "import hss_client",
            (generated,),
            ("hss_client.models", "pydantic.main"),
        ),
        ImportCase(
            "`import hss_client` + its models (what the first call adds)",
            "import hss_client, hss_client.models",
            (generated,),
            ("hss_client.models", "pydantic.main"),
        ),
        ImportCase(
            "`from huaweicloudsdkhss.v5 import HssClient` (official)",
            "from huaweicloudsdkhss.v5 import HssClient",
        ),
    ]
    if opc_dir is not None:
        found += [
            ImportCase(
                f"`import {opc_package}` (openapi-python-client, HSS)",
                f"import {opc_package}",
                (opc_dir,),
            ),
            ImportCase(
                "openapi-python-client, HSS: client + operation + models",
                f"from {opc_package} import AuthenticatedClient\n"
                f"from {opc_package}.api.default import create_vpc_endpoint\n"
                f"import {opc_package}.models",
                (opc_dir,),
            ),
        ]
    if synth_dir is not None:
        found += [
            ImportCase(
                f"`import {synth_package}` (ours, {synth_operations} operations)",
                f"import {synth_package}",
                (synth_dir,),
                (f"{synth_package}.models", "pydantic.main"),
            ),
            ImportCase(
                f"`import {synth_package}` + its models ({synth_operations} operations)",
                f"import {synth_package}, {synth_package}.models",
                (synth_dir,),
                (f"{synth_package}.models", "pydantic.main"),
            ),
        ]
    return found


def _command(case: ImportCase) -> list[str]:
    return [sys.executable, "-c", _CHILD.format(statement=case.statement, watch=case.watch)]


def _env(case: ImportCase, env: Mapping[str, str]) -> dict[str, str]:
    chosen = dict(env)
    if case.paths:
        chosen["PYTHONPATH"] = os.pathsep.join(str(path) for path in case.paths)
    return chosen


def measure(
    chosen: Sequence[ImportCase], env: Mapping[str, str], runs: int, cwd: Path
) -> list[ImportResult]:
    """`runs` fresh interpreters per case, cases interleaved, after one discarded round.

    `cwd` should hold nothing importable: `python -c` puts it first on sys.path.
    """
    results = [ImportResult(case) for case in chosen]
    for round_ in range(runs + 1):
        order = results[round_ % len(results) :] + results[: round_ % len(results)]
        for result in order:
            sample = run_process(_command(result.case), _env(result.case, env), cwd=cwd)
            if round_ == 0:
                continue  # fills the bytecode cache
            report: dict[str, Any] = json.loads(sample.stdout.strip().splitlines()[-1])
            result.samples.append(sample)
            result.import_seconds.append(float(report["import_s"]))
            result.modules = int(report["modules"])
            result.models_loaded = list(report["models"])
    return results
