"""prose.realisasi: the spending the narrative states is the tables' total realisasi."""

from __future__ import annotations

from collections.abc import Iterator

from lkj.checks.engine import Context, Rule, value_of
from lkj.models import Finding

from ._common import rupiah
from ._prose import history_this_year, realisation_totals

RULE = Rule(
    id="prose.realisasi",
    severity="warning",
    description="A realisasi (spending) amount stated in the narrative that differs from the "
    "total realisasi of the realisation tables.",
    tolerance="exact to the rupiah; agrees when equal to any realisation table total",
)


def check(ctx: Context) -> Iterator[Finding]:
    refs = realisation_totals(ctx, "realisasi") + history_this_year(ctx, "realisasi")
    if not refs:
        return
    for st in ctx.extraction.statements:
        if st.kind != "realisasi" or st.value.number is None:
            continue
        if any(abs(r.value - st.value.number) < 0.5 for r in refs):
            continue
        ref = refs[0]
        yield ctx.finding(
            RULE,
            f"the text states realisasi {rupiah(st.value.number)}; the {ref.what} is "
            f"{rupiah(ref.value)}",
            values=[
                value_of("realisasi in the text", st.value, st.provenance, "value"),
                *(r.involved for r in refs),
            ],
            expected=int(ref.value),
            actual=int(st.value.number),
            assumption=f"sentence read as the year's spending: {st.sentence[:160]}",
        )
