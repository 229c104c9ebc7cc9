"""A borderless table's cell grid from its words, given its column separators.

pdfplumber's explicit-lines table cuts characters at the separators and makes one row of
every text line. A borderless table needs more than that:

- a word belongs whole to the column that holds its centre (a header word that runs over a
  separator is not cut in two);
- a text line is a row of its own only when it starts one: a line set tight under the line
  above (single line spacing) with text only in columns the row already fills is a wrapped
  cell, and joins the row; a figure under a figure starts a new row;
- header cells set only a word space apart (one phrase over two columns) go each to its
  column when each part holds a header word; a short header phrase wider than its column
  goes to the column under its middle; any other phrase over several columns is a spanning
  cell (a group row) and goes to the first, and its line starts a row however tight it is
  set under the line above (a wrapped cell keeps to its column);
- in the header (the rows above the first row with a figure), a cell centred over several
  columns whose own neighbours are empty, with the row below filled under it, spans them
  ("KINERJA" over TARGET / REALISASI / CAPAIAN): its text goes to the first of them, as a
  ruled table's merged cell reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lkj.models.document import BBox

from .pdf_triage import HEADER_WORDS

_FIGURE = re.compile(r"^[\s(]*(rp\.?\s*)?[-+]?\d[\d.,]*\s*%?\)?\.?$", re.IGNORECASE)
#: a gap under a line of at most this share of its height is single line spacing
TIGHT = 0.5


@dataclass
class _Line:
    top: float
    bottom: float
    words: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _Row:
    top: float
    bottom: float
    cells: list[list[dict[str, Any]]]
    x: list[tuple[float, float] | None]  # per cell: the x extent of its first line's words

    def filled(self) -> set[int]:
        return {c for c, ws in enumerate(self.cells) if ws}

    def text(self, col: int) -> str:
        """The cell's text, its wrapped lines on lines of their own."""
        lines: dict[float, list[str]] = {}
        for w in self.cells[col]:
            lines.setdefault(w["_line"], []).append(w["text"])
        return "\n".join(" ".join(ws) for ws in lines.values())


def word_lines(words: list[dict[str, Any]]) -> list[_Line]:
    """Words grouped into text lines (top to bottom), each line's words left to right."""
    lines: list[_Line] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        h = w["bottom"] - w["top"]
        if lines and abs(w["top"] - lines[-1].top) <= 0.5 * max(h, 1.0):
            lines[-1].words.append(w)
            lines[-1].bottom = max(lines[-1].bottom, w["bottom"])
        else:
            lines.append(_Line(w["top"], w["bottom"], [w]))
    for ln in lines:
        ln.words.sort(key=lambda w: w["x0"])
        for w in ln.words:
            w["_line"] = ln.top
    return lines


def _phrases(line: _Line) -> list[list[dict[str, Any]]]:
    """The line's words in runs separated by no more than a word space."""
    out: list[list[dict[str, Any]]] = []
    for w in line.words:
        space = max(3.0, 0.4 * (w["bottom"] - w["top"]))
        if out and w["x0"] - out[-1][-1]["x1"] <= space:
            out[-1].append(w)
        else:
            out.append([w])
    return out


def _header_parts(
    phrase: list[dict[str, Any]], cols: list[int]
) -> list[tuple[int, list[dict[str, Any]]]]:
    """A phrase over several columns that is header cells side by side ("SISA (Rp.)" and
    "% REALISASI" a word space apart): its words by column, when every column's words hold a
    header word; otherwise nothing (a group row or a title spanning the columns)."""
    if len(set(cols)) < 2 or cols != sorted(cols):
        return []
    parts: list[tuple[int, list[dict[str, Any]]]] = []
    for w, c in zip(phrase, cols, strict=True):
        if parts and parts[-1][0] == c:
            parts[-1][1].append(w)
        else:
            parts.append((c, [w]))
    for _, ws in parts:
        words = set(re.findall(r"[a-z]+", " ".join(w["text"] for w in ws).lower()))
        if not words & HEADER_WORDS:
            return []
    return parts


def _is_header_cell(phrase: list[dict[str, Any]]) -> bool:
    """A short phrase, no figure, at least half its words header words ("% REALISASI",
    "PAGU (Rp.)"): a header cell, not a group row ("A. Program yang panjang")."""
    texts = [w["text"] for w in phrase]
    words = [t for t in re.findall(r"[a-z]+", " ".join(texts).lower()) if len(t) > 2]
    hits = sum(t in HEADER_WORDS for t in words)
    return (
        len(phrase) <= 4 and hits > 0 and 2 * hits >= len(words) and not any(map(_is_figure, texts))
    )


