"""Page layout for born-digital PDFs: running headers and footers, page numbers, reading order,
and tables that run on from one page to the next.

Reading order is top to bottom on each page (LKj reports are set in one column): prose lines
and tables are ordered by their top edge, and a table's rows take their places in the line
sequence, so a caption directly above or below a table is the line next to it, as in a text
conversion.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from lkj.models.document import BBox
from lkj.normalize.text import fold

from .headers import header_score, is_colnum_row
from .pdf_tables import FoundTable, overlaps
from .pdf_triage import PdfLine, PdfPage
from .text_reader import is_debris

#: share of the page height at the top and bottom where running headers and footers stand
BAND = 0.08

_PAGE_NO = re.compile(
    r"^\s*(?:-\s*)?(?:halaman|hal\.?|page)?\s*\d{1,4}(?:\s*(?:dari|of|/)\s*\d{1,4})?(?:\s*-)?\s*$",
    re.IGNORECASE,
)


@dataclass
class Item:
    """One thing in a page's reading order: a prose line or a table."""

    top: float
    line: PdfLine | None = None
    table: FoundTable | None = None


@dataclass
class LogicalTable:
    """A table as the reader emits it: one part, or several on consecutive pages."""

    parts: list[FoundTable]
    #: per part, how many leading rows repeat the header of the first part (dropped)
    skip: list[int] = field(default_factory=list)


# --------------------------------------------------------------------------- headers, footers


def _banded(page: PdfPage) -> list[tuple[int, PdfLine]]:
    """The page's lines (with their index) in its top or bottom band."""
    top, bottom = BAND * page.height, (1 - BAND) * page.height
    return [(i, ln) for i, ln in enumerate(page.lines) if ln.bbox[1] < top or ln.bbox[3] > bottom]


def _key(text: str) -> str:
    return " ".join(re.sub(r"\d+", "#", fold(text)).split())


def running_lines(pages: list[PdfPage]) -> set[tuple[int, int]]:
    """(page, line index) of running headers, footers and page numbers.

    A line in the top or bottom band is running when the same text (digits aside) stands in
    the band of a third of the pages or more (at least two), or when it is a page number.
    """
    text_pages = [p for p in pages if p.has_text]
    # per page, the lines in its bands with their keys
    banded = {p.no: [(i, ln, _key(ln.text)) for i, ln in _banded(p)] for p in text_pages}
    keys: Counter[str] = Counter()
    for page in text_pages:
        keys.update({key for _, _, key in banded[page.no]})
    need = max(2, math.ceil(len(text_pages) / 3))
    drop: set[tuple[int, int]] = set()
    for page in text_pages:
        for i, line, key in banded[page.no]:
            if keys[key] >= need or _PAGE_NO.match(line.text) or is_debris(line.text):
                drop.add((page.no, i))
    return drop


# --------------------------------------------------------------------------- reading order


def page_items(page: PdfPage, tables: list[FoundTable], drop: set[tuple[int, int]]) -> list[Item]:
    """The page's prose lines (running lines and text inside tables left out) and its tables,
    top to bottom."""
    boxes = [t.bbox for t in tables]  # a table's box is the union of its rows': made once
    items = [Item(b[1], table=t) for t, b in zip(tables, boxes, strict=True)]
    for i, line in enumerate(page.lines):
        if (page.no, i) in drop or (boxes and _inside_table(line.bbox, boxes)):
            continue
        items.append(Item(line.bbox[1], line=line))
    items.sort(key=lambda it: (it.top, 0 if it.table is not None else 1))
    return items


def _inside_table(box: BBox, tables: list[BBox]) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    for t in tables:
        x0, top, x1, bottom = t
        if x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1:
            return True
        if overlaps(box, t, 0.6):
            return True
    return False


# --------------------------------------------------------------------------- tables across pages


def _same_row(a: list[str], b: list[str]) -> bool:
    ta = " ".join(fold(c) for c in a if c.strip())
    tb = " ".join(fold(c) for c in b if c.strip())
    return bool(ta) and fuzz.ratio(ta, tb) >= 85


