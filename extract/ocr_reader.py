"""The scanned pages of a PDF: found, triaged at low resolution, read in full where it matters.

:func:`read_scanned` is the PDF reader's one step for scans. Given the pages pdfium read, it

1. finds the pages with no text layer worth the name (:func:`lkj.extract.ocr_pages.is_scanned`):
   a whole scan, or the scanned pages of a mixed document;
2. reads each of them with OCR at low resolution, and replaces its (empty) text lines with
   what OCR read;
3. triages every page as a born-digital page is triaged (captions, header words, figures in
   columns, rulings: :func:`lkj.extract.pdf_triage.triage`); the candidates, the neighbours
   that may carry their tables on, the cover pages (the satker and the year) and the Daftar
   Tabel, all candidates by the triage's own definition, are read again. Prose pages that
   only state amounts (the narrative's pagu and realisasi, a DIPA revision in a sentence)
   keep their low-resolution text: their letters are larger than a table's, and the
   statements and DIPA revisions read from it on the scanned seeds are the same as from the
   full reading;
4. reads those pages, and only those, again at full resolution, figures twice;
5. keeps each page's words and ruling lines for the table locators and for the cells'
   confidences (:mod:`lkj.extract.ocr_tables`).

Without Tesseract a whole scan fails with the command that installs it; a mixed document is
read without its scanned pages, and a warning names them and the command.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lkj.models import Line, RawTable
from lkj.models.errors import UnsupportedFormat

from . import ocr
from .ocr_pages import OcrPage, is_scanned, read_page
from .ocr_tables import finish_tables
from .pdf_objects import LitePage
from .pdf_triage import COVER_PAGES, PdfPage, triage

#: rounds of full reading: a page read in full may make its neighbour a candidate
MAX_ROUNDS = 3


@dataclass
class OcrPageReport:
    no: int
    #: "triage" (low resolution only) or "full"
    pass_: str
    dpi: float
    angle: float
    words: int
    disputed: int
    seconds: float
    #: why the page was read at full resolution
    reasons: list[str] = field(default_factory=list)


@dataclass
class OcrReport:
    """What OCR did to one document: pages, passes, times."""

    pages: list[OcrPageReport] = field(default_factory=list)
    triage_seconds: float = 0.0
    full_seconds: float = 0.0
    repaired_cells: int = 0

    @property
    def seconds(self) -> float:
        return self.triage_seconds + self.full_seconds

    @property
    def full_pages(self) -> list[int]:
        return [p.no for p in self.pages if p.pass_ == "full"]


class ScannedPages:
    """The scanned pages of one open PDF, as OCR read them."""

    def __init__(self, pdf: Any, nos: list[int], lang: str) -> None:
        self.pdf = pdf
        self.nos = nos
        self.lang = lang
        self.read: dict[int, OcrPage] = {}
        self.reasons: dict[int, list[str]] = {}
        self.report = OcrReport()
        self.search: set[int] = set()

    def __contains__(self, no: object) -> bool:
        return no in self.read

    def _ocr(self, no: int, full: bool) -> OcrPage:
        page = self.pdf[no - 1]
        try:
            return read_page(page, no, full=full, lang=self.lang)
        finally:
            page.close()

    def run(self, pages: list[PdfPage]) -> None:
        """Both passes (see the module doc); ``pages`` are updated in place and
        :attr:`search` says which pages to search for tables."""
        start = time.perf_counter()
        for no in self.nos:
            self.read[no] = got = self._ocr(no, full=False)
            pages[no - 1] = got.page
        self.report.triage_seconds = time.perf_counter() - start

        start = time.perf_counter()
        done: set[int] = set()
        for _ in range(MAX_ROUNDS):
            search = triage(pages)
            wanted = self._wanted(pages, search) - done
            if not wanted:
                break
            for no in sorted(wanted):
                self.read[no] = got = self._ocr(no, full=True)
                pages[no - 1] = got.page
                done.add(no)
        self.search = triage(pages)
        self.report.full_seconds = time.perf_counter() - start
        self.report.pages = [
            OcrPageReport(
                no,
                p.pass_,
                round(p.dpi, 1),
                p.angle,
                len(p.words),
                p.disputed,
                round(p.seconds, 3),
                self.reasons.get(no, []),
            )
            for no, p in sorted(self.read.items())
        ]

    def _wanted(self, pages: list[PdfPage], search: set[int]) -> set[int]:
        """Scanned pages to read at full resolution: those searched for tables and the
        covers (the Daftar Tabel is a candidate); each with its reasons."""
        out: set[int] = set()
        for no in self.nos:
            page = pages[no - 1]
            why = [r for r in page.reasons if r not in ("cover",)]
            if no in search and not why:
                why = ["neighbour"]
            if no <= COVER_PAGES:
                why.append("cover")
            if no in search or why:
                self.reasons[no] = list(dict.fromkeys(self.reasons.get(no, []) + why))
                out.add(no)
        return out

    def objects(self, no: int) -> LitePage:
        """The characters and ruling edges of a scanned page, for the table locators."""
        return self.read[no].objects()

    def finish(self, tables: list[RawTable], lines: list[Line]) -> None:
        """Cell confidences and figure repair for the tables on scanned pages."""
        words = {no: p.words for no, p in self.read.items()}
        self.report.repaired_cells = finish_tables(tables, words, lines)


def read_scanned(
    pdf: Any, path: Path, pages: list[PdfPage], warnings: list[str]
) -> ScannedPages | None:
    """OCR the scanned pages of ``pdf`` into ``pages`` (see the module doc); None when the
    document has none. Raises :class:`UnsupportedFormat` for a scan when Tesseract is missing."""
    from .pdf_reader import _ranges

    nos = []
    for pg in pages:
        page = pdf[pg.no - 1]
        try:
            if is_scanned(page, pg):
                nos.append(pg.no)
        finally:
            page.close()
    if not nos:
        return None
    try:
        lang = ocr.engine_languages()
    except ocr.OcrUnavailable as exc:
        if len(nos) == len(pages):
            raise UnsupportedFormat(str(path), f"no text layer (scanned PDF): {exc}") from exc
        warnings.append(
            f"{len(nos)} of {len(pages)} pages have no text layer: pages {_ranges(nos)} "
            f"were not read ({exc})"
        )
        return None
    missing = ocr.missing_languages()
    if missing:
        warnings.append(f"OCR without the {'+'.join(missing)} model: run {ocr.INSTALL_COMMAND}")
    scan = ScannedPages(pdf, nos, lang)
    scan.run(pages)
    read = [no for no in nos if pages[no - 1].has_text]
    empty = [no for no in nos if not pages[no - 1].has_text]
    if not read and len(nos) == len(pages):
        raise UnsupportedFormat(
            str(path), f"no text layer (scanned PDF) and OCR read no text on its {len(nos)} pages"
        )
    if read and len(read) < len(pages):
        warnings.append(
            f"{len(nos)} of {len(pages)} pages are scanned: pages {_ranges(read)} read by OCR"
        )
    if empty:
        warnings.append(
            f"{len(empty)} of {len(pages)} pages have no text layer and OCR read no text on "
            f"them: pages {_ranges(empty)} were not read"
        )
    return scan
