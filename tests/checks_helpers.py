"""Builders of small extractions for the rule tests: values go through the real parsers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from lkj.models import (
    BudgetLine,
    DipaRevision,
    Document,
    Extraction,
    PerformanceRow,
    Provenance,
    Statement,
    TableInfo,
    TallyRow,
    TocEntry,
    Value,
)
from lkj.normalize.measures import parse_capaian, parse_measure
from lkj.normalize.numbers import parse_money, parse_percent
from lkj.normalize.terbilang import parse_terbilang

SOURCE = "fixture.txt"


def prov(line: int, table: int | None = None, row: int | None = None, **cols: int) -> Provenance:
    return Provenance(source=SOURCE, line=line, table_index=table, row_index=row, columns=cols)


def doc(**kw: Any) -> Extraction:
    """An extraction of fixture.txt (year 2019 unless given) with the given record lists."""
    year = kw.pop("year", 2019)
    tables = kw.pop("tables", None)
    ext = Extraction(
        document=Document(source=SOURCE, sha256="f" * 64, format="text", year=year), **kw
    )
    if tables is None:  # one TableInfo per table index the records use
        seen: dict[int, TableInfo] = {}
        kinds = (
            ("performance", ext.performance),
            ("budget", ext.budget_lines),
            ("dipa_revisions", ext.dipa_revisions),
            ("tally", ext.tally_rows),
        )
        for kind, records in kinds:
            for rec in records:
                i = rec.provenance.table_index
                if i is not None and i not in seen:
                    seen[i] = TableInfo(
                        index=i,
                        kind=kind,  # type: ignore[arg-type]
                        confidence=1.0,
                        number=getattr(rec, "table", None),
                        line_start=rec.provenance.line,
                    )
        tables = list(seen.values())
    ext.tables = tables
    return ext


def perf(
    indikator: str,
    target: str,
    realisasi: str,
    capaian: str,
    *,
    line: int = 10,
    table: int = 0,
    number: str | None = "3.1",
    direction: str = "higher",
    flags: tuple[str, ...] = (),
) -> PerformanceRow:
    return PerformanceRow(
        table=number,
        indikator=indikator,
        target=parse_measure(target),
        realisasi=parse_measure(realisasi),
        capaian=parse_capaian(capaian),
        direction=direction,  # type: ignore[arg-type]
        flags=list(flags),
        provenance=prov(line, table, line, target=2, realisasi=3, capaian=4),
    )


def budget(
    name: str,
    pagu: str,
    realisasi: str | None = None,
    sisa: str | None = None,
    pct: str | None = None,
    *,
    line: int,
    table: int = 1,
    number: str | None = "3.6",
    code: str | None = None,
    level: str = "jenis_belanja",
    total: bool = False,
) -> BudgetLine:
    def money(raw: str | None) -> int | None:
        if raw is None:
            return None
        v = parse_money(raw).value
        return v if isinstance(v, int) else None

    p = parse_percent(pct).number if pct else None
    return BudgetLine(
        table=number,
        level=level,  # type: ignore[arg-type]
        code=code,
        name=name,
        pagu=money(pagu),
        realisasi=money(realisasi),
        sisa=money(sisa),
        realisasi_pct=p,
        is_total=total,
        raw={"pagu": pagu, "realisasi": realisasi, "sisa": sisa, "realisasi_pct": pct},
        provenance=prov(line, table, line, code=1, pagu=2, realisasi=3, sisa=4, realisasi_pct=5),
    )


def revision(
    seq: int,
    label: str | None,
    amount: str,
    date: str | None,
    *,
    line: int,
    table: int = 2,
    origin: str = "table",
    delta: int | None = None,
) -> DipaRevision:
    a = parse_money(amount).value
    return DipaRevision(
        seq=seq,
        label_raw=label,
        amount=a if isinstance(a, int) else None,
        amount_raw=amount,
        date=dt.date.fromisoformat(date) if date else None,
        date_raw=date,
        delta=delta,
        origin=origin,  # type: ignore[arg-type]
        provenance=prov(line, table if origin == "table" else None, line, amount=1, date=2),
    )


def statement(
    kind: str,
    raw: str,
    *,
    line: int,
    words: str | None = None,
    refers_to: str | None = None,
    sentence: str = "",
) -> Statement:
    value: Value = parse_percent(raw) if kind == "realisasi_pct" else parse_money(raw)
    if kind == "indicator_count":
        value = Value(raw=raw, value=int(raw), kind="number")
    w = parse_terbilang(words) if words is not None else None
    return Statement(
        kind=kind,
        value=value,
        words=w,
        refers_to=refers_to,
        sentence=sentence or raw,
        provenance=prov(line),
    )  # type: ignore[arg-type]


def tally(
    label: str,
    laki: int | None,
    perempuan: int | None,
    jumlah: int | None,
    *,
    line: int,
    table: int = 5,
    total: bool = False,
) -> TallyRow:
    return TallyRow(
        table="3.9",
        label=label,
        laki=laki,
        perempuan=perempuan,
        jumlah=jumlah,
        is_total=total,
        raw={"laki": str(laki), "perempuan": str(perempuan), "jumlah": str(jumlah)},
        provenance=prov(line, table, line, laki=2, perempuan=3, jumlah=4),
    )


def toc(number: str, line: int, title: str = "Judul") -> TocEntry:
    return TocEntry(number=number, title=title, page_printed="12", line=line)
