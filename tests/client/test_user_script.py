"""The ordinary user program (`user_script.py`) runs against a loopback server."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

from tests.client import user_script
from tests.conftest import LoopbackServer, Received, Reply

NAMES = ["a", "b", "c"]


def elb(received: Received) -> Reply:
    if received.method == "POST":
        body = json.loads(received.body)["loadbalancer"]
        return Reply.json(201, {"loadbalancer": {"id": "lb-new", "name": body["name"]}})
    marker = parse_qs(urlsplit(received.path).query).get("marker", [None])[-1]
    start = NAMES.index(marker) + 1 if marker else 0
    page = NAMES[start : start + 2]
    info = {"next_marker": page[-1]} if page and page[-1] != NAMES[-1] else {}
    return Reply.json(
        200, {"loadbalancers": [{"id": n, "name": n} for n in page], "page_info": info}
    )


def test_the_user_script_runs(loopback: LoopbackServer) -> None:
    loopback.respond = elb
    names, created, async_names = user_script.run(loopback.url)
    assert names == NAMES
    assert created == "lb-new"
    assert async_names == NAMES
    assert loopback.received[0].headers["X-Auth-Token"] == "token"
