"""Reader for born-digital PDF reports: the same :class:`RawDocument` the text reader emits.

Stages, in order:

1. triage (:mod:`lkj.extract.pdf_triage`): pdfium reads every page's text lines and marks the
   pages whose text announces a table (the pages stay open with their text for step 2, up to
   :data:`KEEP_PAGES`); pages without a text layer (scans) are read by OCR first
   (:mod:`lkj.extract.ocr_reader`), at low resolution, and again at full resolution where
   they turn out to matter;
2. tables (:mod:`lkj.extract.pdf_tables`): on the candidate pages and their neighbours pdfium
   reads the characters and ruling paths (:mod:`lkj.extract.pdf_objects`), the locators run
   on them, cheapest first (camelot, which parses the page again, only where a grid reads
   damaged), and each table keeps the grid that scored best;
3. layout (:mod:`lkj.extract.pdf_layout`): running headers, footers and page numbers go,
   text inside tables is not repeated as prose, tables that run on to the next page become
   one table, and lines and table rows are numbered in reading order.

A table row is a line of its own, its cells joined by tabs as in a text conversion, so the
caption above or below a table is the line next to its first or last row.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from pydantic import TypeAdapter

from lkj.models import Block, Line, RawDocument, RawTable
from lkj.models.document import BBox

from .ocr_pages import NEGLIGIBLE_CHARS
from .ocr_reader import OcrReport, read_scanned
from .pdf_layout import Item, LogicalTable, link_tables, page_items, running_lines
from .pdf_objects import read_objects
from .pdf_tables import FoundTable, locate_tables
from .pdf_triage import PdfPage, open_pdf, read_pages, triage

#: pages held open (with their text pages, a quarter of a megabyte each) from triage to the
#: table locators, which then need not open them again; a longer document's later pages are
#: opened again where they are searched
KEEP_PAGES = 250


@dataclass
class PageReport:
    no: int
    width: float
    height: float
    rotation: int
    has_text: bool
    #: why the page was a table candidate; empty when it was not
    reasons: list[str] = field(default_factory=list)
    #: whether the table locators ran on it (candidates and their neighbours)
    searched: bool = False
    #: the chosen tables
    tables: list[FoundTable] = field(default_factory=list)
    #: every grid a locator returned: (method, score)
    tried: list[tuple[str, float]] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class PdfReport:
    """What the reader did, page by page, and how long each stage took."""

    pages: list[PageReport] = field(default_factory=list)
    triage_seconds: float = 0.0
    tables_seconds: float = 0.0
    layout_seconds: float = 0.0
    #: what OCR did, for a document with scanned pages
    ocr: OcrReport | None = None

    @property
    def seconds(self) -> float:
        return self.triage_seconds + self.tables_seconds + self.layout_seconds


def read_pdf(
    path: str | Path, *, report: PdfReport | None = None, use_camelot: bool = True
) -> RawDocument:
    """Read a born-digital PDF report into the raw document model.

    Raises :class:`UnreadableFile` for a file that is not a PDF, is damaged, encrypted with a
    user password or has no pages, and :class:`UnsupportedFormat` for a scan (no text layer)
    when Tesseract is not installed.
    """
    p = Path(path)
    report = report if report is not None else PdfReport()
    t0 = time.perf_counter()
    pdf = open_pdf(p)
    # pages and their text pages held open from triage to the table locators
    kept: dict[int, tuple[pdfium.PdfPage, pdfium.PdfTextPage]] = {}
    try:
        pages = read_pages(pdf, kept, KEEP_PAGES)
        warnings: list[str] = []
        # OCR of the pages without a text layer; a page of NEGLIGIBLE_CHARS characters or more
        # is never one, and a document of such pages is not opened page by page again
        scan = (
            read_scanned(pdf, p, pages, warnings)
            if any(pg.n_chars < NEGLIGIBLE_CHARS for pg in pages)
            else None
        )
        report.ocr = scan.report if scan is not None else None
        search = triage(pages) if scan is None else scan.search
        report.pages = [
            PageReport(pg.no, pg.width, pg.height, pg.rotation, pg.has_text, list(pg.reasons))
            for pg in pages
        ]
        t1 = time.perf_counter()

        found: dict[int, list[FoundTable]] = {}
        for no in sorted(search):
            start = time.perf_counter()
            page_report = report.pages[no - 1]
            page_report.searched = True
            try:
                scanned = scan is not None and no in scan
                if scan is not None and scanned:
                    objects = scan.objects(no)
                elif no in kept:
                    objects = read_objects(*kept[no])
                else:
                    page = pdf[no - 1]
                    try:
                        objects = read_objects(page)
                    finally:
                        page.close()
                result = locate_tables(
                    p, pages[no - 1], objects, use_camelot=use_camelot and not scanned
                )
            except Exception as exc:  # one bad page must not lose the document
                warnings.append(f"page {no}: table search failed ({type(exc).__name__})")
                continue
            found[no] = result.tables
            page_report.tables = result.tables
            page_report.tried = result.tried
            page_report.seconds = time.perf_counter() - start
    finally:
        for page, tp in kept.values():
            tp.close()
            page.close()
        pdf.close()
    t2 = time.perf_counter()

    drop = running_lines(pages)
    items = {pg.no: page_items(pg, found.get(pg.no, []), drop) for pg in pages}
    logical = link_tables(pages, items)
    lines, blocks, tables = _number(pages, items, logical)
    if scan is not None:
        scan.finish(tables, lines)  # cell confidences, figures repaired
    t3 = time.perf_counter()
    report.triage_seconds += t1 - t0
    report.tables_seconds += t2 - t1
    report.layout_seconds += t3 - t2

    return RawDocument(
        source=p.name,
        sha256=_sha256(p),
        format="scan" if scan is not None else "pdf",
        n_pages=len(pages),
        lines=lines,
        blocks=blocks,
        tables=tables,
        warnings=warnings,
    )


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _ranges(nos: list[int]) -> str:
    out: list[str] = []
    start = prev = nos[0]
    for n in [*nos[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(out)


class _Rounder(dict[float, float]):
    """Coordinates rounded to two decimals, each value rounded once per document.

    A report's boxes repeat the same few thousand values (a table's columns, the left margin,
    the rows shared by every cell) a hundred thousand times, and ``round(x, 2)`` is slow (it
    rounds through the decimal digits). Zero is not remembered: 0.0 and -0.0 are one key but
    round to two values."""

    def __missing__(self, x: float) -> float:
        value = round(float(x), 2)
        if x:
            self[x] = value
        return value

    def box(self, bbox: BBox | None) -> BBox | None:
        if bbox is None:
            return None
        x0, top, x1, bottom = bbox
        return (self[x0], self[top], self[x1], self[bottom])


#: the models made in bulk at the end of :func:`_number`: one validation of a list of plain
#: values costs a third less than the models made one at a time
_LINES = TypeAdapter(list[Line])
_BLOCKS = TypeAdapter(list[Block])
_TABLES = TypeAdapter(list[RawTable])


class _Numbering:
    """Lines, blocks and tables in reading order, numbered from 1, as plain values until
    :meth:`models` (lines: text, page and box side by side)."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.pages: list[int] = []
        self.boxes: list[BBox | None] = []
        self.blocks: list[dict[str, Any]] = []
        self.tables: list[dict[str, Any]] = []
        self.para: list[int] = []
        self.round = _Rounder()

    def emit(self, text: str, page: int, bbox: BBox | None) -> int:
        self.texts.append(text)
        self.pages.append(page)
        if bbox is None:
            self.boxes.append(None)
        else:  # Rounder.box, inline: called for every line of the document
            r = self.round
            self.boxes.append((r[bbox[0]], r[bbox[1]], r[bbox[2]], r[bbox[3]]))
        return len(self.texts)

    def blank(self, page: int) -> None:
        self.close_para()
        if self.texts and self.texts[-1]:
            self.emit("", page, None)

    def close_para(self) -> None:
        if not self.para:
            return
        first, last = self.para[0], self.para[-1]
        self.blocks.append(
            {
                "kind": "text",
                "line_start": first,
                "line_end": last,
                "page": self.pages[first - 1],
                "text": "\n".join(self.texts[n - 1] for n in self.para),
            }
        )
        self.para = []

    def models(self) -> tuple[list[Line], list[Block], list[RawTable]]:
        """The lines (trailing blank lines dropped), blocks and tables as models."""
        n = len(self.texts)
        while n and not self.texts[n - 1]:
            n -= 1
        lines = _LINES.validate_python(
            [
                {"no": no, "text": text, "page": page, "bbox": bbox}
                for no, text, page, bbox in zip(
                    range(1, n + 1), self.texts, self.pages, self.boxes, strict=False
                )
            ]
        )
        return lines, _BLOCKS.validate_python(self.blocks), _TABLES.validate_python(self.tables)


