"""prose.indicator_count: "dari 15 indikator kinerja" counts the table's indicators."""

from __future__ import annotations

from collections.abc import Iterator

from lkj.checks.engine import Context, Rule, involved, value_of
from lkj.models import Finding, PerformanceRow
from lkj.normalize.text import fold

RULE = Rule(
    id="prose.indicator_count",
    severity="warning",
    description="A count of indicators in the narrative ('dari 15 indikator kinerja') that "
    "differs from the rows of the table it cites, or, citing none, from the indicators "
    "measured in the tables before it.",
    tolerance="exact; indicators counted once per distinct wording",
)


def _rows_for(ctx: Context, refers_to: str | None, line: int | None) -> list[PerformanceRow]:
    if refers_to:
        tables = [
            t.index
            for t in ctx.extraction.tables
            if t.number == refers_to and t.kind == "performance"
        ]
        return [r for t in tables for r in ctx.performance_by_table.get(t, [])]
    rows = []
    for t, table_rows in ctx.performance_by_table.items():
        info = ctx.tables.get(t)
        if info is None or line is None or (info.line_start or 0) > line:
            continue
        if any(r.realisasi.value is not None for r in table_rows):
            rows.extend(table_rows)
    return rows


def check(ctx: Context) -> Iterator[Finding]:
    for st in ctx.extraction.statements:
        if st.kind != "indicator_count" or st.value.number is None:
            continue
        rows = _rows_for(ctx, st.refers_to, st.provenance.line)
        if not rows:
            continue
        names = {fold(r.indikator) for r in rows}
        if len(names) == int(st.value.number):
            continue
        where = f"Tabel {st.refers_to}" if st.refers_to else "the measurement tables before it"
        yield ctx.finding(
            RULE,
            f"the text counts {int(st.value.number)} indicators; {where} "
            f"list{'s' if st.refers_to else ''} {len(names)}",
            values=[
                value_of("count in the text", st.value, st.provenance, "value"),
                *(
                    involved("indicator", r.indikator[:80], None, r.provenance, "indikator")
                    for r in rows
                ),
            ],
            expected=len(names),
            actual=int(st.value.number),
            assumption=f"sentence: {st.sentence[:160]}",
        )
