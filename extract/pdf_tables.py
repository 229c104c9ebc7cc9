"""Table locators for born-digital PDF pages, and the choice between them.

One locator per strategy, each returning :class:`FoundTable` grids with their quality
(:mod:`lkj.extract.pdf_quality`):

- ``pdfplumber-lines``: the page's ruling lines and rectangle edges make the grid (ruled
  tables), by pdfplumber's table finder over the characters and paths pdfium read
  (:mod:`lkj.extract.pdf_objects`); cheap, so it runs first on every candidate page;
- ``camelot-lattice``: camelot renders the page (pdfium) and finds the ruling lines in the
  image; slower (about half a second a page), tried only where a ruled table read badly;
- ``pdfplumber-text``: columns from the gaps between pdfplumber's words (grouped from
  pdfium's characters), inside a region
  that looks like a borderless table (lines of text runs split by wide gaps); the grid
  (wrapped cells, spanning header cells) is built by :mod:`lkj.extract.pdf_grid`;
- ``camelot-stream``: camelot's text-alignment parser on the same region, tried when the
  pdfplumber grid is damaged;
- ``camelot-network``: camelot finds borderless table areas itself; tried on a page whose
  text announces more tables (captions, header lines) than were found.

Per table the grid with the best score wins. Camelot reads pages in their own frame, so it is
used only on pages without ``/Rotate``.
"""

from __future__ import annotations

import re
import warnings
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lkj.models.document import BBox

from .pdf_grid import build_grid
from .pdf_objects import LitePage, table_cells
from .pdf_quality import is_good, table_quality
from .pdf_triage import PdfLine, PdfPage, is_header_line, union

#: methods whose grid comes from ruling lines
RULED = ("pdfplumber-lines", "camelot-lattice")
#: fewer vector paths than this cannot draw a table's grid (four cell rectangles can)
MIN_GRID_PATHS = 4
#: a ruled grid is kept from this score on (its rulings already say "table")
MIN_RULED = 0.3
#: a grid found from text alignment alone is kept from this score on
MIN_TEXT = 0.55

_CAPTION_ROW = re.compile(r"^[\s*#_>]*tabel\b", re.IGNORECASE)
_DOT_LEADER = re.compile(r"\.{4,}|…{2,}")
_TOC_PAGE = re.compile(r"\t\s*[ivxlc\d]+\s*$", re.IGNORECASE)
_FIGURE = re.compile(r"^[\s(]*(rp\.?\s*)?[-+]?\d[\d.,]*\s*%?\)?\.?$", re.IGNORECASE)
_HYPHEN_WRAP = re.compile(r"(?<=[a-z])-\n(?=[a-z])")
#: a word that is a figure: "1.500", "93,86%", "(2)", "Rp.14.466.321.000,-"
_FIGURE_WORD = re.compile(r"^[(\[]?(?:rp\.?)?[-+]?\d[\d.,:/-]*%?[)\].,;:-]*$", re.IGNORECASE)


@dataclass
class FoundTable:
    """A grid of cell texts one locator found on one page."""

    page: int
    method: str
    rows: list[list[str]]
    row_boxes: list[BBox]
    cell_boxes: list[list[BBox | None]] = field(default_factory=list)
    quality: dict[str, float] = field(default_factory=dict)

    @property
    def bbox(self) -> BBox:
        return union(self.row_boxes)

    @property
    def score(self) -> float:
        return self.quality.get("score", 0.0)

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass
class PageTables:
    """What the locators found on one page: the chosen tables and every grid tried."""

    tables: list[FoundTable] = field(default_factory=list)
    tried: list[tuple[str, float]] = field(default_factory=list)


def cell_text(text: str | None) -> str:
    """A cell's text on one line: wrapped lines joined, hyphenated words made whole."""
    if not text:
        return ""
    if "-\n" in text:  # the pattern's own characters: most cells have none
        text = _HYPHEN_WRAP.sub("", text)
    return " ".join(text.split())


