"""prose.pagu: the pagu the narrative states is the pagu the tables give."""

from __future__ import annotations

from collections.abc import Iterator

from lkj.checks.engine import Context, Rule, value_of
from lkj.models import Finding

from ._common import rupiah
from ._prose import final_pagu, initial_pagu

RULE = Rule(
    id="prose.pagu",
    severity="warning",
    description="A pagu stated in the narrative (final: 'setelah revisi'; initial: 'DIPA "
    "tanggal ...', 'pagu murni') that no table gives (realisation totals, DIPA revisions, "
    "allocation table, pagu history).",
    tolerance="exact to the rupiah; the statement agrees when it equals any of the table "
    "figures of its kind",
)


def check(ctx: Context) -> Iterator[Finding]:
    for st in ctx.extraction.statements:
        if st.kind not in ("pagu_final", "pagu_initial") or st.value.number is None:
            continue
        refs = final_pagu(ctx) if st.kind == "pagu_final" else initial_pagu(ctx)
        if not refs or any(abs(r.value - st.value.number) < 0.5 for r in refs):
            continue
        ref = refs[0]
        which = "final" if st.kind == "pagu_final" else "initial"
        yield ctx.finding(
            RULE,
            f"the text states a {which} pagu of {rupiah(st.value.number)}; the {ref.what} is "
            f"{rupiah(ref.value)}",
            values=[
                value_of(f"{which} pagu in the text", st.value, st.provenance, "value"),
                *(r.involved for r in refs),
            ],
            expected=int(ref.value),
            actual=int(st.value.number),
            assumption=f"sentence read as the {which} pagu: {st.sentence[:160]}",
        )
