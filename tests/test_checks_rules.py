"""One focused test (or a few) per Python rule: a report that breaks it, and one that keeps it."""

from __future__ import annotations

from checks_helpers import budget, doc, perf, revision, statement, tally, toc

from lkj.checks import run_python
from lkj.models import Extraction, Finding


def found(ext: Extraction, rule: str) -> list[Finding]:
    return [f for f in run_python(ext) if f.rule == rule]


# --------------------------------------------------------------------------- capaian


def test_capaian_formula_higher_is_better() -> None:
    bad = perf("Persentase partisipasi pemilih", "87 %", "0", "100", line=505)
    good = perf("Persentase partisipasi pemilih", "80%", "72%", "90", line=506)
    out = found(doc(performance=[bad, good]), "capaian.formula")
    assert len(out) == 1
    f = out[0]
    assert (f.line, f.expected, f.actual, f.severity) == (505, "0", "100", "error")
    assert "realisasi / target x 100" in (f.assumption or "")
    assert {v.role: v.provenance.columns for v in f.values}["capaian"] == {"capaian": 4}


def test_capaian_formula_lower_is_better_accepts_either_lower_form() -> None:
    name = "Persentase pemilih yang tidak masuk dalam daftar pemilih"
    two_t = perf(name, "0,5%", "0,4%", "120", direction="lower", line=1)  # (2t - r)/t
    ratio = perf(name, "0,5%", "0,4%", "125", direction="lower", line=2)  # t/r
    wrong = perf(name, "0,5%", "0,4%", "80", direction="lower", line=3)  # r/t: the wrong way
    out = found(doc(performance=[two_t, ratio, wrong]), "capaian.formula")
    assert [f.line for f in out] == [3]
    assert out[0].assumption and out[0].assumption.startswith("lower is better")


def test_capaian_tolerance_is_the_printed_precision() -> None:
    # 2,576 / 2,980 -> 86.4429...: "86" (integer) and "86,44" are fine, "86,40" is not
    rows = [
        perf("Jumlah kegiatan", "2980 kali", "2576 kali", c, line=i)
        for i, c in enumerate(("86", "86,44", "86,40"), start=1)
    ]
    assert [f.line for f in found(doc(performance=rows), "capaian.formula")] == [3]


def test_capaian_capped_or_printed_as_realisasi_is_info_not_error() -> None:
    capped = perf("Persentase layanan", "80%", "100%", "100", line=1)
    as_real = perf("Persentase layanan", "90%", "97,95%", "97,95%", line=2)
    ext = doc(performance=[capped, as_real])
    assert found(ext, "capaian.formula") == []
    info = found(ext, "capaian.convention")
    assert [(f.line, f.severity) for f in info] == [(1, "info"), (2, "info")]
    assert "capped" in info[0].message and "realisasi itself" in info[1].message


def test_capaian_qualitative_met_grade_gives_100() -> None:
    ok = perf("Nilai Akuntabilitas Kinerja", "B", "B", "100", line=1)
    bad = perf("Nilai Akuntabilitas Kinerja", "B", "B", "112,35", line=2)
    missed = perf("Opini BPK", "WTP", "WDP", "90", line=3)  # no formula: not checked
    assert [f.line for f in found(doc(performance=[ok, bad, missed]), "capaian.formula")] == [2]


def test_capaian_shared_paragraph_cell_allows_either_direction() -> None:
    row = perf(
        "Persentase anggota badan ad hoc yang terbukti melanggar kode etik",
        "75%",
        "74,84%",
        "99,79 %",
        direction="lower",
        flags=("split_paragraphs",),
    )
    assert found(doc(performance=[row]), "capaian.formula") == []


# --------------------------------------------------------------------------- budget


def test_budget_sisa() -> None:
    ok = budget("Belanja Pegawai", "2.350.893.000", "2.323.822.650", "27.070.350", line=1)
    bad = budget("Belanja Barang", "100.000.000", "60.000.000", "41.000.000", line=2)
    out = found(doc(budget_lines=[ok, bad]), "budget.sisa")
    assert [(f.line, f.expected, f.actual) for f in out] == [(2, "40000000", "41000000")]


