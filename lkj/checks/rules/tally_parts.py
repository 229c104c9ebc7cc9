"""tally.parts: L + P = jumlah on every row of a DPT-style table."""

from __future__ import annotations

from collections.abc import Iterator

from lkj.checks.engine import Context, Rule, involved
from lkj.models import Finding

from ._common import rupiah

RULE = Rule(
    id="tally.parts",
    severity="error",
    description="A row of a count breakdown (DPT: laki-laki, perempuan, jumlah) whose parts "
    "do not add up to its jumlah.",
    tolerance="exact",
)


def check(ctx: Context) -> Iterator[Finding]:
    for row in ctx.extraction.tally_rows:
        if row.laki is None or row.perempuan is None or row.jumlah is None:
            continue
        expected = row.laki + row.perempuan
        if expected == row.jumlah:
            continue
        p = row.provenance
        yield ctx.finding(
            RULE,
            f"{row.label or 'row'}: L {rupiah(row.laki)} + P {rupiah(row.perempuan)} = "
            f"{rupiah(expected)}, jumlah printed {rupiah(row.jumlah)}",
            values=[
                involved("jumlah", row.raw.get("jumlah"), row.jumlah, p, "jumlah"),
                involved("L", row.raw.get("laki"), row.laki, p, "laki"),
                involved("P", row.raw.get("perempuan"), row.perempuan, p, "perempuan"),
            ],
            expected=expected,
            actual=row.jumlah,
        )
