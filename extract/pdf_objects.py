"""A page's characters and ruling edges read with pdfium, in the shape pdfplumber's table
finder takes.

pdfplumber finds ruled tables well (edges merged, intersections, the smallest cells, cells
grouped into tables) and its word grouping is tested on many documents, but it reads a page
through pdfminer, which interprets the content stream in Python: about half a second for a
page of table. pdfium reads the same characters and paths in C in a few milliseconds. This
module reads them with pdfium and hands them to pdfplumber's own algorithms through
:class:`LitePage`, an object with the few attributes those algorithms use (``chars``,
``edges``, ``bbox``, ``extract_words``, ``crop``, ``find_tables``).

Coordinates are pdfplumber's: ``(x0, top, x1, bottom)`` on the page as displayed, origin at
the top-left corner (see :func:`lkj.extract.pdf_triage.display_transform`).
"""

from __future__ import annotations

import ctypes
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from lkj.models.document import BBox

from .pdf_triage import Convert, display_transform

#: how deep to follow form XObjects (a page drawn inside a form, a logo inside that)
MAX_FORM_DEPTH = 4
#: a segment this close to horizontal or vertical (points) is a ruling; others are curves
AXIS_TOLERANCE = 0.5

Obj = dict[str, Any]


@dataclass
class LitePage:
    """The parts of a pdfplumber page that its table finder and word grouping read."""

    chars: list[Obj]
    edges: list[Obj]
    bbox: BBox
    width: float
    height: float
    _words: dict[tuple[Any, ...], list[Obj]] = field(default_factory=dict, repr=False)

    def extract_words(self, **kwargs: Any) -> list[Obj]:
        """pdfplumber's words (:func:`pdfplumber.utils.extract_words`) of these characters."""
        from pdfplumber.utils import extract_words

        key = tuple(sorted(kwargs.items()))
        if key not in self._words:
            self._words[key] = extract_words(self.chars, **kwargs)
        return self._words[key]

    def crop(self, bbox: BBox) -> LitePage:
        """The characters whose centre lies in ``bbox`` and the edges that touch it."""
        x0, top, x1, bottom = bbox

        def inside(c: Obj) -> bool:
            return (
                x0 <= (c["x0"] + c["x1"]) / 2 < x1 and top <= (c["top"] + c["bottom"]) / 2 < bottom
            )

        edges = [
            e
            for e in self.edges
            if e["x1"] >= x0 and e["x0"] <= x1 and e["bottom"] >= top and e["top"] <= bottom
        ]
        return LitePage([c for c in self.chars if inside(c)], edges, bbox, self.width, self.height)

    def find_tables(self, settings: dict[str, Any] | None = None) -> list[Any]:
        """pdfplumber's :class:`~pdfplumber.table.TableFinder` over these objects."""
        from pdfplumber.table import TableFinder

        return list(TableFinder(self, settings).tables)  # type: ignore[arg-type]


def table_cells(table: Any) -> tuple[list[Any], list[list[str | None]]]:
    """A pdfplumber table's rows and their cells' text, as ``Table.extract()`` gives them,
    with the characters found by their vertical middle through a sorted index instead of a
    scan of the page's characters for every row."""
    chars = sorted(table.page.chars, key=_v_mid)
    mids = [_v_mid(c) for c in chars]
    rows = table.rows
    out: list[list[str | None]] = []
    for row in rows:
        _, top, _, bottom = row.bbox
        in_row = chars[bisect_left(mids, top) : bisect_left(mids, bottom)]
        cells: list[str | None] = []
        for cell in row.cells:
            if cell is None:
                cells.append(None)
                continue
            x0, ctop, x1, cbottom = cell
            got = [
                c
                for c in in_row
                if x0 <= (c["x0"] + c["x1"]) / 2 < x1 and ctop <= _v_mid(c) < cbottom
            ]
            cells.append(cell_text(got))
        out.append(cells)
    return rows, out


def cell_text(chars: list[Obj], tolerance: float = 3.0) -> str:
    """The text of a cell's characters as :func:`pdfplumber.utils.extract_text` gives it for
    upright text (lines clustered by top, words split at spaces and gaps wider than
    ``tolerance``, words joined by a space and lines by a newline), without building its
    text map for every cell."""
    if not chars:
        return ""
    words: list[tuple[float, str]] = []  # (top, text)
    for line in _clusters(chars, tolerance):
        line.sort(key=lambda c: c["x0"])
        word: list[Obj] = []
        for c in line:
            if c["text"].isspace():
                _flush(word, words)
                word = []
            elif word and (
                c["x0"] < word[-1]["x0"]
                or c["x0"] > word[-1]["x1"] + tolerance
                or abs(c["top"] - word[-1]["top"]) > tolerance
            ):
                _flush(word, words)
                word = [c]
            else:
                word.append(c)
        _flush(word, words)
    lines: list[list[str]] = []
    tops = _cluster_index([t for t, _ in words], tolerance)
    by_line: dict[int, list[str]] = {}
    for top, text in words:
        by_line.setdefault(tops[top], []).append(text)
    lines = [by_line[k] for k in sorted(by_line)]
    return "\n".join(" ".join(line) for line in lines)


def _flush(word: list[Obj], words: list[tuple[float, str]]) -> None:
    if word:
        words.append((min(c["top"] for c in word), "".join(c["text"] for c in word)))


