"""budget.cross_total: realisation tables of one report agree on the year's totals."""

from __future__ import annotations

from collections.abc import Iterator

from lkj.checks.engine import Context, Rule
from lkj.models import Finding

from ._common import rupiah
from ._prose import history_this_year, realisation_totals

RULE = Rule(
    id="budget.cross_total",
    severity="error",
    description="Two tables of one report that give the year's total pagu or realisasi "
    "differently (realisation tables by jenis belanja, program, output; the pagu history's "
    "row for the report's year).",
    tolerance="exact to the rupiah; the first realisation table is the reference",
)


def check(ctx: Context) -> Iterator[Finding]:
    for field in ("pagu", "realisasi"):
        refs = realisation_totals(ctx, field) + history_this_year(ctx, field)
        if len(refs) < 2:
            continue
        first = refs[0]
        for other in refs[1:]:
            if abs(other.value - first.value) < 0.5:
                continue
            yield ctx.finding(
                RULE,
                f"the {other.what} is {rupiah(other.value)}, the {first.what} is "
                f"{rupiah(first.value)}",
                values=[other.involved, first.involved],
                expected=int(first.value),
                actual=int(other.value),
                assumption="every table reports the same year's budget",
            )
