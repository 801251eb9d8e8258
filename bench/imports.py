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

The first-call cases take a real-sized package (`bench.synth`, 600 operations, as HSS's 582)
and time what a short-lived process pays before its first answer: import, construct the client
(`base_url` on `bench.server`, a token) and one list call. Each is measured three ways:

- bytecode cached, as above;
- no bytecode at all (`PYTHONDONTWRITEBYTECODE=1` and an empty `PYTHONPYCACHEPREFIX`, checked
  empty afterwards): every module but the interpreter's frozen start-up ones, the standard
  library's, httpx's and pydantic's included, is compiled from source, as on a read-only file
  system with no bytecode shipped. Its reference is `import httpx, pydantic` the same way;
- only the package uncached (`PYTHONDONTWRITEBYTECODE=1`, a fresh copy of the package without
  `__pycache__`, everything else reading its own installed bytecode), as when a vendored client
  is deployed without bytecode beside pip-installed dependencies. Its reference is
  `import httpx, pydantic` the same way (reading, never writing, their installed bytecode).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.measure import ROOT, MeasurementError, Sample, Summary, run_process

#: How a case finds bytecode (see the module's docstring).
CACHED = "bytecode cached"
NO_CACHE = "no bytecode at all"
PACKAGE_UNCACHED = "only the package uncached"
BYTECODE = (CACHED, NO_CACHE, PACKAGE_UNCACHED)
FIRST_CALL = "first call"
#: The project ID the first-call cases pass, and the variable carrying the server's URL.
PROJECT_ID = "0123456789abcdef0123456789abcdef"
BASE_URL_VARIABLE = "BENCH_BASE_URL"

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
    """One import statement, the directories it needs on sys.path, and modules to watch for;
    how it finds bytecode, the table it belongs to, and whether it makes the first call."""

    name: str
    statement: str
    paths: tuple[Path, ...] = ()
    watch: tuple[str, ...] = ()
    reference: bool = False
    bytecode: str = CACHED
    family: str = ""
    first_call: bool = False


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


def client_class(package: str) -> str:
    """The sync client class of a generated package: `synth_client` → `SynthClient`."""
    return "".join(part.capitalize() for part in package.removesuffix("_client").split("_")) + (
        "Client"
    )


def first_call_cases(
    package_dir: Path, operations: int, method: str, path: str, scratch: Path
) -> list[ImportCase]:
    """The package alone and the package's first call (`method`, a GET of `path`), each for
    every way of finding bytecode; `import httpx, pydantic` the same ways (the cached one is the
    reference of `cases`); and the floor of a first call, cached and without bytecode.

    `package_dir` is the package itself; it is copied without `__pycache__` into `scratch` for
    the cases where only the package is uncached.
    """
    package = package_dir.name
    fresh = scratch / "fresh-package"
    if fresh.exists():
        shutil.rmtree(fresh)
    shutil.copytree(package_dir, fresh / package, ignore=shutil.ignore_patterns("__pycache__"))
    base_url = f"os.environ[{BASE_URL_VARIABLE!r}]"
    call = (
        f"import os\nimport {package}\n"
        f"_client = {package}.{client_class(package)}(base_url={base_url}, "
        f"project_id={PROJECT_ID!r}, auth={package}.TokenAuth('bench-token'))\n"
        f"_client.{method}(limit=10)\n_client.close()"
    )
    url = f"{base_url} + {path.replace('{project_id}', PROJECT_ID)!r}"
    floor = (
        "import os\nimport httpx\nfrom pydantic import BaseModel\n"
        "class Page(BaseModel):\n    total_num: int | None = None\n"
        "    data_list: list[dict[str, object]] | None = None\n"
        "with httpx.Client() as _http:\n"
        f"    _answer = _http.get({url}, params={{'limit': 10}}, "
        "headers={'X-Auth-Token': 'bench-token'})\n"
        "Page.model_validate_json(_answer.raise_for_status().content)"
    )
    watch = (f"{package}.models", "pydantic.main")
    found = [
        ImportCase(
            "`import httpx, pydantic` (reference)",
            "import httpx, pydantic",
            reference=True,
            bytecode=bytecode,
            family=FIRST_CALL,
        )
        for bytecode in (NO_CACHE, PACKAGE_UNCACHED)
    ]
    found += [
        ImportCase(
            "floor: httpx + one pydantic model, the same GET",
            floor,
            bytecode=bytecode,
            family=FIRST_CALL,
        )
        for bytecode in BYTECODE
    ]
    for bytecode in BYTECODE:
        paths = (fresh,) if bytecode == PACKAGE_UNCACHED else (package_dir.parent,)
        found += [
            ImportCase(
                f"`import {package}` ({operations} operations)",
                f"import {package}",
                paths,
                watch,
                bytecode=bytecode,
                family=FIRST_CALL,
            ),
            ImportCase(
                f"`import {package}` + client + `{method}()` ({operations} operations)",
                call,
                paths,
                watch,
                bytecode=bytecode,
                family=FIRST_CALL,
                first_call=True,
            ),
        ]
    return found


def reference_for(results: Sequence[ImportResult], case: ImportCase) -> ImportResult | None:
    """The `import httpx, pydantic` a case is compared with: the one measured the same way."""
    return next((r for r in results if r.case.reference and r.case.bytecode == case.bytecode), None)


def _command(case: ImportCase) -> list[str]:
    return [sys.executable, "-c", _CHILD.format(statement=case.statement, watch=case.watch)]


def _env(case: ImportCase, env: Mapping[str, str], no_cache: Path) -> dict[str, str]:
    chosen = dict(env)
    if case.paths:
        chosen["PYTHONPATH"] = os.pathsep.join(str(path) for path in case.paths)
    if case.bytecode != CACHED:
        chosen["PYTHONDONTWRITEBYTECODE"] = "1"
        if case.bytecode == NO_CACHE:
            chosen["PYTHONPYCACHEPREFIX"] = str(no_cache)
        else:  # each module's own __pycache__ (none in the package's fresh copy)
            chosen.pop("PYTHONPYCACHEPREFIX", None)
    return chosen


def _check_uncached(chosen: Sequence[ImportCase], no_cache: Path) -> None:
    """Nothing must have left bytecode where the uncached cases would have found it."""
    written = [str(path) for path in no_cache.rglob("*.pyc")]
    for case in chosen:
        if case.bytecode == PACKAGE_UNCACHED:
            written += [str(path) for folder in case.paths for path in folder.rglob("*.pyc")]
    if written:
        raise MeasurementError(f"bytecode was written for uncached imports: {written[:3]}")


def measure(
    chosen: Sequence[ImportCase], env: Mapping[str, str], runs: int, cwd: Path
) -> list[ImportResult]:
    """`runs` fresh interpreters per case, cases interleaved, after one discarded round.

    `cwd` should hold nothing importable: `python -c` puts it first on sys.path.
    """
    results = [ImportResult(case) for case in chosen]
    with tempfile.TemporaryDirectory(prefix="bench-no-pycache-") as folder:
        no_cache = Path(folder)
        _rounds(results, env, runs, cwd, no_cache)
        _check_uncached(chosen, no_cache)
    return results


def _rounds(
    results: Sequence[ImportResult], env: Mapping[str, str], runs: int, cwd: Path, no_cache: Path
) -> None:
    for round_ in range(runs + 1):
        order = [*results[round_ % len(results) :], *results[: round_ % len(results)]]
        for result in order:
            sample = run_process(_command(result.case), _env(result.case, env, no_cache), cwd=cwd)
            if round_ == 0:
                continue  # fills the bytecode cache
            report: dict[str, Any] = json.loads(sample.stdout.strip().splitlines()[-1])
            result.samples.append(sample)
            result.import_seconds.append(float(report["import_s"]))
            result.modules = int(report["modules"])
            result.models_loaded = list(report["models"])
