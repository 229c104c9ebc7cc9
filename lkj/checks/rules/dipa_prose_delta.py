"""dipa.prose_delta: "Revisi DIPA sebesar D sehingga ... sebesar B" adds up."""

from __future__ import annotations

from collections.abc import Iterator

from lkj.checks.engine import Context, Rule, involved
from lkj.models import DipaRevision, Finding, Statement

from ._common import rupiah

RULE = Rule(
    id="dipa.prose_delta",
    severity="warning",
    description="A DIPA revision stated in prose whose change does not lead from the amount "
    "stated just before it to the amount it says results (base + revision != result).",
    tolerance="exact to the rupiah; the base is the nearest rupiah amount stated before the "
    "revision (within 8 lines), other than the revision's own figures",
)

_WINDOW = 8


def _base(ctx: Context, rev: DipaRevision) -> Statement | None:
    line = rev.provenance.line
    if line is None:
        return None
    own = {rev.delta, rev.amount}
    best: Statement | None = None
    for st in ctx.extraction.statements:
        sl = st.provenance.line
        if sl is None or sl > line or sl < line - _WINDOW or st.value.kind != "money":
            continue
        if st.value.value in own:
            if sl == line:
                break  # the revision's own figures: anything after them is not before it
            continue
        if st.kind in ("indicator_count", "realisasi_pct", "realisasi"):
            continue
        best = st
    return best


def check(ctx: Context) -> Iterator[Finding]:
    for rev in ctx.extraction.dipa_revisions:
        if rev.origin != "prose" or rev.delta is None or rev.amount is None:
            continue
        base = _base(ctx, rev)
        if base is None or not isinstance(base.value.value, int):
            continue
        expected = base.value.value + rev.delta
        if expected == rev.amount:
            continue
        yield ctx.finding(
            RULE,
            f"{rupiah(base.value.value)} + revision {rupiah(rev.delta)} = {rupiah(expected)}, "
            f"the text says the DIPA became {rupiah(rev.amount)} "
            f"(difference {rupiah(rev.amount - expected)})",
            values=[
                involved("resulting DIPA", rev.amount_raw, rev.amount, rev.provenance, "amount"),
                involved("revision", None, rev.delta, rev.provenance, "delta"),
                involved("amount before", base.value.raw, base.value.value, base.provenance),
            ],
            expected=expected,
            actual=rev.amount,
            assumption="the amount stated just before the revision is the DIPA it revises",
        )