def _number(
    pages: list[PdfPage], items: dict[int, list[Item]], logical: list[LogicalTable]
) -> tuple[list[Line], list[Block], list[RawTable]]:
    part_of = {id(part): (lt, k) for lt in logical for k, part in enumerate(lt.parts)}
    out = _Numbering()
    box = out.round.box
    rows: list[dict[str, Any]] = []
    for page in pages:
        page_items_ = items.get(page.no, [])
        first = page_items_[0] if page_items_ else None
        continues = (
            first is not None and first.table is not None and part_of[id(first.table)][1] > 0
        )
        if not continues:
            out.blank(page.no)
        prev: BBox | None = None  # the box of the prose line above
        for item in page_items_:
            if item.line is not None:
                bbox = item.line.bbox
                if prev is not None:
                    gap = bbox[1] - prev[3]
                    if gap > 0.9 * max(prev[3] - prev[1], bbox[3] - bbox[1], 4.0):
                        out.blank(page.no)
                out.para.append(out.emit(item.line.text, page.no, bbox))
                prev = bbox
                continue
            assert item.table is not None
            lt, k = part_of[id(item.table)]
            if k == 0:
                out.blank(page.no)
                rows = []
            part = item.table
            for ri in range(lt.skip[k], len(part.rows)):
                cells = part.rows[ri]
                boxes = part.cell_boxes[ri] if ri < len(part.cell_boxes) else []
                no = out.emit("\t".join(cells), page.no, part.row_boxes[ri])
                rows.append(
                    {
                        "cells": [
                            {"text": c, "bbox": box(boxes[ci]) if ci < len(boxes) else None}
                            for ci, c in enumerate(cells)
                        ],
                        "line": no,
                        "page": page.no,
                        "bbox": out.boxes[-1],
                    }
                )
            prev = None
            if k == len(lt.parts) - 1:
                table = _raw_table(len(out.tables), lt, rows, box)
                out.tables.append(table)
                out.blocks.append(
                    {
                        "kind": "table",
                        "line_start": table["line_start"],
                        "line_end": table["line_end"],
                        "page": table["page"],
                        "table": table["index"],
                    }
                )
                out.blank(page.no)
    out.close_para()
    return out.models()


def _raw_table(
    index: int,
    lt: LogicalTable,
    rows: list[dict[str, Any]],
    box: Callable[[BBox | None], BBox | None],
) -> dict[str, Any]:
    """A :class:`RawTable`'s fields, its rows' among them."""
    first = lt.parts[0]
    methods = list(dict.fromkeys(p.method for p in lt.parts))
    quality = {k: float(v) for k, v in first.quality.items()}
    if len(lt.parts) > 1:
        quality["pages"] = float(len(lt.parts))
        quality["score"] = round(min(p.score for p in lt.parts), 3)
        quality["repeated_header_rows"] = float(sum(lt.skip))
    return {
        "index": index,
        "rows": rows,
        "page": first.page,
        "bbox": box(first.bbox),
        "line_start": rows[0]["line"],
        "line_end": rows[-1]["line"],
        "method": "+".join(methods),
        "quality": quality,
    }
