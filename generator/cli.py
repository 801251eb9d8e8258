"""`python -m generator`: `transcribe` pages into a spec (and, later, `render` a client)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from generator import __version__
from generator.diagnostics import GenerationError
from generator.spec.build import build_spec
from generator.spec.yaml_io import write_atomically

EXIT_OK = 0
EXIT_ERROR = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    transcribe = commands.add_parser(
        "transcribe", help="turn API reference pages into an OpenAPI spec"
    )
    transcribe.add_argument(
        "pages",
        nargs="+",
        type=Path,
        metavar="PAGE",
        help="page as copied text (.txt) or saved HTML",
    )
    transcribe.add_argument(
        "--service-file", type=Path, help="service.yaml: info, servers, security, error body"
    )
    transcribe.add_argument(
        "--overlay", type=Path, help="Overlay 1.0 document with reviewed corrections"
    )
    transcribe.add_argument(
        "-o", "--output", type=Path, required=True, help="the OpenAPI YAML to write"
    )
    render = commands.add_parser("render", help="render a typed Python client package from a spec")
    render.add_argument(
        "spec", type=Path, metavar="SPEC", help="the OpenAPI YAML (built by transcribe)"
    )
    render.add_argument(
        "-o", "--output", type=Path, required=True, help="the package directory to write"
    )
    render.add_argument("--package", help="import name of the package (default: the output's name)")
    return parser


def _transcribe(arguments: argparse.Namespace) -> int:
    build = build_spec(
        arguments.pages, arguments.service_file, arguments.overlay, str(arguments.output)
    )
    for finding in build.findings:
        print(finding, file=sys.stderr)
    write_atomically(arguments.output, build.text)
    print(f"{arguments.output}: {build.summary()}", file=sys.stderr)
    return EXIT_OK


def _render(arguments: argparse.Namespace) -> int:
    from generator.render.package import render_package

    package = arguments.package or arguments.output.name
    rendering = render_package(arguments.spec, arguments.output, package)
    for finding in rendering.findings:
        print(finding, file=sys.stderr)
    print(
        f"{arguments.output}: {len(rendering.service.operations)} operations, "
        f"{len(rendering.service.model_names)} models, {len(rendering.findings)} findings",
        file=sys.stderr,
    )
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; a problem in the input is one `error:` line and exit status 2."""
    arguments = _parser().parse_args(argv)
    try:
        if arguments.command == "render":
            return _render(arguments)
        return _transcribe(arguments)
    except GenerationError as err:
        print(f"error: {err.diagnostic}", file=sys.stderr)
        return EXIT_ERROR
    except RecursionError:
        source = arguments.spec if arguments.command == "render" else arguments.output
        print(f"error: {source}: input nested too deeply to process", file=sys.stderr)
        return EXIT_ERROR
