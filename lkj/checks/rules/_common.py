"""Helpers shared by several rules: tolerances from printed precision, budget hierarchy."""

from __future__ import annotations

import re
from collections.abc import Sequence

from lkj.models import BudgetLine
from lkj.normalize.text import fold

_NUM = re.compile(r"\d+(?:[.,]\d+)*")

#: budget levels from the top down; levels not listed here have no hierarchy
LEVEL_RANK = {"satker": 0, "program": 1, "kegiatan": 2, "output": 3}
MONEY_FIELDS = ("pagu", "realisasi", "sisa")


def printed_decimals(raw: str | None) -> int:
    """Decimals the figure prints: "93,86" -> 2, "100 %" -> 0, "87.5%" -> 1."""
    if not raw:
        return 0
    found = _NUM.findall(raw)
    if not found:
        return 0
    last = found[-1]
    m = re.search(r"[.,](\d+)$", last)
    if not m:
        return 0
    digits = m.group(1)
    # a mark followed by exactly three digits with another mark before it groups thousands
    if len(digits) == 3 and len(re.findall(r"[.,]", last)) > 1:
        return 0
    return len(digits)


def unit_tolerance(raw: str | None) -> float:
    """One unit in the last printed decimal (85 -> 1, 93,86 -> 0.01), never below 0.01."""
    return max(10.0 ** -printed_decimals(raw), 0.01) + 1e-9


def same_unit(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    return fold(a).rstrip("s") == fold(b).rstrip("s")


def rupiah(n: float | int | None) -> str:
    """16203906000 -> "16.203.906.000" (the reports' own style) for messages."""
    if n is None:
        return "?"
    return f"{int(n):,}".replace(",", ".")


def pct_text(x: float | None) -> str:
    return "?" if x is None else f"{x:.2f}".replace(".", ",")


def children_of(lines: Sequence[BudgetLine]) -> list[tuple[BudgetLine, list[BudgetLine]]]:
    """Each ranked line with the lines directly under it (the next lower level until the
    next line of its own level or above). Lines of unranked levels have no children."""
    out: list[tuple[BudgetLine, list[BudgetLine]]] = []
    items = [ln for ln in lines if not ln.is_total]
    for i, parent in enumerate(items):
        rank = LEVEL_RANK.get(parent.level)
        if rank is None:
            continue
        under: list[BudgetLine] = []
        for ln in items[i + 1 :]:
            r = LEVEL_RANK.get(ln.level)
            if r is None or r <= rank:
                break
            under.append(ln)
        if not under:
            continue
        top = min(LEVEL_RANK[ln.level] for ln in under)
        out.append((parent, [ln for ln in under if LEVEL_RANK[ln.level] == top]))
    return out


def top_level(lines: Sequence[BudgetLine]) -> list[BudgetLine]:
    """The lines a grand total sums: the highest ranked level present, or every line when
    the table has no ranked hierarchy."""
    items = [ln for ln in lines if not ln.is_total]
    ranks = {LEVEL_RANK.get(ln.level) for ln in items}
    if None in ranks or len(ranks) <= 1:
        return items
    top = min(r for r in ranks if r is not None)
    return [ln for ln in items if LEVEL_RANK.get(ln.level) == top]
