"""How good a table grid read from a PDF looks, so that the reader can choose between methods.

Every table locator (pdfplumber lines / text, camelot lattice / stream) returns a grid of cell
texts; :func:`table_quality` scores it from the grid alone, so the figures compare across
methods. The parts, each in 0..1:

- ``fill``: share of non-empty cells in the rows x columns grid (a grid cut into too many
  columns is mostly empty);
- ``header``: how much the best of the first three rows reads as a header of the vocabulary
  in :mod:`lkj.extract.headers` (INDIKATOR, TARGET, PAGU, REALISASI ...);
- ``headed``: where the grid has a header, the share of its columns with header text (a
  column the locator split off its neighbour has none);
- ``numeric``: in the columns that hold figures, the share of cells that parse as one number
  with :func:`lkj.normalize.numbers.parse_number` (a column split through its numbers leaves
  fragments that do not parse); the label of a group row ("Sasaran 1 : Meningkatnya ...",
  the one filled cell of its row, standing in the number column) is no figure and is not judged;
- ``consistency``: share of body rows whose filled cells are at least half the usual count
  (rows of one cell, wrapped cells and group rows, left out);
- ``clean``: share of non-empty cells that do not look cut (letters and digits interleaved,
  "ak9t0u%", a cell that is only a word fragment, a sentence spread over many cells);
- ``prose``: share of non-empty cells that are sentences (more than 12 words);
- ``figures``: how many cells ``numeric`` judged (0: the grid has no figure columns).

``score`` weighs them, scaled down by the share of sentences; a grid of fewer than two rows or two columns scores 0.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from lkj.normalize.codes import looks_like_code
from lkj.normalize.numbers import parse_number
from lkj.normalize.text import clean_cell

from .headers import header_score, is_colnum_row

#: weights of the parts in the score (they add up to 1)
WEIGHTS = {
    "fill": 0.15,
    "header": 0.2,
    "headed": 0.1,
    "numeric": 0.3,
    "consistency": 0.1,
    "clean": 0.15,
}
#: a table whose figures reach these is taken without trying slower methods
GOOD = {"numeric": 0.9, "clean": 0.95, "fill": 0.4, "consistency": 0.8, "headed": 0.8}

_DIGIT = re.compile(r"\d")
_INTERLEAVED = re.compile(r"[a-z]\d+[a-z]|[a-z]{2}\d+[.,]?\d*%", re.IGNORECASE)
_FIGURE_LIKE = re.compile(r"^[\s(]*(?:rp\.?\s*)?[-+]?[\d.,\s]+%?\)?[\s,\-]*$", re.IGNORECASE)
_CODE_LIKE = re.compile(r"^[A-Z]{1,4}[.\-]?\d|^\d{3}[.\-]\d{2}[.\-]")
_QUANTITY = re.compile(r"^[\d.,]+\s*%?\s+[A-Za-z]{2,}")  # "2 laporan", "10 kali", "1 Lembaga 100%"
_FRAGMENT = re.compile(r"^[a-z]{1,2}$")
_WORD = re.compile(r"[A-Za-z]{2,}")
#: a figure with its unit or percent sign ("13 kali", "0,2%"): a cell of data, never a heading
_DATA_FIGURE = re.compile(r"^[\d.,]+\s*(?:%|[A-Za-z]{2,})")
#: short cells that are whole: L / P (laki-laki, perempuan), a tick in a plan's quarters
_WHOLE_SHORT = {"l", "p", "lk", "pr", "v", "x"}


def _numeric_columns(body: list[list[str]], n_cols: int) -> list[int]:
    """Columns where most non-empty cells are printed figures."""
    cols = []
    for ci in range(n_cols):
        vals = [r[ci] for r in body if ci < len(r) and r[ci].strip()]
        if len(vals) < 2:
            continue
        figures = sum(1 for v in vals if _FIGURE_LIKE.match(v) and _DIGIT.search(v))
        if figures / len(vals) >= 0.6:
            cols.append(ci)
    return cols


def _is_group_label(row: list[str]) -> bool:
    """A group row: one filled cell, a label of words ("Sasaran 1 : Meningkatnya ...")."""
    filled = [c for c in row if c]
    return len(filled) == 1 and len(_WORD.findall(filled[0])) >= 3


@lru_cache(maxsize=1 << 14)
def _parses(text: str) -> bool:
    """A cell of a figure column reads as one number (or holds no digits at all: "-")."""
    if not _DIGIT.search(text) or _QUANTITY.match(clean_cell(text)):
        return True
    if looks_like_code(clean_cell(text)):  # "076.01.01" in a code column beside the amounts
        return True
    value = parse_number(text, "number", style=None)
    return value.value is not None or "ambiguous" in value.flags


@lru_cache(maxsize=1 << 14)
def _is_cut(text: str) -> bool:
    t = clean_cell(text)
    if _INTERLEAVED.search(t) and not _CODE_LIKE.match(t):
        return True
    return bool(_FRAGMENT.match(t)) and t not in _WHOLE_SHORT


def _cut_pairs(row: list[str]) -> int:
    """Neighbouring cells that are one cut value: "1.000." | "000", "Pa" | "gu"."""
    n = 0
    for left, right in zip(row, row[1:], strict=False):
        if not left or not right:
            continue
        cut_number = left[-1] in ".," and left[:-1][-1:].isdigit() and right[0].isdigit()
        cut_word = (
            left[-1].isalpha()
            and right[0].islower()
            and min(len(left), len(right)) <= 3
            and not {left.lower(), right.lower()} & _WHOLE_SHORT
        )
        if cut_number or cut_word:
            n += 2
    return n


def _longest_line(text: str) -> int:
    return max((len(line.split()) for line in text.splitlines()), default=0)


def is_good(quality: dict[str, float]) -> bool:
    """No sign of a damaged grid: figures parse, no cut cells, filled, rows alike.

    A grid without figure columns (a short table, a table of words) has nothing for
    ``numeric`` to judge, and is not held back for it."""
    no_figures = quality.get("figures", 1.0) == 0.0
    return all(
        quality.get(k, 0.0) >= v for k, v in GOOD.items() if not (k == "numeric" and no_figures)
    )


def table_quality(rows: list[list[str]], raw: list[list[str]] | None = None) -> dict[str, float]:
    """The quality figures of one grid of cell texts, with their weighted ``score``."""
    grid = [[clean_cell(c) for c in r] for r in rows]
    grid = [r for r in grid if any(r)]
    n_rows = len(grid)
    n_cols = max((len(r) for r in grid), default=0)
    out = {"rows": float(n_rows), "cols": float(n_cols)}
    if n_rows < 2 or n_cols < 2:
        return out | {k: 0.0 for k in WEIGHTS} | {"prose": 0.0, "score": 0.0}
    grid = [r + [""] * (n_cols - len(r)) for r in grid]
    cells = [c for r in grid for c in r]
    filled = [c for c in cells if c]
    fill = len(filled) / len(cells)

    head_scores = [header_score(r) for r in grid[:3]]
    header = max(head_scores)
    head_rows = 0
    for s, row in zip(head_scores, grid, strict=False):
        if s < 0.5 or any(_DATA_FIGURE.match(c) for c in row):
            break  # a row holding "13 kali" or "0,2%" is data (a table's continuation)
        head_rows += 1
    body = [r for r in grid[head_rows:] if not is_colnum_row(r)] or grid
    if head_rows:
        headed = sum(1 for c in range(n_cols) if any(r[c] for r in grid[:head_rows])) / n_cols
    else:
        headed = 1.0  # no header to judge (a table's continuation on its next page)

    num_cols = _numeric_columns(body, n_cols)
    num_cells = [r[c] for r in body if not _is_group_label(r) for c in num_cols if r[c]]
    numeric = sum(1 for v in num_cells if _parses(v)) / len(num_cells) if num_cells else 0.5

    # rows of one cell are wrapped cells or group rows, normal in any table: left out
    counts = [n for n in (sum(1 for c in r if c) for r in body) if n > 1] or [1]
    usual = Counter(counts).most_common(1)[0][0]
    consistency = sum(1 for n in counts if n * 2 >= usual) / len(counts)

    cut = sum(1 for c in filled if _is_cut(c)) + sum(_cut_pairs(r) for r in grid)
    # cells of more than 12 words; one of 24 characters or fewer has no room for 13
    if raw is not None:  # a wrapped cell is not a sentence: count the words of its lines
        wordy = sum(1 for r in raw for c in r if len(c) > 24 and _longest_line(c) > 12)
    else:
        wordy = sum(1 for c in filled if len(c) > 24 and len(c.split()) > 12)
    prose = wordy / max(len(filled), 1)
    clean = max(0.0, 1.0 - 3 * min(1.0, cut / len(filled)) - prose)

    parts = {
        "fill": fill,
        "header": header,
        "headed": headed,
        "numeric": numeric,
        "consistency": consistency,
        "clean": clean,
    }
    score = sum(WEIGHTS[k] * v for k, v in parts.items()) * (1.0 - prose)
    if n_cols == 2 and header < 0.5:
        score *= 0.8  # two columns without a header: a list or a layout, rarely a table
    return (
        out
        | {k: round(v, 3) for k, v in parts.items()}
        | {
            "prose": round(prose, 3),
            "figures": float(len(num_cells)),
            "score": round(score, 3),
        }
    )
