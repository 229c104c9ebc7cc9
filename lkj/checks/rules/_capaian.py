"""What a capaian should be, from target, realisasi and which way is better."""

from __future__ import annotations

from dataclasses import dataclass

from lkj.checks.engine import value_of
from lkj.models import Involved, PerformanceRow, Value

from ._common import same_unit, unit_tolerance

HIGHER = (("realisasi / target x 100", lambda t, r: r / t * 100.0),)
LOWER = (
    ("(2 x target - realisasi) / target x 100", lambda t, r: (2.0 * t - r) / t * 100.0),
    ("target / realisasi x 100", lambda t, r: t / r * 100.0 if r else None),
)
_NUMERIC = ("percent", "number", "quantity")


@dataclass
class Verdict:
    row: PerformanceRow
    printed: float
    tolerance: float
    #: (formula, value) for each formula the direction allows
    candidates: list[tuple[str, float]]
    #: the formula the printed figure follows, if any
    matched: str | None
    #: the printed figure is 100 where every formula gives more
    capped: bool
    #: the printed figure is the realisasi itself (and no formula gives it)
    as_realisasi: bool = False

    @property
    def convention(self) -> bool:
        """Capped or realisasi-as-capaian: reporting conventions, reported as info."""
        return self.capped or self.as_realisasi

    @property
    def expected(self) -> float:
        return round(self.candidates[0][1], 2)

    @property
    def assumption(self) -> str:
        names = " or ".join(name for name, _ in self.candidates)
        return (
            f"{self.row.direction} is better (from the indicator's wording): capaian = {names}; "
            f"tolerance {self.tolerance - 1e-9:g} (the capaian's printed precision)"
        )


def verdict(row: PerformanceRow) -> Verdict | None:
    """None when the row cannot be checked (missing or incomparable values)."""
    t, r, c = row.target, row.realisasi, row.capaian
    if t.kind == "qualitative" or r.kind == "qualitative":
        return _qualitative(row)
    if t.kind not in _NUMERIC or r.kind not in _NUMERIC or c.kind not in ("percent", "number"):
        return None
    tn, rn, cn = t.number, r.number, c.number
    if tn is None or rn is None or cn is None or tn == 0:
        return None
    if not _comparable(t, r):
        return None
    tol = unit_tolerance(c.raw)
    cands: list[tuple[str, float]] = []
    # indicators sharing one cell (<p> paragraphs) share its figures: either direction may apply
    allowed = (
        HIGHER + LOWER
        if "split_paragraphs" in row.flags
        else LOWER
        if row.direction == "lower"
        else HIGHER
    )
    for name, fn in allowed:
        v = fn(tn, rn)
        if v is not None:
            cands.append((name, v))
    if not cands:
        return None
    matched = next((name for name, v in cands if abs(v - cn) <= tol), None)
    capped = matched is None and abs(cn - 100.0) <= tol and any(v > 100.0 for _, v in cands)
    as_realisasi = matched is None and not capped and abs(cn - rn) <= tol
    return Verdict(row, cn, tol, cands, matched, capped, as_realisasi)


def _comparable(t: Value, r: Value) -> bool:
    """Both percentages (a bare number counts as one), or quantities of one unit."""
    kinds = {t.kind, r.kind}
    if kinds <= {"percent", "number"}:
        return True
    if "percent" in kinds:
        return False
    return same_unit(t.unit, r.unit)


def _qualitative(row: PerformanceRow) -> Verdict | None:
    """A grade or opinion met (realisasi = target) gives capaian 100."""
    t, r, c = row.target, row.realisasi, row.capaian
    if t.kind != "qualitative" or r.kind != "qualitative" or c.number is None:
        return None
    if str(t.value).casefold() != str(r.value).casefold():
        return None  # no formula for a grade missed; nothing to check
    tol = unit_tolerance(c.raw)
    cands = [("100 when the realisasi is the target grade", 100.0)]
    matched = cands[0][0] if abs(c.number - 100.0) <= tol else None
    return Verdict(row, c.number, tol, cands, matched, False)


def involved_values(row: PerformanceRow) -> list[Involved]:
    """The capaian, target and realisasi of a row, with their cells."""
    p = row.provenance
    return [
        value_of("capaian", row.capaian, p, "capaian"),
        value_of("target", row.target, p, "target"),
        value_of("realisasi", row.realisasi, p, "realisasi"),
    ]
