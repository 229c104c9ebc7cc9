"""Records from classified tables: performance rows, budget lines, pagu history, DIPA revisions,
tally rows.

Every value keeps its raw cell text and flags; every record keeps its provenance
(source, page, line, caption as printed, table index, row index, columns).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lkj.models import (
    BudgetLine,
    DipaRevision,
    PaguHistory,
    PerformanceRow,
    Provenance,
    TallyRow,
    Value,
)
from lkj.normalize.codes import looks_like_code, parse_code
from lkj.normalize.dates import parse_date
from lkj.normalize.measures import parse_capaian, parse_measure
from lkj.normalize.numbers import parse_money, parse_number, parse_percent
from lkj.normalize.text import clean_cell, fold, split_paragraphs

from .structure import LogicalRow, TableView

#: indicators where a lower realisation is the better one
_LOWER_IS_BETTER = re.compile(
    r"tidak masuk dalam daftar pemilih|terbukti melakukan pelanggaran|pelanggaran|"
    r"gangguan keamanan|kerugian negara|penurunan nilai temuan|temuan|sengketa.*kalah|"
    r"tidak terdaftar|tidak tercatat|melanggar|pemborosan",
    re.IGNORECASE,
)
_ENUM = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\.?|[a-z]\.)\s+(?=\S)", re.IGNORECASE)
_SATKER_NAME = re.compile(r"\b(kpu|komisi pemilihan umum|kip|sekretariat)\b", re.IGNORECASE)
_REVISION_NO = re.compile(r"revisi\s*(?:ke\s*[-.]?\s*)?(\d{1,2})", re.IGNORECASE)
_MERGE_FLAGS = {
    "wrapped": "joined_wrapped_cell",
    "page break": "completed_across_break",
    "value above": "same_as_above",
}


@dataclass
class TableContext:
    source: str
    table_index: int
    caption: str | None  # as printed
    number: str | None
    sasaran: str | None  # from a "Sasaran N : ..." heading before the table
    style: str | None = None  # the document's number style


def direction_of(indikator: str) -> str:
    return "lower" if _LOWER_IS_BETTER.search(indikator) else "higher"


def _provenance(
    ctx: TableContext, row: LogicalRow, row_index: int, columns: dict[str, int]
) -> Provenance:
    return Provenance(
        source=ctx.source,
        page=row.page,
        line=row.line,
        caption=ctx.caption,
        table_index=ctx.table_index,
        row_index=row_index,
        bbox=row.bbox,
        columns=columns,
    )


def _present(**cols: int | None) -> dict[str, int]:
    """The columns a table has, by field name (for provenance)."""
    return {name: col for name, col in cols.items() if col is not None}


def _row_flags(row: LogicalRow) -> list[str]:
    flags: list[str] = []
    for note in row.merged:
        for key, flag in _MERGE_FLAGS.items():
            if key in note and flag not in flags:
                flags.append(flag)
    return flags


def _strip_enum(text: str) -> str:
    return _ENUM.sub("", text, count=1).strip()


def _field_flags(name: str, value: Value) -> list[str]:
    return [f"{name}:{f}" for f in value.flags]


# ---------------------------------------------------------------------------
# performance


def performance_rows(
    view: TableView, ctx: TableContext, *, keterangan_as_target: bool
) -> list[PerformanceRow]:
    roles = view.roles
    ind_col = roles.get("indikator")
    sas_col = roles.get("sasaran")
    tgt_col = roles.get("target")
    if tgt_col is None and keterangan_as_target:
        tgt_col = roles.get("keterangan")
    real_col = roles.get("realisasi")
    cap_col = roles.get("capaian")
    columns = _present(
        indikator=ind_col, sasaran=sas_col, target=tgt_col, realisasi=real_col, capaian=cap_col
    )
    has_no = roles.get("no") is not None
    out: list[PerformanceRow] = []
    for ri, row in enumerate(view.rows):
        if row.is_total or ind_col is None:
            continue
        indikators = split_paragraphs(row.cell(ind_col))
        if not indikators:
            continue
        sasarans = split_paragraphs(row.cell(sas_col)) if sas_col is not None else []
        values = {
            name: split_paragraphs(row.cell(col)) if col is not None else []
            for name, col in (("target", tgt_col), ("realisasi", real_col), ("capaian", cap_col))
        }
        for pi, indikator in enumerate(indikators):
            sasaran = (
                _pick(sasarans, pi, len(indikators))
                or row.context.get("sasaran")
                or view.lead_sasaran
                or ctx.sasaran
            )
            if sasaran and not has_no:
                sasaran = _strip_enum(sasaran)
            ind_text = _strip_enum(indikator) if not has_no else indikator
            parsed: dict[str, Value] = {}
            for name, col in (("target", tgt_col), ("realisasi", real_col), ("capaian", cap_col)):
                raw = _pick(values[name], pi, len(indikators)) if col is not None else None
                if raw is not None and len(values[name]) <= 1:
                    raw = clean_cell(row.cell(col))  # a single value keeps its printed form
                unit = "%" if col is not None and col in roles.percent_cols else None
                if name == "capaian":
                    parsed[name] = parse_capaian(raw, style=ctx.style)  # type: ignore[arg-type]
                else:
                    parsed[name] = parse_measure(raw, column_unit=unit, style=ctx.style)  # type: ignore[arg-type]
            flags = _row_flags(row)
            if len(indikators) > 1:
                flags.append("split_paragraphs")
            out.append(
                PerformanceRow(
                    table=ctx.number,
                    sasaran=clean_cell(sasaran) if sasaran else None,
                    indikator=clean_cell(ind_text),
                    target=parsed["target"],
                    realisasi=parsed["realisasi"],
                    capaian=parsed["capaian"],
                    direction=direction_of(ind_text),  # type: ignore[arg-type]
                    flags=flags,
                    provenance=_provenance(ctx, row, ri, columns),
                )
            )
    return out


def _pick(parts: list[str], i: int, n: int) -> str | None:
    """The i-th of n paragraphs; a cell with one paragraph is shared by all."""
    if not parts:
        return None
    if len(parts) == n:
        return parts[i]
    return " ".join(parts) if len(parts) > 1 else parts[0]


# ---------------------------------------------------------------------------
# budget


def _code_level(code: str) -> str | None:
    """The budget level a code's shape says, or None for an unrecognised shape."""
    c = code.strip()
    if re.fullmatch(r"\d{3}\.\d{2}\.[0-9A-Z]{2}", c):
        return "program"
    if re.fullmatch(r"(?:\d{3}\.\d{2}\.[0-9A-Z]{2}\.)?\d{4}", c) or re.fullmatch(
        r"[A-Z]{2}\.\d{4}", c
    ):
        return "kegiatan"
    if re.fullmatch(r"(?:\d{3}\.\d{2}\.[0-9A-Z]{2}\.|[A-Z]{2}\.)?\d{4}\.\d{3}", c):
        return "output"
    return None


