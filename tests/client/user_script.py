"""A program written the ordinary way against a generated client.

`make check` type-checks it with `mypy --strict` (as every test module): it needs no
`type: ignore` and imports nothing from pydantic. `test_user_script.py` runs it against a
loopback server.
"""

from __future__ import annotations

import asyncio
from typing import assert_type

from elb_client import REGIONS, AsyncElbClient, ElbClient, TokenAuth
from elb_client.models import CreateLoadBalancerOption, ListLoadBalancersLoadBalancer


def client_for(base_url: str) -> ElbClient:
    assert "eu-de" in REGIONS
    return ElbClient(auth=TokenAuth("token"), base_url=base_url, project_id="p", max_retries=0)


def load_balancer_names(client: ElbClient) -> list[str]:
    """Every load balancer's name, across every page."""
    names: list[str] = []
    for lb in client.list_load_balancers(limit=2):
        assert_type(lb, ListLoadBalancersLoadBalancer)
        names.append(lb.name or "")
    return names


def create(client: ElbClient, name: str) -> str | None:
    created = client.create_load_balancer(
        loadbalancer=CreateLoadBalancerOption(
            name=name,
            vpc_id="vpc-1",
            availability_zone_list=["eu-de-01"],
            elb_virsubnet_ids=["subnet-1"],
        )
    )
    return created.loadbalancer.id if created.loadbalancer else None


async def async_names(base_url: str) -> list[str]:
    async with AsyncElbClient(auth=None, base_url=base_url, project_id="p") as client:
        first = await client.list_load_balancers(limit=2)
        names = [lb.name or "" for lb in first.loadbalancers or []]
        if first.has_next_page():
            async for lb in client.list_load_balancers(limit=2, marker=names[-1]):
                names.append(lb.name or "")
        return names


def run(base_url: str) -> tuple[list[str], str | None, list[str]]:
    with client_for(base_url) as client:
        return (
            load_balancer_names(client),
            create(client, "web"),
            asyncio.run(async_names(base_url)),
        )
