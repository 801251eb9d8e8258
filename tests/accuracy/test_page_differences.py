"""The curated page-vs-SDK differences: an entry counts only if the page and the SDK bear it out."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from generator.transcribe.read import read_page
from tests.accuracy.compare import Mismatch
from tests.accuracy.page_differences import PageDifference, check, page_text
from tests.accuracy.report import evaluate
from tests.accuracy.services import ELB, HSS, SERVICES, Service

HTML = (
    "<h1>Querying Whitelists</h1><h4>URI</h4><p>GET /v2.0/lbaas/whitelists</p><h4>Request</h4>"
    "<table><caption>Table 1 Parameter description</caption><tr><th>Parameter</th>"
    "<th>Mandatory</th><th>Type</th><th>Description</th></tr><tr><td>tenant_id</td><td>No</td>"
    "<td>String</td><td>Specifies the  project&#39;s ID.</td></tr></table>"
)
ENTRY = PageDifference(
    page="p.html",
    where="query",
    field="tenant_id",
    difference="missing",
    table=1,
    quote="tenant_id No String Specifies the project's ID.",
    sdk_model="v2 ListWhitelistsRequest",
    reason="The SDK fills the project itself.",
)


def _problems(entry: PageDifference, tmp_path: Path) -> list[str]:
    path = tmp_path / "p.html"
    path.write_text(HTML, encoding="utf-8")
    return check(entry, read_page(path), page_text(path), ELB.sdk_package)


def test_an_entry_that_the_page_and_the_sdk_bear_out_checks(tmp_path: Path) -> None:
    assert _problems(ENTRY, tmp_path) == []


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"quote": "tenant_id Yes String"}, "the quote does not occur in the page"),
        ({"table": 2}, "table 2 has no row 'tenant_id'"),
        ({"field": "limit"}, "table 1 has no row 'limit'"),
        ({"sdk_model": "v2 NoSuchModel"}, "the SDK has no model v2 NoSuchModel"),
        ({"field": "listener_id", "quote": "x"}, "v2 ListWhitelistsRequest has 'listener_id'"),
    ],
)
def test_an_entry_the_page_or_the_sdk_contradicts_does_not_check(
    change: dict[str, object], problem: str, tmp_path: Path
) -> None:
    assert problem in _problems(replace(ENTRY, **change), tmp_path)  # type: ignore[arg-type]


def test_a_required_flag_entry_needs_the_sdk_to_differ(tmp_path: Path) -> None:
    entry = replace(
        ENTRY,
        where="request",
        field="whitelist.listener_id",
        difference="required",
        sdk_model="v2 CreateWhitelistReq",
    )
    assert "v2 CreateWhitelistReq requires 'listener_id' too" in _problems(entry, tmp_path)


def test_a_missing_entry_covers_the_fields_beneath_it_only() -> None:
    entry = replace(ENTRY, where="response", field="x_links")
    assert entry.covers("p.html", Mismatch("response", "x_links[].href", "missing"))
    assert not entry.covers("p.html", Mismatch("response", "x_linksy", "missing"))
    assert not entry.covers("q.html", Mismatch("response", "x_links", "missing"))
    assert not entry.covers("p.html", Mismatch("response", "x_links", "kind", "array"))


def test_page_text_strips_tags_and_folds_spaces() -> None:
    text = page_text(ELB.directory / "pages" / "elb_zq_bm_0002.html")
    assert "tenant_id No String Specifies the ID of the project where the whitelist" in text


def test_page_text_drops_restructuredtext_table_borders_and_bars() -> None:
    text = page_text(HSS.directory / "pages" / "changing_the_protection_status.rst")
    assert "version No String HSS edition. Its value can be:" in text
    assert "+---" not in text
    assert "+===" not in text


@pytest.mark.parametrize("service", SERVICES, ids=lambda s: s.name)
def test_every_committed_entry_checks_out_and_is_used(service: Service) -> None:
    evaluation = evaluate(service)
    assert service.differences.is_file()
    assert evaluation.problems == []
