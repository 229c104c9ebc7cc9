"""A page's characters and ruling edges read with pdfium, in the shape pdfplumber's table
finder takes.

pdfplumber finds ruled tables well (edges merged, intersections, the smallest cells, cells
grouped into tables) and its word grouping is tested on many documents, but it reads a page
through pdfminer, which interprets the content stream in Python: about half a second for a
page of table. pdfium reads the same characters and paths in C in a few milliseconds. This
module reads them with pdfium and hands them to pdfplumber's own algorithms through
:class:`LitePage`, an object with the few attributes those algorithms use (``chars``,
``edges``, ``bbox``, ``extract_words``, ``crop``, ``find_tables``).

Two of pdfplumber's steps are done here instead, the same way with indexes, because they were
most of the time of a page of table: grouping upright characters into words, and finding the
cells between the ruling intersections (pdfplumber scans every later point for each point).
They give exactly pdfplumber's words and cells (tests/test_pdf_objects.py compares them on the
seed renderings); any other word option, or characters not upright, go to pdfplumber itself.

Coordinates are pdfplumber's: ``(x0, top, x1, bottom)`` on the page as displayed, origin at
the top-left corner (see :func:`lkj.extract.pdf_triage.display_transform`).
"""

from __future__ import annotations

import ctypes
import struct
from bisect import bisect_left
from operator import itemgetter
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from lkj.models.document import BBox

from .pdf_triage import Convert, display_transform, unchecked

#: how deep to follow form XObjects (a page drawn inside a form, a logo inside that)
MAX_FORM_DEPTH = 4
#: a segment this close to horizontal or vertical (points) is a ruling; others are curves
AXIS_TOLERANCE = 0.5

Obj = dict[str, Any]
#: a character as lkj's own word grouping and cell text read it: its text, x0, x1, top and
#: bottom (pdfium's characters are upright, their ``doctop`` their ``top``)
Char = tuple[str, float, float, float, float]


def char_obj(text: str, x0: float, x1: float, top: float, bottom: float) -> Obj:
    """An upright character as pdfplumber's dict (the keys its word grouping and table text
    read)."""
    return {
        "text": text,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "height": bottom - top,
        "upright": True,
    }