def test_budget_pct_tolerance_and_history() -> None:
    from lkj.models import PaguHistory

    ok = budget("Program A", "2.980.469.000", "2.576.544.004", None, "86,45", line=1)
    bad = budget("Program B", "2.980.469.000", "2.576.544.004", None, "93,82", line=2)
    hist = PaguHistory(
        year=2015,
        pagu=1_551_321_000,
        realisasi=1_545_501_560,
        realisasi_pct=95.0,
        raw={"realisasi_pct": "95%"},
        provenance=bad.provenance.model_copy(update={"line": 9}),
    )
    out = found(doc(budget_lines=[ok, bad], pagu_history=[hist]), "budget.pct")
    assert [(f.line, f.expected) for f in out] == [(2, "86.45"), (9, "99.62")]


def test_budget_total_against_rows_and_against_levels() -> None:
    rows = [
        budget("Program A", "13.023.437.000", line=1, level="program", code="076.01.01"),
        budget("Program B", "2.980.469.000", line=2, level="program", code="076.01.06"),
        budget("JUMLAH", "16.203.906.000", line=3, total=True),
    ]
    out = found(doc(budget_lines=rows), "budget.total")
    assert [(f.line, f.expected, f.actual) for f in out] == [(3, "16003906000", "16203906000")]
    assert {v.provenance.line for v in out[0].values} == {1, 2, 3}


def test_budget_total_of_subtotals_and_subtotal_rule() -> None:
    rows = [
        budget("Program A", "300", line=1, level="program", code="076.01.01"),
        budget("Output a1", "100", line=2, level="output", code="3355.001"),
        budget("Output a2", "200", line=3, level="output", code="3355.002"),
        budget("Program B", "55", line=4, level="program", code="076.01.06"),
        budget("Output b1", "50", line=5, level="output", code="3364.001"),
        budget("JUMLAH", "350", line=6, total=True),  # = sum of outputs, not of subtotals
    ]
    ext = doc(budget_lines=rows)
    assert found(ext, "budget.total") == []  # the total may sum the leaves
    sub = found(ext, "budget.subtotal")
    assert [(f.line, f.expected, f.actual) for f in sub] == [(4, "50", "55")]
    rows[-1] = budget("JUMLAH", "400", line=6, total=True)
    assert [f.expected for f in found(doc(budget_lines=rows), "budget.total")] == ["355"]


def test_budget_cross_total_between_realisation_tables() -> None:
    a = budget(
        "JUMLAH", "16.203.906.000", "15.209.085.549", line=10, table=1, number="3.6", total=True
    )
    b = budget(
        "JUMLAH", "16.203.906.000", "15.209.185.549", line=20, table=2, number="3.7", total=True
    )
    out = found(doc(budget_lines=[a, b]), "budget.cross_total")
    assert [(f.line, f.expected, f.actual) for f in out] == [(20, "15209085549", "15209185549")]


# --------------------------------------------------------------------------- DIPA


def _dipa(dates: list[str], labels: list[str]) -> list:
    return [
        revision(i, label, "14.466.321.000", d, line=100 + i)
        for i, (label, d) in enumerate(zip(labels, dates, strict=True))
    ]


def test_dipa_sequence_gap() -> None:
    labels = ["AWAL", "REVISI 1", "REVISI 2", "REVISI KPA", "REVISI 4"]
    revs = _dipa(["2018-11-27", "2019-03-22", "2019-04-02", "2019-05-02", "2019-06-17"], labels)
    out = found(doc(dipa_revisions=revs), "dipa.sequence")
    assert [(f.line, f.expected, f.actual) for f in out] == [(104, "3", "4")]


