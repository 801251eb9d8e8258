"""Values listed in prose: an enum when the list is unambiguous, otherwise a finding."""

from __future__ import annotations

from typing import Any

import pytest

from generator.transcribe.description import parse_description
from generator.transcribe.operation import Transcript, transcribe_page
from generator.transcribe.prose import read_enumeration, values_listed
from generator.transcribe.read import parse_page

ALGORITHMS = ("ROUND_ROBIN", "LEAST_CONNECTIONS", "SOURCE_IP")
CONTENT_TYPES = (
    "text/plain",
    "text/css",
    "text/html",
    "application/javascript",
    "application/json",
)


# -- enumerations found -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        pytest.param(
            (
                "Specifies the load balancing algorithm used by the load balancer.",
                "The value can be one of the following:",
                "ROUND_ROBIN: weighted round robin",
                "LEAST_CONNECTIONS: weighted least connections",
                "SOURCE_IP: source IP hash",
                "When the value is SOURCE_IP, the weights of backend servers are invalid.",
            ),
            ALGORITHMS,
            id="intro-and-items-end-at-the-first-other-line",
        ),
        pytest.param(
            (
                "The value can be ROUND_ROBIN (weighted round robin), LEAST_CONNECTIONS "
                "(weighted least connections), or SOURCE_IP (source IP hash).",
            ),
            ALGORITHMS,
            id="a-gloss-on-every-value",
        ),
        pytest.param(("Value options:", *CONTENT_TYPES), CONTENT_TYPES, id="bare-items"),
        pytest.param(("Value options: HTTP, HTTPS",), ("HTTP", "HTTPS"), id="inline-intro"),
        pytest.param(
            (
                "It specifies the provisioning status. Value options:",
                "ACTIVE (default): The forwarding policy is normal.",
                "ERROR: Another forwarding policy has the same rule.",
            ),
            ("ACTIVE", "ERROR"),
            id="intro-after-a-sentence-and-a-default-mark",
        ),
        pytest.param(
            ("Two options are available:", "- 0: disabled.", "\u2022 1: running."),
            ("0", "1"),
            id="bullets",
        ),
        pytest.param(
            ("The value can be 5_bgp (default) and 5_mailbgp.",),
            ("5_bgp", "5_mailbgp"),
            id="default-mark-in-a-sentence",
        ),
        pytest.param(
            ("The value can be tls-1-0, tls-1-1, or tls-1-2, and the default value is tls-1-0.",),
            ("tls-1-0", "tls-1-1", "tls-1-2"),
            id="default-clause-naming-a-value",
        ),
        pytest.param(
            (
                "The value can be TCP, UDP_CONNECT, or HTTP.",
                "If the protocol of the backend server group is UDP, the parameter value can only be UDP_CONNECT.",
                "The value is case-sensitive.",
            ),
            ("TCP", "UDP_CONNECT", "HTTP"),
            id="values-named-elsewhere-are-listed",
        ),
    ],
)
def test_an_unambiguous_list_is_an_enumeration(lines: tuple[str, ...], expected: Any) -> None:
    found = read_enumeration(lines, "field")
    assert found.values == expected
    assert found.doubt is None


