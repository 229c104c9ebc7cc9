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
    #: the characters by their vertical middle, and those middles (:func:`table_cells`)
    _by_mid: tuple[list[Obj], list[float]] | None = field(default=None, repr=False)

    def extract_words(self, **kwargs: Any) -> list[Obj]:
        """pdfplumber's words (:func:`pdfplumber.utils.extract_words`) of these characters."""
        key = tuple(sorted(kwargs.items()))
        if key not in self._words:
            words = _upright_words(self.chars, **kwargs)
            if words is None:
                from pdfplumber.utils import extract_words

                words = extract_words(self.chars, **kwargs)
            self._words[key] = words
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
        return list(_finder(self, settings).tables)

    def chars_by_mid(self) -> tuple[list[Obj], list[float]]:
        """The characters sorted by their vertical middle (stable), and those middles."""
        if self._by_mid is None:
            chars = self.chars
            mids = [(c["top"] + c["bottom"]) / 2 for c in chars]
            order = sorted(range(len(chars)), key=mids.__getitem__)  # stable
            self._by_mid = ([chars[i] for i in order], [mids[i] for i in order])
        return self._by_mid


# --------------------------------------------------------------------------- pdfplumber, faster


def _upright_words(
    chars: list[Obj], x_tolerance: float = 3, y_tolerance: float = 3, **kwargs: Any
) -> list[Obj] | None:
    """pdfplumber's :class:`~pdfplumber.utils.text.WordExtractor` words, for upright
    characters and the default options besides the tolerances: the same words (text,
    box and keys) from the same steps (lines clustered by top, characters sorted by x0,
    a word broken at a blank or a gap), without its generality. None where it does not
    apply (other options, a character not upright): pdfplumber's own then."""
    if set(kwargs) - {"keep_blank_chars"} or kwargs.get("keep_blank_chars"):
        return None
    if not chars:
        return []
    upright = chars[0]["upright"]
    if not upright or any(c["upright"] != upright for c in chars):
        return None  # pdfplumber groups the characters by direction first
    from pdfplumber.utils.text import LIGATURES

    # lines: pdfplumber's cluster_objects by "top" (clusters of the sorted distinct tops,
    # each character in its cluster in page order)
    tops = _cluster_index([c["top"] for c in chars], y_tolerance)
    lines: dict[int, list[Obj]] = {}
    for c in chars:
        lines.setdefault(tops[c["top"]], []).append(c)
    out: list[Obj] = []
    for k in sorted(lines):
        line = sorted(lines[k], key=_x0)
        word: list[Obj] = []
        for c in line:
            if c["text"].isspace() or not c["text"]:
                if word:
                    out.append(_merge_word(word, LIGATURES))
                word = []
                if not c["text"]:  # pdfplumber makes a character without text a word
                    out.append(_merge_word([c], LIGATURES))
                continue
            if word:
                prev = word[-1]
                if (
                    c["x0"] < prev["x0"]
                    or c["x0"] > prev["x1"] + x_tolerance
                    or abs(c["top"] - prev["top"]) > y_tolerance
                ):
                    out.append(_merge_word(word, LIGATURES))
                    word = [c]
                    continue
            word.append(c)
        if word:
            out.append(_merge_word(word, LIGATURES))
    return out


def _x0(c: Obj) -> float:
    return c["x0"]


