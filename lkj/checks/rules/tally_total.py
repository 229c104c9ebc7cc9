"""tally.total: a DPT total row is the sum of its column."""

from __future__ import annotations

from collections.abc import Iterator

from lkj.checks.engine import Context, Rule, involved
from lkj.models import Finding, TallyRow

from ._common import rupiah

RULE = Rule(
    id="tally.total",
    severity="error",
    description="The total row of a count breakdown (DPT) whose L, P or jumlah is not the sum "
    "of the rows above it.",
    tolerance="exact",
)


def check(ctx: Context) -> Iterator[Finding]:
    by_table: dict[int | None, list[TallyRow]] = {}
    for row in ctx.extraction.tally_rows:
        by_table.setdefault(row.provenance.table_index, []).append(row)
    for rows in by_table.values():
        section: list[TallyRow] = []
        for row in rows:
            if not row.is_total:
                section.append(row)
                continue
            for field in ("laki", "perempuan", "jumlah"):
                printed = getattr(row, field)
                vals = [getattr(r, field) for r in section]
                if printed is None or not vals or any(v is None for v in vals):
                    continue
                expected = sum(vals)
                if expected == printed:
                    continue
                yield ctx.finding(
                    RULE,
                    f"{row.label or 'total'} {field} printed {rupiah(printed)}, the "
                    f"{len(section)} rows above sum to {rupiah(expected)}",
                    values=[
                        involved(
                            f"total {field}", row.raw.get(field), printed, row.provenance, field
                        ),
                        *(
                            involved(
                                f"row {r.provenance.row_index} {field}",
                                r.raw.get(field),
                                getattr(r, field),
                                r.provenance,
                                field,
                            )
                            for r in section
                        ),
                    ],
                    expected=expected,
                    actual=printed,
                )
            section = []
