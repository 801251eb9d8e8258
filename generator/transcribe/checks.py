"""The page checked against itself: examples against the URI and tables, then attached."""

from __future__ import annotations

import re
from typing import Any

from generator.diagnostics import Findings, Location, clip, error
from generator.transcribe.examples import Example, read_examples
from generator.transcribe.page import Page

Schema = dict[str, Any]
_TEMPLATE = re.compile(r"\{([^}]+)\}")
# Table markup left in running text: a grid border, a simple-table rule, a row of cells.
_TABLE_MARKUP = re.compile(r"^(\+[-=+]{3,}|={3,}(?: +={3,})+|\|[^|]*\|[^|]*\|.*)$")
# A table's caption standing as running text (`Table 4 Request body parameters`).
_CAPTION_TEXT = re.compile(r"^(?:\.\.\s+table::\s*)?\**Table\s+(\d{1,6})\**\s+\S", re.I)
_REQUEST_SECTIONS = ("Example Requests", "Example Request", "Request")
_RESPONSE_SECTIONS = ("Example Responses", "Example Response", "Response")


def check_tables_read(page: Page) -> None:
    """Refuse a page that promises a table its reader could not read: table markup, or a
    table's caption with no table of that number, left as running text. Transcribing the rest
    would give an operation without those rows, and nothing would say so."""
    numbers = {t.number for t in page.tables}
    for section in page.sections:
        for paragraph in section.paragraphs:
            text = paragraph.text
            caption = _CAPTION_TEXT.match(text)
            if _TABLE_MARKUP.match(text):
                problem = "table markup that could not be read as a table"
            elif caption and int(caption.group(1)) not in numbers and len(text) <= 120:
                problem = (
                    f"the caption of table {caption.group(1)}, but no table under it could be read"
                )
            else:
                continue
            raise error(
                page.source,
                Location(section=section.heading),
                f"{problem}: '{clip(text, 80)}'",
                "unread-table",
            )


def _examples(page: Page, headings: tuple[str, ...]) -> tuple[str, list[Example]]:
    """Examples from the first section that has any (older pages keep them under Request)."""
    for heading in headings:
        found = read_examples(page.section(heading))
        if found:
            return heading, found
    return headings[0], []


def check_examples(
    page: Page, findings: Findings, method: str, path: str, operation: Schema
) -> None:
    """Report examples that contradict the page, and attach the rest as media examples."""
    source = page.source
    heading, requests = _examples(page, _REQUEST_SECTIONS)
    where = Location(section=heading)
    query_names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
    bodies: list[Example] = []
    for example in requests:
        if example.method and example.method != method:
            findings.warn(
                source,
                where,
                f"the example's method ({example.method}) differs from the URI's ({method})",
                "example-method",
            )
        if example.path is not None and not _same_path_shape(example.path, path):
            findings.warn(
                source,
                where,
                f"the example's path '{example.path}' does not match the URI '{path}'",
                "example-path",
            )
        for name, _ in example.query:
            if name not in query_names:
                findings.warn(
                    source,
                    where,
                    f"the example's query parameter '{name}' is in no table",
                    "example-query",
                )
        if example.body_error:
            findings.warn(
                source,
                where,
                f"the example body is not valid JSON: {example.body_error}",
                "example-json",
            )
        elif example.has_body:
            bodies.append(example)
    if bodies and "requestBody" in operation:
        attach_examples(operation["requestBody"]["content"]["application/json"], bodies)
    elif bodies:
        findings.warn(
            source,
            where,
            "the example sends a body but the page has no request body table",
            "example-body",
        )
    heading, responses = _examples(page, _RESPONSE_SECTIONS)
    where = Location(section=heading)
    for example in responses:
        if example.body_error:
            findings.warn(
                source,
                where,
                f"the example body is not valid JSON: {example.body_error}",
                "example-json",
            )
            continue
        if not example.has_body:
            continue
        code = example.status or next(
            (c for c in sorted(operation["responses"]) if c.startswith("2")), None
        )
        response = operation["responses"].get(code) if code else None
        if response is None or "content" not in response:
            if code and code.startswith("2"):
                findings.warn(
                    source,
                    where,
                    f"example response for status {code} has a body the page does not describe",
                    "example-body",
                )
            continue
        attach_examples(response["content"]["application/json"], [example])


def first_response_example(page: Page, status: str | None) -> Any:
    """The first example response body (for the status, if given), parsed; None if there is none."""
    _, responses = _examples(page, _RESPONSE_SECTIONS)
    for example in responses:
        if (
            example.has_body
            and not example.body_error
            and (status is None or example.status in (None, status))
        ):
            return example.body
    return None


def attach_examples(media: Schema, examples: list[Example]) -> None:
    if len(examples) == 1 and "examples" not in media and "example" not in media:
        media["example"] = examples[0].body
        return
    bucket = media.setdefault("examples", {})
    if "example" in media:
        bucket["example1"] = {"value": media.pop("example")}
    for example in examples:
        entry: Schema = {}
        if example.summary:
            entry["summary"] = example.summary
        entry["value"] = example.body
        bucket[f"example{len(bucket) + 1}"] = entry


def _same_path_shape(example: str, uri: str) -> bool:
    ours = [s for s in uri.strip("/").split("/") if s]
    theirs = [s for s in example.strip("/").split("/") if s]
    if len(ours) != len(theirs):
        return False
    return all(_TEMPLATE.fullmatch(a) or a == b for a, b in zip(ours, theirs, strict=True))
