"""The reStructuredText reader: the page model docutils gives, Sphinx's markup kept as text, links
resolved by anchor, nothing read from elsewhere, and the same spec from the portal's HTML."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import docutils.parsers.rst.states
import docutils.parsers.rst.tableparser
import docutils.utils
import pytest
from docutils.parsers.rst import directives, roles
from docutils.statemachine import StringList

from generator.diagnostics import GenerationError
from generator.spec.build import build_spec
from generator.transcribe import rst_fast_paths
from generator.transcribe.operation import transcribe_page
from generator.transcribe.page import Link, Page, Preformatted
from generator.transcribe.read import parse_page, sniff_format
from tests.helpers import HSS_SPEC

PAGES = HSS_SPEC / "pages"


def _page(body: str, name: str = "p.rst") -> Page:
    return parse_page(textwrap.dedent(body).lstrip().encode(), name, page_format="rst")


_GROUPS = """\
:original_name: ListThings.html

.. _ListThings:

Querying Things
===============

Function
--------

This API is used to query things.

URI
---

GET /v5/{project_id}/things

.. table:: **Table 1** Path Parameters

   ========== ========= ====== ===========
   Parameter  Mandatory Type   Description
   ========== ========= ====== ===========
   project_id Yes       String Project ID
   ========== ========= ====== ===========

Response Parameters
-------------------

.. table:: **Table 2** Response body parameters

   +-----------+---------------------------------------------------+-------------------+
   | Parameter | Type                                              | Description       |
   +===========+===================================================+===================+
   | data_list | Array of :ref:`Thing <listthings__response_item>` | Things.           |
   |           | objects                                           |                   |
   +-----------+---------------------------------------------------+-------------------+
   | owner     | Object                                            | Owner: see        |
   |           |                                                   | :ref:`the owner   |
   |           |                                                   | table <owner>`.   |
   +-----------+---------------------------------------------------+-------------------+

.. _listthings__response_item:

.. table:: **Table 3** Thing

   +-----------+---------+-----------------------------+
   | Parameter | Type    | Description                 |
   +===========+=========+=============================+
   | state     | String  | State. Its value can be:    |
   |           |         |                             |
   |           |         | -  on                       |
   |           |         | -  off                      |
   +-----------+---------+-----------------------------+

.. _owner:

.. table:: **Table 4** Parameter description

   ========= ====== ===========
   Parameter Type   Description
   ========= ====== ===========
   name      String Owner name.
   ========= ====== ===========

Example Responses
-----------------

.. code-block::

   {"data_list": [{"state": "on"}], "owner": {"name": "x"}}

Status Codes
------------

=========== ===========
Status Code Description
=========== ===========
200         OK
=========== ===========

Error Codes
-----------

