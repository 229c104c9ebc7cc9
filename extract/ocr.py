"""Tesseract OCR of scanned pages: the page image, its clean-up, and words with their boxes.

A scanned LKj is a photocopy fed through a scanner: a little crooked, grey paper, specks,
stamps, JPEG artefacts. Before Tesseract sees a page it is

1. rendered from the PDF with pdfium at the resolution asked for (a scan below 250 dpi is
   rendered larger for the full pass: Tesseract reads 7-8 pt table text far better with
   letters 20 pixels high than 10);
2. deskewed: the angle whose rotation makes the rows of ink sharpest (the projection
   profile, searched to 0.05 degrees on a small copy) is undone;
3. binarised (adaptive threshold: the paper's grey varies across a photocopy);
4. stripped of ruling lines (long thin runs of ink found by morphological opening): Tesseract
   reads a ruled cell's border as ``|``, ``l`` or ``1``. The lines are kept, as edges, for the
   table grid;
5. despeckled: specks far from any letter go (a decimal comma beside its digits stays).

Tesseract (through pytesseract: words with boxes and confidences in one call, no PDF round
trip) then reads the page in Indonesian with English (``ind+eng``: the report's words are
Indonesian, and its figures and ``%`` read better with both models). One Tesseract thread
per process: ``OMP_THREAD_LIMIT=1`` is set unless the environment says otherwise, since
parallel workers each running a team of threads are many times slower than one thread each.

Coordinates are PDF points on the page as displayed (pdfplumber's ``x0, top, x1, bottom``),
on the deskewed page: for the small angles of a crooked feed a box moves by a point or two.
"""

from __future__ import annotations

import html
import os
import re
import shutil
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from lkj.models.errors import LkjError

#: the command that installs what OCR needs on Debian / Ubuntu
INSTALL_COMMAND = "sudo apt-get install -y tesseract-ocr tesseract-ocr-ind (or: sudo make deps)"
#: languages, in the order Tesseract should try them
LANGUAGES = ("ind", "eng")
#: the resolution of the full pass: scans below MIN_FULL_DPI are rendered up to it
FULL_DPI = 300
MIN_FULL_DPI = 250
#: the resolution of the triage pass
TRIAGE_DPI = 100
#: largest angle (degrees) the deskew step looks for
MAX_SKEW = 3.0
#: shortest ruling lines counted in the triage pass (points, across and down)
TRIAGE_RULING = (100.0, 40.0)

Array = np.ndarray[Any, Any]


class OcrUnavailable(LkjError):
    """Tesseract (or its Indonesian model) is not installed; the message says how to install it."""


