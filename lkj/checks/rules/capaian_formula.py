"""capaian.formula: the printed capaian follows from target and realisasi."""

from __future__ import annotations

from collections.abc import Iterator

from lkj.checks.engine import Context, Rule
from lkj.models import Finding

from ._capaian import involved_values, verdict
from ._common import pct_text

RULE = Rule(
    id="capaian.formula",
    severity="error",
    description="A printed capaian that does not follow from target and realisasi "
    "(realisasi / target x 100; for lower-is-better indicators (2 x target - realisasi) / "
    "target x 100 or target / realisasi x 100).",
    tolerance="one unit in the last decimal the capaian prints (85 -> 1, 93,86 -> 0.01); "
    "a capaian capped at 100 or printed as the realisasi is capaian.convention (info)",
)


def check(ctx: Context) -> Iterator[Finding]:
    for row in ctx.extraction.performance:
        v = verdict(row)
        if v is None or v.matched or v.convention:
            continue
        yield ctx.finding(
            RULE,
            f"{row.indikator[:80]}: capaian printed {row.capaian.raw}, "
            f"but target {row.target.raw} and realisasi {row.realisasi.raw} give "
            f"{pct_text(v.expected)} ({v.candidates[0][0]})",
            values=involved_values(row),
            expected=v.expected,
            actual=v.printed,
            assumption=v.assumption,
        )
