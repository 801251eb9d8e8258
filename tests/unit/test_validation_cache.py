"""The validation cache: only an identical text checked by identical validators is skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.spec import load as spec_load
from generator.spec import validate, validation_cache
from generator.spec.build import build_spec
from generator.spec.validation_cache import CACHE_VARIABLE, is_known_valid, remember_valid
from tests.helpers import ROOT

TEXT = b"openapi: 3.1.0\n"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_remembers_exactly_the_text_it_was_given(cache: Path) -> None:
    assert not is_known_valid(TEXT)
    remember_valid(TEXT)
    assert is_known_valid(TEXT)
    assert not is_known_valid(TEXT + b" ")
    assert len(list((cache / "valid-openapi").iterdir())) == 1


@pytest.mark.usefixtures("cache")
def test_other_validator_versions_do_not_count(monkeypatch: pytest.MonkeyPatch) -> None:
    remember_valid(TEXT)
    monkeypatch.setattr(validation_cache, "_fingerprint", lambda: b"openapi-spec-validator==9")
    assert not is_known_valid(TEXT)


def test_off_means_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_VARIABLE, "off")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    remember_valid(TEXT)
    assert not is_known_valid(TEXT)
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_cache_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv(CACHE_VARIABLE, str(blocker))
    remember_valid(TEXT)
    assert not is_known_valid(TEXT)


def _refuse(_document: object, output: str) -> None:
    raise AssertionError(f"validated {output} again")


@pytest.mark.usefixtures("cache")
def test_render_skips_only_a_text_known_valid(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = tmp_path / "openapi.yaml"
    spec.write_bytes((ROOT / "spec/hss/openapi.yaml").read_bytes())
    spec_load.load_spec(spec)  # validates and remembers
    monkeypatch.setattr(validate, "check_document", _refuse)
    spec_load.load_spec(spec)  # the same bytes: not validated again
    spec.write_bytes(spec.read_bytes() + b"# one more byte\n")
    with pytest.raises(AssertionError, match="validated"):
        spec_load.load_spec(spec)


@pytest.mark.usefixtures("cache")
def test_transcribe_leaves_its_output_known_valid() -> None:
    pages = sorted((ROOT / "spec/hss/pages").iterdir())
    built = build_spec(pages, ROOT / "spec/hss/service.yaml", ROOT / "spec/hss/overlay.yaml", "o")
    assert is_known_valid(built.text.encode("utf-8"))
