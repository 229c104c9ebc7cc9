"""Open a PDF, read every page's text lines with pdfium, and mark the pages that hold tables.

pdfium reads a page's text in a few milliseconds, so every page is read here; only the
*candidate* pages (and their neighbours, since tables run on across pages) go on to the
slower table locators. A page is a candidate for what its text says: a table caption
("Tabel 3.1", "Tabel. 3.1", "Tabel.3.3", "*Tabel 3.1", "TABEL"), a line of header words
(INDIKATOR ... TARGET ... REALISASI, PAGU ... SISA, LAKI-LAKI ... PEREMPUAN), the Daftar
Tabel, rows of figures in columns, or being one of the first pages (the cover names the
satker and the year).

Coordinates follow pdfplumber: ``(x0, top, x1, bottom)`` in points on the page as displayed
(``/Rotate`` applied), the origin at its top-left corner.
"""

from __future__ import annotations

import ctypes
import mmap
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from lkj.models.document import BBox
from lkj.models.errors import LkjError, UnreadableFile
from lkj.normalize.text import fold

#: path objects (ruling lines, cell borders) from which a page may hold a ruled table
MIN_PATHS = 8
#: pages always read for tables (the cover and its title pages)
COVER_PAGES = 3
#: reasons read from the text lines alone: no table search for a page with only these
TEXT_ONLY = {"cover", "daftar tabel"}
#: header words that mark a table's header line (exact, after folding)
HEADER_WORDS = {
    "indikator", "target", "realisasi", "capaian", "pagu", "sisa", "revisi", "dipa", "jumlah",
    "anggaran", "uraian", "keterangan", "satuan", "kegiatan", "program", "laki", "perempuan",
    "persentase", "prosentase", "tps", "kecamatan", "pemilih", "sasaran", "tapkin",
}  # fmt: skip


def _trie(words: Iterable[str]) -> str:
    """A regular expression alternation of ``words`` sharing their prefixes ("ke(?:camatan|
    giatan|terangan)"): tried a letter at a time, not word after word at every position."""
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
        branches = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


_HEADER_HINT = re.compile(r"(?i)(?<![a-z])(?:" + _trie(sorted(HEADER_WORDS)) + r")(?![a-z])")
_HEADER_LIST = tuple(sorted(HEADER_WORDS))
_CAPTION = re.compile(r"^[\s*#_>]*tabel\b\s*\.?\s*(\d|$|[A-Za-z])", re.IGNORECASE)
#: an entry of the Daftar Tabel: dot leaders, or a page number after a wide gap
_TOC_ENTRY = re.compile(r"\.{4,}|…{2,}|\t\s*[ivxlc\d]+\s*$", re.IGNORECASE)
_DAFTAR = re.compile(r"daftar\s+tabel", re.IGNORECASE)
_FIGURE = re.compile(r"^[\s(]*(rp\.?\s*)?-?\d[\d.,]*\s*%?\)?[\s,\-]*$", re.IGNORECASE)
#: a line of pdfium's text: the characters between two line breaks (\r\n, \r or \n)
_TEXT_LINE = re.compile(r"[^\r\n]+")
_WORD_RUN = re.compile(r"\S+")


@dataclass(slots=True)
class Segment:
    text: str
    bbox: BBox


class PdfLine:
    """One line of text as pdfium reads it: segments left to right, split at wide gaps."""

    __slots__ = ("_segments", "_bbox", "_text")

    def __init__(self, segments: list[Segment]) -> None:
        # as the setter below does, without its call (made for every line of every page)
        self._segments = segments
        self._bbox = segments[0].bbox if len(segments) == 1 else union(s.bbox for s in segments)
        self._text: str | None = None

    def __repr__(self) -> str:
        return f"PdfLine({self.text!r}, {self.bbox})"

    @property
    def segments(self) -> list[Segment]:
        return self._segments

    @segments.setter
    def segments(self, value: list[Segment]) -> None:
        self._segments = value
        # read all the time: kept, not recomputed
        self._bbox = value[0].bbox if len(value) == 1 else union(s.bbox for s in value)
        self._text = None

    @property
    def bbox(self) -> BBox:
        return self._bbox

    @property
    def text(self) -> str:
        if self._text is None:  # read many times over (triage, regions, layout): made once
            segments = self._segments
            out = segments[0].text if segments else ""
            for prev, seg in zip(segments, segments[1:], strict=False):
                out += "\t" if seg.bbox[0] - prev.bbox[2] >= tab_gap(prev.bbox) else " "
                out += seg.text
            self._text = out
        return self._text

    @property
    def height(self) -> float:
        b = self._bbox
        return b[3] - b[1]