def _level(header_role: str | None, name: str | None) -> str:
    if header_role == "jenis_belanja":
        return "jenis_belanja"
    if header_role == "program":
        return "program"
    if header_role == "kegiatan":
        return "kegiatan"
    if header_role == "uraian" and name and _SATKER_NAME.search(name):
        return "satker"
    return "other"


def _name_col(view: TableView) -> tuple[int | None, str | None]:
    for role in ("jenis_belanja", "program", "kegiatan", "uraian"):
        col = view.roles.get(role)
        if col is not None:
            return col, role
    return None, None


def budget_lines(view: TableView, ctx: TableContext) -> list[BudgetLine]:
    roles = view.roles
    name_col, name_role = _name_col(view)
    code_col = roles.get("code")
    cols = {k: roles.get(k) for k in ("pagu", "realisasi", "sisa", "percent")}
    columns = _present(**cols, name=name_col, code=code_col)
    out: list[BudgetLine] = []
    levels: list[str] = []
    for ri, row in enumerate(view.rows):
        raw_name = clean_cell(row.cell(name_col)) if name_col is not None else ""
        if row.is_total and not raw_name:
            raw_name = next(
                (clean_cell(c) for c in row.cells if c.strip() and not _is_amount(c)), ""
            )
        code = clean_cell(row.cell(code_col)) or None if code_col is not None else None
        name = raw_name
        if code is None and raw_name:
            code = parse_code(raw_name)
            if code:
                name = re.sub(r"\s*\(\s*" + re.escape(code) + r"\s*\)[\s.,;:]*$", "", raw_name)
        name = _strip_enum(name) if name else name
        if not name and not row.is_total and not any(row.cell(c) for c in columns.values()):
            continue
        pagu = parse_money(row.cell(cols["pagu"])) if cols["pagu"] is not None else Value()
        real = (
            parse_money(row.cell(cols["realisasi"])) if cols["realisasi"] is not None else Value()
        )
        sisa = parse_money(row.cell(cols["sisa"])) if cols["sisa"] is not None else Value()
        pct = parse_percent(row.cell(cols["percent"])) if cols["percent"] is not None else Value()
        level = _code_level(code) if code else None
        if level is not None:
            levels.append(level)
        elif code and levels:
            level = max(
                sorted(set(levels)), key=levels.count
            )  # a mangled code takes its column's level
        level = level or _level(name_role, name)
        flags = _row_flags(row)
        for fname, v in (
            ("pagu", pagu),
            ("realisasi", real),
            ("sisa", sisa),
            ("realisasi_pct", pct),
        ):
            flags += _field_flags(fname, v)
        if code and not looks_like_code(code):
            flags.append("code:unusual_shape")
        out.append(
            BudgetLine(
                table=ctx.number,
                level=level,  # type: ignore[arg-type]
                code=code,
                name=name or None,
                pagu=_int(pagu),
                realisasi=_int(real),
                sisa=_int(sisa),
                realisasi_pct=pct.number,
                is_total=row.is_total,
                raw={
                    "pagu": pagu.raw,
                    "realisasi": real.raw,
                    "sisa": sisa.raw,
                    "realisasi_pct": pct.raw,
                },
                flags=flags,
                provenance=_provenance(ctx, row, ri, columns),
            )
        )
    return out


