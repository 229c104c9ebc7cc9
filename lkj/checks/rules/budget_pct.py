"""budget.pct: the printed realisation % = realisasi / pagu x 100."""

from __future__ import annotations

from collections.abc import Iterator

from lkj.checks.engine import Context, Rule, involved
from lkj.models import Finding, Provenance

from ._common import pct_text, rupiah, unit_tolerance

RULE = Rule(
    id="budget.pct",
    severity="error",
    description="A realisation percentage that is not realisasi / pagu x 100 (budget lines "
    "and multi-year pagu history).",
    tolerance="one unit in the last decimal the percentage prints (95 -> 1, 93,86 -> 0.01)",
)


def _check(
    ctx: Context,
    label: str,
    pagu: int | None,
    realisasi: int | None,
    pct: float | None,
    raw: dict[str, str | None],
    prov: Provenance,
) -> Finding | None:
    if pagu is None or realisasi is None or pct is None or pagu <= 0:
        return None
    expected = realisasi / pagu * 100.0
    tol = unit_tolerance(raw.get("realisasi_pct"))
    if abs(expected - pct) <= tol:
        return None
    return ctx.finding(
        RULE,
        f"{label[:60]}: {raw.get('realisasi_pct')} printed, realisasi {rupiah(realisasi)} / "
        f"pagu {rupiah(pagu)} = {pct_text(expected)} %",
        values=[
            involved("realisasi %", raw.get("realisasi_pct"), pct, prov, "realisasi_pct"),
            involved("pagu", raw.get("pagu"), pagu, prov, "pagu"),
            involved("realisasi", raw.get("realisasi"), realisasi, prov, "realisasi"),
        ],
        expected=round(expected, 2),
        actual=pct,
        assumption=f"% = realisasi / pagu x 100; tolerance {tol - 1e-9:g}",
    )


def check(ctx: Context) -> Iterator[Finding]:
    for line in ctx.extraction.budget_lines:
        f = _check(
            ctx,
            line.name or line.code or "row",
            line.pagu,
            line.realisasi,
            line.realisasi_pct,
            line.raw,
            line.provenance,
        )
        if f:
            yield f
    for h in ctx.extraction.pagu_history:
        f = _check(ctx, f"year {h.year}", h.pagu, h.realisasi, h.realisasi_pct, h.raw, h.provenance)
        if f:
            yield f
