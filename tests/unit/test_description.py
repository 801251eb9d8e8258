"""Description cells, new (labelled blocks) and old (Minimum/Maximum/Enumeration lines)."""

from __future__ import annotations

from generator.transcribe.description import parse_description


def test_labelled_blocks_are_split_and_na_means_nothing() -> None:
    cell = (
        "Definition",
        "VPC ID.",
        "Constraints",
        "N/A",
        "Range",
        "1 to 2 characters.",
        "Default Value",
        "N/A",
    )
    parsed = parse_description(cell)
    assert parsed.definition == "VPC ID."
    assert parsed.constraints is None
    assert parsed.range == "1 to 2 characters."
    assert parsed.default is None


def test_multi_paragraph_blocks_are_joined() -> None:
    cell = (
        "Definition",
        "First.",
        "Second.",
        "Constraints",
        "Only for admins.",
        "Default Value",
        "10",
    )
    parsed = parse_description(cell)
    assert parsed.definition == "First. Second."
    assert parsed.constraints == "Only for admins."
    assert parsed.default == "10"


def test_old_style_lines() -> None:
    cell = (
        "Specifies the protocol.",
        "Minimum: 1",
        "Maximum: 255",
        "Enumeration values:",
        "TCP",
        "UDP",
        "Default: TCP",
    )
    parsed = parse_description(cell)
    assert parsed.definition == "Specifies the protocol."
    assert (parsed.minimum, parsed.maximum) == ("1", "255")
    assert parsed.enumeration == ("TCP", "UDP")
    assert parsed.default == "TCP"


def test_free_text_stays_the_definition() -> None:
    parsed = parse_description(("Specifies the load balancer name.",))
    assert parsed.definition == "Specifies the load balancer name."
    assert parsed.range is None