See :ref:`Error Codes <errorcode>`.
"""


def test_page_model_from_grid_and_simple_tables() -> None:
    page = _page(_GROUPS)
    assert page.name == "ListThings"
    assert page.title == "Querying Things"
    assert [s.heading for s in page.sections] == [
        "Function",
        "URI",
        "Response Parameters",
        "Example Responses",
        "Status Codes",
        "Error Codes",
    ]
    assert [(t.number, t.caption) for t in page.tables] == [
        (1, "Path Parameters"),
        (2, "Response body parameters"),
        (3, "Thing"),
        (4, "Parameter description"),
        (None, "Status Codes"),
    ]
    response = page.tables[1]
    assert response.rows[0].cells[1].text == "Array of Thing objects"
    assert response.rows[0].cells[1].links == (Link("Thing", "listthings-response-item"),)
    assert response.rows[1].cells[2].links == (Link("the owner table", "owner"),)
    assert page.tables[2].anchors == ("listthings-response-item",)
    # A bullet list in a cell gives one line per item, as the HTML and text readers do.
    assert page.tables[2].rows[0].cells[2].lines == ("State. Its value can be:", "on", "off")
    example = page.section("Example Responses")
    assert example is not None
    assert isinstance(example.blocks[0], Preformatted)
    assert page.section("Error Codes").paragraphs[0].text == "See Error Codes."  # type: ignore[union-attr]


def test_links_resolve_object_tables_by_anchor_whatever_their_title() -> None:
    transcript = transcribe_page(_page(_GROUPS))
    schemas = transcript.schemas
    assert transcript.operation_id == "ListThings"
    # `Thing` is found by its anchor; `owner` (an `Object` whose table is titled
    # "Parameter description") only by the link in its description.
    response = schemas["ListThingsResponse"]["properties"]
    assert response["data_list"]["items"] == {"$ref": "#/components/schemas/Thing"}
    owner = response["owner"]["$ref"].rsplit("/", 1)[1]
    assert schemas[owner]["properties"]["name"]["type"] == "string"
    assert schemas["Thing"]["properties"]["state"]["enum"] == ["on", "off"]


def test_unknown_roles_and_directives_keep_their_text() -> None:
    page = _page(
        """
        Title
        =====

        Function
        --------

        Uses :term:`VPC` and :doc:`the guide <../guide>` and :kbd:`Ctrl`.

        .. note-like:: An argument
           :some-option: x

           Body text of an unknown directive.

        .. toctree::
           :maxdepth: 1

           other_page
        """
    )
    texts = [p.text for p in page.section("Function").paragraphs]  # type: ignore[union-attr]
    assert texts == [
        "Uses VPC and the guide and Ctrl.",
        "An argument",
        "some-option: x",
        "Body text of an unknown directive.",
    ]


def test_docutils_registries_are_left_as_they_were() -> None:
    before = (dict(roles._roles), dict(directives._directives))  # type: ignore[attr-defined]
    _page(_GROUPS)
    assert (dict(roles._roles), dict(directives._directives)) == before  # type: ignore[attr-defined]


def test_nothing_is_read_from_other_files_and_raw_markup_is_inert_text(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-CONTENT\n")
    page = _page(
        f"""
        Title
        =====

        Function
        --------

        .. include:: {secret}

        .. raw:: html

           <script>alert(1)</script>

        After.
        """
    )
    assert "SECRET-CONTENT" not in repr(page)
    texts = [p.text for p in page.section("Function").paragraphs]  # type: ignore[union-attr]
    assert texts == [str(secret), "html", "<script>alert(1)</script>", "After."]
    with pytest.raises(GenerationError, match="markup docutils cannot read") as raised:
        _page(
            f"""
            Title
            =====

            .. csv-table:: **Table 1** Things
               :file: {secret}
            """
        )
    assert "SECRET-CONTENT" not in str(raised.value)


def test_a_malformed_grid_table_is_an_error_naming_its_line() -> None:
    with pytest.raises(GenerationError, match=r"p\.rst: line \d+: markup docutils cannot read"):
        _page(
            """
            Title
            =====

            URI
            ---

            GET /v5/things

            .. table:: **Table 1** Path Parameters

               +-----------+-----------+
               | Parameter | Type      |
               +===========+===========+
               | id        | String       |
               +-----------+-----------+
            """
        )


def test_table_markup_left_as_text_is_refused_not_dropped() -> None:
    # The same page read as copied text: its tables stay markup, so the page promises rows it
    # could not read. That is an error, never an operation without parameters.
    text = (PAGES / "creating_a_server_group.rst").read_bytes()
    with pytest.raises(GenerationError, match="no table under it could be read"):
        transcribe_page(parse_page(text, "p.txt", page_format="text"))


def test_format_is_sniffed_from_the_content() -> None:
    assert sniff_format((PAGES / "creating_a_server_group.rst").read_text()) == "rst"
    assert sniff_format("<html><body><h1>x</h1></body></html>") == "html"
    assert sniff_format("Creating a Thing\nFunction\nThis API creates a thing.\n") == "text"


def _original_name(page: Path) -> str:
    match = re.match(r":original_name:\s*(\S+)", page.read_text(encoding="utf-8"))
    assert match, page
    return match.group(1)


def test_the_portals_html_gives_the_same_spec(tmp_path: Path) -> None:
    """The HTML that Sphinx builds from the pages (as the documentation portal does) reads
    into the same spec as the pages themselves. The HTML files are named as the documentation
    system names its pages (`:original_name:`), which is how its exports are saved."""
    pages = sorted(PAGES.glob("*.rst"))
    source = tmp_path / "source"
    source.mkdir()
    for page in pages:
        shutil.copy(page, source / page.name)
    (source / "conf.py").write_text('project = "pages"\n')
    toctree = "\n".join(f"   {p.stem}" for p in pages)
    (source / "index.rst").write_text(f"Pages\n=====\n\n.. toctree::\n\n{toctree}\n")
    built = tmp_path / "html"
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(source), str(built)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    named = tmp_path / "named"
    named.mkdir()
    for page in pages:
        shutil.copy(built / f"{page.stem}.html", named / _original_name(page))
    service = HSS_SPEC / "service.yaml"
    from_rst = build_spec(pages, service, None, "rst")
    from_html = build_spec(sorted(named.glob("*.html")), service, None, "html")
    # Every page but the error-code page documents an operation; that one gives the codes.
    assert (from_rst.operations, from_rst.error_codes) == (len(pages) - 1, 2)
    assert from_html.text == from_rst.text


@pytest.mark.parametrize(
    "text", ["| id | String |", "", "A t\u0306ab\u0306le", "| \u8868 | \uff21 |"]
)
def test_the_ascii_fast_paths_give_docutils_own_answers(text: str) -> None:
    lines = StringList([text, "+----+"])
    padded = StringList([text, "+----+"])
    rst_fast_paths.pad_double_width(lines, "\x00")
    rst_fast_paths.PAD_DOUBLE_WIDTH(padded, "\x00")
    assert lines.data == padded.data
    assert rst_fast_paths.column_indices(text) == rst_fast_paths.COLUMN_INDICES(text)
    assert rst_fast_paths.strip_combining_chars(text) == rst_fast_paths.STRIP_COMBINING_CHARS(text)


def test_docutils_functions_are_restored_after_a_read() -> None:
    def current() -> tuple[object, ...]:
        return (
            docutils.utils.column_indices,
            docutils.parsers.rst.states.strip_combining_chars,  # type: ignore[attr-defined]
            docutils.parsers.rst.tableparser.strip_combining_chars,  # type: ignore[attr-defined]
            StringList.pad_double_width,
        )

    before = current()
    assert before == (
        rst_fast_paths.COLUMN_INDICES,
        rst_fast_paths.STRIP_COMBINING_CHARS,
        rst_fast_paths.STRIP_COMBINING_CHARS,
        rst_fast_paths.PAD_DOUBLE_WIDTH,
    )
    _page(_GROUPS)
    assert current() == before
