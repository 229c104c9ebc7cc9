"""Build a plausible, internally consistent ReportSpec for one satker and year.

Every figure is drawn from the report's own ``Chooser``; totals are computed
from rows, sisa and percentages from pagu and realisasi, capaian from target
and realisasi by the stated formula. Injections (``inject.py``) break these
relations afterwards, on purpose and on record.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from .choice import Chooser, derive
from .regions import Region
from .spec import (
    BudgetRow,
    BudgetTable,
    DipaProse,
    DipaRevision,
    DipaTable,
    Formula,
    HistoryRow,
    HistoryTable,
    Indicator,
    PerfTable,
    ProseFacts,
    ReportSpec,
    Sasaran,
    Satker,
    Table,
    TallyRow,
    TallyTable,
    Val,
    capaian_number,
    pct,
)
from .vocab import (
    DIRECTIONS,
    GRADES,
    JENIS_BELANJA,
    OPINIONS,
    OUTPUTS,
    PLACE_HEADS,
    PLACE_TAILS,
    PROGRAMS_NEW,
    PROGRAMS_OLD,
    REVISION_NOTES,
    SASARAN,
    IndicatorDef,
)

ELECTION_YEARS = (2014, 2019, 2024)


def make_satker(region: Region, ch: Chooser) -> Satker:
    label = region.label  # "Kabupaten Ogan Ilir"
    canonical = f"KPU {label}"
    printed = ch.choice(
        (f"Komisi Pemilihan Umum {label}", f"KPU {label}", f"Sekretariat KPU {label}")
    )
    short = {"kabupaten": "kab", "kota": "kota", "provinsi": "prov"}[region.kind]
    slug = "kpu-" + short + "-" + "-".join(region.name.lower().split())
    return Satker(region, canonical, printed, slug)


# -- performance -------------------------------------------------------------


def _round2(x: float) -> float:
    return round(x + 0.0, 2)


def _indicator(key: str, d: IndicatorDef, ch: Chooser, capped: bool) -> Indicator:
    direction: Literal["higher", "lower"]
    if d.vtype == "pct":
        t = ch.choice((70.0, 75.0, 77.5, 80.0, 85.0, 90.0, 95.0, 100.0))
        r = t if ch.coin(0.3) else min(100.0, _round2(t * ch.uniform(0.8, 1.15)))
        formula: Formula = "ratio_capped" if capped else "ratio"
        target, real = Val("percent", t), Val("percent", r)
        direction = "higher"
    elif d.vtype == "pct_low":
        t = ch.choice((0.2, 0.5, 1.0, 2.0, 3.0, 5.0))
        r = _round2(t * ch.uniform(0.4, 1.2))
        formula = "lower_2t_capped" if capped else "lower_2t"
        target, real = Val("percent", t), Val("percent", r)
        direction = "lower"
    elif d.vtype == "qty":
        n = ch.randint(4, 24) if d.unit == "kali" else ch.randint(1, 12)
        m = n if ch.coin(0.6) else max(1, n + ch.randint(-2, 3))
        formula = "ratio_capped" if capped else "ratio"
        target = Val("quantity", float(n), unit=d.unit)
        real = Val("quantity", float(m), unit=d.unit)
        direction = "higher"
    elif d.vtype == "qty_pct":
        q = float(ch.randint(1, 3))
        target = Val("quantity", q, unit=d.unit, percent=100.0)
        real = Val("quantity", q, unit=d.unit, percent=100.0)
        formula = "ratio_capped" if capped else "ratio"
        direction = "higher"
    else:
        word = ch.choice(GRADES[:2]) if d.unit == "grade" else ch.choice(OPINIONS)
        target = Val("qualitative", word=word)
        real = Val("qualitative", word=word)
        formula = "qualitative"
        direction = "higher"
    if formula == "qualitative":
        capaian = Val("percent", 100.0) if ch.coin(0.6) else Val("qualitative", word=real.word)
    else:
        assert target.number is not None and real.number is not None
        capaian = Val("percent", capaian_number(formula, target.number, real.number))
    return Indicator(key, d.text, direction, target, real, capaian, formula, pk_target=target)


def build_sasaran(ch: Chooser) -> list[Sasaran]:
    n = ch.randint(2, 4)
    picks = sorted(ch.rng.sample(range(len(SASARAN)), n))
    capped = ch.coin(0.4)
    out: list[Sasaran] = []
    for no, idx in enumerate(picks, start=1):
        d = SASARAN[idx]
        k = ch.randint(2, min(5, len(d.indicators)))
        chosen = sorted(ch.rng.sample(range(len(d.indicators)), k))
        inds = [
            _indicator(f"ind:{no}.{j}", d.indicators[i], ch, capped) for j, i in enumerate(chosen)
        ]
        out.append(Sasaran(no, d.text, inds))
    # sometimes two percentage indicators share one cell as <p> paragraphs
    if ch.coin(0.3):
        for s in out:
            pair = [i for i in s.indicators if i.target.kind == "percent"][:2]
            if len(pair) == 2:
                a, b = pair
                b.target, b.realisasi, b.capaian = a.target, a.realisasi, a.capaian
                b.pk_target, b.formula, b.direction = a.pk_target, a.formula, a.direction
                a.paragraph_group = b.paragraph_group = f"p:{s.no}"
                # keep the pair adjacent
                s.indicators.remove(b)
                s.indicators.insert(s.indicators.index(a) + 1, b)
                break
    return out


# -- money -------------------------------------------------------------------


def split_amount(total: int, weights: list[float], ch: Chooser, unit: int = 1000) -> list[int]:
    """Split ``total`` into len(weights) parts, multiples of ``unit``, summing exactly."""
    noisy = [w * ch.uniform(0.7, 1.3) for w in weights]
    s = sum(noisy)
    parts = [int(total * w / s) // unit * unit for w in noisy]
    big = max(range(len(parts)), key=lambda i: parts[i])
    parts[big] += total - sum(parts)
    return parts


def split_realisasi(pagus: list[int], total: int, ch: Chooser) -> list[int]:
    """Realisasi per row, each within its pagu, summing exactly to ``total``."""
    out: list[int] = []
    for p in pagus:
        u = ch.rng.random()
        ratio = 1.0 if u < 0.18 else 0.0 if u < 0.22 else ch.uniform(0.55, 0.999)
        out.append(int(p * ratio))
    diff = total - sum(out)
    order = sorted(range(len(pagus)), key=lambda i: (-pagus[i], i))
    while diff != 0:
        moved = False
        for i in order:
            if diff > 0:
                room = pagus[i] - out[i]
                if out[i] == 0 and pagus[i] > 0 and ch.coin(0.5):
                    continue  # keep some unspent rows
                step = min(room, diff)
            else:
                room = out[i] if out[i] < pagus[i] else 0
                step = -min(room, -diff)
            if step:
                out[i] += step
                diff -= step
                moved = True
            if diff == 0:
                break
        if not moved:  # only fully spent rows left to take from
            for i in order:
                step = -min(out[i], -diff)
                out[i] += step
                diff -= step
                if diff == 0:
                    break
    return out


def _budget_scale(region: Region, year: int, ch: Chooser) -> int:
    if year in ELECTION_YEARS:
        base = ch.uniform(9e9, 40e9) if year == 2019 else ch.uniform(14e9, 90e9)
    elif year + 1 in ELECTION_YEARS:
        base = ch.uniform(2.5e9, 20e9)
    else:
        base = ch.uniform(1.4e9, 4.5e9)
    if region.kind == "provinsi":
        base *= 1.6
    return int(base) // 1000 * 1000


def build_dipa(
    initial: int, final: int, year: int, ch: Chooser, k: int, allow_dip: bool = True
) -> list[DipaRevision]:
    """AWAL plus k revisions: amounts mostly non-decreasing (one dip when allowed), dates in order."""
    amounts = [initial]
    # prose revisions always change the amount; table rows may repeat it (a KPA revision)
    changes = [i for i in range(1, k + 1) if i == k or not allow_dip or ch.coin(0.55)]
    steps = split_amount(final - initial, [1.0] * len(changes), ch) if changes else []
    dip = allow_dip and ch.coin(0.12) and len(changes) >= 2
    cur = initial
    step_of = dict(zip(changes, steps, strict=True))
    for i in range(1, k + 1):
        delta = step_of.get(i, 0)
        if dip and i == changes[0]:  # a revision that lowers the DIPA, recovered later
            cut = min(cur // 20, 500_000_000) // 1000 * 1000
            delta -= cut
            step_of[changes[1]] = step_of[changes[1]] + cut
        cur += delta
        amounts.append(cur)
    assert amounts[-1] == final
    start = dt.date(year, 1, 20).toordinal()
    end = dt.date(year, 12, 20).toordinal()
    days = sorted(ch.rng.sample(range(start, end), k))
    first: dt.date | None
    u = ch.rng.random()
    if u < 0.5:
        first = dt.date(year - 1, ch.choice((11, 12)), ch.randint(1, 28))
    elif u < 0.8:
        first = dt.date(year, 1, ch.randint(2, 15))
    else:
        first = None
    revs = [DipaRevision("dipa:0", 0, "AWAL", initial, first, None)]
    for i in range(1, k + 1):
        note = (
            ch.choice(REVISION_NOTES)
            if amounts[i] == amounts[i - 1]
            else ch.choice(("REVISI KPU RI", "REVISI DJA", "REVISI KANWIL DJPb"))
        )
        revs.append(
            DipaRevision(
                f"dipa:{i}", i, f"REVISI {i}", amounts[i], dt.date.fromordinal(days[i - 1]), note
            )
        )
    return revs


def _history(year: int, pagu: int, real: int, ch: Chooser) -> list[HistoryRow]:
    n = ch.randint(4, 8)
    rows = []
    for y in range(year - n + 1, year + 1):
        if y == year:
            p, r = pagu, real
        else:
            if y in ELECTION_YEARS:
                p = int(ch.uniform(8e9, 45e9)) // 1000 * 1000
            elif y + 1 in ELECTION_YEARS:
                p = int(ch.uniform(3e9, 25e9)) // 1000 * 1000
            else:
                p = int(ch.uniform(1.2e9, 4e9)) // 1000 * 1000
            r = int(p * ch.uniform(0.68, 0.995))
        rows.append(HistoryRow(f"hist:{y}", y, p, r, pct(r, p)))
    return rows


# -- voter tally (DPT) ---------------------------------------------------------


def kecamatan(region: Region) -> list[tuple[str, int]]:
    """Invented kecamatan of a kabupaten / kota with a base voter count each.

    Depends on the region only (not on the seed or year), so a satker keeps its
    kecamatan from one report to the next.
    """
    rng = derive("kecamatan", region.kind, region.name)
    n = rng.randint(5, 18) if region.kind == "kabupaten" else rng.randint(5, 11)
    lo, hi = (4_000, 38_000) if region.kind == "kabupaten" else (12_000, 75_000)
    seat = region.signing_place
    names: list[str] = []
    while len(names) < n:
        if rng.random() < 0.2:
            name = f"{seat} {rng.choice(DIRECTIONS)}"
        else:
            name = f"{rng.choice(PLACE_HEADS)} {rng.choice(PLACE_TAILS)}"
        if name not in names:
            names.append(name)
    return [(name, rng.randint(lo, hi)) for name in names]


def dpt_election_year(year: int) -> int:
    """The election a year's DPT belongs to: this year's, next year's, else the last one."""
    if year in ELECTION_YEARS:
        return year
    if year + 1 in ELECTION_YEARS:
        return year + 1
    return max((y for y in ELECTION_YEARS if y < year), default=year)


