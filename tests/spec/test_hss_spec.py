"""The built HSS spec states every fact of the page, matches the committed file, and is stable."""

from __future__ import annotations

import functools
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_schema_validator import OAS31Validator

from generator.spec.build import SpecBuild, build_spec
from generator.transcribe.operation import transcribe_page
from generator.transcribe.read import read_page
from tests.helpers import FIXTURES, HSS_SPEC, run_cli

PATH = "/v5/{project_id}/host-management/vpc-endpointes"


@functools.cache
def _seed_overlay() -> Path:
    """The overlay's actions for the seed page's operation alone: the others target schemas
    of other pages, which a build of the seed page alone does not have."""
    overlay = yaml.safe_load((HSS_SPEC / "overlay.yaml").read_text(encoding="utf-8"))
    overlay["actions"] = [a for a in overlay["actions"] if "vpc-endpointes" in a["target"]]
    assert overlay["actions"]
    path = Path(tempfile.mkdtemp()) / "overlay.yaml"
    path.write_text(yaml.safe_dump(overlay), encoding="utf-8")
    return path


def build(page: Path = HSS_SPEC / "pages" / "CreateVpcEndpoint.txt") -> SpecBuild:
    return build_spec([page], HSS_SPEC / "service.yaml", _seed_overlay(), "openapi.yaml")


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return build().document