class LitePage:
    """The parts of a pdfplumber page that its table finder and word grouping read.

    A page read with pdfium holds its characters as :data:`Char` records: a page of table
    has thousands, and lkj's words, crops and cell text read only those five values. The
    dicts pdfplumber's own code takes (``chars``) are made from them where it is called (a
    word option lkj does not handle). A page made from character dicts (OCR, tests) keeps
    them, and its records are read from them.
    """

    def __init__(
        self,
        chars: list[Obj] | None,
        edges: list[Obj],
        bbox: BBox,
        width: float,
        height: float,
        *,
        records: list[Char] | None = None,
    ) -> None:
        if chars is None and records is None:
            raise ValueError("a LitePage needs its characters, as dicts or as records")
        self._chars = chars
        self._records = records
        self.edges = edges
        self.bbox = bbox
        self.width = width
        self.height = height
        self._words: dict[tuple[Any, ...], list[Obj]] = {}
        #: the records by their vertical middle, and those middles (:func:`table_cells`)
        self._by_mid: tuple[list[Char], list[float]] | None = None

    def __repr__(self) -> str:
        return f"LitePage({len(self.records)} chars, {len(self.edges)} edges, {self.bbox})"

    @property
    def chars(self) -> list[Obj]:
        """The characters as pdfplumber's dicts (the keys its word grouping and table text
        read)."""
        if self._chars is None:
            assert self._records is not None
            self._chars = [char_obj(*r) for r in self._records]
        return self._chars

    @property
    def records(self) -> list[Char]:
        """The characters as :data:`Char` records, in page order."""
        if self._records is None:
            assert self._chars is not None
            self._records = [
                (c["text"], c["x0"], c["x1"], c["top"], c["bottom"]) for c in self._chars
            ]
        return self._records

    def extract_words(self, **kwargs: Any) -> list[Obj]:
        """pdfplumber's words (:func:`pdfplumber.utils.extract_words`) of these characters."""
        key = tuple(sorted(kwargs.items()))
        if key not in self._words:
            words = _upright_words(self.records, **kwargs) if self._upright() else None
            if words is None:
                from pdfplumber.utils import extract_words

                words = extract_words(self.chars, **kwargs)
            self._words[key] = words
        return self._words[key]

    def _upright(self) -> bool:
        """Whether every character is upright with its ``doctop`` at its ``top``, as the
        records take them (pdfium's always are, OCR's too)."""
        if self._chars is None:
            return True
        return all(c["upright"] is True and c["doctop"] == c["top"] for c in self._chars)

    def crop(self, bbox: BBox) -> LitePage:
        """The characters whose centre lies in ``bbox`` and the edges that touch it."""
        x0, top, x1, bottom = bbox
        edges = [
            e
            for e in self.edges
            if e["x1"] >= x0 and e["x0"] <= x1 and e["bottom"] >= top and e["top"] <= bottom
        ]
        records = self.records
        keep = [
            k
            for k, r in enumerate(records)
            if x0 <= (r[1] + r[2]) / 2 < x1 and top <= (r[3] + r[4]) / 2 < bottom
        ]
        chars = None if self._chars is None else [self._chars[k] for k in keep]
        return LitePage(
            chars, edges, bbox, self.width, self.height, records=[records[k] for k in keep]
        )

    def find_tables(self, settings: dict[str, Any] | None = None) -> list[Any]:
        """pdfplumber's :class:`~pdfplumber.table.TableFinder` over these objects."""
        return list(_finder(self, settings).tables)

    def records_by_mid(self) -> tuple[list[Char], list[float]]:
        """The records sorted by their vertical middle (stable), and those middles."""
        if self._by_mid is None:
            self._by_mid = _by_mid(self.records)
        return self._by_mid


def _by_mid(records: list[Char]) -> tuple[list[Char], list[float]]:
    mids = [(r[3] + r[4]) / 2 for r in records]
    order = sorted(range(len(records)), key=mids.__getitem__)  # stable
    return [records[i] for i in order], [mids[i] for i in order]


# --------------------------------------------------------------------------- pdfplumber, faster


def _upright_words(
    chars: list[Char], x_tolerance: float = 3, y_tolerance: float = 3, **kwargs: Any
) -> list[Obj] | None:
    """pdfplumber's :class:`~pdfplumber.utils.text.WordExtractor` words, for upright
    characters and the default options besides the tolerances: the same words (text,
    box and keys) from the same steps (lines clustered by top, characters sorted by x0,
    a word broken at a blank or a gap), without its generality. None where it does not
    apply (other options): pdfplumber's own then."""
    if set(kwargs) - {"keep_blank_chars"} or kwargs.get("keep_blank_chars"):
        return None
    if not chars:
        return []
    from pdfplumber.utils.text import LIGATURES

    # lines: pdfplumber's cluster_objects by "top" (clusters of the sorted distinct tops,
    # each character in its cluster in page order)
    cluster = _cluster_index([c[3] for c in chars], y_tolerance)
    lines: dict[int, list[Char]] = {}
    for c in chars:
        line = lines.get(cluster[c[3]])
        if line is None:
            lines[cluster[c[3]]] = [c]
        else:
            line.append(c)
    out: list[Obj] = []
    for k in sorted(lines):
        line = lines[k]
        line.sort(key=_X0)  # stable: characters at the same x0 stay in page order
        word: list[Char] = []
        prev = line[0]  # the word's last character, once the word has one
        for c in line:
            text = c[0]
            if not text or text.isspace():
                if word:
                    out.append(_merge_word(word, LIGATURES))
                word = []
                if not text:  # pdfplumber makes a character without text a word
                    out.append(_merge_word([c], LIGATURES))
                continue
            if word and (
                c[1] < prev[1] or c[1] > prev[2] + x_tolerance or abs(c[3] - prev[3]) > y_tolerance
            ):
                out.append(_merge_word(word, LIGATURES))
                word = [c]
            else:
                word.append(c)
            prev = c
        if word:
            out.append(_merge_word(word, LIGATURES))
    return out


