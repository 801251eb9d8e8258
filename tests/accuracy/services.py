"""The services `make accuracy` checks, and the one place each service's facts are stated.

A service is its pages (`spec/<name>/pages/`, every file, as `make generate` reads them), its
service file and overlay, Huawei's SDK package and version modules that are its independent
reference, and the reviewed page differences (`tests/accuracy/differences/<name>.yaml`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tests.accuracy.compare import path_shape
from tests.helpers import ROOT


@dataclass(frozen=True)
class Service:
    name: str
    """The directory under `spec/` (`elb`)."""
    sdk_package: str
    """Huawei's SDK package, pinned in constraints.txt (`huaweicloudsdkelb`)."""
    sdk_versions: tuple[str, ...]
    """Its version modules that hold the service's clients (`v2`, `v3`)."""
    version_groups: tuple[str, ...]
    """The API versions (first path segment) the totals count separately; others are `other`."""
    path_aliases: tuple[tuple[str, str], ...] = ()
    """(page shape prefix, SDK shape prefix): where the pages and the SDK spell the same API
    under different paths."""
    note: str = ""
    """What the totals should say about operations no SDK operation matches, if any."""

    @property
    def title(self) -> str:
        return self.name.upper()

    @property
    def directory(self) -> Path:
        return ROOT / "spec" / self.name

    @property
    def pages(self) -> list[Path]:
        return sorted(p for p in (self.directory / "pages").iterdir() if p.is_file())

    @property
    def overlay(self) -> Path | None:
        path = self.directory / "overlay.yaml"
        return path if path.is_file() else None

    @property
    def differences(self) -> Path:
        return ROOT / "tests" / "accuracy" / "differences" / f"{self.name}.yaml"

    def sdk_shapes(self, path: str) -> list[str]:
        """The path's shape, and the SDK's spelling of the same API under an alias."""
        shape = path_shape(path)
        shapes = [shape]
        for page_prefix, sdk_prefix in self.path_aliases:
            if shape.startswith(page_prefix):
                shapes.append(sdk_prefix + shape.removeprefix(page_prefix))
        return shapes


ELB = Service(
    name="elb",
    sdk_package="huaweicloudsdkelb",
    sdk_versions=("v2", "v3"),
    version_groups=("v3", "v2.0", "v1.0"),
    # The pages document the v2.0 API at `/v2.0/lbaas/...` (its OpenStack-compatible form); the
    # SDK calls the same resources at `/v2/{project_id}/elb/...`.
    path_aliases=(("/v2.0/lbaas/", "/v2/{}/elb/"),),
    note="No v1.0 page (the classic load balancer API) has an SDK counterpart: the SDK has no "
    "v1.0 or `elbaas` path.",
)
HSS = Service(
    name="hss",
    sdk_package="huaweicloudsdkhss",
    sdk_versions=("v5",),
    version_groups=("v5",),
)
VPC = Service(
    name="vpc",
    sdk_package="huaweicloudsdkvpc",
    sdk_versions=("v2", "v3"),
    version_groups=("v3", "v2.0", "v1"),
    # No alias: every page path that the SDK has is spelled the same there, the
    # `/v2.0/{project_id}/...` tag paths and the `/v2.0/vpc/...` peering and route paths alike
    # (matching also with versions and placeholders ignored finds nothing more).
    note="The pages without an SDK operation are the EIP, shared bandwidth, IPv6 floating IP "
    "and common pool pages (`/v1/{project_id}/publicips`, `/v1/{project_id}/bandwidths`, "
    "`/v2.0/{project_id}/publicips`, `/v2.0/{project_id}/bandwidths`, "
    "`/v2.0/eip/floatingips_v6`, `/v3/{project_id}/eip/...`), whose SDK is huaweicloudsdkeip, "
    "not huaweicloudsdkvpc, and `POST /v2.0/{project_id}/security-groups/{security_group_id}/"
    "instance/action`, which no module of huaweicloudsdkvpc has.",
)
SERVICES = (ELB, HSS, VPC)
