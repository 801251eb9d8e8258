"""What the contract suite checks: every spec and the package generated from it, discovered.

`spec/<service>/openapi.yaml` pairs with `generated/<service>_client`, and the generator's
kitchen-sink spec with its golden record. `CONTRACT_PACKAGE_ROOT` points the suite at another
copy of the packages (the mutation run), and `CONTRACT_TARGETS` limits it to some services.
"""

from __future__ import annotations

import functools
import importlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

from generator.openapi import OPERATION_METHODS
from tests.helpers import ROOT

AUTH_HEADERS = frozenset({"x-auth-token", "authorization", "x-security-token", "x-sdk-date"})


@dataclass(frozen=True)
class Target:
    """One spec and its generated package."""

    name: str
    spec_path: Path
    package: str
    package_root: Path

    @functools.cached_property
    def spec(self) -> dict[str, Any]:
        loaded: dict[str, Any] = yaml.safe_load(self.spec_path.read_text(encoding="utf-8"))
        return loaded

    def module(self, name: str = "") -> ModuleType:
        """The package (or one of its modules), imported from the package root under test."""
        root = str(self.package_root)
        if sys.path[0] != root:
            sys.path.insert(0, root)
        return importlib.import_module(f"{self.package}{'.' + name if name else ''}")

    @property
    def client_classes(self) -> tuple[type[Any], type[Any]]:
        package = self.module()
        sync = next(
            getattr(package, n)
            for n in package.__all__
            if n.endswith("Client") and not n.startswith("Async")
        )
        asynchronous = next(
            getattr(package, n)
            for n in package.__all__
            if n.endswith("Client") and n.startswith("Async")
        )
        return sync, asynchronous

    def operations(self) -> list[Operation]:
        endpoints = self.module("_endpoints")
        found = []
        for path, item in self.spec["paths"].items():
            for method in OPERATION_METHODS:
                if method in item:
                    found.append(Operation(self, path, method, item, item[method], endpoints))
        return found

    def model_class(self, schema_name: str) -> Any:
        """The class of `models` that a response of this schema is parsed into."""
        class_name = self.module("_endpoints").MODEL_NAMES[schema_name]
        return getattr(self.module("models"), class_name)

    def request_class(self, schema_name: str) -> Any:
        """The class of `models` that a request sends this schema as (a twin, if received too)."""
        endpoints = self.module("_endpoints")
        class_name = endpoints.REQUEST_MODEL_NAMES.get(schema_name)
        return getattr(self.module("models"), class_name or endpoints.MODEL_NAMES[schema_name])

    def spec_classes(self, schema_name: str) -> list[Any]:
        """The classes that enforce the schema exactly as the spec states it.

        A received schema: its class in `_strict_models` (the one in `models` is tolerant);
        otherwise its class in `models`; and, for a schema also sent, the request twin.
        """
        endpoints = self.module("_endpoints")
        class_name = endpoints.MODEL_NAMES[schema_name]
        strict = getattr(self.module("_strict_models"), class_name, None)
        found = [strict or getattr(self.module("models"), class_name)]
        if schema_name in endpoints.REQUEST_MODEL_NAMES:
            found.append(self.request_class(schema_name))
        return found

    def class_to_schema(self) -> dict[str, str]:
        """Every class name a schema became (its class and any request twin) → schema name."""
        endpoints = self.module("_endpoints")
        mapping = {c: s for s, c in endpoints.MODEL_NAMES.items()}
        mapping.update({c: s for s, c in endpoints.REQUEST_MODEL_NAMES.items()})
        return mapping


@dataclass(frozen=True)
class Operation:
    """One operation of a target: the spec's view and the generated endpoint's."""

    target: Target
    path: str
    method: str
    item: dict[str, Any]
    spec: dict[str, Any]
    endpoints: ModuleType

    @property
    def operation_id(self) -> str:
        return str(self.spec["operationId"])

    @property
    def endpoint(self) -> Any:
        # Endpoints live in their group's module: `_endpoints` loads each on first access.
        return next(
            endpoint
            for endpoint in map(self.endpoints.__getattr__, self.endpoints.ENDPOINT_GROUPS)
            if endpoint.operation_id == self.operation_id
        )

    @property
    def method_name(self) -> str:
        """The client method: the endpoint constant's name in lower case."""
        endpoint = self.endpoint
        constants: dict[str, str] = self.endpoints.ENDPOINT_GROUPS
        return next(name for name in constants if getattr(self.endpoints, name) is endpoint).lower()

    def parameters(self) -> list[dict[str, Any]]:
        """The spec's parameters, path-level and operation-level, auth headers left out."""
        merged: dict[tuple[str, str], dict[str, Any]] = {}
        for parameter in [*self.item.get("parameters", []), *self.spec.get("parameters", [])]:
            if parameter["in"] == "header" and parameter["name"].casefold() in AUTH_HEADERS:
                continue
            merged[(parameter["in"], parameter["name"])] = parameter
        return list(merged.values())

    def body_schema(self) -> dict[str, Any] | None:
        media = self.spec.get("requestBody", {}).get("content", {}).get("application/json")
        return media.get("schema") if media else None

    def success(self) -> tuple[int, dict[str, Any] | None]:
        """The first documented 2xx status and its JSON schema (None: no body)."""
        for code in sorted(
            c for c in self.spec["responses"] if str(c).isdigit() and str(c).startswith("2")
        ):
            media = self.spec["responses"][code].get("content", {}).get("application/json")
            return int(code), (media.get("schema") if media else None)
        raise AssertionError(f"{self.operation_id} documents no success response")

    def __str__(self) -> str:
        return f"{self.target.name}:{self.operation_id}"


def discover() -> list[Target]:
    """Every service under spec/ plus the kitchen sink, filtered by CONTRACT_TARGETS."""
    override = os.environ.get("CONTRACT_PACKAGE_ROOT")
    targets = [
        Target(
            path.parent.name,
            path,
            f"{path.parent.name}_client",
            Path(override) if override else ROOT / "generated",
        )
        for path in sorted((ROOT / "spec").glob("*/openapi.yaml"))
    ]
    targets.append(
        Target(
            "sink",
            ROOT / "tests" / "specs" / "kitchen_sink.yaml",
            "sink_client",
            Path(override) if override else ROOT / "tests" / "golden",
        )
    )
    wanted = os.environ.get("CONTRACT_TARGETS")
    if wanted:
        targets = [t for t in targets if t.name in wanted.split(",")]
    return targets


TARGETS = discover()


def all_operations() -> list[Operation]:
    return [operation for target in TARGETS for operation in target.operations()]
