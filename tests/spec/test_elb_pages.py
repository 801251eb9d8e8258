"""The 132 ELB pages: every page transcribes or is reported, and the whole builds a valid spec."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from generator.spec.build import SpecBuild, build_spec
from tests.helpers import ROOT

ELB = ROOT / "spec" / "elb"
PAGES = sorted((ELB / "pages").glob("*.html"))


@pytest.fixture(scope="module")
def elb() -> SpecBuild:
    return build_spec(PAGES, ELB / "service.yaml", None, "openapi.yaml")


def test_every_page_is_an_operation_or_reported(elb: SpecBuild) -> None:
    kinds = Counter(f.kind for f in elb.findings)
    assert len(PAGES) == 132
    assert elb.operations == 128
    assert kinds["not-operation"] == 2
    assert kinds["duplicate-operation"] == 2
    reported = {
        Path(f.file).name
        for f in elb.findings
        if f.kind in ("not-operation", "duplicate-operation")
    }
    assert reported == {"elb_fl_0004.html", "elb_fl_0005.html", "CreatePool1.html", "l7.html"}


def test_the_versions_and_names_stay_apart(elb: SpecBuild) -> None:
    ids = [op["operationId"] for item in elb.document["paths"].values() for op in item.values()]
    assert len(ids) == len(set(ids))
    assert {"CreateLoadBalancer", "CreateLoadBalancerV1", "CreateLoadBalancerV2"} <= set(ids)
    assert {path.split("/")[1] for path in elb.document["paths"]} == {"v1.0", "v2.0", "v3"}


def test_building_is_deterministic(elb: SpecBuild) -> None:
    again = build_spec(PAGES, ELB / "service.yaml", None, "openapi.yaml")
    assert again.text == elb.text