@dataclass
class PdfPage:
    no: int  # 1-based
    width: float
    height: float
    rotation: int
    lines: list[PdfLine]
    n_chars: int
    #: vector path objects on the page (ruling lines and cell borders among them), counted up
    #: to :data:`MIN_PATHS`, the largest number any test of it asks for
    n_paths: int = 0
    #: why the page is a table candidate ("caption", "header words", ...); empty when it is not
    reasons: list[str] = field(default_factory=list)

    @property
    def has_text(self) -> bool:
        return self.n_chars > 0

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


def union(boxes: Iterable[BBox]) -> BBox:
    it = iter(boxes)
    first = next(it, None)
    if first is None:
        raise ValueError("union of no boxes")
    x0, top, x1, bottom = first
    for b in it:  # min and max of each coordinate in one pass (read for every line and row)
        if b[0] < x0:
            x0 = b[0]
        if b[1] < top:
            top = b[1]
        if b[2] > x1:
            x1 = b[2]
        if b[3] > bottom:
            bottom = b[3]
    return (x0, top, x1, bottom)


def tab_gap(bbox: BBox) -> float:
    """A gap this wide between two runs of text on one line separates columns."""
    return max(12.0, 1.5 * (bbox[3] - bbox[1]))


# --------------------------------------------------------------------------- opening


#: more pages than this is not a report (LKj rarely pass 300): the file fails at once rather
#: than holding the batch for minutes; the environment variable raises or lowers it
MAX_PAGES = 1000
MAX_PAGES_ENV = "LKJ_MAX_PAGES"
#: an image XObject declaring more pixels than this is refused before anything decodes it (a
#: decompression bomb): 200 Mpx is over five A4 pages scanned at 600 dpi
MAX_IMAGE_PIXELS = 200_000_000
MAX_IMAGE_PIXELS_ENV = "LKJ_MAX_IMAGE_PIXELS"

#: what a file that is no PDF is, by its first bytes
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\xd0\xcf\x11\xe0", "old Office document"),
    (b"{\\rtf", "RTF document"),
)
_HTML = re.compile(rb"<(!doctype|html|head|body)", re.IGNORECASE)
_ENCRYPTION_ERRORS = (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY)
_IMAGE_DICT = re.compile(rb"/Subtype\s*/Image\b")
_WIDTH = re.compile(rb"/Width\s+(\d+)(?!\s+\d+\s+R)")
_HEIGHT = re.compile(rb"/Height\s+(\d+)(?!\s+\d+\s+R)")


def open_pdf(path: Path, *, max_pages: int | None = None) -> pdfium.PdfDocument:
    """Open with pdfium; every failure becomes :class:`UnreadableFile` with a one-line reason.

    Besides files pdfium refuses (damaged, encrypted with a user password, no pages), a PDF
    with more than ``max_pages`` pages (default :data:`MAX_PAGES`, or ``$LKJ_MAX_PAGES``) or
    an image larger than :data:`MAX_IMAGE_PIXELS` (``$LKJ_MAX_IMAGE_PIXELS``) is refused here,
    so that no later stage spends unbounded time or memory on it. A damaged cross-reference
    table is no error: pdfium rebuilds it by scanning the file.
    """
    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise UnreadableFile(str(path), f"cannot read file ({exc.strerror or exc})") from exc
    if not head:
        raise UnreadableFile(str(path), "empty file")
    if b"%PDF-" not in head:
        raise UnreadableFile(str(path), f"not a PDF or damaged: no PDF header ({_kind(head)})")
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        # on some failures pdfium leaves the error of an earlier document in place: an
        # encryption error counts only where the file has an encryption dictionary
        encrypted = code in _ENCRYPTION_ERRORS and _holds(path, b"/Encrypt")
        if encrypted and code == pdfium_c.FPDF_ERR_PASSWORD:
            raise UnreadableFile(str(path), "encrypted PDF (password required)") from exc
        if encrypted:
            raise UnreadableFile(str(path), "encrypted PDF (unsupported security handler)") from exc
        if _has_no_pages(path):
            raise UnreadableFile(str(path), "PDF has no pages") from exc
        reason = "pdfium cannot load it" if code in _ENCRYPTION_ERRORS else _reason(exc)
        raise UnreadableFile(str(path), f"not a PDF or damaged: {reason}") from exc
    try:
        n_pages = len(pdf)
        limit = max_pages if max_pages is not None else _limit(MAX_PAGES_ENV, MAX_PAGES)
        if n_pages == 0:
            raise UnreadableFile(str(path), "PDF has no pages")
        if n_pages > limit:
            raise UnreadableFile(
                str(path), f"too many pages ({n_pages} > limit {limit}; {MAX_PAGES_ENV} sets it)"
            )
        _check_images(path)
    except BaseException:
        pdf.close()
        raise
    return pdf