def header_rows(table: FoundTable) -> int:
    """How many leading rows of a table are its header (column-number rows included)."""
    n = 0
    while n < min(len(table.rows) - 1, 4):
        row = table.rows[n]
        if header_score(row) >= 0.5 or (n and is_colnum_row(row)):
            n += 1
            continue
        break
    return n


def repeated_header(first: FoundTable, part: FoundTable) -> int | None:
    """How many leading rows of ``part`` repeat the header of ``first`` (0: none); None when
    ``part`` starts with a header of its own, so it is another table."""
    head = first.rows[: header_rows(first)]
    n = 0
    while n < min(len(part.rows), 4):
        row = part.rows[n]
        if any(_same_row(row, h) for h in head) or (n and is_colnum_row(row)):
            n += 1
            continue
        break
    if n == 0 and header_score(part.rows[0]) >= 0.6:
        return None
    return n


def column_spans(table: FoundTable) -> list[tuple[float, float]] | None:
    """Per column, the horizontal extent of its cells; None when a column has no cell box."""
    spans: list[tuple[float, float]] = []
    for c in range(table.n_cols):
        boxes = [r[c] for r in table.cell_boxes if c < len(r) and r[c] is not None]
        if not boxes:
            return None
        spans.append((min(b[0] for b in boxes), max(b[2] for b in boxes)))  # type: ignore[index]
    return spans


def align_columns(first: FoundTable, part: FoundTable) -> FoundTable | None:
    """``part`` re-cut to the columns of ``first`` by the position of its cells (a locator
    that left out an empty column on one page); None when a cell fits no column."""
    spans = column_spans(first)
    if spans is None or len(part.cell_boxes) != len(part.rows):
        return None
    rows: list[list[str]] = []
    cells: list[list[BBox | None]] = []
    for texts, boxes in zip(part.rows, part.cell_boxes, strict=True):
        row = [""] * len(spans)
        row_boxes: list[BBox | None] = [None] * len(spans)
        for text, box in zip(texts, boxes, strict=False):
            if box is None:
                if text:
                    return None
                continue
            overlap = [min(box[2], x1) - max(box[0], x0) for x0, x1 in spans]
            best = max(range(len(spans)), key=lambda c: overlap[c])
            if overlap[best] <= 0:
                return None
            row[best] = f"{row[best]} {text}".strip()
            row_boxes[best] = box
        rows.append(row)
        cells.append(row_boxes)
    return FoundTable(part.page, part.method, rows, part.row_boxes, cells, part.quality)


def link_tables(pages: list[PdfPage], items: dict[int, list[Item]]) -> list[LogicalTable]:
    """Tables in document order; a table that ends its page and one that starts the next page
    with as many columns (after a repeated header, or none) become one logical table."""
    out: list[LogicalTable] = []
    prev_last: FoundTable | None = None  # the table that ended the previous text page
    prev_no = -1
    for page in pages:
        page_list = items.get(page.no, [])
        if not page_list:
            if page.has_text:
                prev_last = None
            continue
        for k, item in enumerate(page_list):
            if item.table is None:
                continue
            t = item.table
            first_on_page = k == 0
            if (
                first_on_page
                and prev_last is not None
                and prev_no == page.no - 1
                and out
                and out[-1].parts[-1] is prev_last
            ):
                if t.n_cols != prev_last.n_cols:
                    aligned = align_columns(out[-1].parts[0], t)
                    if aligned is not None and repeated_header(out[-1].parts[0], aligned) == 0:
                        item.table = t = aligned
                skip = (
                    repeated_header(out[-1].parts[0], t) if t.n_cols == prev_last.n_cols else None
                )
                if skip is not None and skip < len(t.rows):
                    out[-1].parts.append(t)
                    out[-1].skip.append(skip)
                    continue
            out.append(LogicalTable([t], [0]))
        last = page_list[-1]
        prev_last = last.table
        prev_no = page.no
    return out