def build_tally(region: Region, year: int, number: str, ch: Chooser) -> TallyTable:
    """Voters per kecamatan by sex; every row and the total add up."""
    election = dpt_election_year(year)
    growth = 1.0 + 0.015 * (election - 2019)
    rows = []
    for i, (name, base) in enumerate(kecamatan(region)):
        jumlah = max(1_000, int(base * growth * ch.uniform(0.97, 1.03)))
        laki = int(jumlah * ch.uniform(0.485, 0.515))
        rows.append(TallyRow.make(f"dpt:{i}", name, laki, jumlah - laki))
    label = ch.choice(("JUMLAH", "TOTAL"))
    total = TallyRow.make(
        "dpt:total",
        label,
        sum(r.laki for r in rows),
        sum(r.perempuan for r in rows),
        is_total=True,
    )
    title = f"Rekapitulasi Daftar Pemilih Tetap (DPT) Pemilu Tahun {election}"
    return TallyTable("dpt", number, title, election, rows, total)


def build_spec(region: Region, year: int, ch: Chooser) -> ReportSpec:
    satker = make_satker(region, ch)
    sasaran = build_sasaran(ch)
    era = "old" if year < 2020 else "new"
    programs = PROGRAMS_OLD if era == "old" else PROGRAMS_NEW
    renstra = "2015-2019" if year <= 2019 else "2020-2024" if year <= 2024 else "2025-2029"

    final = _budget_scale(region, year, ch)
    real_total = int(final * ch.uniform(0.88, 0.995))
    initial = int(final * ch.uniform(0.72, 0.96)) // 1000 * 1000

    # outputs: every era output with a little randomness in which ones appear
    defs = [d for d in OUTPUTS if era in d.eras and (d.code.endswith(".994") or ch.coin(0.75))]
    pagus = split_amount(final, [d.weight for d in defs], ch)
    reals = split_realisasi(pagus, real_total, ch)
    out_rows = [
        BudgetRow.make(f"out:{i}", d.name, d.code, p, r, "output", program=d.program)
        for i, (d, p, r) in enumerate(zip(defs, pagus, reals, strict=True))
    ]
    # order outputs by program so group headings can stand above them
    out_rows.sort(key=lambda row: (row.program or 0, row.code or ""))
    prog_rows = []
    code_in_name = era == "old" and ch.coin(0.7)
    for pi, (code, name) in enumerate(programs):
        p = sum(r.pagu for r in out_rows if r.program == pi)
        r = sum(r.realisasi or 0 for r in out_rows if r.program == pi)
        prog_rows.append(BudgetRow.make(f"prog:{pi}", name, code, p, r, "program"))
    jp = split_amount(final, [0.16, 0.8, 0.04], ch)
    jr = split_realisasi(jp, real_total, ch)
    jenis_rows = [
        BudgetRow.make(f"jenis:{i}", JENIS_BELANJA[i], None, jp[i], jr[i], "jenis_belanja")
        for i in range(3)
    ]

    def total(key: str, level: str, rows: list[BudgetRow], alloc: bool = False) -> BudgetRow:
        p = sum(r.pagu for r in rows)
        r = None if alloc else sum(r.realisasi or 0 for r in rows)
        return BudgetRow.make(key, "JUMLAH", None, p, r, level, is_total=True)

    perf_mode = ch.cycle("perf_mode", ("per_sasaran", "combined", "uncaptioned"))
    dipa_mode: Literal["table", "prose"] = (
        "prose" if ch.cycle("dipa_mode", (0, 1, 2, 3)) == 0 else "table"
    )
    tables: list[Table] = []

    # BAB II
    n2 = 0
    if ch.coin(0.6):
        n2 += 1
        a_pagus = split_amount(initial, [max(r.pagu, 1) for r in out_rows], ch)
        a_rows = [
            BudgetRow.make(f"alloc:{i}", r.name, None, p, None, "kegiatan")
            for i, (r, p) in enumerate(zip(out_rows, a_pagus, strict=True))
        ]
        tables.append(
            BudgetTable(
                "alloc",
                "alloc",
                f"2.{n2}",
                f"Kegiatan dan Anggaran Tahun {year}",
                "KEGIATAN",
                a_rows,
                total("alloc:total", "kegiatan", a_rows, alloc=True),
                bab=2,
            )
        )
    n2 += 1
    tables.append(
        PerfTable(
            "pk",
            "pk",
            f"2.{n2}",
            f"Perjanjian Kinerja Tahun {year}",
            [s.no for s in sasaran],
            bab=2,
        )
    )

    # BAB III: capaian
    n3 = 0
    if perf_mode == "combined":
        n3 += 1
        tables.append(
            PerfTable(
                "cap:all",
                "capaian",
                f"3.{n3}",
                f"Capaian Indikator Kinerja Tahun {year}",
                [s.no for s in sasaran],
                group_rows=True,
            )
        )
    else:
        for s in sasaran:
            number = None
            if perf_mode == "per_sasaran":
                n3 += 1
                number = f"3.{n3}"
            tables.append(
                PerfTable(
                    f"cap:{s.no}", "capaian", number, f"Capaian Kinerja Sasaran {s.no}", [s.no]
                )
            )

    # a voter tally, in BAB III before the financial accountability (kabupaten / kota)
    if region.kind != "provinsi" and ch.cycle("dpt", (True, False)):
        n3 += 1
        tables.append(build_tally(region, year, f"3.{n3}", ch))

    dipa_prose: list[DipaProse] = []
    if dipa_mode == "table":
        n3 += 1
        revs = build_dipa(initial, final, year, ch, ch.randint(2, 9))
        tables.append(DipaTable("dipa", f"3.{n3}", f"Rincian Revisi DIPA Tahun {year}", revs))
    else:
        revs = build_dipa(initial, final, year, ch, ch.randint(1, 2), allow_dip=False)
        for rev in revs[1:]:
            prev = revs[rev.seq - 1].amount
            dipa_prose.append(
                DipaProse(f"dprose:{rev.seq}", rev.seq, rev.amount - prev, rev.amount)
            )

    n3 += 1
    tables.append(
        BudgetTable(
            "jenis",
            "jenis",
            f"3.{n3}",
            f"Realisasi Anggaran Berdasarkan Jenis Belanja Tahun {year}",
            "JENIS BELANJA",
            jenis_rows,
            total("jenis:total", "jenis_belanja", jenis_rows),
        )
    )
    n3 += 1
    tables.append(
        BudgetTable(
            "program",
            "program",
            f"3.{n3}",
            f"Realisasi Anggaran Berdasarkan Program Tahun {year}",
            "PROGRAM",
            prog_rows,
            total("program:total", "program", prog_rows),
            code_in_name=code_in_name,
        )
    )
    if ch.coin(0.3):
        n3 += 1
        srow = BudgetRow.make(
            "satker:0", satker.canonical.upper(), None, final, real_total, "satker"
        )
        tables.append(
            BudgetTable(
                "satker",
                "satker",
                f"3.{n3}",
                f"Realisasi Anggaran Satuan Kerja Tahun {year}",
                "URAIAN",
                [srow],
                None,
            )
        )
    if ch.coin(0.7):
        n3 += 1
        hrows = _history(year, final, real_total, ch)
        tables.append(
            HistoryTable(
                "history",
                f"3.{n3}",
                f"Pagu dan Realisasi Anggaran Tahun {hrows[0].year}-{year}",
                hrows,
            )
        )
    out_in_bab4 = ch.coin(0.5)
    # outputs grouped under program headings, or under program rows with subtotals
    groups = ch.cycle("output_groups", ("none", "headings", "subtotals"))
    headings = [name for _, name in programs] if groups == "headings" else []
    subtotals = []
    if groups == "subtotals":
        for pi, (code, name) in enumerate(programs):
            under = [r for r in out_rows if r.program == pi]
            if under:
                p = sum(r.pagu for r in under)
                r = sum(r.realisasi or 0 for r in under)
                subtotals.append(
                    BudgetRow.make(f"sub:{pi}", name, code, p, r, "program", program=pi)
                )
    out_table = BudgetTable(
        "output",
        "output",
        "4" if out_in_bab4 else f"3.{n3 + 1}",
        f"Realisasi Anggaran per Output Tahun {year}",
        "KEGIATAN",
        out_rows,
        total("output:total", "kegiatan", out_rows),
        group_headings=headings,
        subtotals=subtotals,
        bab=4 if out_in_bab4 else 3,
    )
    tables.append(out_table)

    inds = [i for s in sasaran for i in s.indicators]
    n_met = sum(
        1 for i in inds if i.capaian.kind == "qualitative" or (i.capaian.number or 0) >= 100.0
    )
    prose = ProseFacts(
        pagu=final,
        realisasi=real_total,
        realisasi_pct=pct(real_total, final),
        words_amount=final,
        n_indicators=len(inds),
        n_met=n_met,
        dipa_initial=initial,
        dipa_prose=dipa_prose,
    )
    sign = dt.date(year + 1, ch.randint(1, 3), ch.randint(2, 27))
    pk_date = dt.date(year, 1, ch.randint(5, 31))
    return ReportSpec(
        satker, year, sign, pk_date, sasaran, tables, prose, dipa_mode, renstra=renstra
    )
