"""The URI section: the operation's method, path and query names, and the same operation under
other API versions. A page with no URI, or with several unrelated ones, documents no single
operation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from generator.diagnostics import Diagnostic, GenerationError, Level, Location, error
from generator.transcribe.page import Page, Preformatted
from generator.transcribe.tables import PATH, QUERY, URI, table_kind
from generator.transcribe.vocabulary import HTTP_METHODS

_URI_LINE = re.compile(r"^(" + "|".join(HTTP_METHODS) + r")\s+(/\S*)")
# A path is literal text and `{name}` templates; a lone or nested brace is no template.
_PATH_SHAPE = re.compile(r"(?:[^{}]|\{[^{}/]+\})*")
# The API version a path starts with (`/v2.1/…` → `2.1`).
VERSION = re.compile(r"^/v(\d+(?:\.\d+)?)(?=/|$)")


class NotAnOperationPageError(GenerationError):
    """The page documents no single operation (an overview of several URIs, say)."""


@dataclass(frozen=True)
class Uri:
    """What the URI section says: `others` are the paths of the same operation under other
    API versions (`/v2/…` beside `/v2.1/…`)."""

    method: str
    path: str
    query: list[str]
    others: list[str]


def read_uri(page: Page) -> Uri:
    """The page's URI; raises `NotAnOperationPageError` for a page that documents none."""
    section = page.section("URI")
    if section is None and not any(table_kind(t) in (PATH, QUERY, URI) for t in page.tables):
        raise _not_an_operation(page, "it has no URI section (an overview or a guide)")
    lines = [p.text for p in section.paragraphs] if section else []
    if section is not None:
        # Some pages show the URI as a code block.
        lines += [
            line.strip()
            for block in section.blocks
            if isinstance(block, Preformatted)
            for line in block.text.splitlines()
        ]
    found = [m for m in (_URI_LINE.match(line) for line in lines) if m]
    uris = list(dict.fromkeys((m.group(1), m.group(2)) for m in found))
    if not uris:
        raise error(
            page.source,
            Location(section="URI"),
            "no 'METHOD /path' line: the page documents no operation",
        )
    if len(uris) > 1 and not _one_operation(uris):
        raise _not_an_operation(page, f"its URI section lists {len(uris)} URIs")
    method, target = uris[0]
    path, query = _split(page, target)
    return Uri(method, path, query, [_split(page, other)[0] for _, other in uris[1:]])


def _split(page: Page, target: str) -> tuple[str, list[str]]:
    """A URI's path and the names in its query string."""
    try:
        parts = urlsplit(target)
    except ValueError as err:
        # `//[x/…` reads as a host with a broken IPv6 literal: no path to document.
        raise error(
            page.source,
            Location(section="URI"),
            f"the URI '{target}' is not a path: {err}",
            "bad-uri",
        ) from err
    query = [name for name, _ in parse_qsl(parts.query, keep_blank_values=True)]
    if not query and "?" in target:
        query = [p.split("=")[0] for p in target.split("?", 1)[1].split("&") if p]
    path = parts.path or target.split("?", 1)[0]
    if not _PATH_SHAPE.fullmatch(path):
        # `/things/{` (a template cut by a line break): the spec's path would be broken.
        raise error(
            page.source,
            Location(section="URI"),
            f"the URI '{path}' has an unmatched brace: templates are written '{{name}}'",
            "bad-uri",
        )
    return path, query


def _one_operation(uris: list[tuple[str, str]]) -> bool:
    """Whether several URIs are one operation under several API versions: one method, and one
    path once the version (`/v2.1`, `/v2`) and the query are left out."""
    methods = {method for method, _ in uris}
    shapes = {VERSION.sub("", target.split("?", 1)[0]) for _, target in uris}
    versioned = all(VERSION.match(target) for _, target in uris)
    return len(methods) == 1 and len(shapes) == 1 and versioned


def _not_an_operation(page: Page, reason: str) -> NotAnOperationPageError:
    message = f"not an operation page: {reason}"
    return NotAnOperationPageError(
        Diagnostic(Level.WARNING, page.source, Location(section="URI"), message, "not-operation")
    )
