"""Second readings: ink the first reading left out, and every figure read twice.

Tesseract reads a page as one column of lines (``--psm 4``). On a table page it may leave
out a narrow column at the page's edge (the NO column, the ``%`` column) as if it were a
margin, and its word confidence is a poor judge of single digits: on a photocopy it reads
``70%`` as ``10%`` and is 89 % sure of it. So, at full resolution:

- :func:`read_missed`: lines of ink that no word covers are cut out, pasted one under the
  other into a strip and read in one call; their words join the page's, boxes mapped back
  (:func:`add_missed`), but for those that overlap words read already (the edge of a
  letter Tesseract's box left out, read with its neighbours' edges);
- :func:`verify_figures`: each word that looks like a figure is cut out and read again, all
  of a page's figures in one strip, with the English model restricted to the characters
  figures are printed with (digits, marks, ``%``, ``Rp``). Where the two readings agree the
  figure stands; where they differ (beyond a mark at either end), the word takes the
  likelier reading (:func:`_prefer_second`), remembers the other
  (:attr:`~lkj.extract.ocr.Word.alt`), and its confidence drops to at most
  :data:`DISPUTED`, so that the value built from it is flagged ``low_confidence``.
"""

from __future__ import annotations

import re

import numpy as np

from . import ocr
from .ocr import Array, PageImage, Word

#: the confidence a figure keeps at most when its two readings differ
DISPUTED = 40.0
#: a figure read with less confidence than this where the second reading sees nothing is
#: a speck: the word is dropped (its text emptied)
NOTHING_THERE = 60.0
#: characters figures are printed with
WHITELIST = "0123456789.,%-+()/Rp"
#: a word worth a second reading: digits, marks and the letters OCR confuses with digits
_FIGURE_LIKE = re.compile(r"^[\dOoDQlIiSsBZz|!.,%()+\-/:;'Rp]+$")
#: a well-formed figure: "14.466.321.000", "93,86%", "(1.250)", "Rp.2.516.845.000,-"
_FIGURE = re.compile(
    r"^\(?[-+]?(?:Rp\.?)?\d{1,3}(?:[.,]\d{3})*(?:[.,]\d+)?(?:,-)?%?\)?$|^\(?\d+(?:[.,]\d+)?%?\)?$"
)
_ENDS = re.compile(r"^[.,:;'\-]+|[.,:;'\-]+$")
#: most crops one strip holds (one Tesseract call)
MAX_PER_STRIP = 400
#: a word read from missed ink that the first reading's words cover this much of (of its
#: width) is the edge of a word read already, not a word of its own
MAX_COVERED = 1 / 3

Box = tuple[float, float, float, float]


def is_figure(text: str) -> bool:
    return bool(_FIGURE.match(text))


def wants_second_reading(w: Word) -> bool:
    t = w.text
    return (
        len(t) <= 24 and bool(_FIGURE_LIKE.match(t)) and (any(ch.isdigit() for ch in t) or "%" in t)
    )


def same_reading(a: str, b: str) -> bool:
    """Two readings of one figure agree: the same once a mark or dash at either end (a speck
    the crop took in, a rule end) is set aside."""
    return _ENDS.sub("", a.replace(" ", "")) == _ENDS.sub("", b.replace(" ", ""))


def _prefer_second(first: str, first_conf: float, second: str, second_conf: float) -> bool:
    """Which of two differing readings of a figure to keep: the one with a ``%`` where only
    one has it (the English model reads the sign far better, the Indonesian one often gives
    ``96`` or ``(2)`` for it), else the well-formed figure where only one is, else the surer."""
    if not second:
        return False
    if ("%" in second) != ("%" in first):
        return "%" in second
    if is_figure(second) != is_figure(first):
        return is_figure(second)
    return second_conf > first_conf


def verify_figures(image: PageImage, words: list[Word]) -> int:
    """Read every figure-like word of ``words`` again (see the module doc); returns how many
    readings disagreed. The words are updated in place; a word left with no text was a
    speck (:data:`NOTHING_THERE`), for the caller to drop."""
    chosen = [w for w in words if wants_second_reading(w)][:MAX_PER_STRIP]
    if not chosen:
        return 0
    strip, places = _strip(image, [w.bbox for w in chosen], pad_x=0.15)
    second = ocr.tesseract(
        strip, 1.0, lang="eng", psm=6, config=f"-c tessedit_char_whitelist={WHITELIST}"
    )
    disputed = 0
    for w, got in zip(chosen, _by_crop(second, places), strict=True):
        text = "".join(x.text for x in got)
        conf = min((x.conf for x in got), default=0.0)
        if same_reading(text, w.text):
            continue
        disputed += 1
        first = w.text
        if not text and w.conf < NOTHING_THERE:
            w.text, w.alt = "", first  # a speck the first reading took for a figure
            continue
        if _prefer_second(first, w.conf, text, conf):
            w.text, w.alt = text, first
        else:
            w.alt = text
        w.conf = min(w.conf, conf, DISPUTED)
    return disputed


