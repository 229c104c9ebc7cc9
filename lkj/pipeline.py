"""Fixed stage order for one file: read -> interpret (captions, tables, records) -> identity.

The reader is chosen by file type; everything after it works on the raw document
model, so text, PDF and OCR input share every later stage.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from lkj import PIPELINE_VERSION
from lkj.extract.identity import read_identity
from lkj.extract.interpret import interpret
from lkj.extract.ocr_values import mark_ocr_values
from lkj.extract.pdf_reader import read_pdf
from lkj.extract.text_reader import read_text
from lkj.models import Extraction, Issue, RawDocument
from lkj.models.errors import UnreadableFile, UnsupportedFormat

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
PDF_SUFFIXES = {".pdf"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | PDF_SUFFIXES


def read_document(path: str | Path) -> RawDocument:
    """Read any supported file into the raw document model."""
    p = Path(path)
    if not p.exists():
        raise UnreadableFile(str(p), "no such file")
    if p.is_dir():
        raise UnreadableFile(str(p), "is a folder, not a report file")
    suffix = p.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return read_text(p)
    if suffix in PDF_SUFFIXES:
        return read_pdf(p)
    raise UnsupportedFormat(
        str(p),
        f"unsupported file type '{suffix or '(none)'}'; expected one of {sorted(SUPPORTED_SUFFIXES)}",
    )


def extract_document(doc: RawDocument) -> Extraction:
    """Every record of one raw document."""
    result = interpret(doc)
    if doc.format == "scan":  # confidences and flags from the OCR cells
        mark_ocr_values(doc, result, result.views)
    document = read_identity(doc)
    issues = [Issue(level="warning", message=w) for w in doc.warnings] + result.issues
    if not doc.tables:
        issues.append(Issue(level="warning", message="no tables found"))
    if document.satker is None:
        issues.append(Issue(level="warning", message="satker not recognised"))
    if document.year is None:
        issues.append(Issue(level="warning", message="reporting year not recognised"))
    return Extraction(
        document=document,
        tables=result.tables,
        performance=result.performance,
        dipa_revisions=result.dipa_revisions,
        budget_lines=result.budget_lines,
        pagu_history=result.pagu_history,
        tally_rows=result.tally_rows,
        statements=result.statements,
        toc=result.toc,
        issues=issues,
        pipeline_version=PIPELINE_VERSION,
    )


def extract_file(path: str | Path) -> Extraction:
    """Extract every record from one report file.

    Raises :class:`lkj.errors.UnreadableFile` when the file cannot be read.
    """
    with cycle_collection_paused():
        return extract_document(read_document(path))


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Python's cyclic garbage collector held off while one document is read.

    Reading a PDF makes millions of short-lived objects (characters, words, cells, lines),
    nearly all freed at once by reference counting; the collector, started every 700 new
    objects, would scan them a thousand times over thirty reports, a tenth of the time. A
    document leaves a few hundred objects in cycles (a few thousand where camelot ran), which
    the collector frees as usual once it is read. Where the caller turned it off, it stays off.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
