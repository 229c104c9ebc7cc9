"""From a raw cell grid to logical rows.

Repairs what PDF conversion does to tables, reader-independently:
header rows over several lines, column-number rows, separator rows, columns split
by the PDF ("Indikator | '' | ''"), short rows whose figures slid left, rows broken
by a page break (the amount alone on a later line), cells wrapped onto the next
line with the other cells empty, "same as above" empty cells, group rows
("Sasaran 1 : ...", "Program ..."), and total rows ("JUMLAH").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lkj.models import RawRow, RawTable
from lkj.normalize.text import clean_cell, fold

from .headers import Header, Roles, assign_roles, find_header, is_colnum_row, is_separator_row

SASARAN_HEAD = re.compile(
    r"^[\s*#]*sasaran\s*(?:ke\s*)?(?P<n>\d{1,2})\s*(?:outcome)?\s*[:.]?\s*(?P<text>.*)$",
    re.IGNORECASE,
)
#: a total row's label is the total word alone ("JUMLAH", "Jumlah Anggaran", "TOTAL (Rp)"),
#: never an indicator that starts with it ("Jumlah laporan ...")
_TOTAL = re.compile(
    r"^(?:\d+\.?\s+)?(jumlah|total|grand total|sub ?total)(\s+(anggaran|keseluruhan|seluruhnya|total|rp|pagu|realisasi))*$",
    re.IGNORECASE,
)
_FIGURE = re.compile(r"^[\s(]*(rp\.?\s*)?-?[\d.,]+\s*%?\)?[\s,\-]*$", re.IGNORECASE)
_QUALITATIVE = re.compile(
    r"^(a|aa|b|bb|c|cc|d|wtp|wdp|tw|tmp|berhasil|cukup berhasil|kurang berhasil|tidak berhasil|"
    r"baik|cukup baik|sangat baik|gagal)$",
    re.IGNORECASE,
)

PERF_VALUE_ROLES = ("target", "realisasi", "capaian")
MONEY_ROLES = ("pagu", "realisasi", "sisa", "percent")
TALLY_ROLES = ("laki", "perempuan", "jumlah")
CONTEXT_ROLES = ("sasaran", "program", "kegiatan")


@dataclass
class LogicalRow:
    cells: list[str]  # raw cell text per column (wrapped parts joined with a space)
    line: int | None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    lines: list[int] = field(default_factory=list)
    is_total: bool = False
    context: dict[str, str] = field(default_factory=dict)  # filled-down / group values
    merged: list[str] = field(default_factory=list)  # how the row was repaired

    def cell(self, col: int | None) -> str:
        if col is None or col >= len(self.cells):
            return ""
        return self.cells[col]


@dataclass
class TableView:
    raw: RawTable
    header: Header | None
    roles: Roles
    rows: list[LogicalRow]
    lead_sasaran: str | None = None
    title_row: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def header_texts(self) -> list[str]:
        return self.header.texts if self.header else []


def is_figure(text: str) -> bool:
    t = clean_cell(text)
    return bool(t) and bool(_FIGURE.match(t)) and any(ch.isdigit() for ch in t)


def is_qualitative(text: str) -> bool:
    return bool(_QUALITATIVE.match(clean_cell(text)))


def build_view(table: RawTable) -> TableView:
    """Interpret a raw table: header, roles, and repaired logical rows."""
    kept = [(r, texts) for r in table.rows if not is_separator_row(texts := r.texts)]
    rows = [r for r, _ in kept]
    n_cols = max((len(r.cells) for r in rows), default=0)
    grid = [texts + [""] * (n_cols - len(texts)) for _, texts in kept]
    notes: list[str] = []

    start = 0
    lead_sasaran = None
    title_row = None
    while start < len(grid):
        first = _first_nonempty(grid[start])
        if first is None:
            start += 1
            continue
        m = SASARAN_HEAD.match(grid[start][first])
        rest = [c for c in grid[start][first + 1 :] if c.strip()]
        if m and len(rest) <= 1:
            lead_sasaran = clean_cell(" ".join([m.group("text")] + rest)) or lead_sasaran
            start += 1
            continue
        nonempty = [c for c in grid[start] if c.strip()]
        if (
            len(nonempty) == 1
            and n_cols >= 3
            and start + 1 < len(grid)
            and find_header(grid, start + 1)
        ):
            title_row = clean_cell(nonempty[0])
            start += 1
            continue
        break

    header = find_header(grid, start)
    if header is None:
        return TableView(
            table,
            None,
            Roles(),
            _plain_rows(rows[start:], grid[start:]),
            lead_sasaran,
            title_row,
            ["no header found"],
        )
    roles = assign_roles(header)
    body_rows = rows[start + header.rows :]
    body = grid[start + header.rows :]

    if roles.spill:
        body = [_merge_spill(r, roles.spill) for r in body]
        notes.append(f"columns {roles.spill} merged into their left neighbour (split cell)")
    perf = "indikator" in roles.cols
    logical = _repair_rows(body_rows, body, roles, perf, notes, n_cols)
    return TableView(table, header, roles, logical, lead_sasaran, title_row, notes)


def _first_nonempty(cells: list[str]) -> int | None:
    return next((i for i, c in enumerate(cells) if c.strip()), None)


def _plain_rows(rows: list[RawRow], grid: list[list[str]]) -> list[LogicalRow]:
    return [
        LogicalRow(
            cells=list(g), line=r.line, page=r.page, bbox=r.bbox, lines=[r.line] if r.line else []
        )
        for r, g in zip(rows, grid, strict=True)
        if any(c.strip() for c in g) and not is_colnum_row(g)
    ]


def _merge_spill(cells: list[str], spill: list[int]) -> list[str]:
    out = list(cells)
    for ci in sorted(spill):
        if ci < len(out) and out[ci].strip():
            left = ci - 1
            while left in spill:
                left -= 1
            if is_figure(out[left]) and is_figure(out[ci]):
                # two figures are never one value ("1" and "100%" joined would read as 1100%):
                # both are kept, visibly apart, and no parser reads a number from the pair
                out[left] = f"{out[left]} | {out[ci]}"
            else:
                out[left] = f"{out[left]} {out[ci]}".strip() if out[left].strip() else out[ci]
        if ci < len(out):
            out[ci] = ""
    return out


def _value_cols(roles: Roles, perf: bool) -> list[int]:
    names = PERF_VALUE_ROLES + ("keterangan",) if perf else MONEY_ROLES + TALLY_ROLES
    return [roles.cols[n] for n in names if n in roles.cols]


def _align_short(cells: list[str], raw_len: int, value_cols: list[int]) -> list[str]:
    """A short row whose figures slid left ("JUMLAH | 14.466.321.000" under a 3-column
    header): move the trailing figures right, onto the last value columns."""
    n = len(cells)
    if raw_len >= n or not value_cols:
        return cells
    trailing: list[str] = []
    i = raw_len - 1
    while i >= 0 and is_figure(cells[i]):
        trailing.insert(0, cells[i])
        i -= 1
    if not trailing or any(cells[c].strip() for c in value_cols if c >= raw_len):
        return cells
    targets = sorted(value_cols)[-len(trailing) :]
    if len(targets) < len(trailing) or targets[0] <= i:
        return cells
    out = cells[: i + 1] + [""] * (n - i - 1)
    for col, text in zip(targets, trailing, strict=True):
        out[col] = text
    return out


def _repair_rows(
    raws: list[RawRow],
    grid: list[list[str]],
    roles: Roles,
    perf: bool,
    notes: list[str],
    n_cols: int,
) -> list[LogicalRow]:
    value_cols = _value_cols(roles, perf)
    no_col = roles.get("no")
    label_cols = [
        c
        for r, c in roles.cols.items()
        if r
        in (
            "indikator",
            "program",
            "kegiatan",
            "jenis_belanja",
            "uraian",
            "dipa_label",
            "year",
            "code",
            "sasaran",
            "label",
        )
    ]
    text_cols = [c for c in range(n_cols) if c not in value_cols and c != no_col]
    context: dict[str, str] = {}
    out: list[LogicalRow] = []

    for raw, cells in zip(raws, grid, strict=True):
        if not any(c.strip() for c in cells) or is_colnum_row(cells):
            continue
        cells = _align_short(cells, len(raw.cells), value_cols)
        first = _first_nonempty(cells)
        assert first is not None
        m = SASARAN_HEAD.match(cells[first])
        if (
            m
            and sum(1 for c in cells if c.strip()) <= 2
            and not any(cells[c].strip() for c in value_cols)
        ):
            context["sasaran"] = clean_cell(
                " ".join([m.group("text")] + [c for c in cells[first + 1 :] if c.strip()])
            )
            continue
        prev = out[-1] if out else None
        filled = {i for i, c in enumerate(cells) if c.strip()}
        no_empty = no_col is None or not cells[no_col].strip()

        if prev is not None and no_empty and _complements(prev, filled, value_cols):
            for i in filled:
                prev.cells[i] = cells[i]
            prev.lines.append(raw.line or 0)
            prev.merged.append(
                f"line {raw.line}: cells completed from a row broken by a page break"
            )
            continue
        if prev is not None and _is_continuation(
            cells, filled, prev, no_col, value_cols, text_cols
        ):
            for i in filled:
                prev.cells[i] = (
                    f"{prev.cells[i]} {cells[i]}".strip() if prev.cells[i].strip() else cells[i]
                )
            prev.lines.append(raw.line or 0)
            prev.merged.append(f"line {raw.line}: wrapped cell joined to the row above")
            continue
        label = " ".join(
            cells[c]
            for c in sorted(set(label_cols) | ({no_col} if no_col is not None else set()))
            if c < len(cells) and cells[c].strip()
        )
        has_figures = any(cells[c].strip() for c in value_cols)
        if _TOTAL.match(fold(label)) or (
            not perf
            and has_figures
            and not label.strip()
            and out
            and not any(cells[c].strip() for c in text_cols)
        ):
            out.append(
                LogicalRow(
                    cells=list(cells),
                    line=raw.line,
                    page=raw.page,
                    bbox=raw.bbox,
                    lines=[raw.line or 0],
                    is_total=True,
                )
            )
            continue
        if _is_group(cells, filled, roles, value_cols, perf, no_col):
            text = clean_cell(cells[first])
            gm = SASARAN_HEAD.match(text)
            if gm:
                context["sasaran"] = clean_cell(gm.group("text"))
            else:
                context["group"] = text
            continue
        row = LogicalRow(
            cells=list(cells), line=raw.line, page=raw.page, bbox=raw.bbox, lines=[raw.line or 0]
        )
        if perf:
            for role in CONTEXT_ROLES:
                col = roles.get(role)
                if col is None:
                    continue
                if cells[col].strip():
                    context[role] = cells[col]
                elif role in context:
                    row.cells[col] = context[role]
                    row.merged.append(f"{role}: empty cell read as the value above")
        row.context = dict(context)
        out.append(row)
    return out


def _complements(prev: LogicalRow, filled: set[int], value_cols: list[int]) -> bool:
    """The row only fills cells the previous row left empty, and gives it a figure."""
    if not filled:
        return False
    if any(prev.cells[i].strip() for i in filled if i < len(prev.cells)):
        return False
    return any(i in value_cols for i in filled) and all(
        is_figure(prev.cells[i]) or not prev.cells[i].strip() for i in filled
    )


def _is_continuation(
    cells: list[str],
    filled: set[int],
    prev: LogicalRow,
    no_col: int | None,
    value_cols: list[int],
    text_cols: list[int],
) -> bool:
    """A wrapped cell: the rest of the row above on its own line."""
    if prev.is_total:
        return False
    if no_col is not None and cells[no_col].strip():
        return False
    texts = [cells[c] for c in text_cols if c in filled]
    if not texts:
        return False
    values = [cells[c] for c in value_cols if c in filled]
    starts_lower = any(clean_cell(t)[:1].islower() for t in texts)
    if no_col is None or not prev.cells[no_col].strip():
        # no numbering to lean on (or the row above is itself a same-as-above row):
        # only a lower-case start without figures says "the rest of the row above"
        return starts_lower and not values
    if not values:
        return True
    return starts_lower and all(
        not is_figure(v) and not is_qualitative(v) and clean_cell(v)[:1].isalpha() for v in values
    )


def _is_group(
    cells: list[str],
    filled: set[int],
    roles: Roles,
    value_cols: list[int],
    perf: bool,
    no_col: int | None,
) -> bool:
    if any(c in filled for c in value_cols):
        return False
    if perf:
        ind = roles.get("indikator")
        return ind is None or not cells[ind].strip()
    code = roles.get("code")
    no_is_number = no_col is not None and bool(re.match(r"^\d+\.?$", cells[no_col].strip()))
    return not no_is_number and (code is None or not cells[code].strip())
