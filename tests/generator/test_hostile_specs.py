"""Hostile and invalid specs: inert, typed Python or one located error line, never a traceback.

Fixtures in `tests/fixtures/hostile_specs/`: `error_*.yaml` must fail with the snapshotted
diagnostic (`.expected`, exit status 2) and leave the previous output byte for byte; the
others must render into a package that passes `mypy --strict` and ruff, imports with every
model built, and runs none of the code its text pretends to be. `fuzz_*.yaml` are cases the
spec fuzzer (`tests/fuzz/test_spec_fuzz.py`) found, kept as regressions.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.generator.test_render import KITCHEN_SINK, tree
from tests.helpers import ROOT, run_cli

FIXTURES = ROOT / "tests" / "fixtures" / "hostile_specs"
ERRORS = sorted(FIXTURES.glob("error_*.yaml"))
RENDERED = ["injection.yaml", "names.yaml"]
FUZZ_FOUND = sorted(FIXTURES.glob("fuzz_*.yaml"))
BIN = Path(sys.executable).parent
# The project's lint rules (pyproject.toml), which make check applies to generated packages.
RUFF_RULES = ["--select", "E,F,W,I,B,UP,SIM,RUF,C4,PT,RET,ARG,N"]
# UP007/UP037: recursive root models are spelled `RootModel[Union[str, list["Json"]]]`: in a
# base class the subscript is evaluated at runtime, where `|` on a string fails.
RUFF_IGNORE = ["--ignore", "E501,RUF001,RUF002,RUF003,UP007,UP037"]

IMPORT_AND_BUILD = """
import importlib, inspect, sys
import pydantic
package = importlib.import_module(sys.argv[1])
models = importlib.import_module(sys.argv[1] + ".models")
built = 0
for value in map(models.__getattr__, models.__all__):  # every part of _models, loaded
    if isinstance(value, type) and issubclass(value, pydantic.BaseModel):
        value.model_rebuild(force=True)
        value.model_json_schema()
        built += 1
[name] = [n for n in package.__all__ if n.endswith("Client") and not n.startswith("Async")]
client = getattr(package, name)(auth=None, base_url="http://127.0.0.1:9", project_id="p")
docs = [inspect.getdoc(getattr(client, n)) or "" for n in dir(client) if not n.startswith("_")]
print(built, sum("PWNED" in doc for doc in docs))
client.close()
"""


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A package rendered before a bad render is attempted over it."""
    out = tmp_path_factory.mktemp("previous") / "sink_client"
    assert run_cli("render", KITCHEN_SINK, "-o", out).returncode == 0
    return out


@pytest.mark.parametrize("spec", ERRORS, ids=lambda p: p.stem)
def test_an_invalid_spec_is_one_located_error_and_the_output_is_untouched(
    spec: Path, previous: Path, tmp_path: Path
) -> None:
    out = tmp_path / "sink_client"
    shutil.copytree(previous, out)
    before = tree(out)
    result = run_cli("render", spec.relative_to(ROOT), "-o", out)
    assert result.returncode == 2, result.stderr
    assert result.stderr == spec.with_name(spec.name + ".expected").read_text(encoding="utf-8")
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(f"error: {spec.relative_to(ROOT)}: ")
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sink_client"], "no staging left"


@pytest.fixture(scope="module", params=RENDERED, ids=lambda n: n.removesuffix(".yaml"))
def hostile_package(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    name = request.param.removesuffix(".yaml")
    out = tmp_path_factory.mktemp(name) / f"{name}_client"
    result = run_cli("render", FIXTURES / request.param, "-o", out)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return out


def test_hostile_text_stays_inert_on_import_and_in_docs(hostile_package: Path) -> None:
    folder = hostile_package.parent
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", IMPORT_AND_BUILD, hostile_package.name],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    built, documented = map(int, result.stdout.split())
    assert built >= 5
    assert not (folder / "PWNED").exists(), "injected code ran on import"
    if hostile_package.name == "injection_client":
        # The text is kept (as documentation), not dropped: only its power is removed.
        assert documented >= 2


def test_hostile_packages_pass_mypy_strict_and_ruff(hostile_package: Path) -> None:
    folder = hostile_package.parent
    mypy = subprocess.run(
        [BIN / "mypy", "--strict", "--no-incremental", hostile_package.name],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert mypy.returncode == 0, mypy.stdout
    ruff = subprocess.run(
        [
            BIN / "ruff",
            "check",
            "--isolated",
            "--target-version",
            "py310",
            "--line-length",
            "100",
            *RUFF_RULES,
            *RUFF_IGNORE,
            hostile_package.name,
        ],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert ruff.returncode == 0, ruff.stdout


def test_every_colliding_name_is_distinct_and_reported(tmp_path: Path) -> None:
    result = run_cli("render", FIXTURES / "names.yaml", "-o", tmp_path / "names_client")
    assert result.returncode == 0, result.stderr
    sys.path.insert(0, str(tmp_path))
    try:
        import names_client  # type: ignore[import-not-found]
        from names_client import models
    finally:
        sys.path.remove(str(tmp_path))
    fields = models.Shadow.model_fields
    aliases = [f.alias or name for name, f in fields.items()]
    assert len(aliases) == len(set(aliases)) == 25, "every wire name keeps its own field"
    assert all(name.isascii() and name.isidentifier() for name in fields)
    assert {"\ufb01eld", "field", "\uff58", "x"} <= set(aliases)
    parsed = models.Shadow.model_validate({"\ufb01eld": "lig", "field": 1, "\uff58": "w", "x": 2})
    assert parsed.model_dump(exclude_unset=True) == {
        "\ufb01eld": "lig",
        "field": 1,
        "\uff58": "w",
        "x": 2,
    }
    methods = {m for m in dir(names_client.NamesClient) if not m.startswith("_")}
    assert {"list_things", "list_things_operation", "list_things_2", "close_operation"} <= methods
    assert {"service_operation", "model_names_operation", "from_env_operation"} <= methods
    assert "renamed" in result.stderr or "becomes" in result.stderr


@pytest.mark.parametrize("spec", FUZZ_FOUND, ids=lambda p: p.stem)
def test_cases_the_fuzzer_found(spec: Path, tmp_path: Path) -> None:
    result = run_cli("render", spec, "-o", tmp_path / "fuzzed_client")
    assert "Traceback" not in result.stderr
    assert result.returncode in (0, 2), result.stderr
    if result.returncode == 2:
        assert len(result.stderr.splitlines()) == 1
        assert result.stderr.startswith(f"error: {spec}: ")
        return
    for path in (tmp_path / "fuzzed_client").glob("*.py"):
        compile(path.read_text(encoding="utf-8"), str(path), "exec")
