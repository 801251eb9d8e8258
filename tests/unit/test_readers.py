"""The text and HTML readers give one page model; rows are cut where the cells say."""

from __future__ import annotations

import pytest

from generator.diagnostics import GenerationError
from generator.transcribe.page import Page, Paragraph, Table
from generator.transcribe.read import parse_page
from tests.helpers import FIXTURES, new_style, page_text, table

HSS = FIXTURES / "hss"


def _read(name: str) -> Page:
    path = HSS / name
    return parse_page(
        path.read_bytes(), name, page_format="html" if path.suffix == ".html" else "text"
    )


@pytest.fixture(scope="module", params=["CreateVpcEndpoint.txt", "CreateVpcEndpoint.html"])
def hss_page(request: pytest.FixtureRequest) -> Page:
    return _read(request.param)


def test_title_and_sections(hss_page: Page) -> None:
    assert hss_page.title == "Creating a VPC Endpoint"
    assert [s.heading for s in hss_page.sections] == [
        "Function",
        "Authorization Information",
        "URI",
        "Request Parameters",
        "Response Parameters",
        "Example Requests",
        "Example Responses",
        "Status Codes",
        "Error Codes",
    ]


def test_tables_with_captions_headers_and_rows(hss_page: Page) -> None:
    captions = [(t.number, t.caption) for t in hss_page.tables]
    assert captions == [
        (1, "Path Parameters"),
        (2, "Request header parameters"),
        (3, "Request body parameters"),
        (4, "VpcAndSubNet"),
        (None, "Status Codes"),
    ]
    body = hss_page.tables[2]
    assert body.header == ("Parameter", "Mandatory", "Type", "Description")
    assert [[c.text for c in row.cells[:3]] for row in body.rows] == [
        ["host_id_list", "No", "Array of strings"],
        ["vpc_list", "No", "Array of VpcAndSubNet objects"],
    ]
    assert body.rows[1].cells[3].lines == (
        "Definition",
        "VPC list.",
        "Constraints",
        "N/A",
        "Range",
        "The value can contain 1 to 256 characters.",
        "Default Value",
        "N/A",
    )
    # The last row of a table stops at the next section, not at a description label.
    assert hss_page.tables[3].rows[1].cells[3].lines == (
        "Definition",
        "Subnet ID list.",
        "Constraints",
        "N/A",
    )


def test_text_and_html_give_the_same_tables_and_status_blocks() -> None:
    text, html = _read("CreateVpcEndpoint.txt"), _read("CreateVpcEndpoint.html")

    def tables(page: Page) -> list[tuple[object, ...]]:
        # Cells compared by their lines: only HTML has links (copied text loses them).
        return [
            (t.caption, t.header, [[c.lines for c in r.cells] for r in t.rows], t.section, t.status)
            for t in page.tables
        ]

    assert tables(text) == tables(html)
    assert any(c.links for t in html.tables for r in t.rows for c in r.cells)
    response = text.section("Response Parameters")
    assert response is not None
    assert response.blocks == (Paragraph("Request succeeded.", "200"), Paragraph("None", "200"))


def test_text_row_missing_a_cell_is_an_error_naming_table_and_row() -> None:
    text = page_text(
        "\n".join(
            [
                "Title",
                "URI",
                "GET /v1/things",
                table(
                    "Table 1 Query Parameters",
                    ["Parameter", "Mandatory", "Type", "Description"],
                    [["limit", "No", "Integer", "Page size."], ["marker", "String", "Marker."]],
                ),
            ]
        )
    )
    with pytest.raises(GenerationError) as raised:
        parse_page(text.encode(), "p.txt")
    assert str(raised.value).startswith("p.txt: table 1, row 2: row 'marker' has 3 cells")


def test_html_row_with_wrong_cell_count_is_an_error() -> None:
    html = (
        "<html><body><h1>T</h1><table><caption><b>Table 7 </b>Query Parameters</caption>"
        "<thead><tr><th>Parameter</th><th>Mandatory</th><th>Type</th><th>Description</th></tr></thead>"
        "<tbody><tr><td>a</td><td>No</td><td>String</td><td>x</td></tr>"
        "<tr><td>b</td><td>String</td><td>y</td></tr></tbody></table></body></html>"
    )
    with pytest.raises(GenerationError) as raised:
        parse_page(html.encode(), "p.html", page_format="html")
    assert str(raised.value) == (
        "p.html: table 7, row 2: row has 3 cells but the header has 4 (Parameter, Mandatory, Type, Description)"
    )


def test_html_rowspan_and_colspan_are_expanded() -> None:
    html = (
        "<table><caption>Table 1 Status Codes</caption><tr><th>Status Code</th><th>Description</th></tr>"
        "<tr><td rowspan='2'>400</td><td>Bad</td></tr><tr><td>Worse</td></tr>"
        "<tr><td colspan='2'>500</td></tr></table>"
    )
    page = parse_page(html.encode(), "p.html", page_format="html")
    rows = [[c.text for c in row.cells] for row in page.tables[0].rows]
    assert rows == [["400", "Bad"], ["400", "Worse"], ["500", "500"]]


def test_response_tables_take_the_status_sub_heading_and_three_columns() -> None:
    text = page_text(
        "\n".join(
            [
                "Querying Things",
                "URI",
                "GET /v1/things",
                "Response Parameters",
                "Status code: 201",
                table(
                    "Table 2 Response body parameters",
                    ["Parameter", "Type", "Description"],
                    [
                        ["id", "String", new_style("Thing ID.")],
                        ["tags", "Array of Tag objects", "Tags."],
                    ],
                ),
            ]
        )
    )
    page = parse_page(text.encode(), "p.txt")
    response: Table = page.tables[0]
    assert response.status == "201"
    assert [row.cells[0].text for row in response.rows] == ["id", "tags"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"  \n\n ", "the file is empty"),
        (
            b"\x00\x01\x02binary",
            "binary data (NUL bytes), not a page (text, HTML or reStructuredText)",
        ),
        (b"\xff\xfe\xfa garbage", "not UTF-8 text (invalid byte at offset 0)"),
        (
            bytes(range(1, 32)) * 20,
            "binary data (control characters), not a page (text, HTML or reStructuredText)",
        ),
    ],
)
def test_unreadable_files_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(GenerationError) as raised:
        parse_page(data, "bad.txt")
    assert str(raised.value) == f"bad.txt: page: {message}"
