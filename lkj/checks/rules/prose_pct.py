"""prose.realisasi_pct: the absorption % the narrative states is the tables' %."""

from __future__ import annotations

from collections.abc import Iterator

from lkj.checks.engine import Context, Rule, budget_value, value_of
from lkj.models import Finding

from ._common import pct_text, unit_tolerance
from ._prose import Reference, history_this_year, realisation_totals

RULE = Rule(
    id="prose.realisasi_pct",
    severity="warning",
    description="A budget realisation percentage stated in the narrative that differs from "
    "the realisation tables (the total row's %, or its realisasi / pagu).",
    tolerance="one unit in the last decimal the text prints (95 -> 1, 93,86 -> 0.01)",
)


def _references(ctx: Context) -> list[Reference]:
    refs = realisation_totals(ctx, "realisasi_pct") + history_this_year(ctx, "realisasi_pct")
    for _, total in ctx.realisation_totals():
        if total.pagu and total.realisasi is not None:
            share = total.realisasi / total.pagu * 100.0  # type: ignore[operator]
            refs.append(
                Reference(
                    share,
                    "realisasi / pagu of the total row",
                    budget_value("total realisasi", total, "realisasi"),
                )
            )
    return refs


def check(ctx: Context) -> Iterator[Finding]:
    refs = _references(ctx)
    if not refs:
        return
    for st in ctx.extraction.statements:
        if st.kind != "realisasi_pct" or st.value.number is None:
            continue
        tol = unit_tolerance(st.value.raw)
        if any(abs(r.value - st.value.number) <= tol for r in refs):
            continue
        ref = refs[0]
        yield ctx.finding(
            RULE,
            f"the text states {st.value.raw} realised; the {ref.what} is {pct_text(ref.value)} %",
            values=[
                value_of("% in the text", st.value, st.provenance, "value"),
                *(r.involved for r in refs),
            ],
            expected=round(ref.value, 2),
            actual=st.value.number,
            assumption=f"tolerance {tol - 1e-9:g}; sentence: {st.sentence[:160]}",
        )
