"""Render an LKj text report as a born-digital PDF, recording the page and box of every line.

:func:`render_pdf` draws the blocks of :mod:`lkj.corpus.pdf_blocks` with reportlab on
A4 pages: wrapped prose with bold headings, centred captions where the text has
them, tables as cell grids (``ruled``: every cell bordered with lines;
``borderless``: whitespace only) whose columns are sized from their content,
numbers right-aligned. A table continues on the next page when it does not fit,
repeating its header rows in about half the tables; a table with seven or more
columns (or too wide for portrait) goes on landscape pages, and in some documents
on a portrait page turned with ``/Rotate 90`` instead. Page numbers sit in the
footer. The output depends only on (text, style, seed): the same bytes every run.

The returned :class:`PdfLayout` maps every drawn source line (1-based) to its page
and bounding box in PDF points with a top-left origin, as pdfplumber reports them.
"""

from __future__ import annotations

import io
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from .pdf_blocks import BOLD, REGULAR, Block, Para, Run, Tabbed, Table, parse_blocks

PdfStyle = Literal["ruled", "borderless"]
BBox = tuple[float, float, float, float]
Seg = tuple[str, str]  # text and font on one drawn line

PORTRAIT = (A4[0], A4[1])
LANDSCAPE = (A4[1], A4[0])
MARGINS = {False: (70.0, 64.0, 56.0, 64.0), True: (48.0, 52.0, 48.0, 56.0)}  # left top right bottom
BODY, LEADING = 10.0, 13.2
TABLE_SIZES = (8.0, 7.0, 6.5, 6.0)
VPAD = 2.5
#: tables with this many columns always go on a landscape page
WIDE_COLUMNS = 7
_BOLDER = {REGULAR: BOLD, "Helvetica-Oblique": "Helvetica-BoldOblique"}


@dataclass(frozen=True)
class LineBox:
    page: int
    bbox: BBox  # x0, top, x1, bottom (points, top-left origin)


@dataclass(frozen=True)
class TableBox:
    first_line: int
    last_line: int
    pages: tuple[int, ...]
    landscape: bool
    rotated: bool  # drawn on portrait pages turned with /Rotate 90
    header_rows: int
    repeat_header: bool  # the header rows are drawn again on each continuation page


@dataclass
class PdfLayout:
    style: PdfStyle
    n_pages: int
    lines: dict[int, LineBox]
    tables: list[TableBox]
    page_sizes: list[tuple[float, float]]  # (width, height) as displayed
    rotated_pages: list[int] = field(default_factory=list)

    def page_of(self, line: int) -> int | None:
        box = self.lines.get(line)
        return box.page if box else None

    def page_map(self, lines: Iterable[int] | None = None) -> dict[str, int]:
        """``{"<line>": page}`` for the given lines (all drawn lines by default)."""
        wanted = sorted(set(self.lines if lines is None else lines))
        return {str(n): self.lines[n].page for n in wanted if n in self.lines}


# -- measuring and wrapping -----------------------------------------------------


@lru_cache(maxsize=1 << 16)
def _unit_width(text: str, font: str) -> float:
    return float(stringWidth(text, font, 1.0))


def text_width(text: str, font: str, size: float) -> float:
    return _unit_width(text, font) * size


def _break_word(word: str, font: str, size: float, maxw: float) -> list[str]:
    parts, cur = [], ""
    for ch in word:
        if cur and text_width(cur + ch, font, size) > maxw:
            parts.append(cur)
            cur = ""
        cur += ch
    return [*parts, cur]


def wrap_runs(runs: list[Run], size: float, maxw: float) -> list[tuple[list[Seg], float]]:
    """Greedy line filling over styled runs; a word wider than the line is cut."""
    words: list[tuple[str, str, bool]] = []
    space = False
    for text, font in runs:
        for k, part in enumerate(text.split(" ")):
            space = space or k > 0
            if part:
                words.append((part, font, space and bool(words)))
                space = False
    lines: list[tuple[list[Seg], float]] = []
    cur: list[Seg] = []
    curw = 0.0
    for word, font, sp in words:
        ww = text_width(word, font, size)
        spw = text_width(" ", font, size) if sp and cur else 0.0
        if cur and curw + spw + ww > maxw:
            lines.append((cur, curw))
            cur, curw, spw = [], 0.0, 0.0
        if not cur and ww > maxw:
            chunks = _break_word(word, font, size, maxw)
            lines.extend(([(c, font)], text_width(c, font, size)) for c in chunks[:-1])
            word = chunks[-1]
            ww = text_width(word, font, size)
        piece = (" " if spw else "") + word
        if cur and cur[-1][1] == font:
            cur[-1] = (cur[-1][0] + piece, font)
        else:
            cur.append((piece, font))
        curw += spw + ww
    if cur:
        lines.append((cur, curw))
    return lines


