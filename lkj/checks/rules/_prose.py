"""Figures the tables give, for comparing with what the narrative states."""

from __future__ import annotations

from dataclasses import dataclass

from lkj.checks.engine import Context, budget_value, involved
from lkj.models import Involved

from ._dipa import revisions


@dataclass
class Reference:
    value: float
    what: str
    involved: Involved


def realisation_totals(ctx: Context, field: str) -> list[Reference]:
    out = []
    for t, total in ctx.realisation_totals():
        v = getattr(total, field)
        if v is not None:
            what = f"total {field} of {ctx.table_name(t, 'a realisation table')}"
            out.append(Reference(float(v), what, budget_value(what, total, field)))
    return out


def history_this_year(ctx: Context, field: str) -> list[Reference]:
    out = []
    for h in ctx.extraction.pagu_history:
        if h.year == ctx.year and getattr(h, field) is not None:
            what = f"{field} of {h.year} in the pagu history"
            out.append(
                Reference(
                    float(getattr(h, field)),
                    what,
                    involved(what, h.raw.get(field), getattr(h, field), h.provenance, field),
                )
            )
    return out


def final_pagu(ctx: Context) -> list[Reference]:
    refs = realisation_totals(ctx, "pagu") + history_this_year(ctx, "pagu")
    revs = [r for r in revisions(ctx) if r.amount is not None]
    if revs:
        last = revs[-1]
        refs.append(
            Reference(
                float(last.amount or 0),
                "last DIPA revision",
                involved(
                    "last DIPA revision", last.amount_raw, last.amount, last.provenance, "amount"
                ),
            )
        )
    return refs


def initial_pagu(ctx: Context) -> list[Reference]:
    refs = []
    for r in revisions(ctx):
        if r.seq == 0 and r.amount is not None:
            refs.append(
                Reference(
                    float(r.amount),
                    "initial DIPA",
                    involved("initial DIPA", r.amount_raw, r.amount, r.provenance, "amount"),
                )
            )
    realised = set(ctx.realisation_tables())
    for t, lines in ctx.budget_by_table.items():
        if t in realised:
            continue
        totals = [ln for ln in lines if ln.is_total and ln.pagu is not None]
        if totals:
            what = f"total of {ctx.table_name(t, 'the allocation table')}"
            refs.append(
                Reference(float(totals[-1].pagu or 0), what, budget_value(what, totals[-1], "pagu"))
            )
    return refs