def finish(
    page: int,
    method: str,
    rows: Sequence[Sequence[str | None]],
    row_boxes: list[BBox],
    cell_boxes: list[list[BBox | None]] | None = None,
) -> FoundTable | None:
    """Clean a raw grid: join multi-line cells, drop empty rows and columns, and give back
    caption and prose rows a locator swallowed at the top or bottom. None when no grid is left."""
    raw = [[c or "" for c in r] for r in rows]
    grid = [[cell_text(c) for c in r] for r in rows]
    boxes = list(row_boxes)
    cells = [list(c) for c in cell_boxes] if cell_boxes else [[] for _ in grid]
    keep = [i for i, r in enumerate(grid) if any(r)]
    grid, boxes, cells = [grid[i] for i in keep], [boxes[i] for i in keep], [cells[i] for i in keep]
    raw = [raw[i] for i in keep]
    while grid and _is_loose_row(grid[0]):
        grid, boxes, cells, raw = grid[1:], boxes[1:], cells[1:], raw[1:]
    while grid and _is_loose_row(grid[-1]):
        grid, boxes, cells, raw = grid[:-1], boxes[:-1], cells[:-1], raw[:-1]
    n_cols = max((len(r) for r in grid), default=0)
    if method in RULED:  # a ruled grid's empty column is a column (and keeps pages aligned)
        used = list(range(n_cols))
    else:
        used = [c for c in range(n_cols) if any(c < len(r) and r[c] for r in grid)]
    grid = [[r[c] if c < len(r) else "" for c in used] for r in grid]
    cells = [[r[c] if c < len(r) else None for c in used] if r else [] for r in cells]
    if len(grid) < 2 or len(used) < 2:
        return None
    raw = [[r[c] if c < len(r) else "" for c in used] for r in raw]
    return FoundTable(page, method, grid, boxes, cells, table_quality(grid, raw))


def _is_loose_row(cells: list[str]) -> bool:
    """A row with one filled cell that is a caption or a sentence, not part of the grid."""
    filled = [c for c in cells if c]
    if len(filled) != 1:
        return False
    return bool(_CAPTION_ROW.match(filled[0])) or len(filled[0].split()) >= 9


# --------------------------------------------------------------------------- pdfplumber


def plumber_lines(page: LitePage, no: int) -> list[FoundTable]:
    """Ruled tables: pdfplumber's grid from the page's lines and rectangle edges."""
    out = []
    for t in page.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"}):
        rows, texts = table_cells(t)
        found = finish(
            no,
            "pdfplumber-lines",
            texts,
            [tuple(r.bbox) for r in rows],
            [list(r.cells) for r in rows],
        )
        if found is not None:
            out.append(found)
    return out


def column_edges(lines: list[PdfLine], region: BBox) -> list[float]:
    """Column separators of a borderless table from its text runs: the x positions that no
    run of a data line covers (header lines may span columns and are left out)."""
    rows = [ln for ln in _data_lines(lines) if len(ln.segments) >= 2]
    if len(rows) < 2:
        rows = [ln for ln in lines if len(ln.segments) >= 2]
    spans = sorted((s.bbox[0], s.bbox[2]) for ln in rows for s in ln.segments)
    merged: list[list[float]] = []
    for x0, x1 in spans:
        if merged and x0 <= merged[-1][1] + 1.0:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    inner = [(a[1] + b[0]) / 2 for a, b in zip(merged, merged[1:], strict=False)]
    return [region[0] - 6, *inner, region[2] + 6]


def row_edges(lines: list[PdfLine], region: BBox) -> list[float]:
    """Row separators of a borderless table: midway between its text lines."""
    ordered = sorted(lines, key=lambda ln: ln.bbox[1])
    inner = [(a.bbox[3] + b.bbox[1]) / 2 for a, b in zip(ordered, ordered[1:], strict=False)]
    return [region[1] - 2, *inner, region[3] + 2]


def _data_lines(lines: list[PdfLine]) -> list[PdfLine]:
    """The lines of a table's body, whose words keep to their columns: from the first line
    with a figure on, leaving out header lines (repeated headers, spanning cells) that have
    none; without figures, the lines that do not read as a header."""
    first = next((i for i, ln in enumerate(lines) if _has_figure(ln)), None)
    if first is None:
        return [ln for ln in lines if not _header_like(ln) and not _CAPTION_ROW.match(ln.text)]
    return [ln for ln in lines[first:] if _has_figure(ln) or not _header_like(ln)]


def _has_figure(line: PdfLine) -> bool:
    return any(_FIGURE.match(s.text) for s in line.segments)