@dataclass
class Word:
    """One word Tesseract read: its text, box (points) and confidence (0-100)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    conf: float
    #: Tesseract's block / paragraph / line numbers
    line_key: tuple[int, int, int] = (0, 0, 0)
    #: a figure's second reading where it differed from the first (see ocr_second)
    alt: str | None = None
    #: the baseline under the word and the font size of its line (points), from Tesseract
    baseline: float | None = None
    size: float | None = None

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.x0, self.top, self.x1, self.bottom)

    def as_dict(self) -> dict[str, Any]:
        """A pdfplumber-style word (the keys :mod:`lkj.extract.pdf_grid` reads)."""
        return {
            "text": self.text,
            "x0": self.x0,
            "x1": self.x1,
            "top": self.top,
            "bottom": self.bottom,
            "doctop": self.top,
            "upright": True,
            "conf": self.conf,
        }


@dataclass
class Ruling:
    """A ruling line found in the image: horizontal (``"h"``) or vertical (``"v"``), in points."""

    orientation: str
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass
class PageImage:
    """A page prepared for Tesseract."""

    #: the deskewed grey page
    grey: Array
    #: what Tesseract reads: black ink on white, rulings and specks removed
    clean: Array
    #: pixels per point of ``grey`` and ``clean``
    scale: float
    #: the angle undone, degrees (counter-clockwise positive)
    angle: float
    rulings: list[Ruling] = field(default_factory=list)

    @property
    def dpi(self) -> float:
        return self.scale * 72.0


# --------------------------------------------------------------------------- the engine


@lru_cache(maxsize=1)
def _languages() -> tuple[str, ...]:
    import pytesseract

    try:
        return tuple(pytesseract.get_languages(config=""))
    except Exception:  # a broken install lists nothing
        return ()


def engine_languages() -> str:
    """The ``-l`` argument for Tesseract: Indonesian and English where installed.

    Raises :class:`OcrUnavailable` (naming the install command) when Tesseract is missing or
    has neither language.
    """
    import pytesseract

    if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
        raise OcrUnavailable(f"Tesseract OCR is not installed: run {INSTALL_COMMAND}")
    have = _languages()
    langs = [lang for lang in LANGUAGES if lang in have]
    if not langs:
        raise OcrUnavailable(
            f"Tesseract has no Indonesian or English model (has: {', '.join(have) or 'none'}): "
            f"run {INSTALL_COMMAND}"
        )
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    return "+".join(langs)


def missing_languages() -> list[str]:
    """The languages of :data:`LANGUAGES` Tesseract lacks (a warning names them)."""
    have = _languages()
    return [lang for lang in LANGUAGES if lang not in have]


_HOCR_SPAN = re.compile(
    r"<span class='(?P<cls>ocr_line|ocr_caption|ocr_header|ocr_textfloat|ocrx_word)'[^>]*?"
    r"title=(?P<q>['\"])(?P<title>.*?)(?P=q)[^>]*>(?P<text>[^<]*)"
)
_BBOX = re.compile(r"bbox (-?\d+) (-?\d+) (-?\d+) (-?\d+)")
_BASELINE = re.compile(r"baseline (-?[\d.]+) (-?[\d.]+)")
_X_SIZE = re.compile(r"x_size ([\d.]+)")
_WCONF = re.compile(r"x_wconf (-?[\d.]+)")


def tesseract(
    image: Array, scale: float, *, lang: str, psm: int = 4, config: str = ""
) -> list[Word]:
    """Tesseract's words of a prepared image, boxes in points (pixels / ``scale``), each with
    the baseline and font size Tesseract found for its line.

    ``psm`` 4 reads the page as one column of lines of varying size: a table row stays one
    line with gaps between its cells, as the text layer of a born-digital PDF gives it. The
    output is hOCR, which gives, besides each word's box and confidence, its line's baseline
    and size: a word's box takes in any speck that touches it, the baseline does not.
    """
    import pytesseract
    from PIL import Image

    hocr = pytesseract.image_to_pdf_or_hocr(
        Image.fromarray(image),
        lang=lang,
        extension="hocr",
        config=f"--psm {psm} -c tessedit_do_invert=0 {config}".strip(),
    ).decode("utf-8", errors="replace")
    return parse_hocr(hocr, scale)


def parse_hocr(hocr: str, scale: float) -> list[Word]:
    """The words of Tesseract's hOCR (see :func:`tesseract`)."""
    words: list[Word] = []
    base: tuple[float, float, float, float] | None = None  # line left, bottom, slope, offset
    size: float | None = None
    line = 0
    for m in _HOCR_SPAN.finditer(hocr):
        title = m.group("title")
        box = _BBOX.search(title)
        if box is None:
            continue
        x0, y0, x1, y1 = (int(v) for v in box.groups())
        if m.group("cls") != "ocrx_word":
            line += 1
            bl = _BASELINE.search(title)
            xs = _X_SIZE.search(title)
            base = (x0, y1, float(bl.group(1)), float(bl.group(2))) if bl else None
            size = float(xs.group(1)) / scale if xs else None
            continue
        text = html.unescape(m.group("text")).strip()
        conf = _WCONF.search(title)
        if not text or conf is None or float(conf.group(1)) < 0:
            continue
        baseline = None
        if base is not None:
            left, bottom, slope, offset = base
            baseline = (bottom + offset + slope * ((x0 + x1) / 2 - left)) / scale
        words.append(
            Word(
                text=text,
                x0=x0 / scale,
                top=y0 / scale,
                x1=x1 / scale,
                bottom=y1 / scale,
                conf=float(conf.group(1)),
                line_key=(0, 0, line),
                baseline=baseline,
                size=size,
            )
        )
    return words


# --------------------------------------------------------------------------- the image


def render(page: Any, dpi: float) -> Array:
    """The page as displayed (``/Rotate`` applied), grey, at ``dpi``."""
    bitmap = page.render(scale=dpi / 72.0, grayscale=True)
    try:
        image = bitmap.to_pil().convert("L")
    finally:
        bitmap.close()
    return np.asarray(image, dtype=np.uint8)


