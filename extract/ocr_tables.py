"""Tables rebuilt from a scan: each cell's OCR confidence, and its figures repaired.

The grids themselves come from the PDF reader's locators run on the OCR words and the
ruling lines found in the image (:mod:`lkj.extract.ocr_pages`): rows from the words'
baselines, columns from the rulings where the scan has them and from the x-gaps between
words where it does not. Once the reader has numbered the rows, this module

1. gives every cell of a scanned page the lowest confidence of the words inside it (a
   figure whose two readings differed carries at most
   :data:`lkj.extract.ocr_second.DISPUTED`);
2. repairs the figures (:func:`lkj.normalize.ocr_repair.repair_figure`) in the columns whose
   header says they hold figures (pagu, realisasi, target, capaian, %, L / P ...), with the
   document's own number style; a repaired cell keeps what OCR read in ``ocr_text``, and
   the row's text line is rewritten to match.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from lkj.models import Line, RawCell, RawTable
from lkj.normalize.numbers import detect_style
from lkj.normalize.ocr_repair import FigureKind, prints_percent, repair_figure

from .headers import tally_columns
from .ocr import Word
from .structure import build_view

#: roles of figure columns in a performance table (a value with its unit: "1 Laporan", "70%")
_MEASURE_ROLES = ("target", "realisasi", "capaian", "volume_target", "volume_realisasi")
#: roles of amount columns elsewhere (budget, DIPA revisions, pagu history)
_MONEY_ROLES = ("pagu", "realisasi", "sisa")


def cell_confidence(cell: RawCell, words: Sequence[Word]) -> float | None:
    """The lowest confidence of the words whose middle lies inside the cell, of its figures
    where it has any (Tesseract is less sure of a month's name than of the digits beside
    it, and the digits are what a value is read from); None without words."""
    if cell.bbox is None:
        return None
    x0, top, x1, bottom = cell.bbox
    inside = [
        w
        for w in words
        if x0 - 0.5 <= (w.x0 + w.x1) / 2 <= x1 + 0.5
        and top - 0.5 <= (w.top + w.bottom) / 2 <= bottom + 0.5
    ]
    figures = [w for w in inside if any(ch.isdigit() for ch in w.text)]
    confs = [w.conf for w in figures or inside]
    return round(min(confs), 1) if confs else None


def column_kinds(table: RawTable) -> tuple[dict[int, FigureKind], set[int]]:
    """What each figure column of a table holds, from its header, and the lines of its body
    rows (the header rows are not repaired). Columns whose figures mostly print a ``%`` are
    ``percent``."""
    view = build_view(table)
    if view.header is None:
        return {}, set()
    roles = view.roles
    kinds: dict[int, FigureKind] = {}
    performance = "indikator" in roles.cols
    # a performance table without a target column takes its targets from KETERANGAN
    target_from_note = performance and "target" not in roles.cols
    for role, col in roles.cols.items():
        if performance and (role in _MEASURE_ROLES or (role == "keterangan" and target_from_note)):
            kinds[col] = "measure"
        elif role in _MONEY_ROLES:
            kinds[col] = "money"
        elif role == "percent":
            kinds[col] = "number"
        elif role == "date":
            kinds[col] = "date"
        elif role == "dipa_label":
            kinds[col] = "label"
    tally = tally_columns(view.header)
    if tally:
        for role in ("laki", "perempuan", "jumlah"):
            if role in tally:
                kinds[tally[role]] = "count"
    body = {ln for row in view.rows for ln in row.lines}
    for col, kind in list(kinds.items()):
        if kind in ("measure", "number") and _mostly_percent(table, col, body):
            kinds[col] = "percent"
    return kinds, body


def _mostly_percent(table: RawTable, col: int, body: set[int]) -> bool:
    texts = [
        r.cells[col].text
        for r in table.rows
        if r.line in body and col < len(r.cells) and any(ch.isdigit() for ch in r.cells[col].text)
    ]
    return len(texts) >= 2 and sum(prints_percent(t) for t in texts) * 2 > len(texts)


def finish_tables(
    tables: Iterable[RawTable],
    words: Mapping[int, Sequence[Word]],
    lines: list[Line],
) -> int:
    """Confidence and figure repair for the rows of ``tables`` that stand on scanned pages
    (``words``: the OCR words of each scanned page); returns how many cells were repaired."""
    scanned = [t for t in tables if any(r.page in words for r in t.rows)]
    style = detect_style(c.text for t in scanned for r in t.rows for c in r.cells)
    repaired = 0
    for table in scanned:
        for row in table.rows:
            page_words = words.get(row.page or 0)
            if page_words is None:
                continue
            for cell in row.cells:
                cell.confidence = cell_confidence(cell, page_words)
        kinds, body = column_kinds(table)
        for row in table.rows:
            if row.line not in body or row.page not in words:
                continue
            changed = False
            for col, kind in kinds.items():
                if col >= len(row.cells):
                    continue
                cell = row.cells[col]
                fix = repair_figure(cell.text, kind, style)
                if fix.repaired and fix.text != cell.text:
                    cell.ocr_text = cell.text
                    cell.text = fix.text
                    changed = True
                    repaired += 1
            if changed and row.line is not None and 1 <= row.line <= len(lines):
                line = lines[row.line - 1]
                if line.no == row.line:
                    line.text = "\t".join(c.text for c in row.cells)
    return repaired
