"""Renders one spec into one package: the templates (models included), the copied runtime, README."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import __version__
from generator.diagnostics import Diagnostic
from generator.ir.build import build_ir
from generator.ir.types import Service
from generator.render.env import make_env
from generator.render.writer import write_package
from generator.spec.load import load_spec

RUNTIME = Path(__file__).resolve().parent.parent / "runtime"
RUNTIME_MODULES = (
    "_auth.py",
    "_base_client.py",
    "_exceptions.py",
    "_lazy.py",
    "_logs.py",
    "_model.py",
    "_pages.py",
    "_pagination.py",
    "_raw.py",
    "_request.py",
    "_response.py",
    "_retry.py",
    "_settings.py",
    "_types.py",
)
_TEMPLATES = {
    "__init__.py": "__init__.py.jinja",
    "_client.py": "_client.py.jinja",
    "_client.pyi": "_client.pyi.jinja",
    "_endpoints.py": "_endpoints.py.jinja",
    "models.py": "models_facade.py.jinja",
    "models.pyi": "models.pyi.jinja",
    "README.md": "README.md.jinja",
}
# The package's subpackages, loaded part by part (see `generator.ir.layout`).
_SUBPACKAGES = {
    "_operations": "Each module holds the methods and endpoints of one group of operations.",
    "_models": "Each module holds the models of one group of operations (`_shared`: several).",
}


@dataclass(frozen=True)
class LoadedSpec:
    """A spec already read and checked as `load_spec` would: the document and its text's sha256."""

    document: dict[str, Any]
    sha256: str


@dataclass(frozen=True)
class Rendering:
    """What a render produced: the package's files (before formatting) and the findings."""

    service: Service
    files: dict[str, str]
    findings: tuple[Diagnostic, ...]


def _modes(service: Service) -> list[dict[str, Any]]:
    """The sync and async variants of the client class, as the client template prints them."""
    return [
        {
            "class_name": service.client_class,
            "base": "SyncAPIClient",
            "def_keyword": "def",
            "asynchronous": False,
            "await_keyword": "",
            "wrapper": "raw_response_wrapper",
            "operations_class": "SyncOperations",
            "docstring": service.client_docstring,
        },
        {
            "class_name": service.async_client_class,
            "base": "AsyncAPIClient",
            "def_keyword": "async def",
            "asynchronous": True,
            "await_keyword": "await ",
            "wrapper": "async_raw_response_wrapper",
            "operations_class": "AsyncOperations",
            "docstring": f"Async {service.client_docstring[0].lower()}{service.client_docstring[1:]}",
        },
    ]


def render_files(
    spec_path: Path, package: str | None = None, loaded: LoadedSpec | None = None
) -> Rendering:
    """Every file of the package as text, from the spec at `spec_path`.

    With `loaded` (that spec, already in memory) the file is not read: `spec_path` then only
    names the spec in the files' header and in messages.
    """
    document, sha256 = load_spec(spec_path) if loaded is None else (loaded.document, loaded.sha256)
    service, _, findings = build_ir(document, str(spec_path), sha256, package)
    env = make_env()
    context: dict[str, Any] = {
        "service": service,
        "modes": _modes(service),
        "exports": service.exports,
        "generator_version": __version__,
        "spec_sha256": sha256,
    }
    files = {
        name: env.get_template(template).render(context) for name, template in _TEMPLATES.items()
    }
    operations = env.get_template("_operations.py.jinja")
    for group in service.groups:
        files[f"_operations/{group.name}.py"] = operations.render(context, group=group)
    models = env.get_template("models.py.jinja")
    for part in service.model_parts:
        files[f"_models/{part.name}.py"] = models.render(context, module=part, runtime=".")
    for name, docstring in _SUBPACKAGES.items():
        files[f"{name}/__init__.py"] = f'{service.header}\n"""{docstring}"""\n'
    files["_strict_models.py"] = models.render(context, module=service.strict_models, runtime="")
    for module in RUNTIME_MODULES:
        source = (RUNTIME / module).read_text(encoding="utf-8")
        files[module] = f"{service.header}\n{source}"
    files["py.typed"] = ""
    return Rendering(service, files, findings.as_tuple())


def render_package(spec_path: Path, output: Path, package: str | None = None) -> Rendering:
    """Render and swap the package into `output`; on any failure `output` is left as it was."""
    rendering = render_files(spec_path, package)
    write_package(rendering.files, output)
    return rendering
