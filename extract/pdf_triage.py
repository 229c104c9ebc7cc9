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

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from lkj.models.document import BBox
from lkj.models.errors import UnreadableFile
from lkj.normalize.text import fold

#: path objects (ruling lines, cell borders) from which a page may hold a ruled table
MIN_PATHS = 8
#: pages always read for tables (the cover and its title pages)
COVER_PAGES = 3
#: header words that mark a table's header line (exact, after folding)
HEADER_WORDS = {
    "indikator", "target", "realisasi", "capaian", "pagu", "sisa", "revisi", "dipa", "jumlah",
    "anggaran", "uraian", "keterangan", "satuan", "kegiatan", "program", "laki", "perempuan",
    "persentase", "prosentase", "tps", "kecamatan", "pemilih", "sasaran", "tapkin",
}  # fmt: skip

_CAPTION = re.compile(r"^[\s*#_>]*tabel\b\s*\.?\s*(\d|$|[A-Za-z])", re.IGNORECASE)
_DAFTAR = re.compile(r"daftar\s+tabel", re.IGNORECASE)
_FIGURE = re.compile(r"^[\s(]*(rp\.?\s*)?-?\d[\d.,]*\s*%?\)?[\s,\-]*$", re.IGNORECASE)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass
class Segment:
    text: str
    bbox: BBox


@dataclass
class PdfLine:
    """One line of text as pdfium reads it: segments left to right, split at wide gaps."""

    segments: list[Segment]

    @property
    def bbox(self) -> BBox:
        return union(s.bbox for s in self.segments)

    @property
    def text(self) -> str:
        out = ""
        prev: Segment | None = None
        for seg in self.segments:
            if prev is not None:
                out += "\t" if seg.bbox[0] - prev.bbox[2] >= tab_gap(prev.bbox) else " "
            out += seg.text
            prev = seg
        return out

    @property
    def height(self) -> float:
        b = self.bbox
        return b[3] - b[1]


@dataclass
class PdfPage:
    no: int  # 1-based
    width: float
    height: float
    rotation: int
    lines: list[PdfLine]
    n_chars: int
    #: vector path objects on the page (ruling lines and cell borders among them)
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
    xs0, tops, xs1, bottoms = zip(*boxes, strict=True)
    return (min(xs0), min(tops), max(xs1), max(bottoms))


def tab_gap(bbox: BBox) -> float:
    """A gap this wide between two runs of text on one line separates columns."""
    return max(12.0, 1.5 * (bbox[3] - bbox[1]))


# --------------------------------------------------------------------------- opening


def open_pdf(path: Path) -> pdfium.PdfDocument:
    """Open with pdfium; every failure becomes :class:`UnreadableFile` with a one-line reason."""
    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise UnreadableFile(str(path), f"cannot read file ({exc.strerror or exc})") from exc
    if not head:
        raise UnreadableFile(str(path), "empty file")
    if b"%PDF-" not in head:
        kind = "HTML" if re.search(rb"<(!doctype|html|head|body)", head, re.I) else "other data"
        raise UnreadableFile(str(path), f"not a PDF or damaged: no PDF header ({kind})")
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise UnreadableFile(str(path), "encrypted PDF (password required)") from exc
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise UnreadableFile(str(path), "encrypted PDF (unsupported security handler)") from exc
        if _has_no_pages(path):
            raise UnreadableFile(str(path), "PDF has no pages") from exc
        raise UnreadableFile(str(path), f"not a PDF or damaged: {_reason(exc)}") from exc
    if len(pdf) == 0:
        pdf.close()
        raise UnreadableFile(str(path), "PDF has no pages")
    return pdf


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


def _to_display(page: pdfium.PdfPage) -> tuple[float, float, Convert]:
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

    def convert(left: float, bottom: float, right: float, top: float) -> BBox:
        xs, ys = [], []
        for x, y in ((left, bottom), (right, top)):
            xs.append(a * x + c * y + e)
            ys.append(height - (b * x + d * y + f))
        return (min(xs), min(ys), max(xs), max(ys))

    return width, height, convert


