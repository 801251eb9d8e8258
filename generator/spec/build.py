"""The first half of the pipeline: pages → transcripts → merged document → overlay → validated YAML."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic, Findings, Location, error
from generator.openapi import ERROR_CODES_EXTENSION
from generator.spec.merge import merge_spec
from generator.spec.nullable import nullable_from_examples
from generator.spec.overlay import apply_overlay
from generator.spec.pages import transcribe_files
from generator.spec.validate import check_examples
from generator.spec.validation_cache import check_document_once, remember_valid
from generator.spec.yaml_io import dump_yaml, load_yaml, with_string_keys
from generator.transcribe.error_codes import read_error_codes
from generator.transcribe.uri import NotAnOperationPageError


@dataclass(frozen=True)
class SpecBuild:
    """A built spec as YAML text, with the findings and a one-line summary of the run."""

    text: str
    document: dict[str, Any]
    findings: tuple[Diagnostic, ...]
    pages: int
    operations: int

    @property
    def error_codes(self) -> int:
        return len(self.document.get(ERROR_CODES_EXTENSION, {}))

    def summary(self) -> str:
        kinds = Counter(d.kind for d in self.findings)
        by_kind = ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items()))
        return (
            f"{self.pages} page{'s' * (self.pages != 1)}, {self.operations} operation"
            f"{'s' * (self.operations != 1)}, "
            + (f"{self.error_codes} error codes, " if self.error_codes else "")
            + f"{len(self.findings)} finding"
            f"{'s' * (len(self.findings) != 1)}" + (f" ({by_kind})" if by_kind else "")
        )


def build_spec(
    pages: list[Path], service_file: Path | None, overlay_file: Path | None, output: str
) -> SpecBuild:
    """Transcribe `pages` (in name order, for determinism) into one validated document."""
    findings = Findings()
    transcripts = []
    error_codes: dict[str, list[dict[str, Any]]] = {}
    for page, transcript in transcribe_files(sorted(pages, key=lambda p: (p.name, str(p)))):
        if isinstance(transcript, NotAnOperationPageError):
            codes = read_error_codes(page, findings)
            if not codes:
                findings.extend([transcript.diagnostic])
            for code, entries in codes.items():
                known = error_codes.setdefault(code, [])
                known += [entry for entry in entries if entry not in known]
            continue
        findings.extend(transcript.findings)
        transcripts.append(transcript)
    if not transcripts:
        raise error(output, Location(section="pages"), "none of the pages documents an operation")
    service: dict[str, Any] = {}
    if service_file is not None:
        loaded = with_string_keys(load_yaml(service_file), str(service_file))
        if not isinstance(loaded, dict):
            raise error(
                str(service_file),
                Location(section="file"),
                "the service file must be a YAML mapping",
            )
        service = loaded
    document = merge_spec(transcripts, service, findings)
    if error_codes:
        document[ERROR_CODES_EXTENSION] = dict(sorted(error_codes.items()))
    if overlay_file is not None:
        overlay = with_string_keys(load_yaml(overlay_file), str(overlay_file))
        document = apply_overlay(document, overlay, overlay_file)
    sources = {t.operation_id: t.source for t in transcripts}
    nullable_from_examples(document, sources, findings)
    check_document_once(document, dump_yaml(document).encode("utf-8"), output)
    check_examples(document, sources, findings)
    text = dump_yaml(document)
    # What was validated, less the examples check_examples dropped: taking out optional
    # `example(s)` of a media type cannot make a valid document invalid, so `render` may skip
    # validating this text again.
    remember_valid(text.encode("utf-8"))
    return SpecBuild(
        text=text,
        document=document,
        findings=findings.as_tuple(),
        pages=len(pages),
        operations=sum(len(item) for item in document.get("paths", {}).values()),
    )
