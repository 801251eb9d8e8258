"""Reading a large list response three ways: tolerant (the default), strict, and `json.loads`.

The body is ELB's `ListLoadBalancersV2` answer with 1,000 load balancers, every documented
field present (about 1 MB). Tolerant is what every call does (`models`); strict is the spec's
own model (`_strict_models`, what `strict_response_validation=True` checks with); `json.loads`
is the floor. Rounds interleave the three so that the machine's load hits them alike.

`python -m bench.responses [--rounds N] [--count N]` prints one JSON object.
"""

from __future__ import annotations

import argparse
import copy
import importlib
import json
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import yaml
from tests.contract.drift import full_body
from tests.contract.schemas import inline
from tests.helpers import ROOT

from bench.measure import Summary

OPERATION = "ListLoadBalancersV2"
WAYS = ("tolerant", "strict", "json.loads")


def body(count: int) -> tuple[bytes, str]:
    """The response body with `count` distinct load balancers, and its model's name."""
    spec = yaml.safe_load((ROOT / "spec" / "elb" / "openapi.yaml").read_text(encoding="utf-8"))
    endpoints = _package("_endpoints")
    # Endpoints live in their group's module; `_endpoints` loads each on first access.
    endpoint = next(
        e
        for e in map(endpoints.__getattr__, endpoints.ENDPOINT_GROUPS)
        if e.operation_id == OPERATION
    )
    status, model_name = next((s, m) for s, m in endpoint.responses if 200 <= s < 300 and m)
    operation = next(
        op
        for item in spec["paths"].values()
        for op in item.values()
        if isinstance(op, dict) and op.get("operationId") == OPERATION
    )
    schema = operation["responses"][str(status)]["content"]["application/json"]["schema"]
    one = full_body(inline(schema, spec["components"], depth=8))
    template = one["loadbalancers"][0]
    balancers = []
    for index in range(count):
        balancer = copy.deepcopy(template)
        balancer["id"] = f"{index:08x}-0b07-4e0d-9b8f-2e0bfb3a6f2a"
        balancer["name"] = f"lb-{index}"
        balancer["description"] = (
            f"Web tier {index}: " + "in front of the shop's web servers, " * 7
        )[:255]
        balancers.append(balancer)
    return json.dumps({**one, "loadbalancers": balancers}).encode(), model_name


def _package(module: str) -> Any:
    sys.path.insert(0, str(ROOT / "generated"))
    try:
        return importlib.import_module(f"elb_client.{module}")
    finally:
        sys.path.remove(str(ROOT / "generated"))


def measure(rounds: int, count: int) -> dict[str, Any]:
    raw, model_name = body(count)
    tolerant = getattr(_package("models"), model_name)
    strict = getattr(_package("_strict_models"), model_name)
    ways: dict[str, Callable[[], object]] = {
        "tolerant": lambda: tolerant.model_validate_json(raw, by_alias=True, by_name=False),
        "strict": lambda: strict.model_validate_json(
            raw, strict=True, by_alias=True, by_name=False
        ),
        "json.loads": lambda: json.loads(raw),
    }
    for way in ways.values():  # build the validators, warm the caches
        way()
    samples: dict[str, list[float]] = {name: [] for name in WAYS}
    for _ in range(rounds):
        for name in WAYS:
            started = time.perf_counter()
            ways[name]()
            samples[name].append((time.perf_counter() - started) * 1000)
    ratios = [t / s for t, s in zip(samples["tolerant"], samples["strict"], strict=True)]
    return {
        "operation": OPERATION,
        "model": model_name,
        "items": count,
        "bytes": len(raw),
        "rounds": rounds,
        "ms": samples,
        "tolerant_over_strict": statistics.median(ratios),
        "tolerant_over_strict_spread": Summary.of(ratios).spread(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--count", type=int, default=1000)
    arguments = parser.parse_args()
    print(json.dumps(measure(arguments.rounds, arguments.count)))


if __name__ == "__main__":
    main()
