"""The reviewed differences between a service's pages and Huawei's SDK that are in the pages.

`differences/<service>.yaml` holds one entry per difference: the page, where the field is (a
parameter location or a body) and its path, the kind of difference, the table and the exact
page text it comes from, the SDK model it was compared with, and why it is the page's. An entry
only counts if it checks out against the page and the SDK (`check`):

- the quote occurs literally in the page's text (HTML tags stripped, reStructuredText table
  borders and column bars dropped, whitespace normalised) and in the row of the named table
  that documents the field; for a name no table lists (a parameter the page uses only in its
  example, which the reviewed overlay adds) the table is `example` and the quote must name it;
- the SDK model exists, and says what the entry claims: a `missing` field is not among its JSON
  keys, a `required`/`optional` one has the other flag there, a `kind` one is there;
- the difference is really reported for that page (an entry that exempts nothing is stale).

A `missing` entry also covers the fields beneath it (`x_links` covers `x_links[].href`): the SDK
cannot have children of a field it lacks.
"""

from __future__ import annotations

import html
import importlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.transcribe.page import Page
from tests.accuracy.compare import DIFFERENCES, PARAMETER_LOCATIONS, Mismatch
from tests.accuracy.sdk_reference import sdk_required

WHERE = (*PARAMETER_LOCATIONS, "request", "response")
EXAMPLE = "example"
_FIELDS = ("page", "where", "field", "difference", "table", "quote", "sdk_model", "reason")


@dataclass(frozen=True)
class PageDifference:
    page: str
    where: str
    field: str
    difference: str
    table: int | str
    """The table's number, or `example`."""
    quote: str
    sdk_model: str
    """`v2 ListWhitelistsRequest`: the SDK version and model class the field was compared with."""
    reason: str

    @property
    def name(self) -> str:
        """The field's own name, as the page's row spells it (`x_links[].href` -> `href`)."""
        return re.split(r"[.\[\]{}]+", self.field.strip("[]{}."))[-1]

    def covers(self, page: str, mismatch: Mismatch) -> bool:
        if page != self.page or mismatch.where != self.where:
            return False
        if mismatch.field == self.field and mismatch.difference == self.difference:
            return True
        rest = mismatch.field.removeprefix(self.field)
        below = rest != mismatch.field and rest[:1] in (".", "[", "{")
        return self.difference == "missing" and mismatch.difference == "missing" and below


def load(path: Path) -> list[PageDifference]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(entries, list):
        raise ValueError(f"{path}: expected a list of entries")
    result: list[PageDifference] = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or sorted(entry) != sorted(_FIELDS):
            raise ValueError(f"{path}: entry {number} needs exactly the keys {', '.join(_FIELDS)}")
        difference = PageDifference(**entry)
        if difference.where not in WHERE or difference.difference not in DIFFERENCES:
            raise ValueError(f"{path}: entry {number}: unknown where/difference")
        if not isinstance(difference.table, int) and difference.table != EXAMPLE:
            raise ValueError(f"{path}: entry {number}: table is a number or '{EXAMPLE}'")
        result.append(difference)
    return result


_RST_BORDER = re.compile(r"^\s*[-+|=][-=+| ]*$", re.MULTILINE)
_RST_BAR = re.compile(r"(?<!\S)\|(?!\S)")


def page_text(path: Path) -> str:
    """The page file's text as a reader sees it, spaces folded: HTML tags stripped and entities
    decoded; a reStructuredText grid or simple table's border lines and column bars dropped,
    so a row's first line reads as its cells (`version No String HSS edition.`)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        text = html.unescape(re.sub(r"<[^>]*>", " ", text))
    elif path.suffix == ".rst":
        text = _RST_BAR.sub(" ", _RST_BORDER.sub(" ", text))
    return " ".join(text.split())


def check(entry: PageDifference, page: Page, text: str, sdk_package: str) -> list[str]:
    """What is wrong with an entry against its page and the SDK (empty: it checks out)."""
    problems: list[str] = []
    quote = " ".join(entry.quote.split())
    if quote not in text:
        problems.append("the quote does not occur in the page")
    if entry.table == EXAMPLE:
        if entry.name not in quote:
            problems.append(f"the quote does not name '{entry.name}'")
        return problems + _check_sdk(entry, sdk_package)
    tables = [t for t in page.tables if t.number == entry.table]
    rows = [r for t in tables for r in t.rows if r.cells and r.cells[0].text == entry.name]
    if not rows:
        problems.append(f"table {entry.table} has no row '{entry.name}'")
    elif not any(quote in " ".join(c.text for c in r.cells) for r in rows):
        problems.append(f"the quote is not in the row '{entry.name}' of table {entry.table}")
    problems += _check_sdk(entry, sdk_package)
    return problems


def _check_sdk(entry: PageDifference, sdk_package: str) -> list[str]:
    version, _, class_name = entry.sdk_model.partition(" ")
    try:
        model: Any = getattr(importlib.import_module(f"{sdk_package}.{version}"), class_name)
    except (ImportError, AttributeError):
        return [f"the SDK has no model {entry.sdk_model}"]
    keys = set(getattr(model, "attribute_map", {}).values())
    if entry.difference == "missing" and entry.name in keys:
        return [f"{entry.sdk_model} has '{entry.name}'"]
    if entry.difference != "missing" and entry.name not in keys:
        return [f"{entry.sdk_model} has no '{entry.name}'"]
    required = entry.name in sdk_required(model)
    if entry.difference == "required" and required:
        return [f"{entry.sdk_model} requires '{entry.name}' too"]
    if entry.difference == "optional" and not required:
        return [f"{entry.sdk_model} does not require '{entry.name}' either"]
    return []
