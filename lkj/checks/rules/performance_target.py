"""performance.target: one indicator, one target, in every table that states it."""

from __future__ import annotations

from collections.abc import Iterator

from rapidfuzz import fuzz

from lkj.checks.engine import Context, Rule, value_of
from lkj.models import Finding, PerformanceRow, Value
from lkj.normalize.text import fold

from ._common import same_unit

RULE = Rule(
    id="performance.target",
    severity="error",
    description="The same indicator with a different target in two tables (the Perjanjian "
    "Kinerja against the Tabel 3.x measurement tables); a different unit is a warning.",
    tolerance="indicators matched by wording (rapidfuzz ratio >= 90 on folded text, best "
    "match only, ambiguous matches skipped); targets compared as numbers with their unit, "
    "or as text for grades and opinions",
)

_MIN_SCORE = 90.0


def _usable(v: Value) -> bool:
    return v.kind in ("percent", "number", "quantity", "qualitative") and v.value is not None


def _differs(a: Value, b: Value) -> tuple[bool, bool]:
    """(differs, only the unit or kind differs)."""
    if a.kind == "qualitative" or b.kind == "qualitative":
        if a.kind != b.kind:
            return True, True
        return fold(str(a.value)) != fold(str(b.value)), False
    kinds = {a.kind, b.kind}
    if not kinds <= {"percent", "number"} and ("percent" in kinds or not same_unit(a.unit, b.unit)):
        return True, True
    an, bn = a.number, b.number
    if an is None or bn is None:
        return False, False
    return abs(an - bn) > 1e-9, False


def check(ctx: Context) -> Iterator[Finding]:
    seen: list[tuple[str, PerformanceRow]] = []  # (folded name, latest row stating it)
    for t in sorted(ctx.performance_by_table):
        rows = [r for r in ctx.performance_by_table[t] if _usable(r.target)]
        new: list[tuple[str, PerformanceRow]] = []
        for row in rows:
            name = fold(row.indikator)
            scored = sorted(
                ((fuzz.ratio(name, other), ref) for other, ref in seen),
                key=lambda s: -s[0],
            )
            if not scored or scored[0][0] < _MIN_SCORE:
                new.append((name, row))
                continue
            score, ref = scored[0]
            if len(scored) > 1 and scored[1][0] == score and scored[1][1] is not ref:
                continue  # two earlier rows match equally well: ambiguous
            new.append((name, row))
            seen.remove(next(s for s in seen if s[1] is ref))
            differs, unit_only = _differs(ref.target, row.target)
            if not differs:
                continue
            yield ctx.finding(
                RULE,
                f"{row.indikator[:70]}: target {row.target.raw} here, {ref.target.raw} in "
                f"{('Tabel ' + ref.table) if ref.table else 'an earlier table'} "
                f"(line {ref.provenance.line})",
                values=[
                    value_of("target", row.target, row.provenance, "target"),
                    value_of("earlier target", ref.target, ref.provenance, "target"),
                ],
                expected=ref.target.value,
                actual=row.target.value,
                assumption=f"indicator wording matched at {score:.0f}/100; compared with the "
                "previous table stating the indicator",
                severity="warning" if unit_only else None,
            )
        seen.extend(new)
