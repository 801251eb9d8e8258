"""Words and case: the one way a name is split into words and joined again.

The transcriber names the schemas of a page's tables with `pascal_case`; the IR names classes,
methods and arguments with both. Non-ASCII letters are transliterated (`é` → `e`) or dropped,
so that every name they give is ASCII.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["pascal_case", "snake_case"]

# Word boundaries inside camelCase: before a capital that follows a small letter or digit, and
# before the last capital of an acronym followed by a word (`HTTPServer`). An acronym's plural
# stays one word (`ECSs`, `IDs`): that `s` starts no word. A version suffix is a word of its own
# after an acronym too (`ExtensionAPIV2`).
_CAMEL_BOUNDARY = re.compile(
    r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z](?!s(?:[A-Z0-9]|$))[a-z])|(?<=[A-Z])(?=V\d+$)"
)
_NOT_WORD = re.compile(r"[^0-9A-Za-z]+")


def _ascii_words(text: str) -> list[str]:
    normalised = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    spaced = _CAMEL_BOUNDARY.sub("_", normalised)
    return [w for w in _NOT_WORD.split(spaced) if w]


def snake_case(text: str) -> str:
    """`CreateVpcEndpoint` → `create_vpc_endpoint`, `X-Request-Id` → `x_request_id`."""
    return "_".join(w.lower() for w in _ascii_words(text))


def pascal_case(text: str) -> str:
    """`vpc_and_sub_net` → `VpcAndSubNet`; existing capitals inside words are kept."""
    return "".join(w[:1].upper() + w[1:] for w in _ascii_words(text))
