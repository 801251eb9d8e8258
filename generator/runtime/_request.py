"""A call encoded for the wire: the parts every attempt's request is built from."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote

import httpx

from ._auth import SigningTarget, signing_target
from ._types import TimeoutTypes

__all__ = ["PreparedCall", "path_segment", "signing_target_of", "wire_text", "with_headers"]


@dataclass(slots=True)
class PreparedCall:
    """A validated call, encoded: what every attempt's request is built from (never changed)."""

    method: str
    target: SigningTarget  # the whole URL
    path_url: str  # the URL without its query
    query: str  # encoded as the signature reads it
    headers: dict[str, str]
    content: bytes | None
    timeout: TimeoutTypes


@functools.lru_cache(maxsize=256)
def signing_target_of(url: str) -> SigningTarget:
    """The parsed URL and its signing view, once per URL text.

    Parsing a URL is httpx's single largest cost in a call (more than signing it), and calls
    repeat URLs: the same project, the same resource. httpx URLs are immutable.
    """
    return signing_target(httpx.URL(url))


def with_headers(headers: Mapping[str, str], added: Mapping[str, str]) -> dict[str, str]:
    """`headers` with `added` set, replacing any header of the same name in another case."""
    lowered = {name.lower() for name in added}
    merged = {name: value for name, value in headers.items() if name.lower() not in lowered}
    merged.update(added)
    return merged


def wire_text(value: object) -> str:
    """A JSON value as it appears in a URL or header: booleans in lower case."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def path_segment(value: object) -> str:
    """Percent-encode a path parameter so it cannot add segments, a query or a fragment."""
    segment = quote(wire_text(value), safe="")
    if segment in (".", ".."):
        # Dot segments would be resolved away by servers and proxies: encode the dots too.
        segment = segment.replace(".", "%2E")
    return segment
