"""Injected inconsistencies: named ways of making a report wrong, on record.

Each kind changes what the spec says in one place (the printed figure is then
"wrong" against its neighbours) and returns :class:`Injection` records; the
truth keeps the values as printed and lists the injections, so the consistency
checks can be scored for precision and recall. Every kind draws from its own
seeded ``random.Random``, so turning one kind on never moves another.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from .numfmt import MALFORMED_FORMS
from .spec import BudgetRow, BudgetTable, Indicator, ReportSpec, TallyRow, Val, pct

KINDS: tuple[str, ...] = (
    "capaian_mismatch",  # printed capaian != formula
    "total_mismatch",  # JUMLAH != sum of rows
    "sisa_mismatch",  # sisa != pagu - realisasi
    "pct_mismatch",  # % != realisasi / pagu
    "dipa_date_order",  # revision dates out of order
    "dipa_final_mismatch",  # last DIPA amount != final pagu
    "pk_target_mismatch",  # PK target != Tabel 3.x target
    "prose_mismatch",  # prose %, pagu or indicator count != tables
    "terbilang_mismatch",  # amount in words != digits
    "caption_mismatch",  # Daftar Tabel number != body caption
    "duplicate_code",  # one budget code on two different rows
    "mixed_styles",  # one table mixing ID and US number styles (warning; values stay right)
    "dipa_sequence_gap",  # DIPA revision labels skip a number (REVISI 2 -> REVISI 4)
    "dipa_date_outside_year",  # a revision (not AWAL) dated outside the fiscal year
    "dipa_delta_mismatch",  # prose: revision delta != new DIPA - previous DIPA
    "malformed_number",  # a money cell whose digit groups are not thousands (value unreadable)
    "subtotal_mismatch",  # a program subtotal != sum of its outputs
    "tally_mismatch",  # DPT: L + P != JUMLAH on a row, or the total row != column sums
)
DEFAULT_RATE = 0.3


@dataclass
class Injection:
    kind: str
    table_key: str | None  # spec table key, None for prose
    ref: str  # row key, or anchor name ("daftar:<table>", "prose:pagu")
    field: str
    expected: object
    actual: object
    description: str
    #: ``actual`` is the text the renderer prints for the field (filled in by the truth)
    actual_printed: bool = False


def rates_from(inject: str | Mapping[str, float] | None) -> dict[str, float]:
    """``None`` -> nothing; ``"all"`` -> every kind at DEFAULT_RATE; ``{kind: rate}``."""
    if inject is None:
        return {}
    if isinstance(inject, str):
        if inject != "all":
            raise ValueError(
                f"inject must be 'all', a {{kind: rate}} mapping or None, not {inject!r}"
            )
        return dict.fromkeys(KINDS, DEFAULT_RATE)
    unknown = sorted(set(inject) - set(KINDS) - {"all"})
    if unknown:
        raise ValueError(f"unknown inject kind(s): {', '.join(unknown)}; known: {', '.join(KINDS)}")
    out = dict.fromkeys(KINDS, float(inject["all"])) if "all" in inject else {}
    out.update({k: float(v) for k, v in inject.items() if k != "all"})
    return {k: out[k] for k in KINDS if k in out}


def _plain(spec: ReportSpec) -> list[Indicator]:
    """Indicators printed on a row of their own (not sharing a <p> cell)."""
    return [i for i in spec.indicators if i.paragraph_group is None]


def _cap_table(spec: ReportSpec, ind: Indicator) -> str:
    no = next(s.no for s in spec.sasaran if ind in s.indicators)
    return next(t.key for t in spec.perf_tables() if t.kind == "capaian" and no in t.sasaran_nos)


def _capaian(spec: ReportSpec, rng: random.Random) -> list[Injection]:
    cands = [i for i in _plain(spec) if i.capaian.kind == "percent"]
    if not cands:
        return []
    ind = rng.choice(cands)
    old = ind.capaian.number or 0.0
    steps = [2.5, 5.0, 7.5, 10.0, 12.35, 15.0]
    rng.shuffle(steps)
    fits = _formula_values(ind)
    new = old
    for d in steps:  # a printed figure no accepted formula gives (reports print whole numbers)
        new = round(old + d if old >= 100 or old - d < 1 else old - d, 2)
        if all(abs(new - v) > 1.5 for v in fits):
            break
    else:
        return []
    ind.capaian = Val("percent", new)
    return [
        Injection(
            "capaian_mismatch",
            _cap_table(spec, ind),
            ind.key,
            "capaian",
            old,
            new,
            f"capaian printed {new} where {ind.formula} gives {old}",
        )
    ]


def _formula_values(ind: Indicator) -> list[float]:
    """Every capaian a reader could accept for the indicator's figures: both directions'
    formulas, capped at 100, and the realisasi itself."""
    t, r = ind.target.number, ind.realisasi.number
    if t is None or r is None or t == 0:
        return []
    out = [r / t * 100.0, (2.0 * t - r) / t * 100.0, r]
    if r:
        out.append(t / r * 100.0)
    if any(v > 100.0 for v in out):
        out.append(100.0)
    return out


def _money_delta(rng: random.Random) -> int:
    return rng.choice((1, 2, 5, 10, 25, 50, 125)) * 1_000_000 * rng.choice((1, -1))


def _total(spec: ReportSpec, rng: random.Random) -> list[Injection]:
    tables = [t for t in spec.budget_tables() if t.total is not None]
    t = rng.choice(tables)
    tot = t.total
    assert tot is not None
    field = "pagu" if t.kind == "alloc" or rng.random() < 0.6 else "realisasi"
    expected = sum(getattr(r, field) or 0 for r in t.rows)
    new = max(1_000_000, expected + _money_delta(rng))
    setattr(tot, field, new)
    spec.touched.add(t.key)
    if tot.realisasi is not None:  # keep the total row itself coherent
        tot.sisa = tot.pagu - tot.realisasi
        tot.realisasi_pct = pct(tot.realisasi, tot.pagu)
    return [
        Injection(
            "total_mismatch",
            t.key,
            tot.key,
            field,
            expected,
            new,
            f"JUMLAH {field} printed {new}, rows sum to {expected} (sisa and % of the "
            "total row follow the printed figure)",
        )
    ]


def _sisa(spec: ReportSpec, rng: random.Random) -> list[Injection]:
    t = rng.choice([t for t in spec.budget_tables() if t.kind in ("jenis", "output")])
    rows = [r for r in t.rows if r.sisa is not None]
    a = rng.choice(rows)
    delta = rng.choice((1_250_000, 3_000_000, 12_500_000, 40_000_000, 999_000))
    others = [r for r in rows if r is not a and (r.sisa or 0) >= delta]
    if t.subtotals:  # stay under one program, so the program subtotals still add up
        others = [r for r in others if r.program == a.program]
    if not others:
        return []
    b = rng.choice(others)
    out = []
    for row, d in ((a, delta), (b, -delta)):  # two rows, so the sisa column still adds up
        assert row.sisa is not None
        old = row.sisa
        row.sisa = old + d
        out.append(
            Injection(
                "sisa_mismatch",
                t.key,
                row.key,
                "sisa",
                old,
                row.sisa,
                f"sisa printed {row.sisa}, pagu - realisasi = {old}",
            )
        )
    return out


def _pct(spec: ReportSpec, rng: random.Random) -> list[Injection]:
    cands = [
        (t, r)
        for t in spec.budget_tables()
        if t.kind != "alloc"
        for r in t.rows
        if r.realisasi_pct is not None and r.pagu > 0
    ]
    t, row = rng.choice(cands)
    old = row.realisasi_pct
    assert old is not None
    d = rng.choice((0.15, 0.5, 1.2, 3.4, 7.9))
    row.realisasi_pct = round(old - d if old >= 50 else old + d, 2)
    return [
        Injection(
            "pct_mismatch",
            t.key,
            row.key,
            "realisasi_pct",
            old,
            row.realisasi_pct,
            f"% realisasi printed {row.realisasi_pct}, realisasi / pagu = {old}",
        )
    ]


def _date_order(spec: ReportSpec, rng: random.Random) -> list[Injection]:
    dipa = spec.dipa_table
    if dipa is None or len(dipa.revisions) < 3:
        return []
    j = rng.randrange(2, len(dipa.revisions))
    prev, rev = dipa.revisions[j - 1], dipa.revisions[j]
    assert prev.date is not None and rev.date is not None
    old = rev.date
    rev.date = prev.date - dt.timedelta(days=rng.randint(3, 40))
    spec.touched.add(rev.key)
    return [
        Injection(
            "dipa_date_order",
            dipa.key,
            rev.key,
            "date",
            old.isoformat(),
            rev.date.isoformat(),
            f"{rev.label} dated before {prev.label}",
        )
    ]


def _dipa_final(spec: ReportSpec, rng: random.Random) -> list[Injection]:
    final = spec.final_pagu
    new = final + _money_delta(rng)
    dipa = spec.dipa_table
    if dipa is not None:
        last = dipa.revisions[-1]
        last.amount = new
        key, table = last.key, dipa.key
    elif spec.prose.dipa_prose:
        dp = spec.prose.dipa_prose[-1]
        if dp.delta + new - final <= 0:  # keep the stated revision an increase
            new = final + abs(new - final)
        # the sentence stays coherent (delta = new DIPA - previous DIPA): only the final
        # amount disagrees with the pagu
        dp.delta += new - final
        dp.amount = new
        key, table = dp.key, None
    else:
        return []
    return [
        Injection(
            "dipa_final_mismatch",
            table,
            key,
            "amount",
            final,
            new,
            f"last DIPA amount {new} differs from the final pagu {final}",
        )
    ]


def _pk_target(spec: ReportSpec, rng: random.Random) -> list[Injection]:
    cands = [i for i in _plain(spec) if i.target.kind != "qualitative" and i.target.percent is None]
    if not cands:
        return []
    ind = rng.choice(cands)
    old = ind.target.number
    assert old is not None
    if ind.target.kind == "quantity":  # counts move in whole steps and never reach 0
        new = old - 1.0 if old >= 2 else old + 1.0
    else:
        step = 1.0 if old >= 2 else 0.1
        new = round(old - step if old > step else old + step, 2)
    ind.pk_target = replace(ind.target, number=new)
    return [
        Injection(
            "pk_target_mismatch",
            "pk",
            ind.key + ":pk",
            "target",
            old,
            new,
            f"Perjanjian Kinerja target {new}, measurement table target {old}",
        )
    ]


def _prose(spec: ReportSpec, rng: random.Random) -> list[Injection]:
    facts = spec.prose
    what = rng.choice(("realisasi_pct", "pagu", "n_indicators", "realisasi"))
    if what == "realisasi_pct":  # stated twice: the finance section and BAB IV
        old = facts.realisasi_pct
        facts.realisasi_pct = round(old + rng.choice((-3.1, -1.25, -0.5, 0.5, 1.4)), 2)
        if facts.realisasi_pct > 100:
            facts.realisasi_pct = round(old - 2.5, 2)
        new: object = facts.realisasi_pct
        refs = ["prose:pct", "prose:pct2"]
    elif what == "pagu":
        old = facts.pagu
        printed = {t.total.pagu for t in spec.budget_tables() if t.total is not None}
        new_pagu = old + abs(_money_delta(rng))
        while new_pagu in printed:  # another injection may have printed that very figure
            new_pagu += 1_000_000
        facts.pagu = facts.words_amount = new_pagu
        new, refs = facts.pagu, ["prose:pagu"]
    elif what == "realisasi":  # the % printed beside it still matches the tables
        old = facts.realisasi
        facts.realisasi = old - abs(_money_delta(rng))
        new, refs = facts.realisasi, ["prose:realisasi"]
    else:
        old = facts.n_indicators
        facts.n_indicators = old + rng.randint(1, 6)
        new, refs = facts.n_indicators, ["prose:n_indicators"]
    return [
        Injection(
            "prose_mismatch",
            None,
            ref,
            what,
            old,
            new,
            f"the text states {what} = {new}, the tables give {old}",
        )
        for ref in refs
    ]


def _terbilang(spec: ReportSpec, rng: random.Random) -> list[Injection]:
    facts = spec.prose
    step = rng.randint(1, 9) * 10 ** rng.choice((3, 6, 9))
    new = facts.words_amount + step if facts.words_amount < 2 * step else facts.words_amount - step
    old, facts.words_amount = facts.words_amount, new
    return [
        Injection(
            "terbilang_mismatch",
            None,
            "prose:words",
            "words",
            old,
            new,
            f"the amount in words spells {new}, the digits say {old}",
        )
    ]


def _caption(spec: ReportSpec, rng: random.Random) -> list[Injection]:
    captioned = [t for t in spec.tables if t.number is not None]
    i = rng.randrange(1, len(captioned))
    t, before = captioned[i], captioned[i - 1]
    assert t.number is not None and before.number is not None
    if before.number != t.number and rng.random() < 0.6:
        listed = before.number  # the Daftar lists the previous number twice
    else:
        major, _, minor = t.number.partition(".")
        listed = f"{major}.{int(minor or 0) + 1}"
    spec.daftar_numbers[t.key] = listed
    return [
        Injection(
            "caption_mismatch",
            t.key,
            f"daftar:{t.key}",
            "caption",
            t.number,
            listed,
            f"Daftar Tabel lists Tabel {listed} for the table captioned {t.number}",
        )
    ]


def _duplicate(spec: ReportSpec, rng: random.Random) -> list[Injection]:
    t = next(t for t in spec.budget_tables() if t.kind == "output")
    i, j = sorted(rng.sample(range(len(t.rows)), 2))
    a, b = t.rows[i], t.rows[j]
    old = b.code
    b.code = a.code
    return [
        Injection(
            "duplicate_code",
            t.key,
            b.key,
            "code",
            old,
            b.code,
            f"code {b.code} printed on two different rows ({a.name}; {b.name})",
        )
    ]


def _mixed(spec: ReportSpec, rng: random.Random) -> list[Injection]:
    t: BudgetTable = rng.choice(
        [t for t in spec.budget_tables() if t.kind in ("jenis", "output", "program")]
    )
    t.mixed_styles = True
    return [
        Injection(
            "mixed_styles",
            t.key,
            t.rows[1].key,
            "pagu",
            "one number style",
            "Indonesian and US number styles in one table",
            "every other row printed in the other number style; values are right",
        )
    ]


def _sequence_gap(spec: ReportSpec, rng: random.Random) -> list[Injection]:
    dipa = spec.dipa_table
    if dipa is None or len(dipa.revisions) < 3:
        return []
    # revisions from j on are renumbered one up: REVISI j-1 is followed by REVISI j+1
    j = rng.randrange(2, len(dipa.revisions))
    before, after = dipa.revisions[j - 1], dipa.revisions[j]
    old = after.label
    for rev in dipa.revisions[j:]:
        rev.seq += 1
        rev.label = f"REVISI {rev.seq}"
    return [
        Injection(
            "dipa_sequence_gap",
            dipa.key,
            after.key,
            "label",
            old,
            after.label,
            f"{old} is missing: {before.label} is followed by {after.label} (the later "
            "revisions are numbered on from there; amounts and dates are unchanged)",
        )
    ]


def _date_outside(spec: ReportSpec, rng: random.Random) -> list[Injection]:
    dipa = spec.dipa_table
    if dipa is None or len(dipa.revisions) < 2:
        return []
    revs, y = dipa.revisions, spec.year
    first = revs[0].date
    # both forms keep the dates in order: REVISI 1 between a previous-year AWAL and the new
    # year, or the last revision early in the next year
    if first is not None and first < dt.date(y - 1, 12, 28) and rng.random() < 0.5:
        rev = revs[1]
        new = dt.date.fromordinal(
            rng.randint(first.toordinal() + 1, dt.date(y - 1, 12, 31).toordinal())
        )
        where = "the year before"
    else:
        rev = revs[-1]
        new = dt.date(y + 1, rng.choice((1, 1, 2)), rng.randint(2, 28))
        where = "the year after"
    if any(r.key in spec.touched for r in revs):  # moving a date could undo a wrong order
        return []
    assert rev.date is not None
    old, rev.date = rev.date, new
    return [
        Injection(
            "dipa_date_outside_year",
            dipa.key,
            rev.key,
            "date",
            old.isoformat(),
            new.isoformat(),
            f"{rev.label} dated {new.isoformat()}, in {where} of fiscal year {y} (the dates "
            "stay in order)",
        )
    ]


def _delta(spec: ReportSpec, rng: random.Random) -> list[Injection]:
    facts = spec.prose
    if not facts.dipa_prose:
        return []
    dp = rng.choice(facts.dipa_prose)
    i = facts.dipa_prose.index(dp)
    base = facts.dipa_initial if i == 0 else facts.dipa_prose[i - 1].amount
    expected = dp.amount - base
    d = _money_delta(rng)
    dp.delta = expected + d if expected + d > 0 else expected + abs(d)
    return [
        Injection(
            "dipa_delta_mismatch",
            None,
            dp.key,
            "delta",
            expected,
            dp.delta,
            f"revision {dp.seq} stated as Rp {dp.delta}, but the DIPA went from Rp {base} to "
            f"Rp {dp.amount} (a change of Rp {expected})",
        )
    ]


def _row_checks_hold(t: BudgetTable, row: BudgetRow, f: str) -> bool:
    """Whether every relation the cell takes part in holds (no other kind broke it).

    A malformed cell makes those relations uncheckable, so it must not hide another
    injection: the row's sisa and %, the column total, the program subtotal.
    """
    if row.realisasi is not None and (
        row.sisa != row.pagu - row.realisasi or row.realisasi_pct != pct(row.realisasi, row.pagu)
    ):
        return False
    if t.total is not None and getattr(t.total, f) != sum(getattr(r, f) or 0 for r in t.rows):
        return False
    under = [r for r in t.rows if r.program == row.program]
    return all(
        getattr(s, f) == sum(getattr(r, f) or 0 for r in under)
        for s in t.subtotals
        if s.program == row.program
    )


def _malformed(spec: ReportSpec, rng: random.Random) -> list[Injection]:
    cands: list[tuple[BudgetTable, BudgetRow, str]] = [
        (t, r, f)
        for t in spec.budget_tables()
        if t.kind in ("jenis", "program", "output")
        for r in t.rows
        for f in ("pagu", "realisasi", *(("sisa",) if t.kind != "program" else ()))
        if (getattr(r, f) or 0) >= 1_000_000  # two grouping marks at least
        and _row_checks_hold(t, r, f)
    ]
    if not cands:
        return []
    t, row, f = rng.choice(cands)
    form = rng.choice(MALFORMED_FORMS)
    row.malformed[f] = form
    return [
        Injection(
            "malformed_number",
            t.key,
            row.key,
            f,
            getattr(row, f),
            None,
            f"{f} printed with digit groups that are not thousands ({form.replace('_', ' ')}): "
            "it cannot be read without guessing, so its value is null; expected holds the "
            "amount, actual the printed text",
            actual_printed=True,
        )
    ]


def _refresh(row: BudgetRow) -> None:
    """sisa and % of a row follow its printed pagu and realisasi."""
    assert row.realisasi is not None
    row.sisa = row.pagu - row.realisasi
    row.realisasi_pct = pct(row.realisasi, row.pagu)


def _subtotal(spec: ReportSpec, rng: random.Random) -> list[Injection]:
    t = next((t for t in spec.budget_tables() if t.subtotals), None)
    if t is None or t.key in spec.touched:  # a wrong JUMLAH and a wrong subtotal could cancel
        return []
    field = "pagu" if rng.random() < 0.5 else "realisasi"
    # a program whose outputs all print the field readably (else the sum cannot be checked)
    cands = [
        s
        for s in t.subtotals
        if not any(field in r.malformed for r in t.rows if r.program == s.program)
    ]
    if not cands:
        return []
    sub = rng.choice(cands)
    expected = sum(getattr(r, field) or 0 for r in t.rows if r.program == sub.program)
    d = abs(_money_delta(rng))
    new = expected - d if field == "realisasi" and expected > d else expected + d
    setattr(sub, field, new)
    _refresh(sub)
    # the JUMLAH row stays the sum of the outputs, as the other tables' totals are
    return [
        Injection(
            "subtotal_mismatch",
            t.key,
            sub.key,
            field,
            expected,
            new,
            f"program row {sub.code} {field} printed {new}, its outputs sum to {expected}; "
            "sisa and % of the program row follow the printed figure; the JUMLAH row is the "
            "sum of the outputs (so it differs from the sum of the program rows as printed)",
        )
    ]


def _tally(spec: ReportSpec, rng: random.Random) -> list[Injection]:
    t = spec.tally
    if t is None:
        return []
    d = rng.choice((1, 9, 10, 90, 100, 1000))
    if rng.random() < 0.5:
        # two rows' JUMLAH off by +d and -d: L + P != JUMLAH on both, the columns still add up
        a, b = (t.rows[i] for i in sorted(rng.sample(range(len(t.rows)), 2)))
        out = []
        for row, dd in ((a, d), (b, -d)):
            old = row.jumlah
            row.jumlah = old + dd
            out.append(
                Injection(
                    "tally_mismatch",
                    t.key,
                    row.key,
                    "jumlah",
                    old,
                    row.jumlah,
                    f"{row.label}: L + P = {old}, JUMLAH printed {row.jumlah} (a second row is "
                    "off by the opposite amount, so the JUMLAH column still adds up)",
                )
            )
        return out
    tot: TallyRow = t.total
    col = rng.choice(("laki", "perempuan"))
    expected = sum(getattr(r, col) for r in t.rows)
    setattr(tot, col, expected + d)
    tot.jumlah = tot.laki + tot.perempuan
    return [
        Injection(
            "tally_mismatch",
            t.key,
            tot.key,
            col,
            expected,
            expected + d,
            f"total row {col} printed {expected + d}, the column sums to {expected}; the total "
            f"row's own JUMLAH follows (L + P), so it too exceeds its column sum by {d}",
        )
    ]


APPLY: dict[str, Callable[[ReportSpec, random.Random], list[Injection]]] = {
    "capaian_mismatch": _capaian,
    "total_mismatch": _total,
    "sisa_mismatch": _sisa,
    "pct_mismatch": _pct,
    "dipa_date_order": _date_order,
    "dipa_final_mismatch": _dipa_final,
    "pk_target_mismatch": _pk_target,
    "prose_mismatch": _prose,
    "terbilang_mismatch": _terbilang,
    "caption_mismatch": _caption,
    "duplicate_code": _duplicate,
    "mixed_styles": _mixed,
    "dipa_sequence_gap": _sequence_gap,
    "dipa_date_outside_year": _date_outside,
    "dipa_delta_mismatch": _delta,
    "malformed_number": _malformed,
    "subtotal_mismatch": _subtotal,
    "tally_mismatch": _tally,
}


def apply_injections(
    spec: ReportSpec, rates: Mapping[str, float], rng_for: Callable[[str], random.Random]
) -> list[Injection]:
    """Apply each kind with its rate; returns what was injected, in KINDS order."""
    out: list[Injection] = []
    for kind in KINDS:
        rate = rates.get(kind, 0.0)
        if rate <= 0:
            continue
        rng = rng_for(kind)
        if rng.random() < rate:
            out.extend(APPLY[kind](spec, rng))
    return out


__all__ = ["APPLY", "DEFAULT_RATE", "KINDS", "Injection", "apply_injections", "rates_from"]