def _holds(path: Path, needle: bytes) -> bool:
    """Whether the file's bytes contain ``needle`` (read through a memory map, not loaded)."""
    with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        return data.find(needle) >= 0


def _kind(head: bytes) -> str:
    """What the first bytes of a file that is no PDF say it is."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    return "HTML" if _HTML.search(head) else "other data"


def _limit(env: str, default: int) -> int:
    """A limit from the environment variable ``env``, else ``default``."""
    raw = os.environ.get(env, "").strip()
    if not raw:
        return default
    try:
        value = int(raw.replace("_", ""))
    except ValueError:
        value = 0
    if value <= 0:
        raise LkjError(f"{env} must be a positive whole number, not {raw!r}")
    return value


def _check_images(path: Path) -> None:
    """Refuse a PDF with an image too large to decode safely, from the image dictionaries alone.

    An image XObject is a stream, and a stream's dictionary is never compressed (object
    streams cannot hold streams; encryption leaves names and numbers alone), so scanning the
    bytes finds every one without decoding anything. An image whose size is an indirect
    reference is left to the readers.
    """
    limit = _limit(MAX_IMAGE_PIXELS_ENV, MAX_IMAGE_PIXELS)
    with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        for m in _IMAGE_DICT.finditer(data):
            start = max(data.rfind(b"obj", max(0, m.start() - 2048), m.start()), 0)
            end = data.find(b"stream", m.end(), m.end() + 2048)
            window = data[start : end if end > 0 else m.end() + 2048]
            w, h = _WIDTH.search(window), _HEIGHT.search(window)
            if w is None or h is None:
                continue
            width, height = int(w.group(1)), int(h.group(1))
            if width * height > limit:
                raise UnreadableFile(
                    str(path),
                    f"image too large to decode safely: {width} x {height} px "
                    f"({width * height / 1e6:,.0f} Mpx > limit {limit / 1e6:,.0f} Mpx; "
                    f"{MAX_IMAGE_PIXELS_ENV} sets it)",
                )


def _reason(exc: Exception) -> str:
    text = str(exc)
    m = re.search(r"\(PDFium: (.*?)\)", text)
    return (m.group(1) if m else text).strip(". ").lower() or "pdfium cannot load it"


def _has_no_pages(path: Path) -> bool:
    """pdfium refuses a document without pages; pdfminer opens it and counts none."""
    import pdfplumber

    try:
        with pdfplumber.open(path) as pdf:
            return len(pdf.pages) == 0
    except Exception:
        return False


# --------------------------------------------------------------------------- page text


Convert = Callable[[float, float, float, float], BBox]


def display_transform(page: pdfium.PdfPage) -> tuple[float, float, Convert]:
    """The displayed width and height, and a map from PDF user space to top-left coordinates
    on the displayed page (the page rotation applied as pdfminer, hence pdfplumber, does)."""
    x0, y0, x1, y1 = page.get_mediabox()
    rot = page.get_rotation() % 360
    if rot == 90:
        ctm = (0.0, -1.0, 1.0, 0.0, -y0, x1)
    elif rot == 180:
        ctm = (-1.0, 0.0, 0.0, -1.0, x1, y1)
    elif rot == 270:
        ctm = (0.0, 1.0, -1.0, 0.0, y1, -x0)
    else:
        ctm = (1.0, 0.0, 0.0, 1.0, -x0, -y0)
    width, height = (y1 - y0, x1 - x0) if rot in (90, 270) else (x1 - x0, y1 - y0)
    a, b, c, d, e, f = ctm
    if rot == 0:

        def upright(left: float, bottom: float, right: float, top: float) -> BBox:
            return (left - x0, height - top + y0, right - x0, height - bottom + y0)

        return width, height, upright

    def convert(left: float, bottom: float, right: float, top: float) -> BBox:
        xs, ys = [], []
        for x, y in ((left, bottom), (right, top)):
            xs.append(a * x + c * y + e)
            ys.append(height - (b * x + d * y + f))
        return (min(xs), min(ys), max(xs), max(ys))

    return width, height, convert


def unchecked(fn: Any) -> Any:
    """A copy of the pdfium function ``fn`` that ctypes calls without converting its arguments.

    ctypes passes each argument of a function that declares ``argtypes`` through that type's
    check on every call, about half the cost of a call to one of pdfium's getters; the loops
    over every line, character and path segment of a page call them hundreds of thousands of
    times. The copy (the same address and result type, no ``argtypes``) passes its arguments
    as they come, unchecked: the handles pdfium returned, Python ints for ``int`` parameters,
    and ``ctypes.byref`` of a ctypes value for each out-parameter.
    """
    copy = type(fn)(ctypes.cast(fn, ctypes.c_void_p).value)
    copy.restype = fn.restype
    return copy


_COUNT_RECTS = unchecked(pdfium_c.FPDFText_CountRects)
_GET_RECT = unchecked(pdfium_c.FPDFText_GetRect)
_GET_OBJECT = unchecked(pdfium_c.FPDFPage_GetObject)
_OBJECT_TYPE = unchecked(pdfium_c.FPDFPageObj_GetType)


class _RectReader:
    """pdfium's text rectangles of one text page (``FPDFText_CountRects`` and ``GetRect``:
    a rectangle for each run of characters of one text object), as displayed; the
    out-parameters are made once, a page reads thousands of rectangles."""

    __slots__ = ("raw", "convert", "values", "refs")

    def __init__(self, raw: Any, convert: Convert) -> None:
        self.raw = raw
        self.convert = convert
        self.values = (ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double())
        self.refs = tuple(ctypes.byref(v) for v in self.values)

    def boxes(self, start: int, count: int) -> list[BBox]:
        """The rectangles of the characters ``start`` to ``start + count``."""
        raw, convert = self.raw, self.convert
        left, top, right, bottom = self.values
        left_ref, top_ref, right_ref, bottom_ref = self.refs
        out = []
        for k in range(_COUNT_RECTS(raw, start, count)):
            _GET_RECT(raw, k, left_ref, top_ref, right_ref, bottom_ref)
            out.append(convert(left.value, bottom.value, right.value, top.value))
        return out


def _line_segments(rects: _RectReader, start: int, raw: str, boxes: list[BBox]) -> list[Segment]:
    """The segments of one pdfium line (its text ``raw`` from character ``start``, its
    rectangles ``boxes``): its text runs, split where a wide gap opens."""
    if not boxes:
        return []
    boxes.sort()
    whole = union(boxes)
    gap = tab_gap(whole)
    if all(b[0] - a[2] < gap for a, b in zip(boxes, boxes[1:], strict=False)):
        return [Segment(" ".join(raw.split()), whole)]
    # a wide gap inside the line: split it word by word. pdfium puts a space where a gap opens
    # between two characters, so a gap as wide as a column's is never inside a word; a word's
    # rectangles (one per text object it spans) are the union of its characters' boxes
    raw_tp, convert = rects.raw, rects.convert
    r_left, r_top, r_right, r_bottom = rects.values
    left_ref, top_ref, right_ref, bottom_ref = rects.refs
    words: list[tuple[BBox, int, int]] = []
    for m in _WORD_RUN.finditer(raw):
        a, b = m.span()
        for k in range(_COUNT_RECTS(raw_tp, start + a, b - a)):  # RectReader.boxes, inline
            _GET_RECT(raw_tp, k, left_ref, top_ref, right_ref, bottom_ref)
            box = convert(r_left.value, r_bottom.value, r_right.value, r_top.value)
            words.append((box, a, b))
    words.sort()
    # the words left to right, a new segment where the gap from the segment so far is wide
    segments: list[Segment] = []
    spans: list[tuple[int, int]] = []  # the segment's words, as spans of ``raw``
    x0 = top = x1 = bottom = 0.0  # and the union of their boxes
    for (w_x0, w_top, w_x1, w_bottom), a, b in words:
        if spans and w_x0 - x1 >= gap:
            segments.append(_segment(raw, spans, (x0, top, x1, bottom)))
            spans = []
        if not spans:
            x0, top, x1, bottom = w_x0, w_top, w_x1, w_bottom
        else:  # x0 is the first word's: the words come sorted by their boxes
            top, x1, bottom = min(top, w_top), max(x1, w_x1), max(bottom, w_bottom)
        spans.append((a, b))
    if spans:
        segments.append(_segment(raw, spans, (x0, top, x1, bottom)))
    return segments


def _segment(raw: str, spans: list[tuple[int, int]], bbox: BBox) -> Segment:
    """The words of one segment (``spans`` of ``raw``, one per rectangle), in text order."""
    if len(spans) == 1:
        a, b = spans[0]
        return Segment(raw[a:b], bbox)
    return Segment(" ".join(raw[a:b] for a, b in sorted(set(spans))), bbox)


def _merge_same_baseline(lines: list[PdfLine]) -> list[PdfLine]:
    """pdfium breaks a line where the content order jumps (a table drawn column by column);
    lines that share a baseline and do not overlap become one line again."""
    lines.sort(key=_rounded_top_left)
    out: list[PdfLine] = []
    for line in lines:
        b = line._bbox
        top, bottom = b[1], b[3]
        for prev in out[:-7:-1]:  # the last six, nearest first
            p = prev._bbox
            p_top, p_bottom = p[1], p[3]
            if p_bottom <= top or p_top >= bottom:
                continue  # no vertical overlap at all (most pairs): the test below fails too
            overlap = min(p_bottom, bottom) - max(p_top, top)
            if overlap < 0.6 * min(p_bottom - p_top, bottom - top):
                continue
            if any(_x_overlap(s.bbox, t.bbox) for s in prev.segments for t in line.segments):
                continue
            prev.segments = sorted(prev.segments + line.segments, key=_left)
            break
        else:
            out.append(line)
    out.sort(key=_top_left)
    return out


def _rounded_top_left(line: PdfLine) -> tuple[int, float]:
    return (round(line._bbox[1]), line._bbox[0])


def _top_left(line: PdfLine) -> tuple[float, float]:
    return (line._bbox[1], line._bbox[0])


def _left(segment: Segment) -> float:
    return segment.bbox[0]


def _x_overlap(a: BBox, b: BBox) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > 1.0


def count_paths(raw_page: Any, limit: int) -> int:
    """The path objects of a page, counted up to ``limit``: every test of the count asks
    whether it reaches a threshold, and a page of table holds hundreds of them."""
    n = 0
    path = pdfium_c.FPDF_PAGEOBJ_PATH
    for k in range(pdfium_c.FPDFPage_CountObjects(raw_page)):
        if _OBJECT_TYPE(_GET_OBJECT(raw_page, k)) == path:
            n += 1
            if n >= limit:
                break
    return n


def read_page(page: pdfium.PdfPage, no: int, textpage: pdfium.PdfTextPage | None = None) -> PdfPage:
    """One page's text lines, its visible characters and its path objects. ``textpage``: the
    page's text page when the caller holds it open (it stays open), else one is made here."""
    width, height, convert = display_transform(page)
    tp = page.get_textpage() if textpage is None else textpage
    try:
        text = tp.get_text_range() if tp.count_chars() else ""
        rects = _RectReader(tp.raw, convert)
        raw_tp = rects.raw
        left, top, right, bottom = rects.values
        left_ref, top_ref, right_ref, bottom_ref = rects.refs
        lines: list[PdfLine] = []
        for m in _TEXT_LINE.finditer(text):
            raw = m.group()
            words = raw.split()
            if not words:
                continue
            start = m.start()
            if _COUNT_RECTS(raw_tp, start, len(raw)) == 1:
                # most lines: one run of text, no gap to look for (as _line_segments finds);
                # its rectangle read here, without the list RectReader.boxes makes
                _GET_RECT(raw_tp, 0, left_ref, top_ref, right_ref, bottom_ref)
                box = convert(left.value, bottom.value, right.value, top.value)
                lines.append(PdfLine([Segment(" ".join(words), box)]))
                continue
            segments = _line_segments(rects, start, raw, rects.boxes(start, len(raw)))
            if segments:
                lines.append(PdfLine(segments))
    finally:
        if textpage is None:
            tp.close()
    visible = sum(len(ln.text.strip()) for ln in lines)
    return PdfPage(
        no=no,
        width=width,
        height=height,
        rotation=page.get_rotation() % 360,
        lines=_merge_same_baseline(lines),
        n_chars=visible,
        n_paths=count_paths(page.raw, MIN_PATHS),
    )


