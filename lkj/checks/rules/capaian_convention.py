"""capaian.convention: a capaian capped at 100, or printed as the realisasi itself."""

from __future__ import annotations

from collections.abc import Iterator

from lkj.checks.engine import Context, Rule
from lkj.models import Finding

from ._capaian import involved_values, verdict
from ._common import pct_text

RULE = Rule(
    id="capaian.convention",
    severity="info",
    description="A capaian capped at 100 where target and realisasi give more, or printed "
    "as the realisasi itself (common reporting conventions, not errors).",
    tolerance="capped: the printed capaian is 100 within its printed precision and every "
    "formula the direction allows gives more than 100; as realisasi: the printed capaian "
    "equals the realisasi within that precision",
)


def check(ctx: Context) -> Iterator[Finding]:
    for row in ctx.extraction.performance:
        v = verdict(row)
        if v is None or not v.convention:
            continue
        yield ctx.finding(
            RULE,
            f"{row.indikator[:80]}: capaian printed {row.capaian.raw}, "
            f"{'capped at 100' if v.capped else 'the realisasi itself'}; "
            f"the figures give {pct_text(v.expected)}",
            values=involved_values(row),
            expected=v.expected,
            actual=v.printed,
            assumption=v.assumption,
        )
