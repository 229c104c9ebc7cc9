"""Prose statements: rupiah amounts with their words, pagu / realisasi kinds, realisation
percentages and indicator counts, from the seeds and from focused fixture texts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lkj.extract.prose import prose_revisions
from lkj.extract.statements import (
    _any_figure,
    _figures,
    _word_before,
    paragraphs,
    read_statements,
    sentences,
)
from lkj.extract.text_reader import parse_text
from lkj.models import Statement
from lkj.pipeline import extract_document, extract_file, read_document


def read(text: str) -> list[Statement]:
    return read_statements(parse_text(text))


def one(text: str, kind: str | None = None) -> Statement:
    found = [s for s in read(text) if kind is None or s.kind == kind]
    assert len(found) == 1, [(s.kind, s.value.raw) for s in read(text)]
    return found[0]


def kinds(text: str) -> list[tuple[str, int | float | str | None]]:
    return [(s.kind, s.value.value) for s in read(text)]


# --------------------------------------------------------------------------- seeds


def _seed(seeds: list[Path], prefix: str) -> Path:
    return next(p for p in seeds if p.name.startswith(prefix))


#: every statement of each seed: (kind, line of the figure, value), checked against the text
SEED_STATEMENTS = {
    "000": [
        ("indicator_count", 473, 11),
        ("pagu_initial", 522, 14466321000),
        ("realisasi", 550, 15209085549),
        ("realisasi_pct", 552, 93.86),
        ("amount", 568, 20000000000),  # hibah from the kabupaten
        ("amount", 572, 20000000000),  # "5 % dari Rp. 20.000.000.000,-"
        ("amount", 572, 1000000000),  # "(1 Milyar)": digits, not words
        ("amount", 572, 194961555),  # realised hibah, words malformed
        ("realisasi_pct", 580, 93.86),
    ],
    "001": [
        ("amount", 220, 24968882000),  # APBN BA. 076
        ("amount", 220, 585590000),  # hibah
        ("amount", 220, 585590000),  # Revisi DIPA sebesar (delta)
        ("amount", 220, 25554472000),  # sehingga dana DIPA (result)
        ("pagu_final", 532, 30151427000),
        ("amount", 534, 28195773000),  # APBN
        ("amount", 534, 1955640000),  # hibah
        ("amount", 536, 1955640000),  # Revisi DIPA sebesar (delta)
        ("amount", 536, 30151427000),  # sehingga dana DIPA (result)
        ("realisasi", 536, 28643714199),
        ("realisasi_pct", 536, 95.0),
        ("realisasi_pct", 595, 95.0),
    ],
    "002": [
        ("pagu_initial", 60, 110004781000),  # Pagu Anggaran Murni
        ("realisasi_pct", 60, 99.27),
        ("realisasi", 60, 109205738791),  # "atau equivalen sebesar"
        ("indicator_count", 512, 15),
        ("pagu_final", 722, 110004781000),  # setelah revisi
        ("realisasi_pct", 722, 99.27),
        ("realisasi", 722, 109205738791),
        ("amount", 722, 46471843000),  # anggaran murni dari APBN
        ("amount", 722, 46368219147),  # its realisasi: still APBN
    ],
    "004": [],  # only performance percentages ("pencapaian kinerja sebesar 99.60%")
}


@pytest.mark.parametrize("prefix", sorted(SEED_STATEMENTS))
def test_seed_statements(seeds: list[Path], prefix: str):
    got = extract_file(_seed(seeds, prefix)).statements
    assert [(s.kind, s.provenance.line, s.value.value) for s in got] == SEED_STATEMENTS[prefix]
    for s in got:
        assert s.provenance.source.startswith(prefix)
        assert 0 < len(s.sentence) <= 400 and "  " not in s.sentence and "*" not in s.sentence


@pytest.mark.parametrize(
    ("prefix", "line", "value", "words_value", "malformed"),
    [
        ("000", 522, 14466321000, 14466000321, False),  # the words lack "ribu"
        ("000", 550, 15209085549, None, True),  # "... lima empat Sembilan rupiah"
        ("000", 568, 20000000000, 20000000000, False),
        ("000", 572, 194961555, None, True),
        ("002", 60, 110004781000, 110004781000, False),  # italic words
        ("002", 60, 109205738791, 109205738791, False),
    ],
)
def test_seed_words(seeds, prefix, line, value, words_value, malformed):
    got = extract_file(_seed(seeds, prefix)).statements
    (s,) = [s for s in got if s.provenance.line == line and s.value.value == value]
    assert s.words is not None
    assert (s.words.value, s.words.has("words_malformed")) == (words_value, malformed)
    assert s.words.kind == "money" and s.words.raw and s.words.raw.endswith("rupiah")


def test_seed_words_only_where_printed(seeds):
    got = extract_file(_seed(seeds, "000")).statements
    plain = [s.value.value for s in got if s.kind == "amount" and s.words is None]
    assert plain == [20000000000, 1000000000]  # "dari Rp. 20.000.000.000,-" and "(1 Milyar)"


@pytest.mark.parametrize(("prefix", "line", "ref"), [("000", 473, "3.1"), ("002", 512, "3.2")])
def test_seed_indicator_count_cites_its_table(seeds, prefix, line, ref):
    got = extract_file(_seed(seeds, prefix)).statements
    (s,) = [s for s in got if s.kind == "indicator_count"]
    assert (s.provenance.line, s.refers_to) == (line, ref)


# --------------------------------------------------------------------------- amounts, words


@pytest.mark.parametrize(
    ("printed", "value"),
    [
        ("Rp. 14.466.321.000,-", 14466321000),
        ("Rp.109.205.738.791,-", 109205738791),
        ("Rp 1.955.640.000", 1955640000),
        ("Rp. 15,209,085,549,-", 15209085549),
        ("Rp. Rp. 24.968.882.000,-", 24968882000),
        ("**Rp. 46.471.843.000,-**", 46471843000),
    ],
)
def test_amount_formats(printed: str, value: int):
    s = one(f"Dana tersebut dipakai sebesar {printed} untuk kegiatan.\n")
    assert (s.kind, s.value.value, s.value.unit) == ("amount", value, "Rp")
    assert s.words is None


@pytest.mark.parametrize(
    ("printed", "value", "flags"),
    [
        ("Rp 2,5 miliar", 2500000000, ("currency",)),
        ("Rp. 750 juta", 750000000, ("currency",)),
        ("Rp 1.500 juta", 1500000000, ("currency",)),
        ("Rp 2,5,5 miliar", None, ("malformed",)),
    ],
)
def test_amount_with_a_scale_word(printed: str, value: int | None, flags: tuple[str, ...]):
    s = one(f"Dana hibah sebesar {printed} telah diterima.\n")
    assert (s.value.raw, s.value.value, s.value.flags) == (printed, value, flags)


def test_words_after_an_amount():
    s = one("Dana hibah sebesar Rp. 20.000.000.000,- (Dua puluh milyar rupiah) telah diterima.\n")
    assert s.words is not None
    assert (s.words.raw, s.words.value, s.words.kind) == (
        "Dua puluh milyar rupiah",
        20000000000,
        "money",
    )
    assert s.words.flags == ()


def test_words_with_terbilang_and_saja():
    s = one("Dana sebesar Rp 1.500.000,- (terbilang: satu juta lima ratus ribu rupiah saja).\n")
    assert s.words is not None
    assert (s.words.raw, s.words.value) == ("satu juta lima ratus ribu rupiah", 1500000)


def test_italic_words_and_words_without_rupiah():
    s = one("Dana sebesar Rp. 2.500.000,- (*dua juta lima ratus ribu*) diterima.\n")
    assert s.words is not None and s.words.value == 2500000


def test_malformed_words_are_kept_raw_and_flagged():
    s = one(
        "Dana sebesar Rp. 194,961,555,- (Seratus Sembilan puluh empat juta lima empat rupiah).\n"
    )
    assert s.words is not None
    assert s.words.value is None and s.words.has("words_malformed")
    assert s.words.raw == "Seratus Sembilan puluh empat juta lima empat rupiah"
    assert s.value.value == 194961555  # the digits are read all the same


@pytest.mark.parametrize(
    "paren",
    ["(1 Milyar)", "(sesuai DIPA awal)", "(Lampiran 3)", "(APBN)"],
)
def test_parentheses_that_are_not_words(paren: str):
    assert one(f"Dana sebesar Rp. 1.000.000.000,- {paren} pada bulan November.\n").words is None


def test_words_cut_by_a_page_break_are_joined():
    text = (
        "Pendahuluan.\n\n"
        "Sumber dana berasal dari DIPA tanggal 27 November 2018 sebesar Rp. "
        "**14.466.321.000,-** (Empat belas\n\n"
        "12\n\n"
        "milyar empat ratus enam puluh enam juta tiga ratus dua puluh satu ribu rupiah). "
        "Selanjutnya revisi.\n"
    )
    s = one(text)
    assert s.kind == "pagu_initial" and s.provenance.line == 3  # the figure's line
    assert s.words is not None and s.words.value == 14466321000
    assert "Empat belas milyar" in s.sentence and "12" not in s.sentence.split()


def test_paragraph_that_ends_a_sentence_is_not_joined():
    text = "Pagu anggaran KPU Kabupaten X tahun 2024 adalah:\n\nsebesar Rp. 5.000.000,-.\n"
    assert kinds(text) == [("amount", 5000000)]


def test_line_of_the_figure_inside_a_wrapped_block():
    text = (
        "Pagu anggaran KPU Kabupaten X\n"
        "setelah revisi terakhir tahun 2024 adalah\n"
        "sebesar Rp 30.151.427.000,-.\n"
    )
    s = one(text)
    assert (s.kind, s.provenance.line, s.provenance.source) == ("pagu_final", 3, "<text>")


def test_amounts_in_tables_are_not_statements():
    text = (
        "Realisasi anggaran sebagai berikut:\n\n"
        "NO\tJENIS BELANJA\tPAGU\tREALISASI\n1\tBELANJA PEGAWAI\tRp. 2.350.893.000\t"
        "Rp. 2.323.822.650\n"
    )
    assert read(text) == []


def test_long_sentence_is_cut_around_the_figure():
    filler = "kegiatan yang dilaksanakan dengan baik " * 30
    s = one(f"Pada tahun ini {filler} dengan realisasi sebesar Rp 5.000.000 {filler}.\n")
    assert len(s.sentence) <= 400 and "Rp 5.000.000" in s.sentence


# --------------------------------------------------------------------------- money kinds


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        # pagu_final
        (
            "KPU Kabupaten X mendapatkan pagu anggaran setelah revisi sebesar Rp. 110.004.781.000,-.",
            "pagu_final",
        ),
        (
            "Berdasarkan alokasi dana pagu anggaran KPU Kabupaten X Tahun 2019 adalah sebesar "
            "Rp 30.151.427.000,-.",
            "pagu_final",
        ),
        ("Pagu anggaran KPU Kota Y tahun 2024 adalah sebesar Rp 9.000.000,-.", "pagu_final"),
        (
            "Pagu anggaran KPU Kota Y setelah revisi terakhir tahun 2024 adalah sebesar "
            "Rp. 9.000.000,-.",
            "pagu_final",
        ),
        # pagu_initial
        (
            "Sumber Dana Belanja KPU tahun 2019 berasal dari Daftar Isian Pelaksanaan Anggaran "
            "(DIPA) 076-01-656120 tanggal 27 November 2018 sebesar Rp. 14.466.321.000,-.",
            "pagu_initial",
        ),
        (
            "Sumber dana KPU Kota Y tahun 2024 berasal dari Daftar Isian Pelaksanaan Anggaran "
            "(DIPA) sebesar Rp. 27.232.371.000,-.",
            "pagu_initial",
        ),
        (
            "Pada awal tahun anggaran 2019, KPU Kota Y menerima alokasi DIPA sebesar "
            "Rp. 23.572.250.000,-.",
            "pagu_initial",
        ),
        (
            "KPU Kabupaten X mendapatkan Pagu Anggaran Murni Tahun Anggaran 2024, sebesar "
            "Rp. 110.004.781.000,-.",
            "pagu_initial",
        ),
        ("Pagu anggaran murni KPU Kota Y adalah sebesar Rp 8.000.000,-.", "pagu_initial"),
        # realisasi
        (
            "Realisasi Belanja sampai dengan akhir Tahun 2019 sebesar Rp. 28.643.714.199.",
            "realisasi",
        ),
        (
            "Capaian bidang keuangan Baik dengan realisasi sebesar Rp. 15,209,085,549,-.",
            "realisasi",
        ),
        (
            "Tingkat pencapaian realisasi anggaran sebesar 99,27% atau equivalen sebesar "
            "Rp.109.205.738.791,-.",
            "realisasi",
        ),
        (
            "Realisasi anggaran 2024 sebesar 99% atau ekuivalen sebesar Rp 1.000.000,-.",
            "realisasi",
        ),
        # amount: funding sources, parts, other figures
        (
            "KPU menerima pagu anggaran yang berasal dari sumber anggaran APBN BA. 076 sebesar "
            "Rp. Rp. 24.968.882.000,-.",
            "amount",
        ),
        ("Pada tahun 2019 KPU mendapat Anggaran APBN sebesar Rp 28.195.773.000,-.", "amount"),
        (
            "KPU mendapatkan dana Hibah langsung dari Pemerintah Kabupaten sebesar "
            "Rp. 1.955.640.000,-.",
            "amount",
        ),
        ("Pagu anggaran APBD setelah revisi sebesar Rp 5.000.000,-.", "amount"),
        ("Realisasi belanja pegawai sebesar Rp. 2.323.822.650,-.", "amount"),
        (
            "Pagu anggaran Program Dukungan Manajemen setelah revisi sebesar Rp 2.516.845.000,-.",
            "amount",
        ),
        ("Dana tersebut sudah direalisasikan sebesar Rp. 194,961,555,-.", "amount"),
        ("Pencairan tahap pertama adalah sebesar Rp. 1.000.000.000,-.", "amount"),
        ("Pagu anggaran murni setelah revisi sebesar Rp 7.000.000,-.", "amount"),  # both: unsure
        ("Sisa pagu anggaran tahun 2024 adalah sebesar Rp 1.000.000,-.", "amount"),
        ("Terdapat penambahan pagu anggaran setelah revisi sebesar Rp 2.000.000,-.", "amount"),
    ],
)
def test_money_kind(sentence: str, kind: str):
    found = [s for s in read(sentence + "\n") if s.value.unit == "Rp"]
    assert len(found) == 1
    assert found[0].kind == kind


def test_revision_sentence_amounts_are_plain_amounts():
    text = (
        "Dari jumlah dana tersebut telah dilaksanakan Revisi DIPA sebesar Rp 1.955.640.000,- "
        "sehingga dana DIPA KPU Kabupaten X Tahun 2019 sebesar Rp. 30.151.427.000,- "
        "Realisasi Belanja sampai dengan akhir Tahun 2019 sebesar Rp. 28.643.714.199 atau "
        "sebesar 95,00 %.\n"
    )
    assert kinds(text) == [
        ("amount", 1955640000),
        ("amount", 30151427000),
        ("realisasi", 28643714199),
        ("realisasi_pct", 95.0),
    ]
    extraction = extract_document(parse_text(text))
    assert [(r.delta, r.amount, r.origin) for r in extraction.dipa_revisions] == [
        (1955640000, 30151427000, "prose")
    ]


def test_realisasi_of_a_funding_source_is_an_amount_and_so_is_its_percentage():
    text = (
        "Pada tahun anggaran 2024 KPU mendapatkan anggaran murni dari APBN setelah revisi "
        "sebesar **Rp. 46.471.843.000,-** dengan realisasi sebesar **Rp. 46.368.219.147,-** "
        "atau **99,78%**\n"
    )
    assert kinds(text) == [("amount", 46471843000), ("amount", 46368219147)]


# --------------------------------------------------------------------------- realisasi_pct


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        (
            "Semua sasaran dalam perjanjian kinerja telah diwujudkan, sementara untuk realisasi "
            "penyerapan anggaran sebesar **93,86 %**.",
            93.86,
        ),
        ("Dengan tingkat pencapaian realisasi anggaran sebesar 99,27% pada tahun ini.", 99.27),
        (
            "Dari informasi atas penyerapan realisasi anggaran KPU Kabupaten X mencapai 95,00% "
            "dan pada pelaksanaannya baik.",
            95.0,
        ),
        ("Realisasi penyerapan anggaran tahun 2024 mencapai 97.29 %.", 97.29),
        (
            "Capaian keuangan Baik dengan realisasi sebesar Rp. 15,209,085,549,- (Lima belas "
            "milyar rupiah) atau 93.86 %.",
            93.86,
        ),
    ],
)
def test_realisasi_pct(sentence: str, value: float):
    s = one(sentence + "\n", "realisasi_pct")
    assert (s.value.value, s.value.unit) == (value, "%")


@pytest.mark.parametrize(
    "sentence",
    [
        "Pada akhir tahun anggaran pencapaian kinerja sebesar 99.60%.",
        "Program ini didasarkan target nasional sebesar 99% dan berjalan baik.",
        "KPU melaksanakan pencairan tahap pertama sebesar 5 % dari Rp. 20.000.000.000,-.",
        "Dalam pelaksanaannya realisasi kinerja dari program pada akhir tahun anggaran 2024 "
        "mencapai 99.60 %.",
        "Tingkat pencapaian realisasi anggaran tahun 2024 terjadi penurunan dibandingkan dengan "
        "tahun anggaran 2023 yaitu sebesar 0,25%.",
        "Pagu anggaran setelah revisi sebesar Rp 9.000.000,- atau 100 %.",
        "Tingkat partisipasi politik rakyat sebesar 77,5%.",
        "Realisasi anggaran Program Dukungan Manajemen sebesar 99,39%.",
    ],
)
def test_percentages_that_are_not_the_realisation(sentence: str):
    assert [s for s in read(sentence + "\n") if s.kind == "realisasi_pct"] == []


# --------------------------------------------------------------------------- indicator counts


@pytest.mark.parametrize(
    ("sentence", "count", "ref"),
    [
        (
            "Berdasarkan Tabel 3.2 di atas bahwa dari 15 indikator kinerja terdapat 14 indikator "
            "kinerja yang telah memenuhi target.",
            15,
            "3.2",
        ),
        (
            "Berdasarkan Tabel 3.1 terlihat bahwa dari 3 sasaran strategis dan 11 indikator "
            "kinerja dan tolak ukur kinerja sesuai rencana.",
            11,
            "3.1",
        ),
        (
            "Berdasarkan hasil pengukuran tersebut, dari 16 indikator kinerja terdapat 9 "
            "indikator yang telah memenuhi atau melampaui target.",
            16,
            None,
        ),
    ],
)
def test_indicator_count(sentence: str, count: int, ref: str | None):
    s = one(sentence + "\n")
    assert (s.kind, s.value.value, s.value.raw, s.refers_to) == (
        "indicator_count",
        count,
        str(count),
        ref,
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "KPU menentukan 28 (dua puluh delapan) indikator kinerja untuk periode Renstra.",
        "KPU menetapkan 5 (lima) Indikator Kinerja Utama pada tahun 2024.",
        "Sebanyak 15 indikator kinerja telah ditetapkan.",
    ],
)
def test_planned_indicators_are_not_counts(sentence: str):
    assert read(sentence + "\n") == []


# --------------------------------------------------------------------------- generator prose


def test_generated_sentences():
    text = (
        "Berdasarkan hasil pengukuran tersebut, dari 12 indikator kinerja terdapat 9 indikator "
        "yang telah memenuhi atau melampaui target.\n\n"
        "Pada awal tahun anggaran 2019, KPU Kabupaten Ogan Ilir menerima alokasi DIPA sebesar "
        "Rp. 23.572.250.000,-.\n\n"
        "Dari jumlah dana tersebut telah dilaksanakan Revisi DIPA sebesar Rp. 8.867.133.000,- "
        "sehingga dana DIPA KPU Kabupaten Ogan Ilir Tahun 2019 sebesar Rp. 32.439.383.000,-.\n\n"
        "Selanjutnya telah dilaksanakan kembali Revisi DIPA sebesar Rp. 1.000.000,- sehingga dana "
        "DIPA KPU Kabupaten Ogan Ilir menjadi sebesar Rp. 32.440.383.000,-.\n\n"
        "Pagu anggaran KPU Kabupaten Ogan Ilir setelah revisi terakhir tahun 2019 adalah sebesar "
        "Rp. 32,440,383,000,- (Tiga puluh dua miliar empat ratus empat puluh juta tiga ratus "
        "delapan puluh tiga ribu rupiah) dengan realisasi sebesar Rp. 32,019,523,241,- atau "
        "98.71 %. Rincian realisasi anggaran adalah sebagai berikut:\n\n"
        "BAB IV\n\nRealisasi penyerapan anggaran tahun 2019 mencapai 98,71 %.\n\n"
        "Sumber dana KPU Kota Kupang tahun 2024 berasal dari Daftar Isian Pelaksanaan Anggaran "
        "(DIPA) tanggal 10 November 2023 sebesar Rp. 8.008.792.000,-. Selama tahun berjalan "
        "dilakukan beberapa kali revisi anggaran sebagaimana tabel berikut:\n"
    )
    got = read(text)
    assert [(s.kind, s.value.value, s.provenance.line) for s in got] == [
        ("indicator_count", 12, 1),
        ("pagu_initial", 23572250000, 3),
        ("amount", 8867133000, 5),
        ("amount", 32439383000, 5),
        ("amount", 1000000, 7),
        ("amount", 32440383000, 7),
        ("pagu_final", 32440383000, 9),
        ("realisasi", 32019523241, 9),
        ("realisasi_pct", 98.71, 9),
        ("realisasi_pct", 98.71, 13),
        ("pagu_initial", 8008792000, 15),
    ]
    assert got[0].refers_to is None
    assert got[6].words is not None and got[6].words.value == 32440383000


def test_statements_in_the_extraction_json():
    text = "Realisasi penyerapan anggaran tahun 2019 mencapai 98,71 %.\n"
    data = extract_document(parse_text(text, source="x.txt")).model_dump(mode="json")
    (s,) = data["statements"]
    assert s["kind"] == "realisasi_pct" and s["value"]["value"] == 98.71
    assert s["provenance"] == {
        "source": "x.txt",
        "page": None,
        "line": 1,
        "caption": None,
        "table_index": None,
        "row_index": None,
        "bbox": None,
        "columns": {},
        "ocr": {},
    }
    assert data["toc"] == [] and data["tally_rows"] == []


# --------------------------------------------------------------------------- fast paths

#: stops after abbreviations, runs of dots, words with inner dots, stops at the very start
TRICKY = [
    "s.d. 2020 Anggaran",
    "..abc. X",
    "Rp. 1.000 dan Kab. Bogor. Lalu",
    "a. B",
    "x.y.z. Q",
    "1.5. Z",
    "(Kab. Y) Tgl. 5",
    "Jl.Merdeka. No. 5",
    ". A",
    "tsb.. B",
]


def _seed_paragraphs(seeds: list[Path]) -> list[str]:
    return [p.text for path in seeds for p in paragraphs(read_document(path))]


def test_word_before_reads_as_the_pattern(seeds: list[Path]) -> None:
    """The backward scan gives what ``([A-Za-z][A-Za-z.]*)$`` finds before the same place."""
    pattern = re.compile(r"([A-Za-z][A-Za-z.]*)$")

    def expected(text: str, end: int) -> str:
        m = pattern.search(text[:end])
        return m.group(1) if m else ""

    for text in TRICKY:
        for end in range(len(text) + 1):
            assert _word_before(text, end) == expected(text, end), (text, end)
    for text in _seed_paragraphs(seeds):
        for m in re.finditer(r"[.!?]", text):
            assert _word_before(text, m.start()) == expected(text, m.start())


def test_figure_hints_pass_every_paragraph_with_a_figure(seeds: list[Path]) -> None:
    """A paragraph :func:`_any_figure` turns away has no figure in any sentence."""
    texts = [
        *_seed_paragraphs(seeds),
        "PAGU ANGGARAN SEBESAR RP.1.000.000,- SAJA.",
        "Realisasi penyerapan anggaran mencapai 93,86 PERSEN.",
        "DARI 15 INDIKATOR KINERJA TERDAPAT 14 YANG BERHASIL.",
        "Capaian 100% pada tahun 2023.",
        "Dokumen nomor 12 tahun 2023 disusun tanpa angka anggaran.",
    ]
    seen = 0
    for text in texts:
        if any(_figures(text, a, b) for a, b in sentences(text)):
            assert _any_figure(text), text
            seen += 1
    assert seen >= 10
    assert not _any_figure("Dokumen nomor 12 tahun 2023 disusun tanpa angka anggaran.")


def test_hint_letters_have_no_other_case_forms() -> None:
    """The case-blind patterns are searched only where the lower-case text holds their letters
    (:func:`_any_figure`, and the province mentions and prose revisions): that holds while no
    character but the letter and its ASCII capital matches it case-blind or lowers to it."""
    letters = "adeoprv"
    blind = re.compile(f"[{letters}]", re.IGNORECASE)
    odd = [
        hex(c)
        for c in range(0x110000)
        if chr(c) not in letters + letters.upper()
        and (blind.fullmatch(chr(c)) or set(chr(c).lower()) & set(letters))
    ]
    assert odd == []


def test_prose_revision_in_any_case() -> None:
    """The DIPA revision stated in prose is found in capitals too (the paragraph is searched
    only where its lower-case text holds "rev")."""
    text = (
        "DARI JUMLAH DANA TERSEBUT TELAH DILAKSANAKAN REVISI DIPA SEBESAR RP 1.955.640.000,- "
        "SEHINGGA DANA DIPA TAHUN 2019 SEBESAR RP. 30.151.427.000,-\n\nTanpa perubahan lain.\n"
    )
    (rev,) = prose_revisions(parse_text(text))
    assert (rev.amount, rev.delta, rev.origin) == (30151427000, 1955640000, "prose")
    assert prose_revisions(parse_text("Pagu anggaran sebesar Rp 1.000.000,-\n")) == []
