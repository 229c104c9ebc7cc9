"""dipa.final_pagu: the last DIPA revision's amount is the final pagu of the realisation tables."""

from __future__ import annotations

from collections.abc import Iterator

from lkj.checks.engine import Context, Rule, budget_value, involved
from lkj.models import Finding

from ._common import rupiah
from ._dipa import revisions

RULE = Rule(
    id="dipa.final_pagu",
    severity="error",
    description="The amount of the last DIPA revision (table or prose) differs from the pagu "
    "total of a budget realisation table.",
    tolerance="exact to the rupiah",
)


def check(ctx: Context) -> Iterator[Finding]:
    revs = [r for r in revisions(ctx) if r.amount is not None]
    if not revs:
        return
    last = revs[-1]
    assert last.amount is not None
    for t, total in ctx.realisation_totals("pagu"):
        if total.pagu == last.amount:
            continue
        assert total.pagu is not None
        yield ctx.finding(
            RULE,
            f"last DIPA revision ({last.label_raw or 'prose'}) is {rupiah(last.amount)}, "
            f"the total pagu of {ctx.table_name(t, 'the realisation table')} is "
            f"{rupiah(total.pagu)}",
            values=[
                involved(
                    "last DIPA amount", last.amount_raw, last.amount, last.provenance, "amount"
                ),
                budget_value("realisation total pagu", total, "pagu"),
            ],
            expected=last.amount,
            actual=total.pagu,
            assumption="the realisation tables report against the DIPA after its last revision",
            at=total.provenance,
        )
