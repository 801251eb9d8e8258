"""Each invalid input gives one clear error line and exit status 2, and loses nothing.

One file per case under tests/fixtures/bad/, with its expected stderr beside it (`.expected`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import FIXTURES, HSS_SPEC, ROOT, run_cli

BAD = FIXTURES / "bad"
PAGES = sorted(p for p in BAD.iterdir() if p.suffix in (".txt", ".html", ".rst", ".json"))
PREVIOUS = "previously built spec\n"


def _expected(path: Path) -> str:
    return (path.parent / f"{path.name}.expected").read_text(encoding="utf-8")


def _assert_clean_failure(result_stderr: str, returncode: int, expected: str, out: Path) -> None:
    assert returncode == 2
    assert result_stderr == expected
    assert len(result_stderr.splitlines()) == 1
    assert "Traceback" not in result_stderr
    assert out.read_text() == PREVIOUS
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name]


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_bad_page(page: Path, tmp_path: Path) -> None:
    out = tmp_path / "openapi.yaml"
    out.write_text(PREVIOUS)
    result = run_cli("transcribe", page.relative_to(ROOT), "-o", out)
    _assert_clean_failure(result.stderr, result.returncode, _expected(page), out)


def test_overlay_action_matching_nothing(tmp_path: Path) -> None:
    out = tmp_path / "openapi.yaml"
    out.write_text(PREVIOUS)
    overlay = BAD / "overlay_no_match.yaml"
    result = run_cli(
        "transcribe",
        "spec/hss/pages/CreateVpcEndpoint.txt",
        "--service-file",
        "spec/hss/service.yaml",
        "--overlay",
        overlay.relative_to(ROOT),
        "-o",
        out,
    )
    _assert_clean_failure(result.stderr, result.returncode, _expected(overlay), out)


def test_every_case_is_covered() -> None:
    names = {p.stem for p in PAGES}
    assert {
        "empty",
        "binary",
        "truncated",
        "truncated_mid_table",
        "no_uri",
        "missing_cell",
        "rst_saved_as_text",
        "malformed_table",
        "unknown_format",
    } <= names


def test_missing_page_file(tmp_path: Path) -> None:
    out = tmp_path / "openapi.yaml"
    out.write_text(PREVIOUS)
    result = run_cli("transcribe", tmp_path / "nowhere.txt", "-o", out)
    assert result.returncode == 2
    assert (
        result.stderr
        == f"error: {tmp_path / 'nowhere.txt'}: page: cannot read: No such file or directory\n"
    )
    assert out.read_text() == PREVIOUS


def test_invalid_service_file_names_line_and_column(tmp_path: Path) -> None:
    service = tmp_path / "service.yaml"
    service.write_text("info: [unclosed\n")
    out = tmp_path / "openapi.yaml"
    result = run_cli(
        "transcribe",
        HSS_SPEC / "pages" / "CreateVpcEndpoint.txt",
        "--service-file",
        service,
        "-o",
        out,
    )
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: {service}: line 2, column 1: invalid YAML")
    assert not out.exists()


def test_an_output_that_is_a_directory_is_one_error_line(tmp_path: Path) -> None:
    page = ROOT / "spec" / "hss" / "pages" / "CreateVpcEndpoint.txt"
    taken = tmp_path / "taken"
    taken.mkdir()
    service = ROOT / "spec" / "hss" / "service.yaml"
    result = run_cli("transcribe", page, "--service-file", service, "-o", taken)
    assert result.returncode == 2
    assert (
        result.stderr.splitlines()[-1] == f"error: {taken}: file: is a directory, not a spec file"
    )
    assert list(taken.iterdir()) == []


def test_an_output_below_a_file_is_one_error_line(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("not a directory")
    spec = ROOT / "spec" / "hss" / "openapi.yaml"
    result = run_cli("render", spec, "-o", blocker / "hss_client")
    assert result.returncode == 2
    assert result.stderr == f"error: {blocker}: a file stands where a directory is needed\n"
    assert blocker.read_text() == "not a directory"