@pytest.fixture(scope="module")
def operation(spec: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = spec["paths"][PATH]["post"]
    return found


PAGES = sorted((HSS_SPEC / "pages").iterdir())


def test_committed_spec_is_what_the_sources_build() -> None:
    built = build_spec(PAGES, HSS_SPEC / "service.yaml", HSS_SPEC / "overlay.yaml", "openapi.yaml")
    assert (HSS_SPEC / "openapi.yaml").read_text(encoding="utf-8") == built.text
    # The seed page's operation is in the service's spec as the page alone builds it.
    seed = build().document["paths"][PATH]
    assert built.document["paths"][PATH] == seed
    assert (built.operations, built.error_codes) == (len(PAGES) - 1, 2)


def test_building_twice_gives_the_same_bytes() -> None:
    assert build().text == build().text


def test_the_operation(spec: dict[str, Any], operation: dict[str, Any]) -> None:
    assert list(spec["paths"]) == [PATH]
    assert list(spec["paths"][PATH]) == ["post"]
    assert operation["operationId"] == "CreateVpcEndpoint"
    assert operation["summary"] == "Creating a VPC Endpoint"
    assert operation["description"] == "Create a VPC endpoint."


def test_project_id_path_parameter(operation: dict[str, Any]) -> None:
    project_id = operation["parameters"][0]
    assert project_id == {
        "name": "project_id",
        "in": "path",
        "description": (
            "Project ID, which is used to specify the project that an asset belongs to. After the "
            "project ID is configured, you can query assets in the project using the project ID. "
            "For details about how to obtain it, see Obtaining a Project ID."
        ),
        "required": True,
        "schema": {"type": "string", "minLength": 1, "maxLength": 256},
    }


def test_token_is_a_scheme_not_a_parameter(spec: dict[str, Any], operation: dict[str, Any]) -> None:
    assert all(p["name"].casefold() != "x-auth-token" for p in operation["parameters"])
    token = spec["components"]["securitySchemes"]["token"]
    assert (token["type"], token["in"], token["name"]) == ("apiKey", "header", "X-Auth-Token")
    assert "1 to 32,768 characters" in token["description"]
    aksk = spec["components"]["securitySchemes"]["aksk"]
    assert aksk["x-huawei-signing"]["algorithm"] == "SDK-HMAC-SHA256"
    assert spec["security"] == [{"token": []}, {"aksk": []}]


def test_request_body(spec: dict[str, Any], operation: dict[str, Any]) -> None:
    body = operation["requestBody"]
    assert body["required"] is False
    media = body["content"]["application/json"]
    assert media["schema"] == {"$ref": "#/components/schemas/CreateVpcEndpointRequestBody"}
    schemas = spec["components"]["schemas"]
    request = schemas["CreateVpcEndpointRequestBody"]
    assert "required" not in request
    assert request["properties"]["host_id_list"] == {
        "description": "Server ID list.",
        "type": "array",
        "items": {"type": "string", "minLength": 1, "maxLength": 256},
    }
    assert request["properties"]["vpc_list"] == {
        "description": "VPC list.",
        "type": "array",
        "items": {"$ref": "#/components/schemas/VpcAndSubNet"},
        "x-huawei-range": "The value can contain 1 to 256 characters.",
    }
    assert schemas["VpcAndSubNet"] == {
        "type": "object",
        "properties": {
            "vpc_id": {
                "description": "VPC ID.",
                "type": "string",
                "minLength": 1,
                "maxLength": 256,
            },
            "subnet_id_list": {
                "description": "Subnet ID list.",
                "type": "array",
                "items": {"type": "string"},
            },
        },
        "required": ["vpc_id", "subnet_id_list"],
    }


def test_example_is_attached_and_valid(spec: dict[str, Any], operation: dict[str, Any]) -> None:
    media = operation["requestBody"]["content"]["application/json"]
    example = media["example"]
    assert example == {
        "host_id_list": ["71a15ecc-049f-4cca-bd28-5e90aca1817f"],
        "vpc_list": [{"vpc_id": "789-1111111", "subnet_id_list": ["777777-1111"]}],
    }
    validator = OAS31Validator({**media["schema"], "components": spec["components"]})
    assert list(validator.iter_errors(example)) == []
    invalid = {"vpc_list": [{"vpc_id": ""}]}
    assert len(list(validator.iter_errors(invalid))) == 2  # empty vpc_id, missing subnet_id_list


def test_responses(spec: dict[str, Any], operation: dict[str, Any]) -> None:
    assert operation["responses"] == {
        "200": {"description": "Request succeeded."},
        "default": {"$ref": "#/components/responses/Error"},
    }
    error_schema = spec["components"]["schemas"]["ErrorResponse"]
    assert set(error_schema["properties"]) == {"error_code", "error_msg"}


def test_enterprise_project_id_comes_from_the_overlay(operation: dict[str, Any]) -> None:
    parameter = operation["parameters"][1]
    assert (parameter["name"], parameter["in"], parameter["required"]) == (
        "enterprise_project_id",
        "query",
        False,
    )
    assert parameter["schema"]["type"] == "string"
    overlay = yaml.safe_load((HSS_SPEC / "overlay.yaml").read_text())
    assert all(action["description"] for action in overlay["actions"])


def test_servers_per_region(spec: dict[str, Any]) -> None:
    servers = {s["x-huawei-region"]: s["url"] for s in spec["servers"]}
    clouds = {s["x-huawei-region"]: s["x-huawei-cloud"] for s in spec["servers"]}
    # Open Telekom Cloud first (the pages are OTC's); HSS is offered in eu-de only there.
    assert spec["servers"][0]["x-huawei-region"] == "eu-de"
    assert servers["eu-de"] == "https://hss.eu-de.otc.t-systems.com"
    assert clouds["eu-de"] == "Open Telekom Cloud"
    assert servers["cn-north-4"] == "https://hss.cn-north-4.myhuaweicloud.com"
    assert servers["eu-west-101"] == "https://hss.eu-west-101.myhuaweicloud.eu"
    assert clouds["cn-north-4"] == "Huawei Cloud"
    assert len(servers) == len(spec["servers"]) == 33


def test_findings_name_the_page_errata() -> None:
    findings = [str(f) for f in build().findings]
    page = str(HSS_SPEC / "pages" / "CreateVpcEndpoint.txt")
    assert findings == [
        f"{page}: table 3, row 2: range 'The value can contain 1 to 256 characters.' on 'vpc_list' "
        "(an array of VpcAndSubNet objects) cannot become a constraint; kept as x-huawei-range",
        f"{page}: Example Requests: the example's method (GET) differs from the URI's (POST)",
        f"{page}: Example Requests: the example's query parameter 'enterprise_project_id' is in no table",
    ]


def test_html_and_text_give_the_same_operation() -> None:
    text = transcribe_page(
        read_page(FIXTURES / "hss" / "CreateVpcEndpoint.txt"), "CreateVpcEndpoint"
    )
    html = transcribe_page(
        read_page(FIXTURES / "hss" / "CreateVpcEndpoint.html"), "CreateVpcEndpoint"
    )
    assert (text.method, text.path, text.operation, text.schemas, text.security_schemes) == (
        html.method,
        html.path,
        html.operation,
        html.schemas,
        html.security_schemes,
    )
    assert [(f.location, f.message) for f in text.findings] == [
        (f.location, f.message) for f in html.findings
    ]


def test_cli_builds_the_committed_spec_and_reports(tmp_path: Path) -> None:
    out = tmp_path / "openapi.yaml"
    pages = [str(page.relative_to(HSS_SPEC.parent.parent)) for page in PAGES]
    result = run_cli(
        "transcribe",
        *pages,
        "--service-file",
        "spec/hss/service.yaml",
        "--overlay",
        "spec/hss/overlay.yaml",
        "-o",
        out,
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == (HSS_SPEC / "openapi.yaml").read_bytes()
    lines = result.stderr.splitlines()
    assert lines[-1].startswith(f"{out}: 47 pages, 46 operations, 2 error codes, 56 findings (")
    assert (
        "spec/hss/pages/CreateVpcEndpoint.txt: Example Requests: the example's method (GET) differs from the URI's (POST)"
        in lines
    )


def test_the_html_page_builds_the_same_spec(tmp_path: Path) -> None:
    page = tmp_path / "CreateVpcEndpoint.html"
    shutil.copy(FIXTURES / "hss" / "CreateVpcEndpoint.html", page)
    assert build(page).document == build().document
