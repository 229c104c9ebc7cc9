"""Scanned pages read with OCR into the objects the PDF reader's later stages take.

The born-digital reader triages pages from their text lines (:class:`PdfPage`) and locates
tables from characters and ruling edges (:class:`LitePage`). A scanned page gets the same two
objects from OCR, so the same triage, table locators, quality scores, cross-page merge and
layout run on it unchanged:

- words become text lines (grouped by their vertical middles), each split into segments
  where a gap as wide as a column gap opens (:func:`lkj.extract.pdf_triage.tab_gap`), as
  pdfium splits a born-digital line;
- ruling lines found in the image become the page's edges (ruled tables are rebuilt from
  them by pdfplumber's table finder), and their number its path count;
- each word becomes characters spread evenly over its box, with a space between words, so
  pdfplumber's word grouping gives the OCR words back (borderless tables are rebuilt from
  their x-gaps by :mod:`lkj.extract.pdf_grid`).

Triage runs at low resolution (:data:`lkj.extract.ocr.TRIAGE_DPI`, Indonesian model only,
about three times faster than the full pass); the pages it marks are read again at full
resolution (:func:`read_page` with ``full=True``), where ink Tesseract left out is read
again and figures are read twice (:mod:`lkj.extract.ocr_second`).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from lkj.models.document import BBox

from . import ocr
from .ocr import Ruling, Word
from .ocr_second import add_missed, read_missed, verify_figures
from .pdf_objects import LitePage, Obj, char_obj
from .pdf_triage import PdfLine, PdfPage, Segment, tab_gap

#: a page with fewer visible characters than this in its text layer has none worth reading
NEGLIGIBLE_CHARS = 20
#: and is taken for a scan when images cover this share of it
SCAN_COVER = 0.5

#: words that are scanner debris: rules read as letters, specks read as marks
_DEBRIS = re.compile(r"^[|¦!'\"`‘’“”.,:;_~^°*\-—–=+]+$")
_PIPES = re.compile(r"^[|¦\[\]]+|[|¦\[\]]+$")


@dataclass
class OcrPage:
    """One scanned page as OCR read it."""

    page: PdfPage
    words: list[Word]
    rulings: list[Ruling]
    dpi: float
    angle: float
    #: "triage" (low resolution) or "full"
    pass_: str
    seconds: float = 0.0
    #: figures whose second reading disagreed with the first
    disputed: int = 0
    lite: LitePage | None = field(default=None, repr=False)

    def objects(self) -> LitePage:
        """The characters and edges the table locators read (built once)."""
        if self.lite is None:
            self.lite = lite_page(self.page, self.words, self.rulings)
        return self.lite


def is_scanned(page: Any, text_page: PdfPage) -> bool:
    """A page with no text layer worth the name: nothing to read without OCR.

    A page with no visible text at all is one; so is a page whose few characters (a page
    number stamped on, a header typed over the scan) sit on an image covering most of it.
    """
    if not text_page.has_text:
        return True
    return text_page.n_chars < NEGLIGIBLE_CHARS and ocr.image_cover(page) >= SCAN_COVER


def clean_words(words: list[Word]) -> list[Word]:
    """Drop scanner debris (a ruling read as ``|``, specks read as marks) and trim pipes
    stuck to a word (``|Keterangan``). A lone ``-`` read with confidence and as wide as a
    hyphen (a dash zero) stays; Tesseract reads a speck as ``-`` with as much confidence,
    but a speck is narrower than the hyphen of a 6-point font. A colon read with confidence
    a word space from the words on both sides ("Sasaran 1 : Meningkatnya") stays too: it
    is text, and without it the gap it leaves looks like a gap between columns."""
    out = []
    for k, w in enumerate(words):
        text = _PIPES.sub("", w.text).strip()
        if not text:
            continue
        if _DEBRIS.match(text) and not (
            (text in ("-", "–", "—") and w.conf >= 60 and w.x1 - w.x0 >= 1.8)
            or (text in (":", ";") and w.conf >= 60 and _between_words(words, k))
        ):
            continue  # a lone dash stays (a dash zero); a speck read as one is narrower
        if len(text) <= 2 and w.conf < 20 and not any(ch.isdigit() for ch in text):
            continue
        if len(text) == 1 and w.conf < (30 if text.isdigit() else 50):
            continue  # a speck or a rule's end read as a letter (a digit is read again)
        if text != w.text:
            w = replace(w, text=text)
        out.append(w)
    return out


def _between_words(words: list[Word], k: int) -> bool:
    """Whether ``words[k]`` stands a word space from a word on either side, on its line."""
    w = words[k]
    if k == 0 or k + 1 >= len(words):
        return False
    before, after = words[k - 1], words[k + 1]
    if before.line_key != w.line_key or after.line_key != w.line_key:
        return False
    height = max(before.bottom - before.top, after.bottom - after.top, 1.0)
    space = max(3.0, 0.6 * height)
    return 0 <= w.x0 - before.x1 <= space and 0 <= after.x0 - w.x1 <= space


def word_lines(words: list[Word]) -> list[list[Word]]:
    """Words grouped into text lines by their vertical middles, lines top to bottom.

    A word boxed much taller than the page's words (Tesseract took a speck above or below
    it into its box) joins the line whose middle is nearest its own among the lines it
    overlaps, or stands alone when it overlaps none."""
    if not words:
        return []
    heights = sorted(w.bottom - w.top for w in words)
    typical = max(heights[len(heights) // 2], 1.0)
    tall = [w for w in words if w.bottom - w.top > 1.5 * typical]
    lines: list[list[Word]] = []
    centres: list[float] = []
    for w in sorted((w for w in words if w.bottom - w.top <= 1.5 * typical), key=_middle):
        mid = _middle(w)
        if lines and abs(mid - centres[-1]) <= 0.45 * typical:
            lines[-1].append(w)
            centres[-1] += (mid - centres[-1]) / len(lines[-1])
        else:
            lines.append([w])
            centres.append(mid)
    for w in tall:
        mid = _middle(w)
        near = [k for k, c in enumerate(centres) if w.top <= c <= w.bottom]
        if near:
            lines[min(near, key=lambda k: abs(centres[k] - mid))].append(w)
        else:
            lines.append([w])
            centres.append(mid)
    order = sorted(range(len(lines)), key=lambda k: centres[k])
    out = [sorted(lines[k], key=lambda w: w.x0) for k in order]
    # a line of nothing but marks (a speck read as "-" between two rows) is no line
    return [ln for ln in out if not all(_DEBRIS.match(w.text) for w in ln)]


def _middle(w: Word) -> float:
    return (w.top + w.bottom) / 2


#: the boxes pdfium gives, in font sizes (Tesseract's ``x_size``) above and below the
#: baseline: a line's text rectangle and a character's loose box (the font's ascent and
#: descent), as measured on the same pages born-digital and scanned
LINE_BOX = (0.755, 0.19)
CHAR_BOX = (0.975, 0.19)
#: without a baseline from Tesseract: a font's size over the height of its capitals
ASCENDER = 0.72

#: letters that stand on the x-height alone: Tesseract measures a line's x-height, hence its
#: font size, from them, and on a line without any ("REVISI KPU RI", "(1) (2) (3)",
#: "TANAH DURIAN 13.171") it reports a size up to 1.7 times too large
_X_LETTERS = frozenset("acemnorsuvwxz")
#: characters that reach the height of a capital, and those that reach below the baseline
#: (in font sizes: Helvetica's capitals and ascenders 0.72, x-height 0.52, descenders 0.21,
#: a comma 0.12; Arial's are the same, Times' a little smaller)
_TALL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZbdfhijklt0123456789()[]{}/\\%&?!#$@|'\"")
_DESCENDING = frozenset("gjpqyQ()[]{}|")
_CAP, _X_HEIGHT, _DESCENT, _COMMA = 0.72, 0.52, 0.21, 0.12
#: Tesseract's size for a line is kept unless its ink says the font is smaller by more than
#: this factor; an ink measure below :data:`INK_FLOOR` times it is no measure (dot leaders
#: read as a row of "o")
SIZE_SLACK = 1.1
INK_FLOOR = 0.55
#: x-height letters a line needs for its words to measure the page's ink spread
SPREAD_LETTERS = 4


def _extent(text: str) -> tuple[float, float]:
    """How far a word's ink reaches above and below the baseline, in font sizes."""
    top = _CAP if any(c in _TALL for c in text) else _X_HEIGHT
    if any(c in _DESCENDING for c in text):
        return top, _DESCENT
    return top, _COMMA if any(c in ",;" for c in text) else 0.0