def _is_amount(text: str) -> bool:
    return parse_money(text).value is not None


def _int(v: Value) -> int | None:
    return v.value if isinstance(v.value, int) and not isinstance(v.value, bool) else None


def pagu_history(view: TableView, ctx: TableContext) -> list[PaguHistory]:
    roles = view.roles
    year_col = roles.get("year")
    pct_col = roles.get("percent") if roles.get("percent") is not None else roles.get("keterangan")
    cols = {
        "pagu": roles.get("pagu"),
        "realisasi": roles.get("realisasi"),
        "realisasi_pct": pct_col,
    }
    columns = _present(**cols, year=year_col)
    out: list[PaguHistory] = []
    for ri, row in enumerate(view.rows):
        m = re.search(r"(19[89]\d|20\d\d)", row.cell(year_col))
        if row.is_total or not m:
            continue
        pagu = parse_money(row.cell(cols["pagu"])) if cols["pagu"] is not None else Value()
        real = (
            parse_money(row.cell(cols["realisasi"])) if cols["realisasi"] is not None else Value()
        )
        pct = parse_percent(row.cell(pct_col)) if pct_col is not None else Value()
        flags = _row_flags(row)
        for fname, v in (("pagu", pagu), ("realisasi", real), ("realisasi_pct", pct)):
            flags += _field_flags(fname, v)
        out.append(
            PaguHistory(
                table=ctx.number,
                year=int(m.group(1)),
                pagu=_int(pagu),
                realisasi=_int(real),
                realisasi_pct=pct.number,
                raw={"pagu": pagu.raw, "realisasi": real.raw, "realisasi_pct": pct.raw},
                flags=flags,
                provenance=_provenance(ctx, row, ri, columns),
            )
        )
    return out