def read_pages(
    pdf: pdfium.PdfDocument,
    keep: dict[int, tuple[pdfium.PdfPage, pdfium.PdfTextPage]] | None = None,
    keep_max: int = 0,
) -> list[PdfPage]:
    """Every page's text lines. With ``keep``, the first ``keep_max`` pages stay open with
    their text pages, by page number, for the table locators to read again without opening
    them twice; the caller closes them."""
    pages = []
    for i in range(len(pdf)):
        page = pdf[i]
        if keep is not None and len(keep) < keep_max:
            tp = page.get_textpage()
            keep[i + 1] = (page, tp)
            pages.append(read_page(page, i + 1, tp))
            continue
        try:
            pages.append(read_page(page, i + 1))
        finally:
            page.close()
    return pages


# --------------------------------------------------------------------------- triage


def candidate_reasons(page: PdfPage) -> list[str]:
    """Why a page may hold a table; empty when nothing on it says so."""
    reasons: list[str] = []
    if page.no <= COVER_PAGES:
        reasons.append("cover")
    texts = [ln.text for ln in page.lines]
    if any(_DAFTAR.search(t) for t in texts):
        reasons.append("daftar tabel")
    if any(_CAPTION.match(t) and not _TOC_ENTRY.search(t) for t in texts):
        reasons.append("caption")
    if any(is_header_line(line) for line in page.lines):
        reasons.append("header words")
    figures = sum(
        1
        for line in page.lines
        if len(line.segments) >= 2 and any(_FIGURE.match(s.text) for s in line.segments[1:])
    )
    if figures >= 3:
        reasons.append("figures in columns")
    if page.n_paths >= MIN_PATHS:
        reasons.append("rulings")
    return reasons


