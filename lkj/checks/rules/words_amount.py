"""words.amount: an amount in words spells the digits beside it."""

from __future__ import annotations

from collections.abc import Iterator

from lkj.checks.engine import Context, Rule, involved, value_of
from lkj.models import Finding

from ._common import rupiah

RULE = Rule(
    id="words.amount",
    severity="error",
    description="An amount in words (terbilang) that does not spell the digits it stands "
    "beside, or that does not follow Indonesian number grammar.",
    tolerance="exact; the words are read by the rules of Indonesian number words (satu.. "
    "sembilan, belas, puluh, ratus, ribu, juta, milyar/miliar, triliun, se-)",
)


def check(ctx: Context) -> Iterator[Finding]:
    for st in ctx.extraction.statements:
        w = st.words
        if w is None or st.value.number is None:
            continue
        digits = int(st.value.number)
        if w.value is not None and w.value == digits:
            continue
        if w.value is None:
            message = f"the words beside {st.value.raw} do not follow number grammar: {w.raw}"
        else:
            assert isinstance(w.value, int)
            message = f"{st.value.raw} is written in words as {rupiah(w.value)}: {w.raw}"
        yield ctx.finding(
            RULE,
            message[:300],
            values=[
                value_of("digits", st.value, st.provenance, "value"),
                involved("words", w.raw, w.value, st.provenance, "words"),
            ],
            expected=digits,
            actual=w.value if w.value is not None else w.raw,
        )