#: a record's x0 and top, as sort keys
_X0, _TOP = itemgetter(1), itemgetter(3)


def _merge_word(chars: list[Char], ligatures: dict[str, str]) -> Obj:
    """pdfplumber's ``WordExtractor.merge_chars`` for upright characters."""
    _, x0, x1, top, bottom = chars[0]
    for c in chars:  # min and max of each coordinate, in one pass
        if c[1] < x0:
            x0 = c[1]
        if c[3] < top:
            top = c[3]
        if c[2] > x1:
            x1 = c[2]
        if c[4] > bottom:
            bottom = c[4]
    return {
        "text": "".join([ligatures.get(c[0], c[0] or "") for c in chars]),
        "x0": x0,
        "x1": x1,
        "top": top,
        "doctop": top,
        "bottom": bottom,
        "upright": True,
        "height": bottom - top,
        "width": x1 - x0,
        "direction": "ltr",
    }


def _finder(page: LitePage, settings: dict[str, Any] | None) -> Any:
    """pdfplumber's :class:`~pdfplumber.table.TableFinder` (its edges, intersections, cells
    and tables), with the cells found from the intersections through indexes
    (:func:`_intersections_to_cells`): pdfplumber's own scans every later point for each
    point, and builds the sets of edges it compares again for each comparison."""
    from pdfplumber.table import (
        Table,
        TableFinder,
        TableSettings,
        cells_to_tables,
        edges_to_intersections,
    )

    finder = TableFinder.__new__(TableFinder)
    finder.page = page  # type: ignore[assignment]
    finder.settings = TableSettings.resolve(settings)
    finder.edges = finder.get_edges()
    finder.intersections = edges_to_intersections(
        finder.edges,
        finder.settings.intersection_x_tolerance,
        finder.settings.intersection_y_tolerance,
    )
    finder.cells = _intersections_to_cells(finder.intersections)
    finder.tables = [Table(page, group) for group in cells_to_tables(finder.cells)]  # type: ignore[arg-type]
    return finder


def _intersections_to_cells(
    intersections: dict[tuple[float, float], dict[str, list[Obj]]],
) -> list[BBox]:
    """pdfplumber's ``intersections_to_cells``, the same cells in the same order: for each
    point (sorted), the first point below it and the first to its right (nearest first)
    that its edges reach, whose corner is a point both reach."""

    def bboxes(edges: list[Obj]) -> set[BBox]:
        return {(e["x0"], e["top"], e["x1"], e["bottom"]) for e in edges}

    v = {p: bboxes(d["v"]) for p, d in intersections.items()}
    h = {p: bboxes(d["h"]) for p, d in intersections.items()}

    def connects(p1: tuple[float, float], p2: tuple[float, float]) -> bool:
        if p1[0] == p2[0] and not v[p1].isdisjoint(v[p2]):
            return True
        return p1[1] == p2[1] and not h[p1].isdisjoint(h[p2])

    points = sorted(intersections)
    by_y: dict[float, list[tuple[float, float]]] = {}
    for p in points:  # each row of points left to right
        by_y.setdefault(p[1], []).append(p)
    at_row = {p: i for row in by_y.values() for i, p in enumerate(row)}
    cells: list[BBox] = []
    n = len(points)
    for i, pt in enumerate(points[:-1]):
        below = []
        j = i + 1
        while j < n and points[j][0] == pt[0]:  # same x, further down: next in order
            below.append(points[j])
            j += 1
        right = by_y[pt[1]][at_row[pt] + 1 :]
        cell = _smallest_cell(pt, below, right, intersections, connects)
        if cell is not None:
            cells.append(cell)
    return cells