def _line_measure(line: list[Word]) -> tuple[float, float] | None:
    """The baseline and font size Tesseract measured for a line (medians over its words)."""
    bases = sorted(w.baseline for w in line if w.baseline is not None)
    sizes = sorted(w.size for w in line if w.size)
    if not bases or not sizes:
        return None
    return bases[len(bases) // 2], sizes[len(sizes) // 2]


def _x_letters(line: list[Word]) -> int:
    return sum(c in _X_LETTERS for w in line for c in w.text)


def ink_spread(lines: list[list[Word]]) -> float:
    """How much taller than its glyphs a word's ink box is on this page (points): the blur
    of the scan and the binarisation, measured on the lines whose size Tesseract read from
    their x-height (the median of ink height minus glyph height over their words)."""
    spread: list[float] = []
    for line in lines:
        got = _line_measure(line)
        if got is None or _x_letters(line) < SPREAD_LETTERS:
            continue
        size = got[1]
        for w in line:
            if len(w.text) >= 2:
                top, bottom = _extent(w.text)
                spread.append((w.bottom - w.top) - (top + bottom) * size)
    if len(spread) < 10:
        return 0.5
    spread.sort()
    return min(max(spread[len(spread) // 2], 0.0), 2.0)


def ink_measure(line: list[Word], spread: float) -> tuple[float, float] | None:
    """A line's baseline and font size from its words' ink (each word's height, less the
    page's ink ``spread``, over the share of the font its characters reach: capitals,
    x-height, descenders), against which the size Tesseract reports is checked. The lower
    medians: a speck touching a word only makes it taller. Lone marks say nothing."""
    words = [w for w in line if len(w.text) >= 2 or w.text.isalnum()]
    if not words:
        return None
    sizes = sorted(max(w.bottom - w.top - spread, 0.5) / sum(_extent(w.text)) for w in words)
    size = sizes[(len(sizes) - 1) // 2]
    bases = sorted(w.bottom - spread / 2 - _extent(w.text)[1] * size for w in words)
    return bases[(len(bases) - 1) // 2], size


def band_lines(words: list[Word], box: tuple[float, float] = LINE_BOX) -> list[Word]:
    """The words with the box of their line, the height pdfium would give it.

    Tesseract boxes a word's ink, and takes in any speck that touches it. pdfium boxes a
    born-digital line by its ink with the descenders (:data:`LINE_BOX`) and a character by
    its font's ascent and descent (:data:`CHAR_BOX`), so that the lines of a wrapped cell
    touch and the rows of a table do not. The box is set from the line's baseline and font
    size as Tesseract measured them (the medians over its words); the layout and the table
    grid (:mod:`lkj.extract.pdf_grid`) then tell a wrapped cell from a new row, and a
    paragraph from the next, as they do for pdfium. Tesseract reads a line's size from its
    x-height letters: on a line with few or none (capitals, figures, column numbers in
    parentheses) the size it reports may be far too large, the boxes would overlap the rows
    around and the grid would take the rows for one wrapped cell. Where the words' ink says
    the font is smaller by more than :data:`SIZE_SLACK`, the size and baseline come from the
    ink (:func:`ink_measure`). Without
    Tesseract's measures, the ascender top is the median of the words' tops and the baseline
    the lower quartile of their bottoms."""
    lines = word_lines(words)
    spread: float | None = None
    out: list[Word] = []
    for line in lines:
        got = _line_measure(line)
        if got is not None:
            base, size = got
            if spread is None:
                spread = ink_spread(lines)
            ink = ink_measure(line, spread)
            if ink is not None and INK_FLOOR * size <= ink[1] < size / SIZE_SLACK:
                base, size = ink
        else:
            top = sorted(w.top for w in line)[len(line) // 2]
            base = sorted(w.bottom for w in line)[(len(line) - 1) // 4]
            size = max(base - top, 1.0) / ASCENDER
        y0, y1 = base - box[0] * size, base + box[1] * size
        for w in line:
            out.append(Word(w.text, w.x0, y0, w.x1, y1, w.conf, w.line_key, w.alt, base, size))
    return out


#: ink in the gap between two words at least this many line heights wide (letters a pixel
#: or two apart taken as one run) is text OCR gave no word for; a ruling line down the gap
#: between two columns, or a speck, is narrower
TEXT_IN_GAP = 0.3

#: the widest stretch of paper (points) in a gap ``(x0, top, x1, bottom)`` of a line
GapPaper = Callable[[float, float, float, float], float]


def pdf_lines(words: list[Word], paper: GapPaper | None = None) -> list[PdfLine]:
    """Text lines as pdfium gives them: segments left to right, split at column gaps.

    ``paper``: the widest stretch of paper in a gap between two words, on the page image
    (:func:`gap_paper`); a gap whose text OCR did not read leaves less paper than a column
    gap, and does not split the line. At low resolution Tesseract now and then gives no
    word for a word of prose, and the gap it leaves in a line of prose looks like a gap
    between columns: the line would read as a table's row, or with two header words on it
    ("Kegiatan Honorarium Panitia | Pemilihan Kecamatan ..."), as a table's header, and the
    page would be read again at full resolution for nothing. A cell it did not read in a
    table's row (``III/b`` between a NIP and a JABATAN) leaves column gaps on its sides."""
    out: list[PdfLine] = []
    for line in word_lines(words):
        height = sorted(w.bottom - w.top for w in line)[len(line) // 2]
        gap = tab_gap((0.0, 0.0, 0.0, height))
        top, bottom = min(w.top for w in line), max(w.bottom for w in line)
        segments: list[Segment] = []
        run: list[Word] = [line[0]]
        for w in line[1:]:
            prev = run[-1]
            wide = w.x0 - prev.x1 >= gap
            if wide and (paper is None or paper(prev.x1, top, w.x0, bottom) >= gap):
                segments.append(_segment(run))
                run = [w]
            else:
                run.append(w)
        segments.append(_segment(run))
        out.append(PdfLine(segments))
    out.sort(key=lambda ln: (ln.bbox[1], ln.bbox[0]))
    return out


def gap_paper(grey: ocr.Array, scale: float) -> GapPaper:
    """The widest stretch of paper in a gap of a line on a page image (grey, ``scale``
    pixels a point), in points: between the runs of ink as wide as text
    (:data:`TEXT_IN_GAP`) that stand in it."""
    import cv2

    _, ink = cv2.threshold(grey, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)

    def widest(x0: float, top: float, x1: float, bottom: float) -> float:
        h = max(bottom - top, 1.0)
        left = max(0, int(x0 * scale) + 1)
        ys = slice(max(0, int(top * scale)), max(0, int(bottom * scale)) + 1)
        cols: ocr.Array = np.asarray(ink[ys, left : max(left, int(x1 * scale))].any(axis=0))
        bridge = max(1, int(0.15 * h * scale))  # the space between two letters
        need = TEXT_IN_GAP * h * scale
        texts: list[tuple[int, int]] = []  # runs of text: their first and last column
        start = end = -1
        for k in np.flatnonzero(cols):
            if start >= 0 and k - end <= bridge + 1:
                end = int(k)
                continue
            if start >= 0 and end - start + 1 >= need:
                texts.append((start, end))
            start = end = int(k)
        if start >= 0 and end - start + 1 >= need:
            texts.append((start, end))
        if not texts:
            return x1 - x0
        edges = [-1, *(v for run in texts for v in run), len(cols)]
        blank = max(edges[i + 1] - edges[i] - 1 for i in range(0, len(edges), 2))
        return blank / scale

    return widest


def _segment(words: list[Word]) -> Segment:
    box: BBox = (
        min(w.x0 for w in words),
        min(w.top for w in words),
        max(w.x1 for w in words),
        max(w.bottom for w in words),
    )
    return Segment(" ".join(w.text for w in words), box)


def lite_page(page: PdfPage, words: list[Word], rulings: list[Ruling]) -> LitePage:
    """The characters (each word's letters spread over its box, a space between the words of
    a line) and ruling edges of a scanned page, for pdfplumber's table finder and word
    grouping. The characters get the box of their line as pdfium would give a character
    (:func:`band_lines`)."""
    chars: list[Obj] = []
    for line in word_lines(band_lines(words, CHAR_BOX)):
        prev: Word | None = None
        for w in line:
            if prev is not None:  # Tesseract's words are words, even where their boxes touch
                chars.append(char_obj(" ", prev.x1, max(w.x0, prev.x1 + 0.01), w.top, w.bottom))
            step = (w.x1 - w.x0) / max(len(w.text), 1)
            for k, ch in enumerate(w.text):
                chars.append(char_obj(ch, w.x0 + k * step, w.x0 + (k + 1) * step, w.top, w.bottom))
            prev = w
    edges = [_edge(r) for r in rulings]
    bbox = (0.0, 0.0, page.width, page.height)
    return LitePage(chars, edges, bbox, page.width, page.height)


def _edge(r: Ruling) -> Obj:
    return {
        "x0": r.x0,
        "x1": r.x1,
        "top": r.top,
        "bottom": r.bottom,
        "doctop": r.top,
        "width": r.x1 - r.x0,
        "height": r.bottom - r.top,
        "orientation": r.orientation,
        "object_type": "line",
    }


def read_page(page: Any, no: int, *, full: bool, lang: str) -> OcrPage:
    """OCR one pdfium page: at :data:`~lkj.extract.ocr.TRIAGE_DPI` with the Indonesian model
    alone (``full=False``), or at full resolution with every model and the figures read a
    second time (``full=True``)."""
    start = time.perf_counter()
    width, height = page.get_size()
    if page.get_rotation() % 180:
        width, height = height, width
    if full:
        native = ocr.native_dpi(page) or ocr.FULL_DPI
        dpi = float(native if ocr.MIN_FULL_DPI <= native <= 400 else ocr.FULL_DPI)
    else:
        dpi = float(ocr.TRIAGE_DPI)
    image = ocr.prepare(page, dpi) if full else ocr.prepare_triage(page, dpi)
    first = lang.split("+")[0] if not full else lang
    words = clean_words(ocr.tesseract(image.clean, image.scale, lang=first))
    disputed = 0
    if full:
        words = add_missed(words, clean_words(read_missed(image, words, lang)))
        disputed = verify_figures(image, words)
        words = [w for w in words if w.text]  # figures the second reading found no ink in
    # at low resolution a word Tesseract gave nothing for leaves a gap a column gap is not
    lines = pdf_lines(band_lines(words), None if full else gap_paper(image.grey, image.scale))
    pdf_page = PdfPage(
        no=no,
        width=width,
        height=height,
        rotation=0,  # the image is the page as displayed
        lines=lines,
        n_chars=sum(len(w.text) for w in words),
        n_paths=len(image.rulings),
    )
    return OcrPage(
        page=pdf_page,
        words=words,
        rulings=image.rulings,
        dpi=dpi,
        angle=image.angle,
        pass_="full" if full else "triage",
        seconds=time.perf_counter() - start,
        disputed=disputed,
    )