# -- ambiguous lists: no enumeration, a doubt quoting the intro -------------------------
@pytest.mark.parametrize(
    ("lines", "intro", "reason"),
    [
        pytest.param(
            (
                "Specifies the match mode. The options are as follows:",
                "When type is set to HOST_NAME, the value of this parameter can only be the following:",
                "EQUAL_TO: indicates exact match.",
                "When type is set to PATH, the value of this parameter can be one of the following:",
                "REGEX: indicates regular expression match.",
                "STARTS_WITH: indicates prefix match.",
                "EQUAL_TO: indicates exact match.",
            ),
            "Specifies the match mode. The options are as follows:",
            "depend on a condition",
            id="conditional-lists",
        ),
        pytest.param(
            (
                "The value range varies depending on the protocol of the backend server group:",
                "HOST_NAME: matches the domain name in the request.",
                "PATH: matches the path in the request.",
            ),
            "The value range varies depending on the protocol of the backend server group:",
            "depend on a condition",
            id="an-intro-that-says-it-varies",
        ),
        pytest.param(
            (
                "The following options are available:",
                "A single value, such as 200",
                "A list of values, such as 200,202",
                "A value range, such as 200-204",
            ),
            "The following options are available:",
            "not followed by a list of values",
            id="options-that-are-no-values",
        ),
        pytest.param(
            ("Value options:", "HTTP", "HTTPS", "${protocol}"),
            "Value options:",
            "'${protocol}' ends the list but is no plain value",
            id="a-placeholder-ends-the-list",
        ),
        pytest.param(
            (
                "Specifies the match content. The value can be one of the following:",
                "HOST_NAME: A domain name will be used for matching.",
                "PATH: A URL will be used for matching.",
                "If type is set to HOST_NAME, PATH, METHOD, or SOURCE_IP, only one rule can be created.",
            ),
            "Specifies the match content. The value can be one of the following:",
            "names METHOD, SOURCE_IP, which the list lacks",
            id="the-field-named-with-other-values",
        ),
        pytest.param(
            (
                "Specifies the EIP type. The value can be 5_bgp (default) and 5_mailbgp.",
                "In eu-de, the value of this parameter can only be 5_gray.",
            ),
            "The value can be 5_bgp (default) and 5_mailbgp.",  # the sentence is quoted
            "names 5_gray",
            id="another-value-in-a-note",
        ),
        pytest.param(
            ("The value can be one of the following:", "resource_name: the resource name."),
            "The value can be one of the following:",
            "only one value is listed (resource_name)",
            id="one-value",
        ),
        pytest.param(
            ("Value options:", "HTTP", "HTTPS", "etc."),
            "Value options:",
            "open",
            id="an-open-list",
        ),
        pytest.param(
            ("Value options:", "HTTP", "TCP", "Values are case-insensitive."),
            "Value options:",
            "case-insensitive",
            id="case-waived-for-the-whole-list",
        ),
        pytest.param(
            ("Value options:", "HTTP", "TCP", "The value can be HTTP or UDP."),
            "Value options:",
            "another sentence lists other values",
            id="two-lists-that-differ",
        ),
        pytest.param(
            (
                "The value options are as follows:",
                "When the protocol is TCP: HTTP_COOKIE",
                "When the protocol is UDP: SOURCE_IP",
            ),
            "The value options are as follows:",
            "not followed by a list of values",
            id="items-with-more-than-a-value",
        ),
    ],
)
def test_an_ambiguous_list_is_a_doubt(lines: tuple[str, ...], intro: str, reason: str) -> None:
    found = read_enumeration(lines, "type")
    assert found.values == ()
    assert found.doubt is not None
    assert found.doubt.intro == intro
    assert reason in found.doubt.reason


@pytest.mark.parametrize(
    "lines",
    [
        pytest.param(
            ("The value can be HTTP or TCP (case-insensitive).",), id="remark-on-the-list"
        ),
        pytest.param(("The value can be HTTP (web), HTTPS, or TCP.",), id="a-gloss-on-one-value"),
    ],
)
def test_a_remark_on_a_sentence_list_is_no_enumeration(lines: tuple[str, ...]) -> None:
    found = read_enumeration(lines)
    assert found.values == ()
    assert found.doubt is not None
    assert found.doubt.intro == lines[0]


@pytest.mark.parametrize(
    "lines",
    [
        pytest.param(("Specifies the name.",), id="no-list"),
        pytest.param(("Example values:", "HTTP", "TCP"), id="examples-are-no-closed-list"),
        pytest.param(
            ("Can contain only the following character types:", "Digits", "Letters"),
            id="an-intro-to-something-else",
        ),
        pytest.param(
            (
                "The following parameters will be available only when this is enabled:",
                "redirect_url_config",
                "fixed_response_config",
            ),
            id="field-names-are-no-values",
        ),
        pytest.param(
            (
                "Optional value ranges are as follows:",
                "When the protocol is TCP or UDP, the value ranges from 1 to 60.",
            ),
            id="an-intro-to-ranges",
        ),
        pytest.param(
            ("The value of type can be one of the following:", "HTTP", "TCP"),
            id="another-fields-values",
        ),
        pytest.param(("The value can be a string or null.",), id="words-are-no-values"),
    ],
)
def test_text_without_a_value_list_says_nothing(lines: tuple[str, ...]) -> None:
    assert read_enumeration(lines, "protocol") == read_enumeration(())