def test_dipa_date_order_and_year() -> None:
    revs = _dipa(
        ["2018-11-27", "2019-03-22", "2019-02-02", "2019-06-17", "2020-01-03"],
        ["AWAL", "REVISI 1", "REVISI 2", "REVISI 3", "REVISI 4"],
    )
    ext = doc(dipa_revisions=revs)
    order = found(ext, "dipa.date_order")
    assert [(f.line, f.actual) for f in order] == [(102, "2019-02-02")]
    year = found(ext, "dipa.date_year")  # AWAL in 2018 is allowed; REVISI 4 in 2020 is not
    assert [(f.line, f.actual) for f in year] == [(104, "2020-01-03")]


def test_dipa_final_pagu_against_realisation_total() -> None:
    revs = [
        revision(0, "AWAL", "14.466.321.000", None, line=1),
        revision(1, "REVISI 1", "16.203.906.000", "2019-12-18", line=2),
    ]
    total = budget("JUMLAH", "16.003.906.000", "15.209.085.549", line=30, total=True)
    out = found(doc(dipa_revisions=revs, budget_lines=[total]), "dipa.final_pagu")
    assert [(f.line, f.expected, f.actual) for f in out] == [(30, "16203906000", "16003906000")]
    total.pagu = 16_203_906_000
    assert found(doc(dipa_revisions=revs, budget_lines=[total]), "dipa.final_pagu") == []


def test_dipa_prose_delta_uses_the_amount_stated_before() -> None:
    base = statement("amount", "Rp 28.195.773.000", line=534)
    hibah = statement("amount", "Rp. 1.955.640.000", line=534)
    rev = revision(
        1, None, "Rp. 30.151.427.000", None, line=536, origin="prose", delta=1_955_640_000
    )
    out = found(doc(dipa_revisions=[rev], statements=[base, hibah]), "dipa.prose_delta")
    assert [(f.line, f.expected, f.actual) for f in out] == [(536, "30151413000", "30151427000")]
    good = revision(
        1, None, "Rp. 30.151.413.000", None, line=536, origin="prose", delta=1_955_640_000
    )
    assert found(doc(dipa_revisions=[good], statements=[base, hibah]), "dipa.prose_delta") == []


# --------------------------------------------------------------------------- targets, prose, words


def test_performance_target_same_indicator_two_tables() -> None:
    pk = perf(
        "Persentase Sengketa Hukum yang Dimenangkan KPU",
        "86%",
        "",
        "",
        line=438,
        table=6,
        number="2.5",
    )
    t31 = perf(
        "Persentase Sengketa Hukum yang Dimenangkan KPU",
        "87%",
        "",
        "",
        line=468,
        table=8,
        number="3.1",
    )
    t33 = perf(
        "Persentase sengketa hukum yang dimenangkan KPU.",
        "87%",
        "0",
        "100",
        line=505,
        table=12,
        number="3.3",
    )
    other = perf("Persentase partisipasi pemilih", "70%", "", "", line=439, table=6, number="2.5")
    out = found(doc(performance=[pk, other, t31, t33]), "performance.target")
    assert [(f.line, f.expected, f.actual, f.severity) for f in out] == [(468, "86", "87", "error")]
    assert {v.provenance.line for v in out[0].values} == {438, 468}


def test_performance_target_other_unit_is_a_warning() -> None:
    a = perf(
        "Persentase KPU yang menyelenggarakan Pemilu sesuai NSPK",
        "1 NSPK",
        "",
        "",
        line=481,
        table=5,
    )
    b = perf(
        "Persentase KPU yang menyelenggarakan Pemilu sesuai NSPK", "100%", "", "", line=517, table=7
    )
    out = found(doc(performance=[a, b]), "performance.target")
    assert [(f.line, f.severity) for f in out] == [(517, "warning")]


