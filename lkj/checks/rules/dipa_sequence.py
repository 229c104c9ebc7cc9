"""dipa.sequence: numbered revisions run 1, 2, 3 ... without gaps or repeats."""

from __future__ import annotations

from collections.abc import Iterator

from lkj.checks.engine import Context, Rule, involved
from lkj.models import DipaRevision, Finding

from ._dipa import label_number, table_revisions

RULE = Rule(
    id="dipa.sequence",
    severity="warning",
    description="DIPA revision numbers that skip, repeat or run backwards (REVISI 2 followed "
    "by REVISI 4).",
    tolerance="labels without a number (AWAL, REVISI KPA, REVISI HIBAH) are not counted",
)


def check(ctx: Context) -> Iterator[Finding]:
    prev: tuple[int, DipaRevision] | None = None
    for rev in table_revisions(ctx):
        n = label_number(rev.label_raw)
        if n is None:
            continue
        expected = prev[0] + 1 if prev else 1
        if n != expected:
            what = "skips" if n > expected else "repeats or runs backwards"
            values = [involved("label", rev.label_raw, n, rev.provenance, "label")]
            if prev:
                values.append(
                    involved(
                        "previous label", prev[1].label_raw, prev[0], prev[1].provenance, "label"
                    )
                )
            yield ctx.finding(
                RULE,
                f"{rev.label_raw} follows "
                f"{prev[1].label_raw if prev else 'the start of the table'}: the numbering "
                f"{what} (expected REVISI {expected})",
                values=values,
                expected=expected,
                actual=n,
                assumption="revisions are numbered 1, 2, 3 ... in table order",
            )
        prev = (n, rev)