def is_header_line(line: PdfLine) -> bool:
    """A table's header row: two header words or more, in columns or in a short line that is
    not a sentence (prose about targets and realisation is not a header)."""
    text = line.text.strip()
    if not _two_header_words(text) or len(_HEADER_HINT.findall(text)) < 2:
        return False  # the cheap tests first: most lines of a report name no header word
    words = re.findall(r"[a-z]+", fold(text))
    hits = set(words) & HEADER_WORDS
    if len(hits) < 2 or text.endswith((".", ";", ":", ",")) or _CAPTION.match(text):
        return False
    if len(line.segments) >= 2:
        return True
    # one run of text: a header whose cells sit close, if header words make up half of it
    # ("INDIKATOR KINERJA TARGET REALISASI CAPAIAN"), not a title that names a program
    # and its budget ("Perencanaan Program dan Anggaran Penyelenggaraan")
    long = [w for w in words if len(w) > 2]
    return len(words) <= 8 and sum(w in HEADER_WORDS for w in long) * 2 >= len(long)


def _two_header_words(text: str) -> bool:
    """Whether ``text`` holds header words twice or more as substrings: a line that fails
    this has fewer than two of them as words (:data:`_HEADER_HINT`), and is rejected without
    the regular expression (case folded as the expression's case-insensitive match folds)."""
    low = text.casefold()
    n = 0
    for word in _HEADER_LIST:
        if word in low:
            n += low.count(word)
            if n >= 2:
                return True
    return False


def triage(pages: list[PdfPage]) -> set[int]:
    """Mark candidates (``page.reasons``) and return the page numbers to search for tables:
    the candidates and their neighbours, pages without text left out. The cover and the
    Daftar Tabel are candidates for what they say, but their text lines say it: a page that
    is nothing else is not searched."""
    by_no = {p.no: p for p in pages}
    chosen: set[int] = set()
    for page in pages:
        page.reasons = candidate_reasons(page) if page.has_text else []
        if not set(page.reasons) - TEXT_ONLY:
            continue
        chosen.add(page.no)
        for no in (page.no - 1, page.no + 1):
            if no in by_no and _may_continue(by_no[no]):
                chosen.add(no)
    return {no for no in chosen if by_no[no].has_text}


def _may_continue(page: PdfPage) -> bool:
    """A neighbour of a candidate that may carry on its table: it has rulings, or text in
    columns near its top or bottom (a page of plain prose is not searched)."""
    if page.n_paths >= 2:
        return True
    edge = [
        ln for ln in page.lines if ln.bbox[1] < page.height / 3 or ln.bbox[1] > page.height * 2 / 3
    ]
    return any(len(ln.segments) >= 2 for ln in edge)
