"""The spec's YAML dump: libyaml's emitter against PyYAML's pure-Python one.

libyaml's is the one we use: it is five times faster, and it round-trips text the pure-Python
emitter gets wrong (a NEL character comes back as a space). Their text differs in corner cases
(an empty key, a character beyond the BMP, which libyaml escapes); the specs we build are held
to the same bytes in both.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.spec import yaml_io
from tests.helpers import ROOT

pytestmark = pytest.mark.skipif(
    not hasattr(yaml, "CSafeDumper"), reason="PyYAML without libyaml: only one emitter"
)

# Text as pages and specs carry it: any printable unicode, line breaks, tabs, quotes,
# YAML indicators, trailing spaces, and the odd line separator.
_text = st.text(
    st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=40
) | st.sampled_from(
    ["", " ", "a\nb", "a \nb", "line\n", "- x", "? y", ": z", "'q'", '"q"', "#c", "\u2028", "null"]
)
_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | _text
)
_documents = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_text, inner, max_size=4),
    max_leaves=25,
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(_text, _documents, min_size=1, max_size=6))
def test_dump_round_trips_any_text(document: dict[str, Any]) -> None:
    text = yaml_io.dump_yaml(document)
    assert yaml.safe_load(text) == document
    assert yaml_io.dump_yaml(document) == text


@pytest.mark.parametrize(
    "path", ["spec/hss/openapi.yaml", "spec/elb/openapi.yaml", "tests/specs/kitchen_sink.yaml"]
)
def test_both_emitters_write_the_same_specs(path: str) -> None:
    document = yaml_io.load_yaml(ROOT / path)
    assert yaml_io.dump_yaml(document) == yaml_io.dump_yaml(document, pure_python=True)


def test_an_empty_key_is_written_the_same_by_both_emitters() -> None:
    data = {"example": {"": "tls-1-0", "items": [{"": ""}]}, "": {"": None}}
    text = yaml_io.dump_yaml(data)
    assert text == yaml_io.dump_yaml(data, pure_python=True)
    assert "'': tls-1-0" in text
    assert yaml.safe_load(text) == data


def test_both_emitters_fold_long_double_quoted_text_alike() -> None:
    # Text with line breaks and trailing spaces cannot be a block scalar: it is double-quoted
    # and folded at the width, which PyYAML's own emitter did unlike libyaml (`\ 300`).
    pieces = ["word ", "  ", " \n", "\n", "\t", "é", '"', "\\", "x" * 30, "#", ": ", "€"]
    chooser = random.Random(20261207)
    texts = [
        "Run the commands and verify that the interval is smaller than 300 and the count is 3"
        " or less: \n#grep '^ClientAliveInterval' /etc/ssh/sshd_config\nClientAliveInterval 300",
        *(
            "".join(chooser.choice(pieces) for _ in range(chooser.randint(1, 60)))
            for _ in range(400)
        ),
    ]
    for text in texts:
        data = {"example": {"audit": text, "items": [text]}}
        dumped = yaml_io.dump_yaml(data, pure_python=True)
        assert dumped == yaml_io.dump_yaml(data), text
        assert yaml.safe_load(dumped) == data
