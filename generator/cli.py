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


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; a problem in the input is one `error:` line and exit status 2."""
    arguments = _parser().parse_args(argv)
    try:
        return _transcribe(arguments)
    except GenerationError as err:
        print(f"error: {err.diagnostic}", file=sys.stderr)
        return EXIT_ERROR
    except RecursionError:
        print("error: input nested too deeply to process", file=sys.stderr)
        return EXIT_ERROR