def test_a_range_block_that_lists_values_is_the_enumeration() -> None:
    cell = (
        "Definition",
        "Language.",
        "Constraints",
        "N/A",
        "Range",
        "zh-cn: Chinese environment",
        "en-us: English environment",
        "Default Value",
        "N/A",
    )
    parsed = parse_description(cell)
    assert parsed.enumeration == ("zh-cn", "en-us")
    assert parsed.range is None
    assert parse_description((*cell[:5], "1 to 64 characters.")).range == "1 to 64 characters."
    assert values_listed(("HTTP", "any other protocol")) == ()


def test_definition_lines_are_kept_apart_from_minimum_and_default() -> None:
    parsed = parse_description(("Value options:", "HTTP", "HTTPS", "Default: HTTP", "Minimum: 1"))
    assert parsed.definition_lines == ("Value options:", "HTTP", "HTTPS")
    assert parsed.default == "HTTP"


# -- through the transcriber: enums, findings, booleans ---------------------------------
def _page(rows: list[tuple[str, str, list[str]]]) -> Transcript:
    cells = "".join(
        f"<tr><td>{name}</td><td>No</td><td>{kind}</td><td>"
        + "".join(f"<p>{line}</p>" for line in lines)
        + "</td></tr>"
        for name, kind, lines in rows
    )
    html = (
        "<h1>Creating a Pool</h1><h4>URI</h4><p>POST /v3/pools</p><h4>Request</h4>"
        "<table><caption>Table 1 Request body parameters</caption><tr><th>Parameter</th>"
        f"<th>Mandatory</th><th>Type</th><th>Description</th></tr>{cells}</table>"
        "<h4>Response</h4><p>None</p>"
    )
    return transcribe_page(parse_page(html.encode(), "p.html", page_format="html"), "p")


def _properties(transcript: Transcript) -> dict[str, Any]:
    (body,) = (s for name, s in transcript.schemas.items() if name.endswith("RequestBody"))
    properties: dict[str, Any] = body["properties"]
    return properties


def test_the_transcriber_takes_unambiguous_lists_and_reports_the_others() -> None:
    transcript = _page(
        [
            (
                "lb_algorithm",
                "String",
                ["The value can be one of the following:", *[f"{a}: x" for a in ALGORITHMS]],
            ),
            ("codes", "Array of strings", ["Value options:", "200", "202"]),
            ("protocol", "String", ["The value can be HTTP or TCP (case-insensitive)."]),
            (
                "compare_type",
                "String",
                [
                    "Specifies the match mode. The options are as follows:",
                    "When type is set to HOST_NAME, the value can only be the following:",
                    "EQUAL_TO: exact match.",
                ],
            ),
        ]
    )
    properties = _properties(transcript)
    assert properties["lb_algorithm"]["enum"] == list(ALGORITHMS)
    assert properties["codes"]["items"]["enum"] == ["200", "202"]
    assert "enum" not in properties["protocol"]
    assert "enum" not in properties["compare_type"]
    assert "EQUAL_TO: exact match." in properties["compare_type"]["description"]
    findings = [(d.kind, d.message) for d in transcript.findings if d.kind == "prose-enum"]
    assert findings == [
        (
            "prose-enum",
            "values listed for 'protocol' not taken as an enum: \"The value can be HTTP or TCP "
            '(case-insensitive).": a remark says the values are case-insensitive; kept as '
            "description",
        ),
        (
            "prose-enum",
            "values listed for 'compare_type' not taken as an enum: \"Specifies the match mode. "
            'The options are as follows:": the values listed depend on a condition; kept as '
            "description",
        ),
    ]


def test_listing_both_booleans_is_no_enumeration_and_no_finding() -> None:
    transcript = _page(
        [
            ("enabled", "Boolean", ["The value can be true or false."]),
            ("reserved", "Boolean", ["Value options:", "true: Enabled", "false: Disabled"]),
            ("old_style", "Boolean", ["Enumeration values:", "true", "false"]),
            ("frozen", "Boolean", ["Value options:", "true: frozen", "etc."]),
            ("always", "Boolean", ["Enumeration values:", "true"]),
        ]
    )
    properties = _properties(transcript)
    for name in ("enabled", "reserved", "old_style", "frozen"):
        assert "enum" not in properties[name], name
    # One value of two still says something.
    assert properties["always"]["enum"] == [True]
    assert not [d for d in transcript.findings if "enum" in d.kind]