def _clusters(chars: list[Obj], tolerance: float) -> list[list[Obj]]:
    index = _cluster_index([c["top"] for c in chars], tolerance)
    groups: dict[int, list[Obj]] = {}
    for c in chars:
        groups.setdefault(index[c["top"]], []).append(c)
    return [groups[k] for k in sorted(groups)]


def _cluster_index(values: list[float], tolerance: float) -> dict[float, int]:
    """pdfplumber's ``make_cluster_dict``: sorted values, a new cluster where the step from
    the last value exceeds ``tolerance``."""
    out: dict[float, int] = {}
    last: float | None = None
    k = -1
    for v in sorted(set(values)):
        if last is None or v > last + tolerance:
            k += 1
        out[v] = k
        last = v
    return out


def _v_mid(c: Obj) -> float:
    return (c["top"] + c["bottom"]) / 2


def read_objects(page: pdfium.PdfPage) -> LitePage:
    """Characters (loose boxes, as pdfminer's) and ruling edges of one pdfium page."""
    width, height, convert = display_transform(page)
    tp = page.get_textpage()
    try:
        chars = _chars(tp, convert)
    finally:
        tp.close()
    edges = _edges(page.raw, convert)
    return LitePage(chars, edges, (0.0, 0.0, width, height), width, height)


def _chars(tp: pdfium.PdfTextPage, convert: Convert) -> list[Obj]:
    raw = tp.raw
    n = pdfium_c.FPDFText_CountChars(raw)
    text = tp.get_text_range() if n else ""
    aligned = len(text) == n  # one UTF-16 unit per character: read the text once
    rect = pdfium_c.FS_RECTF()
    out: list[Obj] = []
    for i in range(n):
        ch = text[i] if aligned else chr(pdfium_c.FPDFText_GetUnicode(raw, i))
        if ch < " " or ch in "\ufeff\ufffe\uffff":
            continue  # line breaks and markers
        if ch in " \xa0" and pdfium_c.FPDFText_IsGenerated(raw, i):
            continue  # a space pdfium made up for a gap; a space in the content is a char
        if not pdfium_c.FPDFText_GetLooseCharBox(raw, i, rect):
            continue
        x0, top, x1, bottom = convert(rect.left, rect.bottom, rect.right, rect.top)
        if x1 <= x0 or bottom <= top:
            continue
        # the keys pdfplumber's word grouping and table text read
        out.append(
            {
                "text": ch,
                "x0": x0,
                "x1": x1,
                "top": top,
                "bottom": bottom,
                "doctop": top,
                "height": bottom - top,
                "upright": True,
            }
        )
    return out


def _edges(raw_page: Any, convert: Convert) -> list[Obj]:
    out: list[Obj] = []
    n = pdfium_c.FPDFPage_CountObjects(raw_page)
    objs = [pdfium_c.FPDFPage_GetObject(raw_page, k) for k in range(n)]
    _walk(objs, None, convert, out, 0)
    return out


_Matrix = tuple[float, float, float, float, float, float]


def _walk(
    objs: list[Any], parent: _Matrix | None, convert: Convert, out: list[Obj], depth: int
) -> None:
    m = pdfium_c.FS_MATRIX()
    for obj in objs:
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind not in (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM):
            continue
        if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
            continue
        own: _Matrix = (m.a, m.b, m.c, m.d, m.e, m.f)
        matrix = own if parent is None else _compose(own, parent)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            if depth < MAX_FORM_DEPTH:
                k = pdfium_c.FPDFFormObj_CountObjects(obj)
                kids = [pdfium_c.FPDFFormObj_GetObject(obj, i) for i in range(k)]
                _walk(kids, matrix, convert, out, depth + 1)
            continue
        _path_edges(obj, matrix, convert, out)


def _compose(inner: _Matrix, outer: _Matrix) -> _Matrix:
    """``inner`` then ``outer`` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def _path_edges(obj: Any, m: _Matrix, convert: Convert, out: list[Obj]) -> None:
    """The axis-parallel straight segments of one path, each an edge (a rectangle gives its
    four sides, as pdfplumber's rect edges do)."""
    a, b, c, d, e, f = m
    x = ctypes.c_float()
    y = ctypes.c_float()
    n = pdfium_c.FPDFPath_CountSegments(obj)
    start: tuple[float, float] | None = None
    prev: tuple[float, float] | None = None
    for i in range(n):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        if not pdfium_c.FPDFPathSegment_GetPoint(seg, x, y):
            continue
        px, py = x.value, y.value
        point = (a * px + c * py + e, b * px + d * py + f)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == pdfium_c.FPDF_SEGMENT_LINETO and prev is not None:
            _add_edge(prev, point, convert, out)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or start is None:
            start = point
        prev = point
        if pdfium_c.FPDFPathSegment_GetClose(seg) and start is not None:
            _add_edge(point, start, convert, out)
            prev = start


def _add_edge(
    p: tuple[float, float], q: tuple[float, float], convert: Convert, out: list[Obj]
) -> None:
    x0, top, x1, bottom = convert(
        min(p[0], q[0]), min(p[1], q[1]), max(p[0], q[0]), max(p[1], q[1])
    )
    w, h = x1 - x0, bottom - top
    if h <= AXIS_TOLERANCE and w > AXIS_TOLERANCE:
        orientation = "h"
    elif w <= AXIS_TOLERANCE and h > AXIS_TOLERANCE:
        orientation = "v"
    else:
        return
    out.append(
        {
            "x0": x0,
            "x1": x1,
            "top": top,
            "bottom": bottom,
            "doctop": top,
            "width": w,
            "height": h,
            "orientation": orientation,
            "object_type": "line",
        }
    )
