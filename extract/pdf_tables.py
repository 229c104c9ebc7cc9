"""Table locators for born-digital PDF pages, and the choice between them.

One locator per strategy, each returning :class:`FoundTable` grids with their quality
(:mod:`lkj.extract.pdf_quality`):

- ``pdfplumber-lines``: the page's ruling lines and rectangle edges make the grid (ruled
  tables); cheap, so it runs first on every candidate page;
- ``camelot-lattice``: camelot renders the page (pdfium) and finds the ruling lines in the
  image; slower (about half a second a page), tried only where a ruled table read badly;
- ``pdfplumber-text``: columns from aligned words, inside a region that looks like a
  borderless table (lines of text runs split by wide gaps);
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lkj.models.document import BBox

from .pdf_quality import is_good, table_quality
from .pdf_triage import PdfLine, PdfPage, is_header_line, union

#: methods whose grid comes from ruling lines
RULED = ("pdfplumber-lines", "camelot-lattice")
#: a ruled grid is kept from this score on (its rulings already say "table")
MIN_RULED = 0.3
#: a grid found from text alignment alone is kept from this score on
MIN_TEXT = 0.55

_CAPTION_ROW = re.compile(r"^[\s*#_>]*tabel\b", re.IGNORECASE)
_DOT_LEADER = re.compile(r"\.{4,}|…{2,}")
_TOC_PAGE = re.compile(r"\t\s*[ivxlc\d]+\s*$", re.IGNORECASE)
_HYPHEN_WRAP = re.compile(r"(?<=[a-z])-\n(?=[a-z])")


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
    return " ".join(_HYPHEN_WRAP.sub("", text).split())


def finish(
    page: int,
    method: str,
    rows: list[list[str | None]],
    row_boxes: list[BBox],
    cell_boxes: list[list[BBox | None]] | None = None,
) -> FoundTable | None:
    """Clean a raw grid: join multi-line cells, drop empty rows and columns, and give back
    caption and prose rows a locator swallowed at the top or bottom. None when no grid is left."""
    grid = [[cell_text(c) for c in r] for r in rows]
    boxes = list(row_boxes)
    cells = [list(c) for c in cell_boxes] if cell_boxes else [[] for _ in grid]
    keep = [i for i, r in enumerate(grid) if any(r)]
    grid, boxes, cells = [grid[i] for i in keep], [boxes[i] for i in keep], [cells[i] for i in keep]
    while grid and _is_loose_row(grid[0]):
        grid, boxes, cells = grid[1:], boxes[1:], cells[1:]
    while grid and _is_loose_row(grid[-1]):
        grid, boxes, cells = grid[:-1], boxes[:-1], cells[:-1]
    n_cols = max((len(r) for r in grid), default=0)
    if method in RULED:  # a ruled grid's empty column is a column (and keeps pages aligned)
        used = list(range(n_cols))
    else:
        used = [c for c in range(n_cols) if any(c < len(r) and r[c] for r in grid)]
    grid = [[r[c] if c < len(r) else "" for c in used] for r in grid]
    cells = [[r[c] if c < len(r) else None for c in used] if r else [] for r in cells]
    if len(grid) < 2 or len(used) < 2:
        return None
    return FoundTable(page, method, grid, boxes, cells, table_quality(grid))


def _is_loose_row(cells: list[str]) -> bool:
    """A row with one filled cell that is a caption or a sentence, not part of the grid."""
    filled = [c for c in cells if c]
    if len(filled) != 1:
        return False
    return bool(_CAPTION_ROW.match(filled[0])) or len(filled[0].split()) >= 9


# --------------------------------------------------------------------------- pdfplumber


def plumber_lines(page: Any, no: int) -> list[FoundTable]:
    """Ruled tables: pdfplumber's grid from the page's lines and rectangle edges."""
    out = []
    for t in page.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"}):
        rows = t.extract()
        found = finish(
            no,
            "pdfplumber-lines",
            rows,
            [tuple(r.bbox) for r in t.rows],
            [list(r.cells) for r in t.rows],
        )
        if found is not None:
            out.append(found)
    return out


def column_edges(lines: list[PdfLine], region: BBox) -> list[float]:
    """Column separators of a borderless table from its text runs: the x positions that no
    run of a data line covers (header lines may span columns and are left out)."""
    rows = [ln for ln in lines if len(ln.segments) >= 2 and not _header_like(ln)]
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


def word_column_edges(
    words: list[dict[str, Any]], lines: list[PdfLine], region: BBox, min_gap: float = 5.0
) -> list[float]:
    """Column separators from pdfplumber's words: gaps of at least ``min_gap`` that no word of
    a data line covers, each placed where it cuts no word of the header lines either."""
    data = [ln for ln in lines if not _header_like(ln) and not _CAPTION_ROW.match(ln.text)]
    if len(data) < 2:
        return []

    def in_lines(w: dict[str, Any], group: list[PdfLine]) -> bool:
        mid = (w["top"] + w["bottom"]) / 2
        return any(ln.bbox[1] - 1 <= mid <= ln.bbox[3] + 1 for ln in group)

    spans = sorted((w["x0"], w["x1"]) for w in words if in_lines(w, data))
    merged: list[list[float]] = []
    for x0, x1 in spans:
        if merged and x0 < merged[-1][1] + min_gap:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    others = [(w["x0"], w["x1"]) for w in words if not in_lines(w, data)]
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


def plumber_text(
    page: Any, no: int, region: BBox, lines: list[PdfLine] | None = None
) -> list[FoundTable]:
    """Borderless: rows from the text lines inside ``region``, columns from the gaps between
    the words (or between the text runs) of its data lines; pdfplumber assigns the characters
    to the cells. Without ``lines`` pdfplumber's own text strategy finds both."""
    x0, top, x1, bottom = region
    px0, ptop, px1, pbottom = page.bbox
    box = (max(px0, x0 - 8), max(ptop, top - 3), min(px1, x1 + 8), min(pbottom, bottom + 3))
    crop = page.crop(box)
    grids: list[dict[str, Any]] = []
    if lines:
        rows = row_edges(lines, region)
        words = crop.extract_words(x_tolerance=2, keep_blank_chars=False)
        for edges in (word_column_edges(words, lines, region), column_edges(lines, region)):
            if len(edges) >= 3:
                grids.append(
                    {
                        "vertical_strategy": "explicit",
                        "explicit_vertical_lines": edges,
                        "horizontal_strategy": "explicit",
                        "explicit_horizontal_lines": rows,
                    }
                )
    if not grids:
        grids.append(
            {"vertical_strategy": "text", "horizontal_strategy": "text", "min_words_vertical": 2}
        )
    out = []
    seen: set[str] = set()
    for settings in grids:
        for t in crop.find_tables({"text_x_tolerance": 2, **settings}):
            found = finish(
                no,
                "pdfplumber-text",
                t.extract(),
                [tuple(r.bbox) for r in t.rows],
                [list(r.cells) for r in t.rows],
            )
            if found is not None and repr(found.rows) not in seen:
                seen.add(repr(found.rows))
                out.append(found)
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
    whether it starts or ends the page's text; there two such lines suffice (the part of a
    table that runs on from or to another page), elsewhere three."""
    regions: list[tuple[BBox, bool]] = []
    run: list[PdfLine] = []
    loose = 0
    for i, line in enumerate(lines):
        gap_ok = not run or line.bbox[1] - run[-1].bbox[3] <= 2.5 * max(line.height, 6.0)
        if (_row_like(line) or _header_like(line)) and gap_ok:
            run.append(line)
            loose = 0
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if run and gap_ok and loose < 2 and nxt is not None and _row_like(nxt):
            run.append(line)  # a wrapped cell between two rows
            loose += 1
            continue
        _close(run, regions, lines)
        run = [line] if _row_like(line) or _header_like(line) else []
        loose = 0
    _close(run, regions, lines)
    return regions


def _close(run: list[PdfLine], regions: list[tuple[BBox, bool]], lines: list[PdfLine]) -> None:
    at_edge = bool(run) and (run[0] is lines[0] or run[-1] is lines[-1])
    if sum(1 for ln in run if _row_like(ln)) >= (2 if at_edge else 3):
        regions.append((union(ln.bbox for ln in run), at_edge))


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


# --------------------------------------------------------------------------- the choice


def locate_tables(
    path: Path,
    page: PdfPage,
    plumber_page: Any,
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
    ruled = tried(plumber_lines(plumber_page, page.no))
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
    band = 0.08 * page.height  # running headers and footers are not table text
    free = [
        ln
        for ln in page.lines
        if band < ln.bbox[1] < ln.bbox[3] < page.height - band
        and not any(overlaps(ln.bbox, t.bbox, 0.6) for t in accepted)
    ]
    for region, at_edge in borderless_regions(free):
        inside = [ln for ln in free if overlaps(ln.bbox, region, 0.9)]
        found = tried(plumber_text(plumber_page, page.no, region, inside))
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
    if camelot_ok and len(accepted) < wanted:
        for f in tried(camelot_tables(path, page, "network", password)):
            if _acceptable_text(f) and not any(overlaps(f.bbox, t.bbox, 0.2) for t in accepted):
                accepted.append(f)

    result.tables = sorted(accepted, key=lambda t: (t.bbox[1], t.bbox[0]))
    return result