def read_missed(image: PageImage, words: list[Word], lang: str) -> list[Word]:
    """Words for the lines of ink no word of ``words`` covers (see the module doc)."""
    boxes = missed_ink(image, words)[:MAX_PER_STRIP]
    if not boxes:
        return []
    strip, places = _strip(image, boxes, pad_x=0.3)
    found = ocr.tesseract(strip, 1.0, lang=lang, psm=6)
    out: list[Word] = []
    s = image.scale
    for (x_off, y_off, x0, top), got in zip(places, _by_crop(found, places), strict=True):
        for w in got:
            out.append(
                Word(
                    w.text,
                    x0 + (w.x0 - x_off) / s,
                    top + (w.top - y_off) / s,
                    x0 + (w.x1 - x_off) / s,
                    top + (w.bottom - y_off) / s,
                    w.conf,
                    baseline=None if w.baseline is None else top + (w.baseline - y_off) / s,
                    size=None if w.size is None else w.size / s,
                )
            )
    return out


def add_missed(words: list[Word], found: list[Word]) -> list[Word]:
    """``words`` with the words :func:`read_missed` found, less those the first reading's
    words mostly cover (:func:`covered`)."""
    return words + [w for w in found if covered(w, words) < MAX_COVERED]


def covered(word: Word, words: list[Word]) -> float:
    """The share of ``word``'s width that words on its line cover.

    Tesseract's box of a word can stop short of its ink by a pixel or two; what is left of
    the letter (the right edge of a ``3``), smeared, looks like a line of ink no word covers,
    and read with the neighbours' edges in its crop it comes back as a word overlapping them
    (``3.`` over ``3 Januari``): scrambled letters, for the table grid, in the cell."""
    width = word.x1 - word.x0
    if width <= 0:
        return 1.0
    mid = (word.top + word.bottom) / 2
    share = 0.0
    for w in words:
        if w.top <= mid <= w.bottom:
            share += max(0.0, min(word.x1, w.x1) - max(word.x0, w.x0))
    return share / width


def missed_ink(image: PageImage, words: list[Word]) -> list[Box]:
    """Boxes (points) of runs of ink, a text line high, that no word covers: the letters of
    a line smeared together over a word space, minus what the words cover."""
    import cv2

    s = image.scale
    ink = (image.clean < 128).astype(np.uint8)
    for word in words:
        x0, y0 = max(0, int(word.x0 * s) - 2), max(0, int(word.top * s) - 2)
        ink[y0 : int(word.bottom * s) + 3, x0 : int(word.x1 * s) + 3] = 0
    smear = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, int(2.5 * s)), 1)))
    n, _, stats, _ = cv2.connectedComponentsWithStats(smear, connectivity=8)
    out: list[Box] = []
    for k in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[k])
        # a line of text: 4 to 16 points high, ink enough to be letters, not a speck
        if not 4.0 <= h / s <= 16.0 or area < 4 * s * s:
            continue
        out.append((x / s, y / s, (x + w) / s, (y + h) / s))
    return _merge_boxes(out, gap=2.5)


def _merge_boxes(boxes: list[Box], gap: float) -> list[Box]:
    """Boxes on one line (overlapping by half their height) at most ``gap`` apart, as one:
    a comma or a dot below the line can cut the smear of one figure in two."""
    out: list[Box] = []
    for b in sorted(boxes):
        for i, a in enumerate(out):
            overlap = min(a[3], b[3]) - max(a[1], b[1])
            if overlap >= 0.5 * min(a[3] - a[1], b[3] - b[1]) and b[0] - a[2] <= gap:
                out[i] = (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))
                break
        else:
            out.append(b)
    return out


def _strip(
    image: PageImage, boxes: list[Box], pad_x: float
) -> tuple[Array, list[tuple[int, int, float, float]]]:
    """The boxes' crops of the clean page one under the other on white. Returns the strip and,
    per crop, where it was pasted (x, y in the strip) and where it came from (x0, top in
    points)."""
    s = image.scale
    src = image.clean
    crops = []
    origins = []
    for x0, top, x1, bottom in boxes:
        h = (bottom - top) * s
        px, py = max(2, int(pad_x * h)), max(2, int(0.2 * h))
        cx0, cy0 = max(0, int(x0 * s) - px), max(0, int(top * s) - py)
        cx1, cy1 = min(src.shape[1], int(x1 * s) + px), min(src.shape[0], int(bottom * s) + py)
        crops.append(src[cy0:cy1, cx0:cx1])
        origins.append((cx0 / s, cy0 / s))
    height = max(c.shape[0] for c in crops)
    gap = max(8, height // 2)
    width = max(c.shape[1] for c in crops) + 2 * gap
    total = sum(c.shape[0] for c in crops) + gap * (len(crops) + 1)
    strip = np.full((total, width), 255, dtype=np.uint8)
    places = []
    y = gap
    for c, (ox, oy) in zip(crops, origins, strict=True):
        strip[y : y + c.shape[0], gap : gap + c.shape[1]] = c
        places.append((gap, y, ox, oy))
        y += c.shape[0] + gap
    return strip, places


def _by_crop(words: list[Word], places: list[tuple[int, int, float, float]]) -> list[list[Word]]:
    """The strip's words by the crop they stand on (by their vertical middle), left to right."""
    found: list[list[Word]] = [[] for _ in places]
    starts = [p[1] for p in places]
    for w in words:
        mid = (w.top + w.bottom) / 2
        k = int(np.searchsorted(starts, mid, side="right")) - 1
        if 0 <= k < len(places):
            found[k].append(w)
    for ws in found:
        ws.sort(key=lambda w: w.x0)
    return found