def _line_segments(tp: pdfium.PdfTextPage, start: int, raw: str, conv: Convert) -> list[Segment]:
    """The segments of one pdfium line: its text runs, split where a wide gap opens."""
    n_rects = tp.count_rects(start, len(raw))
    rects = [conv(*tp.get_rect(k)) for k in range(n_rects)]
    if not rects:
        return []
    rects.sort()
    whole = union(rects)
    gap = tab_gap(whole)
    if all(b[0] - a[2] < gap for a, b in zip(rects, rects[1:], strict=False)):
        return [Segment(" ".join(raw.split()), whole)]
    # a wide gap inside the line: split it character by character
    chars: list[tuple[BBox, int]] = []
    for i, ch in enumerate(raw):
        if ch.isspace():
            continue
        chars.append((conv(*tp.get_charbox(start + i)), i))
    chars.sort()
    segments: list[Segment] = []
    group: list[tuple[BBox, int]] = []
    for box, i in chars:
        if group and box[0] - max(b[2] for b, _ in group) >= gap:
            segments.append(_segment(raw, group))
            group = []
        group.append((box, i))
    if group:
        segments.append(_segment(raw, group))
    return segments


def _segment(raw: str, group: list[tuple[BBox, int]]) -> Segment:
    idx = sorted(i for _, i in group)
    text = raw[idx[0]]
    for prev, i in zip(idx, idx[1:], strict=False):
        text += (" " if i > prev + 1 else "") + raw[i]  # skipped characters are spaces
    return Segment(" ".join(text.split()), union(b for b, _ in group))


def _merge_same_baseline(lines: list[PdfLine]) -> list[PdfLine]:
    """pdfium breaks a line where the content order jumps (a table drawn column by column);
    lines that share a baseline and do not overlap become one line again."""
    lines.sort(key=lambda ln: (round(ln.bbox[1]), ln.bbox[0]))
    out: list[PdfLine] = []
    for line in lines:
        b = line.bbox
        for prev in reversed(out[-6:]):
            p = prev.bbox
            overlap = min(p[3], b[3]) - max(p[1], b[1])
            if overlap < 0.6 * min(p[3] - p[1], b[3] - b[1]):
                continue
            if any(_x_overlap(s.bbox, t.bbox) for s in prev.segments for t in line.segments):
                continue
            prev.segments = sorted(prev.segments + line.segments, key=lambda s: s.bbox[0])
            break
        else:
            out.append(line)
    out.sort(key=lambda ln: (ln.bbox[1], ln.bbox[0]))
    return out


def _x_overlap(a: BBox, b: BBox) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > 1.0


def read_page(page: pdfium.PdfPage, no: int) -> PdfPage:
    width, height, convert = _to_display(page)
    tp = page.get_textpage()
    try:
        n_chars = tp.count_chars()
        text = tp.get_text_range() if n_chars else ""
        lines: list[PdfLine] = []
        pos = 0
        for m in [*_LINE_BREAK.finditer(text), None]:
            end = m.start() if m else len(text)
            raw = text[pos:end]
            if raw.strip():
                segments = _line_segments(tp, pos, raw, convert)
                if segments:
                    lines.append(PdfLine(segments))
            if m is not None:
                pos = m.end()
    finally:
        tp.close()
    visible = sum(len(ln.text.strip()) for ln in lines)
    n_paths = 0
    raw_page = page.raw
    for k in range(pdfium_c.FPDFPage_CountObjects(raw_page)):
        obj = pdfium_c.FPDFPage_GetObject(raw_page, k)
        if pdfium_c.FPDFPageObj_GetType(obj) == pdfium_c.FPDF_PAGEOBJ_PATH:
            n_paths += 1
    return PdfPage(
        no=no,
        width=width,
        height=height,
        rotation=page.get_rotation() % 360,
        lines=_merge_same_baseline(lines),
        n_chars=visible,
        n_paths=n_paths,
    )


def read_pages(pdf: pdfium.PdfDocument) -> list[PdfPage]:
    pages = []
    for i in range(len(pdf)):
        page = pdf[i]
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
    if any(_CAPTION.match(t) for t in texts):
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
    words = re.findall(r"[a-z]+", fold(text))
    hits = set(words) & HEADER_WORDS
    if len(hits) < 2 or text.endswith(".") or _CAPTION.match(text):
        return False
    return len(line.segments) >= 2 or len(words) <= 8


def triage(pages: list[PdfPage]) -> set[int]:
    """Mark candidates (``page.reasons``) and return the page numbers to search for tables:
    the candidates and their neighbours, pages without text left out."""
    by_no = {p.no: p for p in pages}
    chosen: set[int] = set()
    for page in pages:
        page.reasons = candidate_reasons(page) if page.has_text else []
        if page.reasons:
            chosen.add(page.no)
        if page.reasons and page.reasons != ["cover"]:
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