def word_column_edges(
    words: list[dict[str, Any]], lines: list[PdfLine], region: BBox, min_gap: float = 5.0
) -> list[float]:
    """Column separators from pdfplumber's words: gaps of at least ``min_gap`` that no word of
    a data line covers, each placed where it cuts no word of the header lines either."""
    data = _data_lines(lines)
    if len(data) < 2:  # a table of one row: its header's words keep to the columns too
        data = [ln for ln in lines if not _CAPTION_ROW.match(ln.text)]
    if len(data) < 2:
        return []

    line_of = _band_of(words, [(ln.bbox[1] - 1, ln.bbox[3] + 1) for ln in data])

    spans = sorted(
        (w["x0"], w["x1"], ln) for w, ln in zip(words, line_of, strict=True) if ln is not None
    )
    # a line of one run of words (a group row across the table, a wrapped cell) says
    # nothing of where the columns part; the lines of two runs or more do
    runs: dict[int, list[tuple[float, float]]] = {}
    for x0, x1, ln in spans:
        got = runs.setdefault(ln, [])
        if got and x0 < got[-1][1] + min_gap:
            got[-1] = (got[-1][0], max(got[-1][1], x1))
        else:
            got.append((x0, x1))
    multi = [ln for ln, r in runs.items() if len(r) >= 2]
    if len(multi) >= 2:
        spans = [s for s in spans if len(runs[s[2]]) >= 2]
        # a label from the table's left edge over several columns (JUMLAH, a group row
        # with its total) in a few lines: its words leave the column gaps to the others
        x_min = min(r[0][0] for r in runs.values())
        wide = [ln for ln in multi if runs[ln][0][0] <= x_min + 4]
        narrow = min(runs[ln][0][1] for ln in multi)
        spanning = {ln for ln in wide if runs[ln][0][1] > narrow + min_gap}
        if spanning and (len(spanning) == 1 or 4 * len(spanning) <= len(multi)):
            spans = [s for s in spans if s[2] not in spanning or s[1] > runs[s[2]][0][1]]
    clusters: list[tuple[list[float], set[int]]] = []
    for x0, x1, ln in spans:
        if clusters and x0 < clusters[-1][0][1] + min_gap:
            clusters[-1][0][1] = max(clusters[-1][0][1], x1)
            clusters[-1][1].add(ln)
        else:
            clusters.append(([x0, x1], {ln}))
    # runs of text that never stand on one line together are one column ("(3)" centred
    # over a right-aligned "90")
    merged: list[list[float]] = []
    seen: set[int] = set()
    for span, on in clusters:
        if merged and not on & seen:
            merged[-1][1] = max(merged[-1][1], span[1])
            seen |= on
        else:
            merged.append(list(span))
            seen = set(on)
    others = [(w["x0"], w["x1"]) for w, ln in zip(words, line_of, strict=True) if ln is None]
    edges = [region[0] - 6]
    for left, right in zip(merged, merged[1:], strict=False):
        a, b = left[1], right[0]
        mid = (a + b) / 2
        free = [
            x
            for x in (a + k * (b - a) / 8 for k in range(1, 8))
            if not any(w0 < x < w1 for w0, w1 in others)
        ]
        edges.append(min(free, key=lambda x: abs(x - mid)) if free else mid)
    edges.append(region[2] + 6)
    return edges


def _band_of(words: list[dict[str, Any]], bands: list[tuple[float, float]]) -> list[int | None]:
    """Per word, the first of ``bands`` (top, bottom) that holds its vertical middle; None
    where none does."""
    tops = [a for a, _ in bands]
    bottoms = [b for _, b in bands]
    mids = [(w["top"] + w["bottom"]) / 2 for w in words]
    if tops != sorted(tops) or bottoms != sorted(bottoms):
        return [next((i for i, (a, b) in enumerate(bands) if a <= m <= b), None) for m in mids]
    # bands in order down the page (the usual case): those holding a point are a run, from
    # the first whose bottom is not above it to the last whose top is not below it
    out: list[int | None] = []
    for m in mids:
        i = bisect_left(bottoms, m)
        out.append(i if i < len(bands) and tops[i] <= m else None)
    return out


def page_words(page: LitePage) -> list[dict[str, Any]]:
    """pdfplumber's words of a page, as displayed (``/Rotate`` applied)."""
    return list(page.extract_words(x_tolerance=2, keep_blank_chars=False))