def _column(x: float, edges: list[float]) -> int:
    for c in range(len(edges) - 1):
        if x < edges[c + 1]:
            return c
    return len(edges) - 2


def _is_figure(text: str) -> bool:
    return bool(_FIGURE.match(text)) and any(ch.isdigit() for ch in text)


def build_grid(
    words: list[dict[str, Any]], edges: list[float]
) -> tuple[list[list[str]], list[BBox], list[list[BBox | None]]]:
    """Rows of cell texts, row boxes and cell boxes of the words between ``edges``."""
    n = len(edges) - 1
    rows: list[_Row] = []
    prev: _Line | None = None
    for ln in word_lines(words):
        cells: list[list[dict[str, Any]]] = [[] for _ in range(n)]
        spanning = False
        for phrase in _phrases(ln):
            cols = [_column((w["x0"] + w["x1"]) / 2, edges) for w in phrase]
            parts = _header_parts(phrase, cols)
            if parts:  # two header cells set a word space apart: each to its column
                for c, ws in parts:
                    cells[c].extend(ws)
            elif len(set(cols)) > 1 and _is_header_cell(phrase):
                # one header cell wider than its column's figures ("% REALISASI" reaching
                # over the gap to the left): the column under its middle
                middle = (phrase[0]["x0"] + phrase[-1]["x1"]) / 2
                cells[_column(middle, edges)].extend(phrase)
            else:
                # words set as one phrase over several columns: a spanning cell (a group row)
                cells[min(cols)].extend(phrase)
                spanning = spanning or len(set(cols)) > 1
        filled = {c for c, ws in enumerate(cells) if ws}
        cur = rows[-1] if rows else None
        # a group row spans the table: it starts a row, however tight under the line above
        if (
            not spanning
            and cur is not None
            and prev is not None
            and _wraps(cur, prev, ln, cells, filled)
        ):
            for c in filled:
                cur.cells[c].extend(cells[c])
            cur.bottom = max(cur.bottom, ln.bottom)
        else:
            x = [(ws[0]["x0"], ws[-1]["x1"]) if ws else None for ws in cells]
            rows.append(_Row(ln.top, ln.bottom, cells, x))
        prev = ln
    _spread_headers(rows, edges)
    grid = [[r.text(c) for c in range(n)] for r in rows]
    row_boxes: list[BBox] = [(edges[0], r.top, edges[-1], r.bottom) for r in rows]
    cell_boxes: list[list[BBox | None]] = [
        [(edges[c], r.top, edges[c + 1], r.bottom) for c in range(n)] for r in rows
    ]
    return grid, row_boxes, cell_boxes


def _wraps(
    cur: _Row, prev: _Line, ln: _Line, cells: list[list[dict[str, Any]]], filled: set[int]
) -> bool:
    """Whether ``ln`` continues the cells of row ``cur`` (its last line ``prev``)."""
    height = max(prev.bottom - prev.top, ln.bottom - ln.top, 1.0)
    if ln.top - prev.bottom > TIGHT * height:
        return False
    if not filled or not filled <= cur.filled():
        return False
    # a figure under a figure is the next row's, not a wrapped cell
    return not any(
        _is_figure(" ".join(w["text"] for w in cells[c])) and _is_figure(cur.text(c))
        for c in filled
    )


def _spread_headers(rows: list[_Row], edges: list[float]) -> None:
    """Move each spanning header cell's text to the first column it spans."""
    n = len(edges) - 1
    body = next(
        (i for i, r in enumerate(rows) if any(_is_figure(r.text(c)) for c in r.filled())),
        len(rows),
    )
    for i in range(min(body, len(rows)) - 1):
        row, below = rows[i], rows[i + 1]
        for c in sorted(row.filled()):
            extent = row.x[c]
            if extent is None or not below.cells[c]:
                continue
            centre = (extent[0] + extent[1]) / 2
            best, best_d = (c, c), abs(centre - _middle(below, c, c))
            for a in range(c + 1):
                for b in range(c, n):
                    if a == b:
                        continue
                    span = range(a, b + 1)
                    if any(k != c and row.cells[k] for k in span):
                        continue
                    if not all(below.cells[k] for k in span):
                        continue
                    d = abs(centre - _middle(below, a, b))
                    if d < best_d - 1.0:
                        best, best_d = (a, b), d
            a = best[0]
            if a != c:
                row.cells[a], row.cells[c] = row.cells[c], []
                row.x[a], row.x[c] = row.x[c], None


def _middle(row: _Row, a: int, b: int) -> float:
    """The middle of the text of ``row`` in columns ``a`` to ``b`` (all filled)."""
    left = min(w["x0"] for w in row.cells[a])
    right = max(w["x1"] for w in row.cells[b])
    return (left + right) / 2
