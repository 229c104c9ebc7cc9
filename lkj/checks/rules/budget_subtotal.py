"""budget.subtotal: a program / kegiatan line equals the sum of the lines under it."""

from __future__ import annotations

from collections.abc import Iterator

from lkj.checks.engine import Context, Rule, budget_value
from lkj.models import Finding

from ._common import MONEY_FIELDS, children_of, rupiah

RULE = Rule(
    id="budget.subtotal",
    severity="error",
    description="A program or kegiatan line whose pagu, realisasi or sisa is not the sum of "
    "the kegiatan or output lines printed under it.",
    tolerance="exact to the rupiah; levels come from the budget codes (076.01.06 program, "
    "3364 kegiatan, 3364.006 output)",
)


def check(ctx: Context) -> Iterator[Finding]:
    for lines in ctx.budget_by_table.values():
        for parent, kids in children_of(lines):
            for field in MONEY_FIELDS:
                printed = getattr(parent, field)
                vals = [getattr(k, field) for k in kids]
                if printed is None or any(v is None for v in vals):
                    continue
                expected = int(sum(vals))
                if printed == expected:
                    continue
                yield ctx.finding(
                    RULE,
                    f"{(parent.code or '')} {(parent.name or '')[:50]} {field} printed "
                    f"{rupiah(printed)}, the {len(kids)} {kids[0].level} lines under it sum to "
                    f"{rupiah(expected)}",
                    values=[
                        budget_value(f"{parent.level} {field}", parent, field),
                        *(budget_value(f"{k.level} {field}", k, field) for k in kids),
                    ],
                    expected=expected,
                    actual=printed,
                    assumption="a line's figures are the sum of the next lower level under it",
                )