def plumber_text(
    page: LitePage,
    no: int,
    region: BBox,
    lines: list[PdfLine] | None = None,
    words: list[dict[str, Any]] | None = None,
) -> list[FoundTable]:
    """Borderless: rows from the text lines inside ``region``, columns from the gaps between
    the words (or between the text runs) of its data lines, each word whole in its cell
    (:mod:`lkj.extract.pdf_grid`). Without ``lines`` pdfplumber's own text strategy finds
    both. ``words``: the page's words (:func:`page_words`), when already read."""
    x0, top, x1, bottom = region
    box = (x0 - 8, top - 3, x1 + 8, bottom + 3)
    out = []
    seen: set[str] = set()

    def add(found: FoundTable | None) -> None:
        if found is not None and repr(found.rows) not in seen:
            seen.add(repr(found.rows))
            out.append(found)

    if lines:
        # the words of the page, not of a crop: a crop is clamped to the page's unrotated
        # box, which cuts the text of a page turned with /Rotate
        words = [
            w
            for w in (page_words(page) if words is None else words)
            if box[0] <= (w["x0"] + w["x1"]) / 2 <= box[2]
            and box[1] <= (w["top"] + w["bottom"]) / 2 <= box[3]
        ]
        # the words' gaps find narrow columns the text runs' gaps miss: the runs only
        # where the words found none
        edges = word_column_edges(words, lines, region)
        if len(edges) >= 3:
            add(finish(no, "pdfplumber-text", *build_grid(words, edges)))
        if not out:
            edges = column_edges(lines, region)
            if len(edges) >= 3:
                add(finish(no, "pdfplumber-text", *build_grid(words, edges)))
    if not out:
        px0, ptop, px1, pbottom = page.bbox
        crop = page.crop(
            (max(px0, box[0]), max(ptop, box[1]), min(px1, box[2]), min(pbottom, box[3]))
        )
        settings = {"vertical_strategy": "text", "horizontal_strategy": "text"}
        for t in crop.find_tables({"text_x_tolerance": 2, "min_words_vertical": 2, **settings}):
            rows, texts = table_cells(t)
            add(
                finish(
                    no,
                    "pdfplumber-text",
                    texts,
                    [tuple(r.bbox) for r in rows],
                    [list(r.cells) for r in rows],
                )
            )
    return out


# --------------------------------------------------------------------------- camelot


def _camelot(path: Path, no: int, flavor: str, password: str | None, **kw: Any) -> list[Any]:
    import camelot

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            tables = camelot.read_pdf(
                str(path), pages=str(no), flavor=flavor, password=password, **kw
            )
        except Exception:  # camelot fails on pages it cannot render or parse: no tables
            return []
    return list(tables)


def _from_camelot(t: Any, no: int, method: str, height: float) -> FoundTable | None:
    rows = t.df.values.tolist()
    x0 = t.cols[0][0]
    x1 = t.cols[-1][1]
    row_boxes = [(x0, height - y_top, x1, height - y_bottom) for y_top, y_bottom in t.rows]
    cells: list[list[BBox | None]] = [
        [(c.x1, height - c.y2, c.x2, height - c.y1) for c in r] for r in t.cells
    ]
    found = finish(no, method, rows, row_boxes, cells)
    if found is not None:
        report = getattr(t, "parsing_report", {}) or {}
        for key in ("accuracy", "whitespace"):
            if isinstance(report.get(key), int | float):
                found.quality[f"camelot_{key}"] = float(report[key])
    return found


def camelot_tables(
    path: Path,
    page: PdfPage,
    flavor: str,
    password: str | None = None,
    region: BBox | None = None,
) -> list[FoundTable]:
    """Camelot's tables of one page (``flavor``: lattice, stream, network), optionally only
    inside ``region`` (top-left coordinates, converted to camelot's bottom-left ones)."""
    kw: dict[str, Any] = {}
    if region is not None:
        x0, top, x1, bottom = region
        h = page.height
        kw["table_areas"] = [f"{x0 - 2:.1f},{h - top + 2:.1f},{x1 + 2:.1f},{h - bottom - 2:.1f}"]
    method = f"camelot-{flavor}"
    found = [
        _from_camelot(t, page.no, method, page.height)
        for t in _camelot(path, page.no, flavor, password, **kw)
    ]
    return [f for f in found if f is not None]


# --------------------------------------------------------------------------- borderless regions