def _smallest_cell(
    pt: tuple[float, float],
    below: list[tuple[float, float]],
    right: list[tuple[float, float]],
    intersections: dict[tuple[float, float], Any],
    connects: Any,
) -> BBox | None:
    for below_pt in below:
        if not connects(pt, below_pt):
            continue
        for right_pt in right:
            if not connects(pt, right_pt):
                continue
            corner = (right_pt[0], below_pt[1])
            if (
                corner in intersections
                and connects(corner, right_pt)
                and connects(corner, below_pt)
            ):
                return (pt[0], pt[1], corner[0], corner[1])
    return None


def table_cells(table: Any) -> tuple[list[Any], list[list[str | None]]]:
    """A pdfplumber table's rows and their cells' text, as ``Table.extract()`` gives them,
    with the characters found by their vertical middle through a sorted index instead of a
    scan of the page's characters for every row, and by their horizontal middle for every
    cell (kept in page order, as ``extract`` keeps them)."""
    page = table.page
    if isinstance(page, LitePage):
        chars, mids = page.records_by_mid()
    else:
        chars, mids = _by_mid(
            [(c["text"], c["x0"], c["x1"], c["top"], c["bottom"]) for c in page.chars]
        )
    rows = table.rows
    out: list[list[str | None]] = []
    for row in rows:
        _, top, _, bottom = row.bbox
        lo, hi = bisect_left(mids, top), bisect_left(mids, bottom)
        # the row's characters (by index) left to right, by their horizontal middles
        across = {k: (chars[k][1] + chars[k][2]) / 2 for k in range(lo, hi)}
        in_row = sorted(range(lo, hi), key=across.__getitem__)  # stable: ties keep index order
        xs = [across[k] for k in in_row]
        cells: list[str | None] = []
        for cell in row.cells:
            if cell is None:
                cells.append(None)
                continue
            x0, ctop, x1, cbottom = cell
            got = sorted(  # by index: in the order of the characters, as extract() keeps them
                k
                for k in in_row[bisect_left(xs, x0) : bisect_left(xs, x1)]
                if ctop <= mids[k] < cbottom
            )
            cells.append(cell_text([chars[k] for k in got]))
        out.append(cells)
    return rows, out


def cell_text(chars: list[Char], tolerance: float = 3.0) -> str:
    """The text of a cell's characters as :func:`pdfplumber.utils.extract_text` gives it for
    upright text (lines clustered by top, words split at spaces and gaps wider than
    ``tolerance``, words joined by a space and lines by a newline), without building its
    text map for every cell."""
    if not chars:
        return ""
    words: list[tuple[float, str]] = []  # (top of its highest character, text)
    for line in _clusters(chars, tolerance):
        line.sort(key=_X0)
        texts: list[str] = []  # the word so far: its characters' texts, its top, its last
        top = 0.0
        prev: Char | None = None
        for c in line:
            text = c[0]
            if text.isspace():
                if texts:
                    words.append((top, "".join(texts)))
                texts, prev = [], None
                continue
            if prev is None or (
                c[1] < prev[1] or c[1] > prev[2] + tolerance or abs(c[3] - prev[3]) > tolerance
            ):
                if texts:
                    words.append((top, "".join(texts)))
                texts, top = [text], c[3]
            else:
                texts.append(text)
                if c[3] < top:
                    top = c[3]
            prev = c
        if texts:
            words.append((top, "".join(texts)))
    if len(words) == 1:  # most cells: one word, one line
        return words[0][1]
    tops = _cluster_index([t for t, _ in words], tolerance)
    by_line: dict[int, list[str]] = {}
    for top, text in words:
        by_line.setdefault(tops[top], []).append(text)
    return "\n".join(" ".join(by_line[k]) for k in sorted(by_line))


