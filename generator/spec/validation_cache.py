"""Remembers which spec texts openapi-spec-validator has accepted, so each is validated once.

`transcribe` (and `generate`) check the document they build, and `render` checks the file it
reads, which is usually a text checked before: `render` after `transcribe`, or `make generate`
again with unchanged pages. Validation is most of the time of either step, so both look the
text up here first. The key is the SHA-256 of the exact bytes plus the versions of the
validating libraries and of our own checks beside them (`CHECKS_VERSION`), so only an
identical text checked by the identical validator is skipped. Only acceptance is recorded,
never a failure.

The cache lives in `$HUAWEI_PAGE_GENERATOR_CACHE`, else `$XDG_CACHE_HOME/huawei-page-generator`,
else `~/.cache/huawei-page-generator`; setting `HUAWEI_PAGE_GENERATOR_CACHE=off` turns it off.
A cache that cannot be read or written is ignored: it only ever saves time.
"""

from __future__ import annotations

import functools
import hashlib
import os
from importlib import metadata
from pathlib import Path
from typing import Any

CACHE_VARIABLE = "HUAWEI_PAGE_GENERATOR_CACHE"
# Raise when `generator.spec.validate` checks more: texts accepted before are checked again.
CHECKS_VERSION = 2
_VALIDATORS = (
    "openapi-spec-validator",
    "openapi-schema-validator",
    "jsonschema",
    "jsonschema-rs",
    "referencing",
)


@functools.cache
def _fingerprint() -> bytes:
    versions = [f"checks {CHECKS_VERSION}"]
    for name in _VALIDATORS:
        try:
            versions.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} absent")
    return "\n".join(versions).encode()


def _directory() -> Path | None:
    configured = os.environ.get(CACHE_VARIABLE)
    if configured == "off":
        return None
    if configured:
        return Path(configured) / "valid-openapi"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "huawei-page-generator" / "valid-openapi"


def _marker(text: bytes) -> Path | None:
    directory = _directory()
    if directory is None:
        return None
    return directory / hashlib.sha256(_fingerprint() + b"\0" + text).hexdigest()


def is_known_valid(text: bytes) -> bool:
    """Whether this exact text was accepted by the same validator versions before."""
    marker = _marker(text)
    return marker is not None and marker.is_file()


def remember_valid(text: bytes) -> None:
    """Record that this exact text is valid OpenAPI; silently does nothing if it cannot."""
    marker = _marker(text)
    if marker is None:
        return
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
    except OSError:
        pass


def check_document_once(document: dict[str, Any], text: bytes, output: str) -> None:
    """`check_document`, skipped when this exact spec text passed before.

    The validators are imported only when they run: with the text known valid, a render
    starts without them (about 0.2 s of imports).
    """
    if not is_known_valid(text):
        from generator.spec.validate import check_document

        check_document(document, output)
        remember_valid(text)