def _row_like(line: PdfLine) -> bool:
    return len(line.segments) >= 2 and not _DOT_LEADER.search(line.text)


def _header_like(line: PdfLine) -> bool:
    """A table's header line with its words in columns."""
    return len(line.segments) >= 2 and is_header_line(line)


def borderless_regions(lines: list[PdfLine]) -> list[tuple[BBox, bool]]:
    """Runs of lines made of column-separated text runs (with the wrapped lines between them
    and a header line above): where a borderless table may stand. Each region comes with
    whether two such lines suffice: where it starts or ends the page's text (the part of a
    table that runs on from or to another page) or is a header line over one row; elsewhere
    three are needed."""
    regions: list[tuple[BBox, bool]] = []
    run: list[PdfLine] = []
    for i, line in enumerate(lines):
        gap_ok = not run or line.bbox[1] - run[-1].bbox[3] <= 2.5 * max(line.height, 6.0)
        if (_row_like(line) or _header_like(line)) and gap_ok:
            run.append(line)
            continue
        if run and gap_ok and _rejoins(lines, i, run):
            run.append(line)  # a wrapped cell between two rows
            continue
        _close(run, regions, lines)
        run = [line] if _row_like(line) or _header_like(line) else []
    _close(run, regions, lines)
    return regions


def _rejoins(lines: list[PdfLine], i: int, run: list[PdfLine], ahead: int = 12) -> bool:
    """Whether ``lines[i]`` (not itself row-like) is a wrapped cell of the table in ``run``:
    set no larger than the table's text, narrower than the table, and either set tight
    under it or followed, without a wide gap, by a row-like line within ``ahead`` lines."""
    size = sorted(ln.height for ln in run)[len(run) // 2]
    x0 = min(ln.bbox[0] for ln in run)
    width = max(ln.bbox[2] for ln in run) - x0
    prev = run[-1]
    for line in lines[i : i + ahead]:
        if line.height > 1.2 * size + 0.5 or line.bbox[1] - prev.bbox[3] > 2.5 * max(size, 6.0):
            return False
        if not _row_like(line) and line.bbox[2] - line.bbox[0] > 0.75 * width:
            return False  # a line across the table is prose, not a cell
        if _CAPTION_ROW.match(line.text):
            return False  # the next table's caption
        if _row_like(line):
            return True
        if line is lines[i] and line.bbox[1] - prev.bbox[3] <= 0.8 * size:
            return True  # set tight under the table: the wrapped cell of its last row
        if line is lines[i] and line.bbox[0] > x0 + 2 * size:
            return True  # a row with one cell in an inner column (prose starts at the left)
        prev = line
    return False


def _lead_in(line: PdfLine) -> bool:
    """A line of prose or a "label :<tab>sentence" line, not a header line of a table."""
    return len(line.segments) == 1 or (
        len(line.segments) == 2 and any(len(s.text.split()) >= 6 for s in line.segments)
    )


def _close(run: list[PdfLine], regions: list[tuple[BBox, bool]], lines: list[PdfLine]) -> None:
    # lines of two runs above the header line (three runs, no figure) of a wider table ("Sasaran 4 :<tab>text") are
    # the prose that leads into it
    head = next(
        (k for k, ln in enumerate(run[:4]) if len(ln.segments) >= 3 and not _has_figure(ln)), 0
    )
    if head and all(_lead_in(ln) for ln in run[:head]):
        run = run[head:]
    at_edge = bool(run) and (run[0] is lines[0] or run[-1] is lines[-1])
    # a header line of three columns or more over one row is a table of one row
    headed = (
        len(run) >= 2
        and _header_like(run[0])
        and len(run[0].segments) >= 3
        and len(run[1].segments) >= 3
    )
    short = at_edge or headed
    if sum(1 for ln in run if _row_like(ln)) >= (2 if short else 3):
        regions.append((union(ln.bbox for ln in run), short))


def overlaps(a: BBox, b: BBox, share: float = 0.5) -> bool:
    """Whether the overlap of a and b covers ``share`` of the smaller of the two."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return False
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return smaller > 0 and w * h >= share * smaller


def _acceptable_text(t: FoundTable, min_rows: int = 3) -> bool:
    q = t.quality
    toc = sum(1 for r in t.rows if _DOT_LEADER.search(" ".join(r))) > len(t.rows) / 3
    return (
        t.score >= MIN_TEXT
        and len(t.rows) >= min_rows
        and (t.n_cols >= 3 or q.get("header", 0.0) >= 0.6)
        and q.get("prose", 0.0) <= 0.2
        and not toc
    )


def _unclaimed_rows(page: PdfPage, tables: list[FoundTable], band: float) -> int:
    """Lines outside the tables found (and the running header and footer) that read as rows
    of a table: text runs in columns, or figures making up a quarter of the words or more
    (a table whose columns sit too close for a gap). A caption whose table stands on the
    next or the previous page leaves only prose and titles: nothing for camelot to find."""
    n = 0
    boxes = [t.bbox for t in tables]
    for ln in page.lines:
        if not band < ln.bbox[1] < ln.bbox[3] < page.height - band:
            continue
        if _CAPTION_ROW.match(ln.text) or _DOT_LEADER.search(ln.text):
            continue  # a caption, an entry of the Daftar Isi
        if any(overlaps(ln.bbox, b, 0.6) for b in boxes):
            continue
        words = ln.text.split()
        figures = sum(1 for w in words if _FIGURE_WORD.match(w))
        if len(ln.segments) >= 2 or (figures >= 2 and 4 * figures >= len(words)):
            n += 1
    return n


# --------------------------------------------------------------------------- the choice


def locate_tables(
    path: Path,
    page: PdfPage,
    plumber_page: LitePage,
    *,
    password: str | None = None,
    use_camelot: bool = True,
) -> PageTables:
    """Every table on one candidate page, each by the method whose grid scored best."""
    result = PageTables()
    camelot_ok = use_camelot and page.rotation == 0

    def tried(found: list[FoundTable]) -> list[FoundTable]:
        result.tried.extend((f.method, f.score) for f in found)
        return found

    # 1. ruled tables
    # a page without vector paths (or one or two: a rule under a heading) has no grid
    ruled = tried(plumber_lines(plumber_page, page.no)) if page.n_paths >= MIN_GRID_PATHS else []
    if camelot_ok and any(not is_good(t.quality) for t in ruled):
        lattice = tried(camelot_tables(path, page, "lattice", password))
        chosen = []
        for t in ruled:
            rivals = [x for x in lattice if overlaps(x.bbox, t.bbox)]
            chosen.append(max([t, *rivals], key=lambda f: f.score))
        chosen += [x for x in lattice if not any(overlaps(x.bbox, t.bbox) for t in ruled)]
        ruled = chosen
    accepted = [t for t in ruled if t.score >= MIN_RULED]

    # 2. borderless tables where lines of text runs line up
    band = 0.065 * page.height  # running headers and footers are not table text
    boxes = [t.bbox for t in accepted]
    free = [
        ln
        for ln in page.lines
        if band < ln.bbox[1] < ln.bbox[3] < page.height - band
        and not any(overlaps(ln.bbox, b, 0.6) for b in boxes)
    ]
    words: list[dict[str, Any]] | None = None
    for region, at_edge in borderless_regions(free):
        inside = [ln for ln in free if overlaps(ln.bbox, region, 0.9)]
        if words is None:
            words = page_words(plumber_page)
        found = tried(plumber_text(plumber_page, page.no, region, inside, words))
        if camelot_ok and not any(is_good(f.quality) for f in found):
            found += tried(camelot_tables(path, page, "stream", password, region=region))
        good = [f for f in found if _acceptable_text(f, 2 if at_edge else 3)]
        if good:
            accepted.append(max(good, key=lambda f: f.score))

    # 3. the page announces more tables than were found: let camelot look for their areas
    captions = sum(
        1
        for ln in page.lines
        if _CAPTION_ROW.match(ln.text)
        and not _DOT_LEADER.search(ln.text)
        and not _TOC_PAGE.search(ln.text)
    )
    wanted = max(captions, 1 if "header words" in page.reasons else 0)
    if camelot_ok and len(accepted) < wanted and _unclaimed_rows(page, accepted, band) >= 3:
        for f in tried(camelot_tables(path, page, "network", password)):
            if _acceptable_text(f) and not any(overlaps(f.bbox, t.bbox, 0.2) for t in accepted):
                accepted.append(f)

    result.tables = sorted(accepted, key=lambda t: (t.bbox[1], t.bbox[0]))
    return result