def _clusters(chars: list[Char], tolerance: float) -> list[list[Char]]:
    """The characters by line (:func:`_cluster_index` of their tops), in page order."""
    tops = [c[3] for c in chars]
    if max(tops) <= min(tops) + tolerance:
        # one line (most cells): no step between sorted tops can exceed the tolerance
        return [list(chars)]
    index = _cluster_index(tops, tolerance)
    groups: dict[int, list[Char]] = {}
    for c in chars:
        groups.setdefault(index[c[3]], []).append(c)
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


def read_objects(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage | None = None) -> LitePage:
    """Characters (loose boxes, as pdfminer's) and ruling edges of one pdfium page.
    ``textpage``: the page's text page when the caller holds it open (it stays open)."""
    width, height, convert = display_transform(page)
    # an upright page's boxes are moved in the loop itself (the same arithmetic as
    # ``convert``): a page of table holds thousands of characters
    upright = None
    if page.get_rotation() % 360 == 0:
        x0, y0, _, _ = page.get_mediabox()
        upright = (x0, y0, height)
    tp = page.get_textpage() if textpage is None else textpage
    try:
        chars = _chars(tp, convert, upright)
    finally:
        if textpage is None:
            tp.close()
    edges = _edges(page.raw, convert)
    return LitePage(None, edges, (0.0, 0.0, width, height), width, height, records=chars)


#: pdfium's per-character and per-segment getters, called without ctypes' argument checks
#: (:func:`~lkj.extract.pdf_triage.unchecked`): a page of table makes thousands of calls
_LOOSE_BOX = unchecked(pdfium_c.FPDFText_GetLooseCharBox)
_IS_GENERATED = unchecked(pdfium_c.FPDFText_IsGenerated)
_GET_OBJECT = unchecked(pdfium_c.FPDFPage_GetObject)
_OBJECT_TYPE = unchecked(pdfium_c.FPDFPageObj_GetType)
_GET_MATRIX = unchecked(pdfium_c.FPDFPageObj_GetMatrix)
_COUNT_SEGMENTS = unchecked(pdfium_c.FPDFPath_CountSegments)
_GET_SEGMENT = unchecked(pdfium_c.FPDFPath_GetPathSegment)
_SEGMENT_POINT = unchecked(pdfium_c.FPDFPathSegment_GetPoint)
_SEGMENT_TYPE = unchecked(pdfium_c.FPDFPathSegment_GetType)
_SEGMENT_CLOSE = unchecked(pdfium_c.FPDFPathSegment_GetClose)
#: an ``FS_RECTF`` (left, top, right, bottom) read in one step rather than field by field
_RECTF = struct.Struct("4f")


def _chars(
    tp: pdfium.PdfTextPage,
    convert: Convert,
    upright: tuple[float, float, float] | None = None,
) -> list[Char]:
    raw = tp.raw
    n = pdfium_c.FPDFText_CountChars(raw)
    text = tp.get_text_range() if n else ""
    if len(text) != n:  # not one UTF-16 unit per character: read them one by one
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(raw, i)) for i in range(n))
    rect = pdfium_c.FS_RECTF()
    rect_ref = ctypes.byref(rect)
    unpack = _RECTF.unpack
    mx0, my0, height = upright if upright is not None else (0.0, 0.0, 0.0)
    out: list[Char] = []
    append = out.append
    for i, ch in enumerate(text):
        if ch < " " or ch in "\ufeff\ufffe\uffff":
            continue  # line breaks and markers
        if ch in " \xa0" and _IS_GENERATED(raw, i):
            continue  # a space pdfium made up for a gap; a space in the content is a char
        if not _LOOSE_BOX(raw, i, rect_ref):
            continue
        left, top, right, bottom = unpack(rect)
        if upright is not None:
            x0, top, x1, bottom = left - mx0, height - top + my0, right - mx0, height - bottom + my0
        else:
            x0, top, x1, bottom = convert(left, bottom, right, top)
        if x1 <= x0 or bottom <= top:
            continue
        append((ch, x0, x1, top, bottom))
    return out


