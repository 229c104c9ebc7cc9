"""dipa.date_order: revision dates never go backwards."""

from __future__ import annotations

from collections.abc import Iterator

from lkj.checks.engine import Context, Rule, involved
from lkj.models import DipaRevision, Finding

from ._dipa import table_revisions

RULE = Rule(
    id="dipa.date_order",
    severity="error",
    description="A DIPA revision dated before a revision listed above it.",
    tolerance="same-day revisions are in order",
)


def check(ctx: Context) -> Iterator[Finding]:
    latest: DipaRevision | None = None
    for rev in table_revisions(ctx):
        if rev.date is None:
            continue
        if latest is not None and latest.date is not None and rev.date < latest.date:
            yield ctx.finding(
                RULE,
                f"{rev.label_raw or f'revision {rev.seq}'} is dated {rev.date_raw}, before "
                f"{latest.label_raw or f'revision {latest.seq}'} ({latest.date_raw})",
                values=[
                    involved("date", rev.date_raw, rev.date.isoformat(), rev.provenance, "date"),
                    involved(
                        "earlier row's date",
                        latest.date_raw,
                        latest.date.isoformat(),
                        latest.provenance,
                        "date",
                    ),
                ],
                expected=f">= {latest.date.isoformat()}",
                actual=rev.date.isoformat(),
                assumption="revisions are listed in the order they were made",
            )
        else:
            latest = rev