# -- tables: sizes --------------------------------------------------------------


@dataclass
class _Grid:
    xs: list[float]  # column edges
    size: float
    leading: float
    pad: float
    cells: list[list[list[tuple[str, float]]]]  # row -> cell -> wrapped lines (text, width)
    heights: list[float]


def _bounds(t: Table, size: float, pad: float, avail: float) -> tuple[list[float], list[float]]:
    """Per column: the narrowest width without cutting words, and the unwrapped width."""
    lo = [2 * pad + size] * t.ncols
    hi = list(lo)
    for row in t.rows:
        for c in row.cells:
            if c.span != 1 or not c.texts:
                continue
            font = BOLD if c.bold else REGULAR
            word = max(text_width(w, font, size) for tx in c.texts for w in tx.split() or [""])
            full = max(text_width(tx, font, size) for tx in c.texts)
            lo[c.col] = max(lo[c.col], min(word, avail * 0.3) + 2 * pad + 0.5)
            hi[c.col] = max(hi[c.col], full + 2 * pad + 0.5)
    return lo, hi


def _widths(t: Table, avail: float, pad: float) -> tuple[list[float], float]:
    for size in TABLE_SIZES:
        lo, hi = _bounds(t, size, pad, avail)
        if sum(lo) <= avail or size == TABLE_SIZES[-1]:
            break
    if sum(hi) <= avail:
        extra = avail - sum(hi) if sum(hi) > 0.55 * avail else 0.0
        return [h + extra * h / sum(hi) for h in hi], size
    if sum(lo) > avail:  # nothing fits: narrow every column, long words get cut
        return [w * avail / sum(lo) for w in lo], size
    flex = [h - lo_ for h, lo_ in zip(hi, lo, strict=True)]
    spare = avail - sum(lo)
    return [lo_ + spare * f / sum(flex) for lo_, f in zip(lo, flex, strict=True)], size


def _grid(t: Table, x0: float, avail: float, pad: float) -> _Grid:
    widths, size = _widths(t, avail, pad)
    xs = [x0]
    for w in widths:
        xs.append(xs[-1] + w)
    leading = size * 1.2
    cells, heights = [], []
    for row in t.rows:
        wrapped = []
        for c in row.cells:
            inner = xs[c.col + c.span] - xs[c.col] - 2 * pad
            font = BOLD if c.bold else REGULAR
            lines = [
                (" ".join(s for s, _ in segs), w)
                for tx in c.texts
                for segs, w in wrap_runs([(tx, font)], size, inner)
            ]
            wrapped.append(lines)
        n = max([len(ls) for c, ls in zip(row.cells, wrapped, strict=True) if not c.vmerged] + [1])
        cells.append(wrapped)
        heights.append(n * leading + 2 * VPAD)
    return _Grid(xs, size, leading, pad, cells, heights)


# -- the writer -------------------------------------------------------------------


