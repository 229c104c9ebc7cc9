"""budget.sisa: sisa = pagu - realisasi on every budget line."""

from __future__ import annotations

from collections.abc import Iterator

from lkj.checks.engine import Context, Rule, budget_value
from lkj.models import Finding

from ._common import rupiah

RULE = Rule(
    id="budget.sisa",
    severity="error",
    description="A sisa (remaining budget) that is not pagu - realisasi on the same line.",
    tolerance="exact to the rupiah (amounts are whole rupiah)",
)


def check(ctx: Context) -> Iterator[Finding]:
    for line in ctx.extraction.budget_lines:
        if line.pagu is None or line.realisasi is None or line.sisa is None:
            continue
        expected = line.pagu - line.realisasi
        if line.sisa == expected:
            continue
        label = line.name or line.code or "row"
        yield ctx.finding(
            RULE,
            f"{label[:60]}: sisa printed {rupiah(line.sisa)}, pagu {rupiah(line.pagu)} - "
            f"realisasi {rupiah(line.realisasi)} = {rupiah(expected)}",
            values=[
                budget_value("sisa", line, "sisa"),
                budget_value("pagu", line, "pagu"),
                budget_value("realisasi", line, "realisasi"),
            ],
            expected=expected,
            actual=line.sisa,
            assumption="sisa = pagu - realisasi",
        )
