"""Reading a spec file for rendering: the document, checked and validated, and its sha256.

Every problem names the file and the place in it: the intermediate model (`generator.ir`)
receives only a document that has passed these checks.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from generator.diagnostics import Location, error
from generator.spec.refs import check_inheritance, check_refs
from generator.spec.validation_cache import check_document_once
from generator.spec.yaml_io import load_yaml, with_string_keys


def load_spec(path: Path) -> tuple[dict[str, Any], str]:
    """The validated spec and its sha256; problems name the file and the place in it."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise error(str(path), Location(section="file"), f"cannot read: {err.strerror}") from err
    document = with_string_keys(load_yaml(path), str(path))
    if not isinstance(document, dict):
        raise error(str(path), Location(section="file"), "not an OpenAPI document (not a mapping)")
    check_refs(document, str(path))
    check_inheritance(document, str(path))
    check_document_once(document, raw, str(path))
    return document, hashlib.sha256(raw).hexdigest()