def test_prose_pagu_realisasi_and_pct_against_the_tables() -> None:
    total = budget(
        "JUMLAH", "110.004.781.000", "109.205.738.791", None, "99,27", line=733, total=True
    )
    sts = [
        statement("pagu_final", "Rp. 110.004.781.000,-", line=722),
        statement("realisasi", "Rp.109.205.738.791,-", line=722),
        statement("realisasi_pct", "99,27%", line=722),
        statement("pagu_final", "Rp. 110.004.000.000,-", line=800),
        statement("realisasi", "Rp.109.205.000.000,-", line=800),
        statement("realisasi_pct", "98,27%", line=800),
    ]
    ext = doc(budget_lines=[total], statements=sts)
    for rule in ("prose.pagu", "prose.realisasi", "prose.realisasi_pct"):
        out = found(ext, rule)
        assert [f.line for f in out] == [800], rule
        assert 733 in {v.provenance.line for v in out[0].values}


def test_prose_initial_pagu_against_initial_dipa() -> None:
    revs = [revision(0, "AWAL", "14.466.321.000", "2018-11-27", line=530)]
    ok = statement("pagu_initial", "Rp. 14.466.321.000,-", line=522)
    bad = statement("pagu_initial", "Rp. 14.466.000.000,-", line=523)
    out = found(doc(dipa_revisions=revs, statements=[ok, bad]), "prose.pagu")
    assert [(f.line, f.expected) for f in out] == [(523, "14466321000")]


def test_prose_indicator_count_against_cited_table() -> None:
    rows = [
        perf(f"Indikator {i}", "90%", "95%", "105,56", line=500 + i, table=6, number="3.2")
        for i in range(9)
    ]
    ext = doc(
        performance=rows, statements=[statement("indicator_count", "15", line=512, refers_to="3.2")]
    )
    out = found(ext, "prose.indicator_count")
    assert [(f.line, f.expected, f.actual) for f in out] == [(512, "9", "15")]
    ext.statements = [statement("indicator_count", "9", line=512)]  # no table cited: tables before
    assert found(ext, "prose.indicator_count") == []


def test_words_amount() -> None:
    right = statement(
        "pagu_initial",
        "Rp. 14.466.321.000,-",
        line=1,
        words="Empat belas milyar empat ratus enam puluh enam juta tiga ratus dua puluh satu ribu rupiah",
    )
    no_ribu = statement(
        "pagu_initial",
        "Rp. 14.466.321.000,-",
        line=2,
        words="Empat belas milyar empat ratus enam puluh enam juta tiga ratus dua puluh satu rupiah",
    )
    garbled = statement(
        "realisasi",
        "Rp. 15,209,085,549,-",
        line=3,
        words="Lima belas milyar dua ratus sembilan juta delapan puluh lima ribu lima empat Sembilan rupiah",
    )
    out = found(doc(statements=[right, no_ribu, garbled]), "words.amount")
    assert [(f.line, f.actual) for f in out] == [
        (2, "14466000321"),
        (
            3,
            "Lima belas milyar dua ratus sembilan juta delapan puluh lima ribu lima empat Sembilan rupiah",
        ),
    ]
    assert "grammar" in out[1].message


# --------------------------------------------------------------------------- toc, tallies


def test_toc_caption_alignment() -> None:
    from lkj.models import TableInfo

    titles = [
        "Rincian Revisi",
        "Realisasi Berdasarkan Belanja",
        "Realisasi Berdasarkan Program",
        "Realisasi Anggaran",
    ]
    tables = [
        TableInfo(
            index=i,
            kind="budget",
            confidence=1.0,
            number=n,
            caption=f"Tabel {n}",
            title=t,
            line_start=500 + i,
        )
        for i, (n, t) in enumerate(zip(["3.5", "3.6", "3.7", "4"], titles, strict=True))
    ]
    listed = [
        toc(n, 70 + i, t)
        for i, (n, t) in enumerate(zip(["3.5", "3.6", "3.6", "4"], titles, strict=True))
    ]
    out = found(doc(tables=tables, toc=listed), "toc.caption")
    assert [(f.line, f.expected, f.actual) for f in out] == [(502, "3.6", "3.7")]
    assert {v.provenance.line for v in out[0].values} == {72, 502}
    # a caption the list leaves out
    out = found(doc(tables=tables, toc=[*listed[:2], listed[3]]), "toc.caption")
    assert [(f.severity, f.line, f.actual, f.expected) for f in out] == [
        ("warning", 502, "3.7", None)
    ]
    # an entry with no table in the body is info
    extra = toc("5", 74, "Dokumentasi Kegiatan")
    out = found(
        doc(tables=tables, toc=[*listed[:2], toc("3.7", 72, titles[2]), listed[3], extra]),
        "toc.caption",
    )
    assert [(f.severity, f.line, f.expected) for f in out] == [("info", 74, "5")]


