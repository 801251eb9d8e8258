"""Models through datamodel-code-generator: pydantic v2 classes with the spec's constraints.

The IR hands over a schema document whose names are already final, so the only adjustments
here are options, the Enum template (enums that tolerate unknown values in responses) and
turning the library's absolute import of our base class into a relative one, which keeps
the package vendorable under any name.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

# A placeholder package for the base-class import path, replaced by a relative import.
_PLACEHOLDER = "__generated_package__"
_TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "models"


def render_models(
    document: dict[str, Any],
    header: str,
    field_names: dict[str, str] | None = None,
    notes: list[str] | None = None,
) -> str:
    """The `models.py` source for the schemas in `document` (an OpenAPI 3.1 document)."""
    if not document["components"]["schemas"]:
        return f'{header}\n"""This service\'s spec defines no models."""\n'
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        source = _generate(document, header, field_names)
    if notes is not None:
        # The library's warnings (a constraint it could not express...) become findings.
        notes.extend(" ".join(str(w.message).split()) for w in caught)
    source = source.replace(f"from {_PLACEHOLDER}._model import", "from ._model import")
    # MISSING left pydantic.experimental in pydantic 2.14; the library still imports it from there.
    return source.replace(
        "from pydantic.experimental.missing_sentinel import MISSING", "from pydantic import MISSING"
    )


def _generate(document: dict[str, Any], header: str, field_names: dict[str, str] | None) -> str:
    # Imported here: the library is large, and `transcribe` never needs it.
    from datamodel_code_generator import PythonVersion, generate
    from datamodel_code_generator.enums import DataModelType, InputFileType

    source = generate(
        json.dumps(document, sort_keys=False),
        input_file_type=InputFileType.OpenAPI,
        output_model_type=DataModelType.PydanticV2BaseModel,
        target_python_version=PythonVersion.PY_310,
        base_class=f"{_PLACEHOLDER}._model.HuaweiModel",
        # The IR's field names (`Class.wire_name` → Python name), so that no name is left to
        # the library's own rules.
        aliases=field_names or {},
        additional_imports=[f"{_PLACEHOLDER}._model.LenientEnumMixin"],
        custom_template_dir=_TEMPLATES,
        use_annotated=True,
        field_constraints=True,
        use_standard_collections=True,
        use_union_operator=True,
        snake_case_field=True,
        collapse_root_models=True,
        use_subclass_enum=True,
        capitalise_enum_members=True,
        use_schema_description=True,
        use_field_description=True,
        use_double_quotes=True,
        disable_timestamp=True,
        set_default_enum_member=True,
        # Absent is not null: optional fields default to pydantic's MISSING (never sent), and
        # only fields the spec marks nullable accept None.
        strict_nullable=True,
        use_missing_sentinel=True,
        # Email types need the email-validator package: the client depends on pydantic only.
        type_mappings=["string+email=string", "string+idn-email=string"],
        formatters=[],
        custom_file_header=f'{header}\n"""The request and response models of this service (pydantic v2)."""',
    )
    assert isinstance(source, str)
    return source