def _edges(raw_page: Any, convert: Convert) -> list[Obj]:
    n = pdfium_c.FPDFPage_CountObjects(raw_page)
    reader = _EdgeReader(convert)
    reader.walk([_GET_OBJECT(raw_page, k) for k in range(n)], None, 0)
    return reader.edges


_Matrix = tuple[float, float, float, float, float, float]


class _EdgeReader:
    """The edges of a page's paths, forms followed; pdfium's out-parameters are made once
    for the page (a page of table holds hundreds of paths)."""

    def __init__(self, convert: Convert) -> None:
        self.convert = convert
        self.edges: list[Obj] = []
        self.matrix = pdfium_c.FS_MATRIX()
        self.matrix_ref = ctypes.byref(self.matrix)
        self.x, self.y = ctypes.c_float(), ctypes.c_float()
        self.x_ref, self.y_ref = ctypes.byref(self.x), ctypes.byref(self.y)

    def walk(self, objs: list[Any], parent: _Matrix | None, depth: int) -> None:
        m, m_ref = self.matrix, self.matrix_ref
        path, form = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM
        for obj in objs:
            kind = _OBJECT_TYPE(obj)
            if kind != path and kind != form:
                continue
            if not _GET_MATRIX(obj, m_ref):
                continue
            own: _Matrix = (m.a, m.b, m.c, m.d, m.e, m.f)
            matrix = own if parent is None else _compose(own, parent)
            if kind == form:
                if depth < MAX_FORM_DEPTH:
                    k = pdfium_c.FPDFFormObj_CountObjects(obj)
                    kids = [pdfium_c.FPDFFormObj_GetObject(obj, i) for i in range(k)]
                    self.walk(kids, matrix, depth + 1)
                continue
            self.path(obj, matrix)

    def path(self, obj: Any, m: _Matrix) -> None:
        """The axis-parallel straight segments of one path, each an edge (a rectangle gives
        its four sides, as pdfplumber's rect edges do)."""
        a, b, c, d, e, f = m
        x, y, x_ref, y_ref = self.x, self.y, self.x_ref, self.y_ref
        lineto, moveto = pdfium_c.FPDF_SEGMENT_LINETO, pdfium_c.FPDF_SEGMENT_MOVETO
        start: tuple[float, float] | None = None
        prev: tuple[float, float] | None = None
        for i in range(_COUNT_SEGMENTS(obj)):
            seg = _GET_SEGMENT(obj, i)
            if not _SEGMENT_POINT(seg, x_ref, y_ref):
                continue
            px, py = x.value, y.value
            point = (a * px + c * py + e, b * px + d * py + f)
            kind = _SEGMENT_TYPE(seg)
            if kind == lineto and prev is not None:
                self.add(prev, point)
            if kind == moveto or start is None:
                start = point
            prev = point
            if _SEGMENT_CLOSE(seg) and start is not None:
                self.add(point, start)
                prev = start

    def add(self, p: tuple[float, float], q: tuple[float, float]) -> None:
        """The edge from ``p`` to ``q`` if it is a ruling (horizontal or vertical)."""
        (px, py), (qx, qy) = p, q
        # min and max as the builtins pick them (the first of equals), without their calls
        x0, top, x1, bottom = self.convert(
            qx if qx < px else px,
            qy if qy < py else py,
            qx if qx > px else px,
            qy if qy > py else py,
        )
        w, h = x1 - x0, bottom - top
        if h <= AXIS_TOLERANCE and w > AXIS_TOLERANCE:
            orientation = "h"
        elif w <= AXIS_TOLERANCE and h > AXIS_TOLERANCE:
            orientation = "v"
        else:
            return
        self.edges.append(
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