def test_tally_parts_and_total() -> None:
    rows = [
        tally("Kec. A", 1200, 1300, 2500, line=1),
        tally("Kec. B", 1000, 1100, 2200, line=2),  # 2100
        tally("JUMLAH", 2200, 2400, 4700, line=3, total=True),  # jumlah sums the printed rows
        tally("Kec. C", 10, 20, 30, line=4, table=6),
        tally("TOTAL", 10, 21, 30, line=5, table=6, total=True),
    ]
    ext = doc(tally_rows=rows)
    parts = [(f.line, f.expected) for f in found(ext, "tally.parts")]
    assert parts == [(2, "2100"), (3, "4600"), (5, "31")]
    assert [(f.line, f.expected, f.actual) for f in found(ext, "tally.total")] == [(5, "20", "21")]


def test_a_clean_document_has_no_findings() -> None:
    ext = doc(
        performance=[perf("Persentase partisipasi pemilih", "80%", "72%", "90", line=1)],
        budget_lines=[
            budget("Belanja Pegawai", "2.000", "1.500", "500", "75", line=2),
            budget("Belanja Barang", "1.000", "1.000", "-", "100", line=3),
            budget("JUMLAH", "3.000", "2.500", "500", "83,33", line=4, total=True),
        ],
    )
    assert run_python(ext) == []


# --------------------------------------------------------------------------- satker


def _identity(ext: Extraction, **fields: object) -> Extraction:
    from lkj.models import Evidence

    ext.document = ext.document.model_copy(update={"n_lines": 300, **fields})
    ext.document.evidence = {"satker": Evidence(text="KPU ...", line=4)}
    return ext


def test_satker_reference_unmatched_ambiguous_and_unread() -> None:
    kab = {"satker_kind": "kabupaten"}
    narnia = _identity(doc(), satker="KPU Kabupaten Narnia", region="Narnia", **kab)
    out = found(narnia, "satker.reference")
    assert [(f.severity, f.line, f.actual) for f in out] == [("warning", 4, "KPU Kabupaten Narnia")]
    assert "matches no satker" in out[0].message
    kupang = _identity(doc(), satker="KPU Kupang", region="Kupang")  # kabupaten or kota?
    assert "several satker" in found(kupang, "satker.reference")[0].message
    unread = _identity(doc())
    assert "no satker name" in found(unread, "satker.reference")[0].message
    ok = _identity(doc(), satker="KPU Kabupaten Ogan Ilir", region="OGAN ILIR", **kab)
    assert found(ok, "satker.reference") == []
    assert found(doc(), "satker.reference") == []  # an empty document has no identity


def test_satker_province_contradicts_the_reference() -> None:
    from lkj.models import Evidence

    kab = {"satker_kind": "kabupaten", "satker": "KPU Kabupaten Ogan Ilir", "region": "Ogan Ilir"}
    wrong = _identity(doc(), province="Jambi", **kab)
    wrong.document.evidence["province"] = Evidence(text="Provinsi Jambi", line=9)
    out = found(wrong, "satker.province")
    assert [(f.line, f.expected, f.actual) for f in out] == [(9, "Sumatera Selatan", "Jambi")]
    right = _identity(doc(), province="Sumatera Selatan", **kab)
    assert found(right, "satker.province") == []