def _merge_word(chars: list[Obj], ligatures: dict[str, str]) -> Obj:
    """pdfplumber's ``WordExtractor.merge_chars`` for upright characters."""
    first = chars[0]
    x0, top, x1, bottom = first["x0"], first["top"], first["x1"], first["bottom"]
    for c in chars:  # min and max of each coordinate, in one pass
        if c["x0"] < x0:
            x0 = c["x0"]
        if c["top"] < top:
            top = c["top"]
        if c["x1"] > x1:
            x1 = c["x1"]
        if c["bottom"] > bottom:
            bottom = c["bottom"]
    return {
        "text": "".join([ligatures.get(c["text"], c["text"] or "") for c in chars]),
        "x0": x0,
        "x1": x1,
        "top": top,
        "doctop": top + (first["doctop"] - first["top"]),
        "bottom": bottom,
        "upright": first["upright"],
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
        chars, mids = page.chars_by_mid()
    else:
        chars = sorted(page.chars, key=_v_mid)
        mids = [_v_mid(c) for c in chars]
    rows = table.rows
    out: list[list[str | None]] = []
    for row in rows:
        _, top, _, bottom = row.bbox
        lo, hi = bisect_left(mids, top), bisect_left(mids, bottom)
        # the row's characters (by index) left to right, by their horizontal middles
        across = {k: (chars[k]["x0"] + chars[k]["x1"]) / 2 for k in range(lo, hi)}
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


def cell_text(chars: list[Obj], tolerance: float = 3.0) -> str:
    """The text of a cell's characters as :func:`pdfplumber.utils.extract_text` gives it for
    upright text (lines clustered by top, words split at spaces and gaps wider than
    ``tolerance``, words joined by a space and lines by a newline), without building its
    text map for every cell."""
    if not chars:
        return ""
    words: list[tuple[float, str]] = []  # (top of its highest character, text)
    for line in _clusters(chars, tolerance):
        line.sort(key=_x0)
        texts: list[str] = []  # the word so far: its characters' texts, its top, its last
        top = 0.0
        prev: Obj | None = None
        for c in line:
            text = c["text"]
            if text.isspace():
                if texts:
                    words.append((top, "".join(texts)))
                texts, prev = [], None
                continue
            if prev is None or (
                c["x0"] < prev["x0"]
                or c["x0"] > prev["x1"] + tolerance
                or abs(c["top"] - prev["top"]) > tolerance
            ):
                if texts:
                    words.append((top, "".join(texts)))
                texts, top = [text], c["top"]
            else:
                texts.append(text)
                if c["top"] < top:
                    top = c["top"]
            prev = c
        if texts:
            words.append((top, "".join(texts)))
    lines: list[list[str]] = []
    tops = _cluster_index([t for t, _ in words], tolerance)
    by_line: dict[int, list[str]] = {}
    for top, text in words:
        by_line.setdefault(tops[top], []).append(text)
    lines = [by_line[k] for k in sorted(by_line)]
    return "\n".join(" ".join(line) for line in lines)


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
    return LitePage(chars, edges, (0.0, 0.0, width, height), width, height)


def _chars(
    tp: pdfium.PdfTextPage,
    convert: Convert,
    upright: tuple[float, float, float] | None = None,
) -> list[Obj]:
    raw = tp.raw
    n = pdfium_c.FPDFText_CountChars(raw)
    text = tp.get_text_range() if n else ""
    aligned = len(text) == n  # one UTF-16 unit per character: read the text once
    rect = pdfium_c.FS_RECTF()
    loose_box, generated = pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_IsGenerated
    mx0, my0, height = upright if upright is not None else (0.0, 0.0, 0.0)
    out: list[Obj] = []
    append = out.append
    for i in range(n):
        ch = text[i] if aligned else chr(pdfium_c.FPDFText_GetUnicode(raw, i))
        if ch < " " or ch in "\ufeff\ufffe\uffff":
            continue  # line breaks and markers
        if ch in " \xa0" and generated(raw, i):
            continue  # a space pdfium made up for a gap; a space in the content is a char
        if not loose_box(raw, i, rect):
            continue
        if upright is not None:
            x0, top, x1, bottom = (
                rect.left - mx0,
                height - rect.top + my0,
                rect.right - mx0,
                height - rect.bottom + my0,
            )
        else:
            x0, top, x1, bottom = convert(rect.left, rect.bottom, rect.right, rect.top)
        if x1 <= x0 or bottom <= top:
            continue
        # the keys pdfplumber's word grouping and table text read
        append(
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
    get_object = pdfium_c.FPDFPage_GetObject
    objs = [get_object(raw_page, k) for k in range(n)]
    _walk(objs, None, convert, out, 0)
    return out


_Matrix = tuple[float, float, float, float, float, float]
#: the object kinds that may hold ruling lines: paths, and forms that may hold paths
_PATH_OR_FORM = (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM)


def _walk(
    objs: list[Any], parent: _Matrix | None, convert: Convert, out: list[Obj], depth: int
) -> None:
    m = pdfium_c.FS_MATRIX()
    get_type, get_matrix = pdfium_c.FPDFPageObj_GetType, pdfium_c.FPDFPageObj_GetMatrix
    for obj in objs:
        kind = get_type(obj)
        if kind not in _PATH_OR_FORM:
            continue
        if not get_matrix(obj, m):
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


#: out-parameters for a path point, reused (a page of table has thousands of segments)
_POINT = (ctypes.c_float(), ctypes.c_float())


def _path_edges(obj: Any, m: _Matrix, convert: Convert, out: list[Obj]) -> None:
    """The axis-parallel straight segments of one path, each an edge (a rectangle gives its
    four sides, as pdfplumber's rect edges do)."""
    a, b, c, d, e, f = m
    x, y = _POINT
    get_segment, get_point = pdfium_c.FPDFPath_GetPathSegment, pdfium_c.FPDFPathSegment_GetPoint
    get_kind, get_close = pdfium_c.FPDFPathSegment_GetType, pdfium_c.FPDFPathSegment_GetClose
    lineto, moveto = pdfium_c.FPDF_SEGMENT_LINETO, pdfium_c.FPDF_SEGMENT_MOVETO
    n = pdfium_c.FPDFPath_CountSegments(obj)
    start: tuple[float, float] | None = None
    prev: tuple[float, float] | None = None
    for i in range(n):
        seg = get_segment(obj, i)
        if not get_point(seg, x, y):
            continue
        px, py = x.value, y.value
        point = (a * px + c * py + e, b * px + d * py + f)
        kind = get_kind(seg)
        if kind == lineto and prev is not None:
            _add_edge(prev, point, convert, out)
        if kind == moveto or start is None:
            start = point
        prev = point
        if get_close(seg) and start is not None:
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