def native_dpi(page: Any) -> float | None:
    """The resolution of the largest image on the page (its pixels over its size in inches),
    or None when the page has no image."""
    import pypdfium2.raw as pdfium_c

    best: tuple[float, float] | None = None  # (area in points, dpi)
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        try:
            left, bottom, right, top = obj.get_bounds()
            px_w, _ = obj.get_px_size()
        except Exception:
            continue
        width = right - left
        if width <= 0 or px_w <= 0:
            continue
        area = width * (top - bottom)
        dpi = px_w / (width / 72.0)
        if best is None or area > best[0]:
            best = (area, dpi)
    return best[1] if best else None


def image_cover(page: Any) -> float:
    """The share of the page the images on it cover (a scanned page: nearly all of it)."""
    import pypdfium2.raw as pdfium_c

    w, h = page.get_size()
    if w <= 0 or h <= 0:
        return 0.0
    covered = 0.0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        try:
            left, bottom, right, top = obj.get_bounds()
        except Exception:
            continue
        covered += max(0.0, min(right, w) - max(left, 0.0)) * max(
            0.0, min(top, h) - max(bottom, 0.0)
        )
    return min(1.0, covered / (w * h))


def skew_angle(grey: Array, scale: float) -> float:
    """The page's skew in degrees (counter-clockwise positive), from the projection profile
    of the letters' bottoms: at the right angle the bottoms of a line's letters (and words)
    line up and the profile is sharpest. Specks, grain and rules are left out (only blobs
    the size of letters count), so a periodic texture or a long rule cannot pull the angle.
    Searched on a copy at about 75 dpi, coarse then fine."""
    import cv2

    f = min(1.0, 75.0 / (scale * 72.0))
    small = cv2.resize(grey, None, fx=f, fy=f, interpolation=cv2.INTER_AREA) if f < 1 else grey
    _, ink = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    px = 75.0 / 72.0  # pixels per point on the small copy
    x, y, w, h, area = (stats[1:, k].astype(np.float64) for k in range(5))
    letters = (h >= 2.5 * px) & (h <= 24 * px) & (w <= 120 * px) & (area >= 4)
    if letters.sum() < 20:
        return 0.0
    xs = (x + w / 2)[letters] - small.shape[1] / 2
    ys = (y + h)[letters]
    bins = small.shape[0] + 1

    def sharpness(angle: float) -> float:
        # a bottom at x on a line tilted by +angle (counter-clockwise) sits higher on the image
        # (smaller y) the further right it is: undo that
        yy = ys + xs * np.tan(np.radians(angle))
        hist, _ = np.histogram(yy, bins=bins, range=(-bins * 0.1, bins * 1.1))
        return float(np.sum(hist.astype(np.float64) ** 2))

    coarse = max(np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, 0.2), key=sharpness)
    fine = max(np.arange(coarse - 0.2, coarse + 0.2 + 1e-9, 0.05), key=sharpness)
    return round(float(fine), 2)


