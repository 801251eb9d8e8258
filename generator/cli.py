"""`python -m generator`: `transcribe` pages into a spec, `render` a client from a spec, or both
(`generate`, in one process)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from generator import __version__
from generator.atomic import write_atomically
from generator.diagnostics import GenerationError

if TYPE_CHECKING:
    from generator.render.package import Rendering
    from generator.spec.build import SpecBuild

EXIT_OK = 0
EXIT_ERROR = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    transcribe = commands.add_parser(
        "transcribe", help="turn API reference pages into an OpenAPI spec"
    )
    _add_transcribe_arguments(transcribe)
    render = commands.add_parser("render", help="render a typed Python client package from a spec")
    render.add_argument(
        "spec", type=Path, metavar="SPEC", help="the OpenAPI YAML (built by transcribe)"
    )
    render.add_argument(
        "-o", "--output", type=Path, required=True, help="the package directory to write"
    )
    render.add_argument("--package", help="import name of the package (default: the output's name)")
    generate = commands.add_parser(
        "generate",
        help="transcribe, then render the spec's client package, in one process",
        description="transcribe PAGEs into the spec -o, then render its client package into "
        "--package-dir; both are replaced only once both succeeded",
    )
    _add_transcribe_arguments(generate)
    generate.add_argument(
        "--package-dir", type=Path, required=True, help="the package directory to write"
    )
    generate.add_argument(
        "--package", help="import name of the package (default: the package directory's name)"
    )
    return parser


def _add_transcribe_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "pages",
        nargs="+",
        type=Path,
        metavar="PAGE",
        help="page as copied text (.txt) or saved HTML",
    )
    parser.add_argument(
        "--service-file", type=Path, help="service.yaml: info, servers, security, error body"
    )
    parser.add_argument(
        "--overlay", type=Path, help="Overlay 1.0 document with reviewed corrections"
    )
    parser.add_argument(
        "-o", "--output", type=Path, required=True, help="the OpenAPI YAML to write"
    )


def _build_spec(arguments: argparse.Namespace) -> SpecBuild:
    """The spec from the pages, its findings printed (`transcribe` and `generate`)."""
    # Imported here (as the renderer is below): `render` never needs the page readers.
    from generator.spec.build import build_spec

    build = build_spec(
        arguments.pages, arguments.service_file, arguments.overlay, str(arguments.output)
    )
    for finding in build.findings:
        print(finding, file=sys.stderr)
    return build


def _transcribe(arguments: argparse.Namespace) -> int:
    build = _build_spec(arguments)
    write_atomically(arguments.output, build.text)
    print(f"{arguments.output}: {build.summary()}", file=sys.stderr)
    return EXIT_OK


def _render(arguments: argparse.Namespace) -> int:
    from generator.render.package import render_package

    package = arguments.package or arguments.output.name
    rendering = render_package(arguments.spec, arguments.output, package)
    for finding in rendering.findings:
        print(finding, file=sys.stderr)
    _print_rendered(arguments.output, rendering)
    return EXIT_OK


def _generate(arguments: argparse.Namespace) -> int:
    from generator.pipeline import generate

    build = _build_spec(arguments)
    rendering = generate(build, arguments.output, arguments.package_dir, arguments.package)
    for finding in rendering.findings:
        print(finding, file=sys.stderr)
    print(f"{arguments.output}: {build.summary()}", file=sys.stderr)
    _print_rendered(arguments.package_dir, rendering)
    return EXIT_OK


def _print_rendered(output: Path, rendering: Rendering) -> None:
    print(
        f"{output}: {len(rendering.service.operations)} operations, "
        f"{len(rendering.service.model_names)} models, {len(rendering.findings)} findings",
        file=sys.stderr,
    )


_COMMANDS = {"transcribe": _transcribe, "render": _render, "generate": _generate}


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; a problem in the input is one `error:` line and exit status 2."""
    arguments = _parser().parse_args(argv)
    try:
        return _COMMANDS[arguments.command](arguments)
    except GenerationError as err:
        print(f"error: {err.diagnostic}", file=sys.stderr)
        return EXIT_ERROR
    except RecursionError:
        source = arguments.spec if arguments.command == "render" else arguments.output
        print(f"error: {source}: input nested too deeply to process", file=sys.stderr)
        return EXIT_ERROR
    except OSError as err:
        # An output that cannot be written (a directory in the way, no permission, a full
        # disk): inputs that cannot be read are GenerationErrors already.
        reason = (
            "a file stands where a directory is needed"
            if isinstance(err, FileExistsError)
            else err.strerror or str(err)
        )
        print(f"error: {err.filename or arguments.output}: {reason}", file=sys.stderr)
        return EXIT_ERROR
