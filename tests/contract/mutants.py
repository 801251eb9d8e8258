"""Mutation run: the contract suite must fail on every one of these deliberate bugs.

`python -m tests.contract.mutants` (or `make contract-mutants`) copies a generated package,
applies one mutation, runs the contract suite against the copy, and reports `killed K/M`.
A mutation whose text no longer occurs in the package is an error, never silently skipped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.helpers import ROOT


@dataclass(frozen=True)
class Mutation:
    name: str
    target: str  # the contract target (service) whose package is mutated
    file: str
    old: str
    new: str


MUTATIONS = [
    Mutation(
        "drop a length constraint",
        "hss",
        "_models/vpc_endpointes.py",
        "    vpc_id: Annotated[str, Field(min_length=1, max_length=256)]",
        "    vpc_id: str",
    ),
    Mutation(
        "widen a bound",
        "hss",
        "_models/vpc_endpointes.py",
        "    host_id_list: list[Annotated[str, Field(min_length=1, max_length=256)]]",
        "    host_id_list: list[Annotated[str, Field(min_length=1, max_length=257)]]",
    ),
    Mutation(
        "rename a field's wire name",
        "hss",
        "_models/vpc_endpointes.py",
        "    subnet_id_list: list[str]",
        "    subnet_ids: list[str]",
    ),
    Mutation(
        "make a required field optional",
        "hss",
        "_models/vpc_endpointes.py",
        "    vpc_id: Annotated[str, Field(min_length=1, max_length=256)]",
        "    vpc_id: Annotated[str | MISSING, Field(min_length=1, max_length=256)] = MISSING",
    ),
    Mutation(
        "change the HTTP method",
        "hss",
        "_operations/vpc_endpointes.py",
        'method="POST",',
        'method="PUT",',
    ),
    Mutation(
        "change a path segment",
        "hss",
        "_operations/vpc_endpointes.py",
        '"/v5/{project_id}/host-management/vpc-endpointes"',
        '"/v5/{project_id}/host-management/vpc-endpoints"',
    ),
    Mutation(
        "drop the trailing / of the canonical URI in the signer",
        "hss",
        "_auth.py",
        'return uri if uri.endswith("/") else uri + "/"',
        "return uri",
    ),
    Mutation(
        "send an absent optional field as null",
        "hss",
        "_models/vpc_endpointes.py",
        "    vpc_list: list[VpcAndSubNet] | MISSING = MISSING",
        "    vpc_list: list[VpcAndSubNet] | MISSING | None = None",
    ),
    Mutation(
        "drop a query parameter",
        "hss",
        "_operations/vpc_endpointes.py",
        'Parameter("enterprise_project_id", "enterprise_project_id", "query"),',
        "",
    ),
    Mutation(
        "send a query parameter as a header",
        "hss",
        "_operations/vpc_endpointes.py",
        'Parameter("enterprise_project_id", "enterprise_project_id", "query"),',
        'Parameter("enterprise_project_id", "enterprise_project_id", "header"),',
    ),
    Mutation(
        "stop encoding path parameters",
        "hss",
        "_base_client.py",
        "path_segment(value))",
        "str(value))",
    ),
    Mutation(
        "sign a different body hash",
        "hss",
        "_auth.py",
        "hashlib.sha256(body).hexdigest()",
        'hashlib.sha256(body + b" ").hexdigest()',
    ),
    Mutation(
        "lose Huawei's error code",
        "hss",
        "_exceptions.py",
        '    ("error_code", "error_msg"),',
        '    ("error_kode", "error_msg"),',
    ),
    Mutation(
        "drop an enum value",
        "sink",
        "_models/widgets.py",
        'CreateWidgetRequestBodyMode: TypeAlias = Literal["auto", "manual"]',
        'CreateWidgetRequestBodyMode: TypeAlias = Literal["auto"]',
    ),
    Mutation(
        "enforce a response field's bound by default",
        "sink",
        "_models/widgets.py",
        '    port: Annotated[int | None, Tolerant] = None\n    """Port number."""',
        '    port: Annotated[int | None, Field(ge=1, le=65535)] = None\n    """Port number."""',
    ),
    Mutation(
        "coerce response values of another type",
        "sink",
        "_model.py",
        'return {**schema, "strict": True} if schema["type"] in _LEAVES else schema',
        "return schema",
    ),
    Mutation("drop a pattern", "sink", "_models/widgets.py", ', pattern="^[A-Z]{2}$")', ")"),
]


def _package(target: str) -> tuple[str, Path]:
    if target == "sink":
        return "sink_client", ROOT / "tests" / "golden" / "sink_client"
    return f"{target}_client", ROOT / "generated" / f"{target}_client"


def run(mutation: Mutation, workspace: Path) -> tuple[str, float]:
    """Apply one mutation to a copy of its package and run the contract suite: killed or not."""
    package, source = _package(mutation.target)
    root = workspace / mutation.name.replace(" ", "_").replace("/", "")
    shutil.copytree(source, root / package, ignore=shutil.ignore_patterns("__pycache__"))
    path = root / package / mutation.file
    text = path.read_text(encoding="utf-8")
    if mutation.old:  # the controls change nothing
        if text.count(mutation.old) != 1:
            return (
                f"error: the text occurs {text.count(mutation.old)} times in {mutation.file}",
                0.0,
            )
        path.write_text(text.replace(mutation.old, mutation.new), encoding="utf-8")
    environment = {
        **os.environ,
        "CONTRACT_PACKAGE_ROOT": str(root),
        "CONTRACT_TARGETS": mutation.target,
        "HYPOTHESIS_PROFILE": "mutants",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    started = time.monotonic()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/contract",
            "-x",
            "-q",
            "-p",
            "no:cacheprovider",
            "--no-header",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.monotonic() - started
    outcomes = {0: "SURVIVED", 1: "killed"}
    return outcomes.get(
        result.returncode, f"error: pytest exit {result.returncode}: {result.stdout[-300:]}"
    ), elapsed


# Unmutated copies run the same way first: the suite must pass on them, or the run means nothing.
CONTROLS = [
    Mutation(f"control: {target} unchanged", target, "models.py", "", "")
    for target in ("hss", "sink")
]


def main() -> int:
    killed = 0
    with tempfile.TemporaryDirectory(prefix="mutants-") as folder:
        for control in CONTROLS:
            outcome, elapsed = run(control, Path(folder))
            print(
                f" -  {control.target:5} {control.name:58} {'passes' if outcome == 'SURVIVED' else outcome} ({elapsed:.1f}s)",
                flush=True,
            )
            if outcome != "SURVIVED":
                print("the contract suite fails on an unmutated copy: the mutation run is void")
                return 1
        for number, mutation in enumerate(MUTATIONS, start=1):
            outcome, elapsed = run(mutation, Path(folder))
            killed += outcome == "killed"
            print(
                f"{number:2}. {mutation.target:5} {mutation.name:58} {outcome} ({elapsed:.1f}s)",
                flush=True,
            )
    print(f"killed {killed}/{len(MUTATIONS)}")
    return 0 if killed == len(MUTATIONS) else 1


if __name__ == "__main__":
    sys.exit(main())