def rotate(grey: Array, angle: float) -> Array:
    """``grey`` turned by ``-angle`` degrees about its centre (the skew undone), paper white."""
    import cv2

    if abs(angle) < 0.05:
        return grey
    h, w = grey.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), -angle, 1.0)
    return cv2.warpAffine(grey, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def binarise(grey: Array, scale: float) -> Array:
    """Ink as 255 on 0: an adaptive threshold over windows about 7 points wide."""
    import cv2

    block = int(7 * scale) | 1
    return cv2.adaptiveThreshold(
        grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, max(block, 15), 15
    )


def rulings(
    ink: Array, scale: float, lengths: tuple[float, float] = (20.0, 15.0)
) -> tuple[Array, list[Ruling]]:
    """Ruling lines: runs of ink at least ``lengths`` points long (across, down), at most
    2 points thick, with clear paper along their sides. Returns the mask of their pixels
    (widened a little, for removal) and the lines in points.

    Letters make no such runs: a row of pixels through a line of text breaks between
    letters (only one-pixel gaps are closed before the search); where bold capitals set
    close do run together, the letters' bodies stand beside the run, and a rule has paper
    there (:func:`_clear_sides`). No stroke of body or table text is 15 points tall, while
    a column's rule runs down two rows of a table or more."""
    import cv2

    found: list[Ruling] = []
    thick = 2.0 * scale + 2
    masks = []
    for orientation, length in zip(("h", "v"), lengths, strict=True):
        size = max(int(length * scale), 12)
        kernel = (size, 1) if orientation == "h" else (1, size)
        # a gap of a pixel or two (JPEG, noise) does not cut a line
        bridge = (3, 1) if orientation == "h" else (1, 3)
        closed = cv2.morphologyEx(
            ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, bridge)
        )
        mask = cv2.morphologyEx(
            closed, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel)
        )
        n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        keep = np.zeros(n, dtype=bool)
        for k in range(1, n):
            x, y, w, h = (int(v) for v in stats[k, :4])
            across = h if orientation == "h" else w
            if across > thick:
                continue  # a filled block (a shaded header, a logo), not a line
            if not _clear_sides(ink, (x, y, w, h), orientation):
                continue  # the run of a line of bold capitals
            keep[k] = True
            if orientation == "h":
                mid = (y + h / 2) / scale
                found.append(Ruling("h", x / scale, mid, (x + w) / scale, mid))
            else:
                mid = (x + w / 2) / scale
                found.append(Ruling("v", mid, y / scale, mid, (y + h) / scale))
        masks.append(np.where(keep[labels], 255, 0).astype(np.uint8))
    # widened by half a point each way: the grey fringe of a line must not stay as specks
    k = 2 * int(np.ceil(0.5 * scale)) + 1
    mask = cv2.dilate(masks[0] | masks[1], np.ones((k, k), np.uint8))
    return mask, found


def _clear_sides(ink: Array, box: tuple[int, int, int, int], orientation: str) -> bool:
    """Whether paper runs along a run of ink on at least one side (2 to 4 pixels off it) for
    most of its length: a rule's sides are clear but where text or crossing rules touch
    it; a run through the bodies of bold letters has ink on both sides."""
    x, y, w, h = box
    H, W = ink.shape
    if orientation == "h":
        above = ink[max(0, y - 4) : max(0, y - 1), x : x + w]
        below = ink[min(H, y + h + 1) : min(H, y + h + 4), x : x + w]
        sides = [a.any(axis=0).mean() for a in (above, below) if a.size]
    else:
        left = ink[y : y + h, max(0, x - 4) : max(0, x - 1)]
        right = ink[y : y + h, min(W, x + w + 1) : min(W, x + w + 4)]
        sides = [a.any(axis=1).mean() for a in (left, right) if a.size]
    return not sides or min(sides) < 0.5


def despeckle(ink: Array, scale: float) -> Array:
    """Ink without the specks of a photocopy: blobs smaller than a full stop with no letter
    within 1.5 points (a decimal comma or a full stop sits closer to its digits)."""
    import cv2

    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if n <= 1:
        return ink
    area = stats[:, cv2.CC_STAT_AREA]
    small = area < max(4.0, 0.9 * scale * scale)
    small[0] = False
    if not small.any():
        return ink
    big = (~small).copy()
    big[0] = False
    letters = big[labels].astype(np.uint8)
    r = max(2, int(1.5 * scale))
    near = cv2.dilate(letters, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1)))
    out = ink.copy()
    out[small[labels] & (near == 0)] = 0
    return out


def prepare(page: Any, dpi: float) -> PageImage:
    """Render, deskew, binarise, strip rulings and despeckle one page (see the module doc)."""
    grey = render(page, dpi)
    scale = dpi / 72.0
    angle = skew_angle(grey, scale)
    grey = rotate(grey, angle)
    ink = binarise(grey, scale)
    mask, lines = rulings(ink, scale)
    ink[mask > 0] = 0
    ink = despeckle(ink, scale)
    return PageImage(grey, 255 - ink, scale, angle, lines)


def prepare_triage(page: Any, dpi: float) -> PageImage:
    """A page for the triage pass: rendered small and deskewed, no clean-up. At low resolution
    the strokes of a line of text run together into what looks like rulings, so rulings are
    counted only when long (:data:`TRIAGE_RULING` points) and nothing is removed; Tesseract
    binarises the grey page itself."""
    grey = render(page, dpi)
    scale = dpi / 72.0
    angle = skew_angle(grey, scale)
    grey = rotate(grey, angle)
    _, lines = rulings(binarise(grey, scale), scale, TRIAGE_RULING)
    return PageImage(grey, grey, scale, angle, lines)
