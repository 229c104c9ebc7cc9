"""Decide what a table is from its header semantics and its content.

The caption number is never trusted alone: reports number tables twice, wrongly,
or not at all. A table is what its columns say and what its cells hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lkj.models.records import TableKind
from lkj.normalize.text import fold

from .structure import TALLY_ROLES, TableView, is_figure

_DIPA_LABEL = re.compile(r"\b(awal|revisi|dipa|pagu awal|semula|menjadi)\b", re.IGNORECASE)
_YEAR = re.compile(r"^\s*(19[89]\d|20\d\d)\s*$")


@dataclass
class Classification:
    kind: TableKind
    confidence: float
    reasons: list[str] = field(default_factory=list)


def _share(values: list[str], pred) -> float:  # type: ignore[no-untyped-def]
    vals = [v for v in values if v.strip()]
    if not vals:
        return 0.0
    return sum(1 for v in vals if pred(v)) / len(vals)


def _column(view: TableView, role: str) -> list[str]:
    col = view.roles.get(role)
    if col is None:
        return []
    return [r.cell(col) for r in view.rows if not r.is_total]


def classify(view: TableView) -> Classification:
    roles = view.roles.cols
    if view.header is None or not view.rows:
        return Classification(
            "other", 0.3, ["no header" if view.header is None else "no data rows"]
        )

    if "laki" in roles and "perempuan" in roles:
        counts = [r.cell(roles[c]) for c in TALLY_ROLES if c in roles for r in view.rows]
        share = _share(counts, lambda v: is_figure(v) or v.strip() in {"-", "0"})
        if share >= 0.6:
            return Classification(
                "tally",
                0.6 + 0.4 * share,
                ["counts by L / P (laki-laki / perempuan) and their sum"],
            )
        return Classification("other", 0.4, [f"L / P header but {share:.0%} figures"])

    money_roles = [r for r in ("pagu", "realisasi", "sisa") if r in roles]
    has_perf_value = any(r in roles for r in ("target", "capaian")) or (
        "realisasi" in roles and "pagu" not in roles
    )

    if "indikator" in roles:
        if not has_perf_value and "keterangan" in roles:
            share = _share(
                _column(view, "keterangan"), lambda v: is_figure(v) or len(v.split()) <= 3
            )
            if share >= 0.6:
                return Classification(
                    "performance", 0.8, ["indikator column; Keterangan holds the targets"]
                )
        if has_perf_value:
            return Classification(
                "performance", 0.95, ["indikator column with target/realisasi/capaian"]
            )
        return Classification("indicator_list", 0.9, ["indikator column without figures"])

    if "dipa_label" in roles:
        labels = _column(view, "dipa_label")
        share = _share(labels, lambda v: bool(_DIPA_LABEL.search(v)))
        amount = _share(_column(view, "pagu"), is_figure) if "pagu" in roles else 0.0
        if share >= 0.5 and amount >= 0.5:
            return Classification(
                "dipa_revisions",
                0.6 + 0.4 * share,
                ["DIPA column with revision labels and amounts"],
            )

    if "year" in roles and money_roles:
        years = _share(_column(view, "year"), lambda v: bool(_YEAR.match(v)))
        if years >= 0.8:
            return Classification(
                "pagu_history", 0.95, ["one row per fiscal year with pagu/realisasi"]
            )

    if money_roles:
        figures = [r.cell(roles[m]) for m in money_roles for r in view.rows]
        share = _share(figures, lambda v: is_figure(v) or v.strip() in {"-", "0"})
        if share >= 0.6:
            return Classification("budget", 0.6 + 0.4 * share, [f"money columns {money_roles}"])
        return Classification("other", 0.4, [f"money header but {share:.0%} figures"])

    if "sasaran" in roles and "target" in roles:
        return Classification("performance", 0.7, ["sasaran with target, no indikator column"])
    return Classification(
        "other",
        0.5,
        ["no known column roles: " + ", ".join(fold(t) for t in view.header_texts if t)],
    )