class _Writer:
    def __init__(self, style: PdfStyle, seed: int, title: str | None) -> None:
        self.style, self.seed, self.title = style, seed, title
        self.buf = io.BytesIO()
        self.c = Canvas(self.buf, pagesize=PORTRAIT, invariant=1, pageCompression=1)
        self.c.setTitle(title or "Laporan Kinerja")
        self.c.setCreator("lkj.corpus")
        rng = random.Random(f"lkj-pdf:{seed}:{style}:document")
        self.footer = rng.choice(("{n}", "- {n} -", "Halaman {n}"))
        self.rotate_first = rng.random() < 0.3
        self.page = 0
        self.open = False
        self.cover_page = False
        self.landscape = self.rotated = False
        self.size = PORTRAIT
        self.x0 = self.top = self.x1 = self.bottom = self.y = 0.0
        self.lines: dict[int, LineBox] = {}
        self.tables: list[TableBox] = []
        self.page_sizes: list[tuple[float, float]] = []
        self.rotated_pages: list[int] = []

    # -- pages ---------------------------------------------------------------
    def new_page(self, landscape: bool = False, rotated: bool = False) -> None:
        self.finish_page()
        c = self.c
        self.page += 1
        if rotated:
            c.setPageSize(PORTRAIT)
            c.setPageRotation(90)
            c.saveState()
            c.transform(0, 1, -1, 0, PORTRAIT[0], 0)  # landscape drawing, shown upright
        else:
            c.setPageSize(LANDSCAPE if landscape else PORTRAIT)
            c.setPageRotation(0)
        self.landscape, self.rotated = landscape or rotated, rotated
        self.size = LANDSCAPE if self.landscape else PORTRAIT
        left, top, right, bottom = MARGINS[self.landscape]
        self.x0, self.top = left, top
        self.x1, self.bottom = self.size[0] - right, self.size[1] - bottom
        self.y = self.top
        self.page_sizes.append(self.size)
        if rotated:
            self.rotated_pages.append(self.page)
        if self.title and self.page > 1:
            c.setFillGray(0.35)
            self._text(self.x0, self.top - 30, self.title, "Helvetica-Oblique", 7.5)
            c.setFillGray(0)
        self.open = True

    def finish_page(self) -> None:
        if not self.open:
            return
        if not (self.page == 1 and self.cover_page):
            label = self.footer.format(n=self.page)
            w = text_width(label, REGULAR, 9)
            self._text((self.size[0] - w) / 2, self.size[1] - 40, label, REGULAR, 9)
        if self.rotated:
            self.c.restoreState()
        self.c.showPage()
        self.open = False

    def ensure(self, need: float, landscape: bool = False, rotated: bool = False) -> None:
        """A new page when the orientation changes or ``need`` points do not fit."""
        turn = (self.landscape, self.rotated) != (landscape or rotated, rotated)
        full = self.y + need > self.bottom and self.y > self.top + 0.5
        if not self.open or turn or full:
            self.new_page(landscape, rotated)

    # -- drawing -------------------------------------------------------------
    def _text(self, x: float, top: float, text: str, font: str, size: float) -> None:
        self.c.setFont(font, size)
        self.c.drawString(x, self.size[1] - top - 0.8 * size, text)

    def _segs(self, x: float, top: float, segs: list[Seg], size: float) -> None:
        for text, font in segs:
            self._text(x, top, text, font, size)
            x += text_width(text, font, size)

    def mark(self, line: int, box: BBox) -> None:
        old = self.lines.get(line)
        if old is None:
            self.lines[line] = LineBox(self.page, box)
        elif old.page == self.page:
            a = old.bbox
            self.lines[line] = LineBox(
                self.page,
                (min(a[0], box[0]), min(a[1], box[1]), max(a[2], box[2]), max(a[3], box[3])),
            )

    def _rule(self, x0: float, top0: float, x1: float, top1: float) -> None:
        h = self.size[1]
        self.c.line(x0, h - top0, x1, h - top1)

    # -- prose ---------------------------------------------------------------
    def para(self, p: Para, keep: float, orient: tuple[bool, bool]) -> None:
        size, lead, indent, centre = BODY, LEADING, 0.0, False
        if p.kind == "cover":
            size, lead, centre = 15.0, 21.0, True
        elif p.kind == "heading":
            size = {1: 16.0, 2: 14.0, 3: 12.0}.get(p.level, 11.0)
            lead, centre = size * 1.35, p.new_page
        elif p.kind == "caption":
            centre = True
        elif p.kind == "item":
            indent = 18.0
        if p.new_page and self.open and self.y > self.top + 0.5:
            self.new_page()
        if not self.open:
            self.new_page(*orient)
        if p.kind == "cover" and self.page == 1:
            self.cover_page = True
            self.y = max(self.y, self.top + 110)
        gap = (lead * (1.0 if p.kind in ("heading", "cover") else 0.55)) if p.gap_before else 0.0
        runs = p.runs
        if p.kind in ("cover", "caption") or p.kind == "heading" and p.level <= 3:
            runs = [(t, _BOLDER.get(f, f)) for t, f in runs]
        lines = wrap_runs(runs, size, self.x1 - self.x0 - indent)
        if not lines:
            return
        first = min(len(lines), 2) * lead
        self.ensure(gap + first + (keep if p.kind in ("heading", "caption") else 0.0), *orient)
        if self.y > self.top + 0.5:
            self.y += gap
        for segs, w in lines:
            self.ensure(lead, *orient)
            x = self.x0 + indent if not centre else self.x0 + (self.x1 - self.x0 - w) / 2
            self._segs(x, self.y, segs, size)
            self.mark(p.line, (x, self.y, x + w, self.y + size * 1.05))
            self.y += lead

    def tabbed(self, b: Tabbed) -> None:
        """A table of contents (dot leaders to a right-aligned page number) or tab-stop lines."""
        self.ensure(LEADING * 2)
        if b.gap_before and self.y > self.top + 0.5:
            self.y += LEADING * 0.5
        width = self.x1 - self.x0
        for line, raw in b.rows:
            cells = [c for c in (x.strip() for x in raw)]
            if b.toc:
                page = cells[-1] if len(cells) > 1 else ""
                label = "  ".join(c for c in cells[:-1] if c).rstrip(". ") if page else cells[0]
                wrapped = wrap_runs([(label, REGULAR)], BODY, width - 60)
                self.ensure(LEADING * len(wrapped))
                for k, (segs, w) in enumerate(wrapped):
                    self._segs(self.x0, self.y, segs, BODY)
                    self.mark(line, (self.x0, self.y, self.x0 + w, self.y + BODY * 1.05))
                    if k == len(wrapped) - 1 and page:
                        pw = text_width(page, REGULAR, BODY)
                        gap = self.x1 - pw - (self.x0 + w) - 8
                        dots = "." * max(0, int(gap / text_width(".", REGULAR, BODY)))
                        self._text(self.x0 + w + 4, self.y, dots, REGULAR, BODY)
                        self._text(self.x1 - pw, self.y, page, REGULAR, BODY)
                        self.mark(line, (self.x1 - pw, self.y, self.x1, self.y + BODY * 1.05))
                    self.y += LEADING
                continue
            first = cells[0]
            stop = max(90.0, text_width(first, REGULAR, BODY) + 14)
            rest = wrap_runs([(" ".join(c for c in cells[1:] if c), REGULAR)], BODY, width - stop)
            self.ensure(LEADING * max(1, len(rest)))
            self._text(self.x0, self.y, first, REGULAR, BODY)
            self.mark(line, (self.x0, self.y, self.x0 + stop, self.y + BODY * 1.05))
            for segs, w in rest or [([], 0.0)]:
                self._segs(self.x0 + stop, self.y, segs, BODY)
                self.mark(line, (self.x0 + stop, self.y, self.x0 + stop + w, self.y + BODY * 1.05))
                self.y += LEADING

    # -- tables --------------------------------------------------------------
    def table(self, t: Table, landscape: bool, rotated: bool, repeat: bool) -> None:
        self.ensure(0, landscape, rotated)
        pad = 3.0 if self.style == "ruled" else 5.0
        g = _grid(t, self.x0, self.x1 - self.x0, pad)
        if t.gap_before and self.y > self.top + 0.5:
            self.y += 6.0
        nh = t.n_header
        head_h = sum(g.heights[:nh])
        first_body = g.heights[nh] if nh < len(t.rows) else 0.0
        self.ensure(head_h + min(first_body, self.bottom - self.top - head_h), landscape, rotated)
        pages = [self.page]
        drawn = 0  # rows of this table drawn on the current page (repeated headers aside)
        for i in range(len(t.rows)):
            start, total = 0, max([len(ls) for ls in g.cells[i]] + [1])
            while True:
                room = self.bottom - self.y
                need = g.heights[i] if start == 0 else (total - start) * g.leading + 2 * VPAD
                if need <= room:
                    self._row(g, t, i, start, None)
                    drawn += 1
                    break
                fits = int((room - 2 * VPAD) // g.leading)
                if not drawn and fits < 1:  # cannot happen on a fresh page; never loop
                    self._row(g, t, i, start, None)
                    break
                if not drawn or (fits >= 2 and need > self.bottom - self.top - head_h):
                    start = self._row(g, t, i, start, start + fits)
                    drawn += 1
                self._close(g)
                self.new_page(landscape, rotated)
                pages.append(self.page)
                drawn = 0
                if repeat and nh and i >= nh:
                    for k in range(nh):
                        self._row(g, t, k, 0, None, mark=False)
        self._close(g)
        self.y += 4.0
        self.tables.append(
            TableBox(
                t.first_line, t.last_line, tuple(pages), landscape or rotated, rotated, nh, repeat
            )
        )

    def _row(
        self, g: _Grid, t: Table, i: int, start: int, stop: int | None, mark: bool = True
    ) -> int:
        """Draw lines ``start:stop`` of row ``i`` at the cursor; returns where it stopped."""
        row, lines = t.rows[i], g.cells[i]
        n = max([len(ls[start:stop]) for ls in lines] + [1])
        h = n * g.leading + 2 * VPAD if (start or stop is not None) else g.heights[i]
        top, xs = self.y, g.xs
        for c, ls in zip(row.cells, lines, strict=True):
            left, right = xs[c.col], xs[c.col + c.span]
            if self.style == "ruled":
                if not c.vmerged:
                    self._rule(left, top, right, top)
                self._rule(left, top, left, top + h)
            if c.vmerged:
                continue
            for k, (text, w) in enumerate(ls[start:stop]):
                font = BOLD if c.bold else REGULAR
                if c.align == "right":
                    x = right - g.pad - w
                elif c.align == "center":
                    x = (left + right - w) / 2
                else:
                    x = left + g.pad
                self._text(x, top + VPAD + k * g.leading, text, font, g.size)
        if self.style == "ruled":
            self._rule(xs[-1], top, xs[-1], top + h)
        if mark:
            self.mark(row.line, (xs[0], top, xs[-1], top + h))
        self.y += h
        return start + n if stop is not None else start

    def _close(self, g: _Grid) -> None:
        if self.style == "ruled":
            self._rule(g.xs[0], self.y, g.xs[-1], self.y)

    def result(self) -> tuple[bytes, PdfLayout]:
        if not self.open:
            self.new_page()
        self.finish_page()
        self.c.save()
        layout = PdfLayout(
            self.style, self.page, self.lines, self.tables, self.page_sizes, self.rotated_pages
        )
        return self.buf.getvalue(), layout


# -- placement ----------------------------------------------------------------------


def _is_wide(t: Table, rng: random.Random) -> bool:
    left, _, right, _ = MARGINS[False]
    avail = PORTRAIT[0] - left - right
    lo, hi = _bounds(t, TABLE_SIZES[0], 3.0, avail)
    if t.ncols >= WIDE_COLUMNS or sum(lo) > avail:
        return True
    return sum(hi) > 1.6 * avail and rng.random() < 0.5


def _caption_after(blocks: list[Block]) -> bool:
    """Whether the document captions below its tables (more caption groups follow a table)."""
    before = after = 0
    for i, b in enumerate(blocks):
        if not _is_caption(b) or (i and _is_caption(blocks[i - 1])):
            continue
        j = i
        while j + 1 < len(blocks) and _is_caption(blocks[j + 1]):
            j += 1
        if j + 1 < len(blocks) and isinstance(blocks[j + 1], Table):
            before += 1
        elif i and isinstance(blocks[i - 1], Table):
            after += 1
    return after > before


def _is_caption(b: Block) -> bool:
    return isinstance(b, Para) and b.kind == "caption"


def _plan(
    blocks: list[Block], seed: int, style: PdfStyle, rotate_first: bool
) -> list[tuple[bool, bool, bool]]:
    """(landscape, rotated, repeat header) per block; captions follow their table's page."""
    plan = [(False, False, False)] * len(blocks)
    after = _caption_after(blocks)
    rotate_left = rotate_first
    for i, b in enumerate(blocks):
        if not isinstance(b, Table):
            continue
        rng = random.Random(f"lkj-pdf:{seed}:{style}:table:{b.first_line}")
        repeat = rng.random() < 0.5
        wide = _is_wide(b, rng)
        rotated = wide and rotate_left
        rotate_left = rotate_left and not wide
        plan[i] = (wide, rotated, repeat)
        if not wide:
            continue
        step = 1 if after else -1
        j = i + step
        while 0 <= j < len(blocks) and _is_caption(blocks[j]) and abs(j - i) <= 4:
            plan[j] = (True, rotated, False)
            j += step
    return plan


def _keep(blocks: list[Block], i: int) -> float:
    """Room a heading or caption wants below it: the start of what follows."""
    for b in blocks[i + 1 : i + 5]:
        if isinstance(b, Para) and b.kind == "caption":
            continue
        if isinstance(b, Table):
            return 70.0
        return LEADING * 2
    return 0.0


def build_pdf(
    text: str, *, style: PdfStyle, seed: int = 0, title: str | None = None
) -> tuple[bytes, PdfLayout]:
    """The PDF bytes of a text report and where each of its lines was drawn."""
    if style not in ("ruled", "borderless"):
        raise ValueError(f"style must be 'ruled' or 'borderless', not {style!r}")
    blocks = parse_blocks(text)
    w = _Writer(style, seed, title)
    plan = _plan(blocks, seed, style, w.rotate_first)
    for i, b in enumerate(blocks):
        landscape, rotated, repeat = plan[i]
        if isinstance(b, Para):
            w.para(b, _keep(blocks, i), (landscape, rotated))
        elif isinstance(b, Tabbed):
            w.tabbed(b)
        else:
            w.table(b, landscape, rotated, repeat)
    return w.result()


def render_pdf(
    text: str,
    out: Path,
    *,
    style: PdfStyle,
    seed: int = 0,
    title: str | None = None,
) -> PdfLayout:
    """Write the report as a PDF to ``out``; returns the page and box of every drawn line."""
    data, layout = build_pdf(text, style=style, seed=seed, title=title)
    Path(out).write_bytes(data)
    return layout
