"""budget.total: a total row equals the sum of the rows it totals."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from lkj.checks.engine import Context, Rule, budget_value
from lkj.models import BudgetLine, Finding

from ._common import LEVEL_RANK, MONEY_FIELDS, rupiah, top_level

RULE = Rule(
    id="budget.total",
    severity="error",
    description="A total row (JUMLAH) whose pagu, realisasi or sisa is not the sum of the "
    "rows above it (the top level when the table has program / kegiatan / output levels; "
    "several totals in one table each sum their own section, a last total may sum the totals).",
    tolerance="exact to the rupiah",
)


def _sum(lines: Sequence[BudgetLine], field: str) -> int | None:
    vals = [getattr(ln, field) for ln in lines]
    if not vals or any(v is None for v in vals):
        return None
    return int(sum(vals))


def _sections(lines: Sequence[BudgetLine]) -> list[tuple[BudgetLine, list[BudgetLine]]]:
    """Each total row with the rows of its section (since the previous total row)."""
    out: list[tuple[BudgetLine, list[BudgetLine]]] = []
    section: list[BudgetLine] = []
    for ln in lines:
        if ln.is_total:
            out.append((ln, section))
            section = []
        else:
            section.append(ln)
    return out


def _expected(section: Sequence[BudgetLine], field: str) -> list[int]:
    """Sums the total may legitimately equal: the top level, else the leaves."""
    sums = []
    top = _sum(top_level(section), field)
    if top is not None:
        sums.append(top)
    ranked = [ln for ln in section if ln.level in LEVEL_RANK]
    if ranked and len(ranked) == len(section):
        deepest = max(LEVEL_RANK[ln.level] for ln in section)
        leaves = _sum([ln for ln in section if LEVEL_RANK[ln.level] == deepest], field)
        if leaves is not None and leaves not in sums:
            sums.append(leaves)
    return sums


def check(ctx: Context) -> Iterator[Finding]:
    for lines in ctx.budget_by_table.values():
        sections = _sections(lines)
        previous_totals: list[BudgetLine] = []
        for total, section in sections:
            for field in MONEY_FIELDS:
                printed = getattr(total, field)
                if printed is None:
                    continue
                rows = section
                sums = _expected(section, field)
                if not section and previous_totals:  # a grand total of the section totals
                    rows = previous_totals
                    grand = _sum(previous_totals, field)
                    sums = [grand] if grand is not None else []
                elif len(previous_totals) >= 1 and section:
                    grand = _sum([*previous_totals, *top_level(section)], field)
                    if grand is not None:
                        sums.append(grand)
                if not sums or printed in sums:
                    continue
                expected = sums[0]
                shown = [
                    budget_value(f"row {ln.provenance.row_index} {field}", ln, field) for ln in rows
                ]
                yield ctx.finding(
                    RULE,
                    f"{total.name or 'total'} {field} printed {rupiah(printed)}, the "
                    f"{len(rows)} rows above sum to {rupiah(expected)} "
                    f"(difference {rupiah(printed - expected)})",
                    values=[budget_value(f"total {field}", total, field), *shown],
                    expected=expected,
                    actual=printed,
                    assumption="total = sum of the rows of its section at the top level "
                    "(or of the lowest level)",
                )
            previous_totals.append(total)
