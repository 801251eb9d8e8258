"""Contract-suite fixtures and hypothesis profiles (`HYPOTHESIS_PROFILE=mutants` for mutation runs)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from tests.contract.server import ContractServer, Received
from tests.contract.targets import TARGETS

settings.register_profile(
    "contract",
    max_examples=15,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
# Mutation runs are reproducible: the same examples every time.
settings.register_profile(
    "mutants",
    max_examples=5,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
    derandomize=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "contract"))


def examples_per_operation(operations: int) -> int:
    """A budget per service: small services get many examples per operation, big ones fewer."""
    return max(4, min(settings().max_examples, 400 // max(operations, 1)))


@pytest.fixture(scope="session")
def servers() -> Iterator[dict[str, ContractServer]]:
    """One contract server per target, answering each operation with a spec-valid success."""
    # Imported here: hypothesis-jsonschema builds strategies on import, which hypothesis
    # forbids while conftest files load.
    from tests.contract.calls import success_tuple

    running: dict[str, ContractServer] = {}
    for target in TARGETS:
        replies = {
            operation.operation_id: success_tuple(operation) for operation in target.operations()
        }

        def default(received: Received, replies: dict[str, Any] = replies) -> object:
            return replies.get(received.operation_id or "", (404, {}, b""))

        server = ContractServer(target, default)
        server.default = default  # type: ignore[attr-defined]
        running[target.name] = server
    try:
        yield running
    finally:
        for server in running.values():
            server.close()


@pytest.fixture
def server_for(servers: dict[str, ContractServer]) -> Iterator[object]:
    """Look up a target's server; any responder a test sets is reset afterwards."""
    yield servers.__getitem__
    for server in servers.values():
        server.responder = server.default  # type: ignore[attr-defined]
