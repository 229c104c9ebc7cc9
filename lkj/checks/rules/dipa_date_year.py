"""dipa.date_year: revisions fall inside the fiscal year."""

from __future__ import annotations

from collections.abc import Iterator

from lkj.checks.engine import Context, Rule, involved
from lkj.models import Finding

from ._dipa import table_revisions

RULE = Rule(
    id="dipa.date_year",
    severity="error",
    description="A DIPA revision dated outside the report's fiscal year (the initial DIPA may "
    "be dated in the previous year).",
    tolerance="the initial DIPA (seq 0, AWAL) may be dated in the year before",
)


def check(ctx: Context) -> Iterator[Finding]:
    year = ctx.year
    if year is None:
        return
    for rev in table_revisions(ctx):
        if rev.date is None:
            continue
        allowed = {year - 1, year} if rev.seq == 0 else {year}
        if rev.date.year in allowed:
            continue
        yield ctx.finding(
            RULE,
            f"{rev.label_raw or f'revision {rev.seq}'} is dated {rev.date_raw}, outside fiscal "
            f"year {year}",
            values=[involved("date", rev.date_raw, rev.date.isoformat(), rev.provenance, "date")],
            expected=f"{min(allowed)}-01-01..{year}-12-31",
            actual=rev.date.isoformat(),
            assumption=f"fiscal year {year} from the report's identity",
        )
