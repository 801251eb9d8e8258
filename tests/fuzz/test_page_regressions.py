"""Every page the fuzzing broke the transcriber with, kept as a file and run through the CLI.

tests/fixtures/fuzz/<case> is the page (cut down from the HSS page); `<case>.expected` beside
it is the exact stderr of a page that must fail, and no `.expected` means it must give a spec.
Before the fixes these hung (a one-column text table looped until memory ran out), raised
RecursionError or ValueError, took seconds per page, or lost the rest of an HTML page; a
reStructuredText page read files a docutils configuration let it read, or gave docutils' own
warnings as descriptions.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.diagnostics import GenerationError
from generator.transcribe.read import read_page
from tests.fuzz.pages import HSS_SERVICE, PAGE_SECONDS, ForeignReads, transcribe_case
from tests.helpers import FIXTURES, ROOT, run_cli

CASES = sorted(p for p in (FIXTURES / "fuzz").iterdir() if p.suffix in (".txt", ".html", ".rst"))
PREVIOUS = "previously built spec\n"


def _transcribe(page: Path, out: Path) -> tuple[int, str]:
    result = run_cli("transcribe", page.relative_to(ROOT), "--service-file", HSS_SERVICE, "-o", out)
    assert "Traceback" not in result.stderr
    return result.returncode, result.stderr


@pytest.mark.parametrize("page", CASES, ids=[p.name for p in CASES])
def test_fuzz_case(page: Path, tmp_path: Path) -> None:
    out = tmp_path / "openapi.yaml"
    out.write_text(PREVIOUS)
    returncode, stderr = _transcribe(page, out)
    expected = page.parent / f"{page.name}.expected"
    if expected.exists():
        assert (returncode, stderr) == (2, expected.read_text(encoding="utf-8"))
        assert len(stderr.splitlines()) == 1
        assert out.read_text() == PREVIOUS
    else:
        assert returncode == 0, stderr
        assert yaml.safe_load(out.read_text(encoding="utf-8"))["paths"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]
    # In process too: the clean error type or a spec, within the time a page may take.
    transcribe_case(page, HSS_SERVICE)


def _schemas(page: str) -> dict[str, Any]:
    build = transcribe_case(FIXTURES / "fuzz" / page, HSS_SERVICE)
    assert build is not None
    schemas: dict[str, Any] = build.document["components"]["schemas"]
    return schemas


def test_a_table_that_refers_to_itself_is_a_recursive_schema() -> None:
    schemas = _schemas("self_reference.txt")
    assert schemas["VpcAndSubNet"]["properties"]["subnet_id_list"]["items"] == {
        "$ref": "#/components/schemas/VpcAndSubNet"
    }


def test_tables_that_refer_to_each_other_are_a_cycle_of_refs() -> None:
    schemas = _schemas("table_cycle.txt")
    ring, following = schemas["Ring"]["properties"], schemas["Next"]["properties"]
    assert ring["next"]["$ref"] == "#/components/schemas/Next"
    assert following["back"]["$ref"] == "#/components/schemas/Ring"


def test_a_nan_default_is_kept_as_text_not_as_a_number() -> None:
    vpc_id = _schemas("nan_default.txt")["VpcAndSubNet"]["properties"]["vpc_id"]
    assert "default" not in vpc_id
    assert vpc_id["x-huawei-default"] == "nan"


@pytest.mark.parametrize(
    ("name", "body"),
    [
        # Each line ending in `}` made the reader re-parse the whole block so far: quadratic.
        ("closing braces", "{x\n" + "}\n" * 60_000),
        # A megabyte-sized example line and cell: linear work only.
        ("enormous line", "{" + "x" * 1_000_000 + "\n"),
        ("enormous range", "1," * 200_000 + "x"),
    ],
)
def test_enormous_input_stays_linear(name: str, body: str, tmp_path: Path) -> None:
    """Inputs big enough that quadratic work would take minutes must take about a second."""
    page = tmp_path / "CreateVpcEndpoint.txt"
    text = (ROOT / "spec" / "hss" / "pages" / "CreateVpcEndpoint.txt").read_text()
    if name == "enormous range":
        text = text.replace("The value can contain 1 to 256 characters.", body)
    else:
        text = text.replace("Example Requests\n", f"Example Requests\n{body}")
    page.write_text(text)
    start = time.process_time()
    assert transcribe_case(page, HSS_SERVICE) is not None
    assert time.process_time() - start < PAGE_SECONDS


RST_HOSTILE = FIXTURES / "fuzz" / "rst_hostile_markup.rst"


def test_an_rst_page_reads_no_other_file_whatever_docutils_is_configured_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docutils reads ./docutils.conf, ~/.docutils, /etc/docutils.conf and $DOCUTILSCONFIG, and
    their settings override the reader's: one enabling file insertion made a page's
    `.. include::` read another file (a crash here, for the encoding). No configuration is read
    now, and the page is the only file opened."""
    conf = tmp_path / "docutils.conf"
    conf.write_text("[general]\nfile_insertion_enabled: yes\nraw_enabled: yes\n")
    (tmp_path / "canary.txt").write_text("canary: never read\n")
    page = tmp_path / RST_HOSTILE.name
    page.write_text(RST_HOSTILE.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv("DOCUTILSCONFIG", str(conf))
    monkeypatch.chdir(tmp_path)
    with ForeignReads(page).watch() as reads:
        build = transcribe_case(page, HSS_SERVICE)
    assert reads.found == []
    assert build is not None
    assert "never read" not in build.text


def test_rst_directives_anywhere_and_in_any_case_keep_their_text_and_no_docutils_report() -> None:
    """`.. include::` in a cell and `.. Include::` (docutils' names are case-insensitive) were
    left to docutils, which dropped them with a warning; warnings inside a cell became its
    description, and a `unicode::` substitution put control characters back in the text."""
    body = _schemas("rst_hostile_markup.rst")["AddHostsGroupRequestBody"]["properties"]
    assert body["group_name"]["description"] == "canary.txt"
    assert "canary.txt" in body["host_id_list"]["description"]
    assert body["remark"]["description"] == "Escaped A in :foo:`unclosed"


def test_an_rst_table_directive_without_a_table_is_an_error_naming_its_line(
    tmp_path: Path,
) -> None:
    """docutils only warns about `.. table::` with no body, and drops its caption: a table the
    page promises and the spec would silently lack."""
    page = tmp_path / "AddHostsGroup.rst"
    text = RST_HOSTILE.read_text(encoding="utf-8")
    page.write_text(text.replace("None\n", "None\n\n.. table:: **Table 3** Response body\n", 1))
    line = text[: text.index("None\n")].count("\n") + 3
    with pytest.raises(GenerationError) as raised:
        read_page(page)
    assert str(raised.value) == (
        f"{page}: line {line}: markup docutils cannot read, text dropped: "
        'Content block expected for the "table" directive; none found.'
    )


def test_an_rst_substitution_defined_inside_itself_is_a_clean_error(tmp_path: Path) -> None:
    """docutils raised ValueError on its circular-substitution check (found by the fuzzing)."""
    page = tmp_path / "AddHostsGroup.rst"
    text = RST_HOSTILE.read_text(encoding="utf-8")
    page.write_text(text + "\n.. |sub| replace:: |sub|\n   .. |sub| replace:: x\n")
    with pytest.raises(GenerationError) as raised:
        read_page(page)
    assert str(raised.value).startswith(f"{page}: page: unreadable reStructuredText: ")
