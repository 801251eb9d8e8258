"""Example Requests / Example Responses: request lines and JSON bodies, from text or HTML.

Copied text puts `GET https://…` on its own line and the body after it; the HTML export puts
both (sometimes the method alone on a line) in one preformatted block. Both become `Example`s.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import SplitResult, parse_qsl, urlsplit

from generator.transcribe.page import Paragraph, Preformatted, Section
from generator.transcribe.vocabulary import HTTP_METHODS, REQUEST_LINE

_URL_START = re.compile(r"^(https?://|/|\{)")
# Real example bodies nest a few levels; far deeper ones are reported and left out.
MAX_EXAMPLE_DEPTH = 32


@dataclass
class Example:
    """One example: the prose before it, the request line (if any) and the body text."""

    summary: str = ""
    method: str | None = None
    url: str | None = None
    body_text: str = ""
    status: str | None = None
    body: Any = None
    body_error: str | None = None
    has_body: bool = False
    query: list[tuple[str, str]] = field(default_factory=list)

    @property
    def path(self) -> str | None:
        if self.url is None:
            return None
        if "://" not in self.url:
            return self.url.split("?", 1)[0]
        parts = _split_url(self.url)
        return parts.path if parts is not None else None


def read_examples(section: Section | None) -> list[Example]:
    """Split an example section into examples, each with its request line and parsed body."""
    if section is None:
        return []
    examples: list[Example] = []
    prose: list[str] = []
    current: Example | None = None
    for block in section.blocks:
        if isinstance(block, Paragraph):
            method, url = _request_line(block.text)
            if method is not None:
                current = Example(
                    summary=" ".join(prose), method=method, url=url, status=block.status
                )
                examples.append(current)
                prose = []
            elif current is not None and current.url is None and _URL_START.match(block.text):
                current.url = block.text
            elif block.text.casefold().rstrip(".") != "none":
                prose.append(block.text)
        elif isinstance(block, Preformatted):
            current = _from_preformatted(block, current, prose, examples)
            prose = []
    for example in examples:
        _parse_body(example)
    return examples


def _from_preformatted(
    block: Preformatted, current: Example | None, prose: list[str], examples: list[Example]
) -> Example | None:
    lines = block.text.split("\n")
    first = lines[0].strip()
    method, url = _request_line(first)
    if method is not None:
        rest = list(lines[1:])
        if url is None:
            while rest and not rest[0].strip():
                rest.pop(0)
            if rest and _URL_START.match(rest[0].strip()):
                url = rest.pop(0).strip()
        example = Example(summary=" ".join(prose), method=method, url=url, status=block.status)
        example.body_text = "\n".join(rest).strip()
        examples.append(example)
        return example
    if current is not None and not current.body_text and current.status == block.status:
        current.body_text = block.text.strip()
        return None
    example = Example(summary=" ".join(prose), status=block.status, body_text=block.text.strip())
    examples.append(example)
    return None


def _request_line(text: str) -> tuple[str | None, str | None]:
    match = REQUEST_LINE.match(text.strip())
    if match and match.group(1) in HTTP_METHODS:
        return match.group(1), match.group(2)
    return None, None


def _split_url(url: str) -> SplitResult | None:
    """The URL's parts, or None where it cannot be split (`https://[host` is a broken IPv6 host)."""
    try:
        return urlsplit(url)
    except ValueError:
        return None


def _parse_body(example: Example) -> None:
    parts = _split_url(example.url) if example.url is not None else None
    if parts is not None:
        example.query = parse_qsl(parts.query, keep_blank_values=True)
    text = example.body_text.strip()
    if not text or text.casefold().rstrip(".") == "none":
        return
    example.has_body = True
    try:
        body = json.loads(text)
    except RecursionError:
        example.body_error = "nested too deeply to parse"
        return
    except ValueError as err:
        example.body_error = str(err)
        return
    if _depth(body) > MAX_EXAMPLE_DEPTH:
        # Every later stage (schema check, YAML, the client's models) walks examples recursively.
        example.body_error = f"nested more than {MAX_EXAMPLE_DEPTH} levels deep"
        return
    example.body = body


def _depth(value: Any) -> int:
    """How deeply objects and arrays nest in a parsed JSON value (counted without recursion)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if isinstance(item, dict):
            stack.extend((child, level + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, level + 1) for child in item)
    return deepest