# ---------------------------------------------------------------------------
# DIPA revisions


def dipa_revisions(view: TableView, ctx: TableContext) -> list[DipaRevision]:
    roles = view.roles
    label_col = roles.get("dipa_label")
    amount_col = roles.get("pagu")
    date_col = roles.get("date")
    note_col = roles.get("keterangan")
    columns = _present(label=label_col, amount=amount_col, date=date_col, note=note_col)
    out: list[DipaRevision] = []
    for ri, row in enumerate(view.rows):
        if row.is_total:
            continue
        label = clean_cell(row.cell(label_col)) or None
        amount = parse_money(row.cell(amount_col)) if amount_col is not None else Value()
        date = parse_date(row.cell(date_col)) if date_col is not None else Value()
        if label is None and amount.value is None:
            continue
        seq = _seq(label, len(out))
        flags = _row_flags(row) + _field_flags("amount", amount) + _field_flags("date", date)
        iso = date.value if isinstance(date.value, str) else None
        out.append(
            DipaRevision(
                seq=seq,
                label_raw=label,
                amount=_int(amount),
                amount_raw=amount.raw,
                date=iso,  # type: ignore[arg-type]
                date_raw=date.raw or None,
                note=clean_cell(row.cell(note_col)) or None if note_col is not None else None,
                origin="table",
                flags=flags,
                provenance=_provenance(ctx, row, ri, columns),
            )
        )
    return out


def _seq(label: str | None, position: int) -> int:
    if label:
        f = fold(label)
        if re.search(r"\b(awal|semula|induk|asli)\b", f):
            return 0
        m = _REVISION_NO.search(label)
        if m:
            return int(m.group(1))
    return position


# ---------------------------------------------------------------------------
# tally (counts by L / P with their sum)


def tally_rows(view: TableView, ctx: TableContext) -> list[TallyRow]:
    """One record per row of a DPT-style recap: label, L, P and L + P as printed.

    Counts are whole numbers, so a mark followed by three digits groups thousands in
    either style ("12.345", "12,345"); a count that is not whole is kept raw and flagged.
    """
    roles = view.roles
    label_col = roles.get("label")
    cols = {k: roles.get(k) for k in ("laki", "perempuan", "jumlah")}
    columns = _present(**cols, label=label_col)
    out: list[TallyRow] = []
    for ri, row in enumerate(view.rows):
        label = clean_cell(row.cell(label_col)) if label_col is not None else ""
        if row.is_total and not label:
            label = next((clean_cell(c) for c in row.cells if c.strip() and not _is_count(c)), "")
        values = {
            name: _count(row.cell(col), ctx.style) if col is not None else Value()
            for name, col in cols.items()
        }
        if not label and all(v.raw is None or not v.raw.strip() for v in values.values()):
            continue
        flags = _row_flags(row)
        for name, v in values.items():
            flags += _field_flags(name, v)
        out.append(
            TallyRow(
                table=ctx.number,
                label=_strip_enum(label) or None,
                laki=_int(values["laki"]),
                perempuan=_int(values["perempuan"]),
                jumlah=_int(values["jumlah"]),
                is_total=row.is_total,
                raw={name: v.raw for name, v in values.items()},
                flags=flags,
                provenance=_provenance(ctx, row, ri, columns),
            )
        )
    return out


def _is_count(text: str) -> bool:
    return parse_number(text, "count").value is not None


def _count(raw: str, style: str | None) -> Value:
    """A count as printed; a value that is not a whole number is left empty, flagged malformed."""
    value = parse_number(raw, "count", style=style)  # type: ignore[arg-type]
    if isinstance(value.value, float):
        return Value(raw=value.raw, kind="number", flags=("malformed",))
    return value
