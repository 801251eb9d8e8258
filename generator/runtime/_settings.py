"""A client's settings: the endpoint a region names, credentials from the environment, checks.

Settings are checked when the client is built, not on the first call: a misspelt region or a
`max_retries="3"` is an error at the line that wrote it.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

from ._auth import AkSkAuth
from ._exceptions import DocumentedError

__all__ = [
    "ENVIRONMENT_VARIABLES",
    "Region",
    "ServiceInfo",
    "check_settings",
    "environment_settings",
    "resolve_base_url",
]

_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})

# What `from_env()` reads: the official SDK's variables, plus region and endpoint.
ENVIRONMENT_VARIABLES = {
    "HUAWEICLOUD_SDK_AK": "access key (with HUAWEICLOUD_SDK_SK)",
    "HUAWEICLOUD_SDK_SK": "secret key (with HUAWEICLOUD_SDK_AK)",
    "HUAWEICLOUD_SDK_SECURITY_TOKEN": "security token of temporary credentials (optional)",
    "HUAWEICLOUD_SDK_PROJECT_ID": "project_id",
    "HUAWEICLOUD_SDK_REGION": "region",
    "HUAWEICLOUD_SDK_ENDPOINT": "base_url",
}


@dataclass(frozen=True, slots=True)
class Region:
    """A region the service is offered in: its name, its endpoint and the cloud running it."""

    name: str
    endpoint: str
    cloud: str


@dataclass(frozen=True, slots=True)
class ServiceInfo:
    """What a generated package tells the runtime about its service."""

    name: str
    package: str
    version: str
    regions: Mapping[str, Region]
    # What the service's documentation says each error code means.
    error_codes: Mapping[str, tuple[DocumentedError, ...]] = field(default_factory=dict)


def resolve_base_url(service: ServiceInfo, region: str | None, base_url: str | None) -> str:
    """The endpoint: an explicit base URL (https, or http on loopback only) or the region's."""
    if base_url is not None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"base_url must be an http(s) URL with a host, got {base_url!r}")
        if parts.scheme == "http" and not _is_loopback(parts.hostname):
            raise ValueError("base_url must use https unless it points at a loopback address")
        return base_url.rstrip("/")
    known = ", ".join(sorted(service.regions))
    if region is None:
        # No default: a silent default would send a user's requests to another country.
        raise ValueError(f"pass region= (one of: {known}) or base_url= for {service.name}")
    try:
        return service.regions[region].endpoint
    except KeyError:
        raise ValueError(
            f"unknown region {region!r} for {service.name}; known regions: {known}; "
            "or pass base_url="
        ) from None


def _is_loopback(host: str) -> bool:
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def environment_settings(environ: Mapping[str, str]) -> dict[str, Any]:
    """Credentials, project, region and endpoint from the official SDK's variables.

    Credentials are required: a client without auth is built only from an explicit `auth=None`.
    """
    ak, sk = environ.get("HUAWEICLOUD_SDK_AK"), environ.get("HUAWEICLOUD_SDK_SK")
    if not (ak and sk):
        pair = (("HUAWEICLOUD_SDK_AK", ak), ("HUAWEICLOUD_SDK_SK", sk))
        missing = [name for name, value in pair if not value]
        read = ", ".join(ENVIRONMENT_VARIABLES)
        raise ValueError(
            f"no credentials in the environment: {' and '.join(missing)} not set "
            f"(read: {read}); set them, or build the client with auth="
        )
    settings: dict[str, Any] = {
        "auth": AkSkAuth(ak, sk, environ.get("HUAWEICLOUD_SDK_SECURITY_TOKEN") or None)
    }
    for variable, key in (
        ("HUAWEICLOUD_SDK_PROJECT_ID", "project_id"),
        ("HUAWEICLOUD_SDK_REGION", "region"),
        ("HUAWEICLOUD_SDK_ENDPOINT", "base_url"),
    ):
        if environ.get(variable):
            settings[key] = environ[variable]
    return settings


# The type each setting must have at run time (what the annotations say, for callers without
# a type checker).
_SETTING_TYPES: dict[str, tuple[type, ...]] = {
    "auth": (httpx.Auth, type(None)),
    "region": (str, type(None)),
    "project_id": (str, type(None)),
    "base_url": (str, type(None)),
    "timeout": (int, float, httpx.Timeout, type(None)),
    "max_retries": (int,),
    "total_timeout": (int, float),
    "retry_non_idempotent": (bool,),
    "strict_response_validation": (bool,),
}


def check_settings(settings: Mapping[str, object]) -> None:
    """Raise TypeError for a setting of the wrong type, ValueError for one out of range."""
    for name, value in settings.items():
        expected = _SETTING_TYPES[name]
        number_from_bool = isinstance(value, bool) and bool not in expected
        if not isinstance(value, expected) or number_from_bool:
            names = " or ".join("None" if t is type(None) else t.__name__ for t in expected)
            raise TypeError(f"{name} must be {names}, got {type(value).__name__} {value!r}")
    max_retries, total_timeout = settings.get("max_retries", 0), settings.get("total_timeout", 1)
    if isinstance(max_retries, int) and max_retries < 0:
        raise ValueError("max_retries must be 0 or more")
    if isinstance(total_timeout, int | float) and total_timeout <= 0:
        raise ValueError("total_timeout must be more than 0 seconds")
