"""Borderless tables read from their words: the same grid as the ruled rendering of a table.

Each fixture is a small made-up report rendered in both styles; the borderless reading must
give the cells the ruled one gives (pdfplumber's grid from the cell borders).
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("reportlab")

from lkj.corpus.render_pdf import build_pdf  # noqa: E402
from lkj.extract.pdf_grid import build_grid  # noqa: E402
from lkj.extract.pdf_quality import table_quality  # noqa: E402
from lkj.extract.pdf_reader import read_pdf  # noqa: E402
from lkj.extract.pdf_tables import _band_of, word_column_edges  # noqa: E402
from lkj.extract.pdf_triage import PdfLine, Segment  # noqa: E402
from lkj.extract.structure import build_view  # noqa: E402

LONG = (
    "Persentase dokumen perencanaan program dan anggaran yang disusun tepat waktu sesuai "
    "ketentuan yang berlaku di lingkungan sekretariat"
)

#: a header over two rows (KINERJA over Target / Realisasi / Capaian), a figure column next to
#: a text column (narrow gap), a caption between two tables, a column-number row centred over
#: right-aligned figures, a group row across the table and a cell wrapped over several lines
REPORT = f"""BAB III AKUNTABILITAS KINERJA

Capaian kinerja sasaran strategis tahun 2023 disajikan dalam tabel berikut ini.

Tabel 3.1 Capaian Kinerja Sasaran
No\tIndikator Kinerja\tKINERJA\t\t
\t\tTarget\tRealisasi\tCapaian
1\t{LONG}\t100%\t87,84\tCukup Berhasil
2\tPersentase laporan keuangan tepat waktu\t100%\t82,50%\tCukup Berhasil
3\tPersentase layanan perkantoran\t90%\t99,54%\tBerhasil

Tabel 3.2 Realisasi Anggaran
NO\tPROGRAM\tANGGARAN\t\t
\t\tPAGU\tREALISASI\t%
(1)\t(2)\t(3)\t(4)\t(5)
A. Program Dukungan Manajemen dan Pelaksanaan Tugas Teknis Lainnya\t\t\t\t
1\tLayanan Perkantoran\t2.547.704.000\t2.475.994.106\t97,18%
2\t{LONG}\t7.502.000\t7.053.000\t94,01%
3\tDokumen Perencanaan Anggaran\t118.563.000\t84.594.000\t71,35%

Demikian laporan ini disusun.
"""


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("borderless")
    out = {}
    for style in ("ruled", "borderless"):
        pdf, _ = build_pdf(REPORT, style=style)
        out[style] = d / f"{style}.pdf"
        out[style].write_bytes(pdf)
    return out


def test_borderless_tables_read_as_the_ruled_ones(both: dict[str, Path]) -> None:
    ruled = read_pdf(both["ruled"]).tables
    borderless = read_pdf(both["borderless"]).tables
    assert len(borderless) == len(ruled) == 2  # the caption between them parts the tables
    for r, b in zip(ruled, borderless, strict=True):
        assert b.method == "pdfplumber-text"
        assert [row.texts for row in b.rows] == [row.texts for row in r.rows]


def test_two_row_header_with_a_spanning_cell(both: dict[str, Path]) -> None:
    perf, budget = read_pdf(both["borderless"]).tables
    assert perf.rows[0].texts == ["No", "Indikator Kinerja", "KINERJA", "", ""]
    assert perf.rows[1].texts == ["", "", "Target", "Realisasi", "Capaian"]
    roles = build_view(perf).roles.cols
    assert roles == {"no": 0, "indikator": 1, "target": 2, "realisasi": 3, "capaian": 4}
    roles = build_view(budget).roles.cols
    assert roles == {"no": 0, "program": 1, "pagu": 2, "realisasi": 3, "percent": 4}


def test_narrow_gap_between_a_figure_and_a_text_column(both: dict[str, Path]) -> None:
    perf = read_pdf(both["borderless"]).tables[0]
    assert perf.rows[2].texts[3:] == ["87,84", "Cukup Berhasil"]


def test_wrapped_cells_and_group_rows_stay_in_one_row(both: dict[str, Path]) -> None:
    budget = read_pdf(both["borderless"]).tables[1]
    texts = [row.texts for row in budget.rows]
    assert texts[2] == ["(1)", "(2)", "(3)", "(4)", "(5)"]
    assert texts[3][0].startswith("A. Program Dukungan") and not any(texts[3][1:])
    assert texts[5] == ["2", LONG, "7.502.000", "7.053.000", "94,01%"]


# --------------------------------------------------------------------------- the grid


def _word(text: str, x0: float, x1: float, top: float) -> dict[str, object]:
    return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": top + 8}


def _line(*spans: tuple[str, float, float], top: float) -> PdfLine:
    return PdfLine([Segment(t, (a, top, b, top + 8)) for t, a, b in spans])


def test_runs_never_on_one_line_are_one_column() -> None:
    """A column number centred over a right-aligned figure is the same column."""
    rows = [
        [("(1)", 10, 22), ("(2)", 100, 112)],  # centred
        [("Satu", 10, 40), ("90", 114, 124)],  # right-aligned, past the "(2)"
        [("Dua", 10, 30), ("85", 114, 124)],
    ]
    lines = [_line(*r, top=10.0 * i) for i, r in enumerate(rows)]
    words = [_word(t, a, b, 10.0 * i) for i, r in enumerate(rows) for t, a, b in r]
    edges = word_column_edges(words, lines, (10, 0, 124, 28))
    assert len(edges) == 3


def test_a_group_row_across_the_table_hides_no_column() -> None:
    rows = [
        [("1", 10, 14), ("Indikator", 40, 80), ("90%", 110, 124)],
        # a group row over every gap, its words a word space apart
        [("A.", 10, 18), ("Program", 21, 50), ("yang", 53, 70), ("panjang", 73, 100)],
        [("2", 10, 14), ("Lain", 40, 60), ("85%", 110, 124)],
    ]
    lines = [_line(*r, top=15.0 * i) for i, r in enumerate(rows)]  # rows 7 points apart
    words = [_word(t, a, b, 15.0 * i) for i, r in enumerate(rows) for t, a, b in r]
    edges = word_column_edges(words, lines, (10, 0, 124, 38))
    assert len(edges) == 4
    grid, _, _ = build_grid(words, edges)
    assert grid[1] == ["A. Program yang panjang", "", ""]


def test_a_line_set_tight_under_a_row_is_its_wrapped_cell() -> None:
    words = [
        _word("1", 10, 14, 0),
        _word("Persentase", 40, 80, 0),
        _word("90%", 110, 124, 0),
        _word("pegawai", 40, 70, 9.5),  # 1.5 points under: the same cell
        _word("2", 10, 14, 16),  # 6.5 points under: the next row
        _word("Lain", 40, 60, 16),
        _word("85%", 110, 124, 16),
    ]
    grid, boxes, _ = build_grid(words, [0, 30, 100, 130])
    assert grid == [["1", "Persentase\npegawai", "90%"], ["2", "Lain", "85%"]]
    assert len(boxes) == 2


def test_a_wrapped_cell_is_not_prose() -> None:
    cell = "satu dua tiga empat lima enam\ntujuh delapan sembilan sepuluh sebelas dua belas"
    grid = [["No", "Indikator", "Target"], ["1", " ".join(cell.split()), "90%"]]
    raw = [["No", "Indikator", "Target"], ["1", cell, "90%"]]
    assert table_quality(grid)["prose"] > 0
    assert table_quality(grid, raw)["prose"] == 0


def test_a_total_label_from_the_left_edge_hides_no_column() -> None:
    """JUMLAH set over the No and Uraian columns does not join them."""
    rows = [
        [("44", 80, 88), ("Rekapitulasi", 100, 150), ("761.600.000", 190, 234)],
        [("45", 80, 88), ("Penetapan", 100, 140), ("60.000.000", 194, 234)],
        [("46", 80, 88), ("Pelantikan", 100, 142), ("5.000.000", 198, 234)],
        [("JUMLAH", 75, 106), ("826.600.000", 190, 234)],
    ]
    lines = [_line(*r, top=15.0 * i) for i, r in enumerate(rows)]
    words = [_word(t, a, b, 15.0 * i) for i, r in enumerate(rows) for t, a, b in r]
    edges = word_column_edges(words, lines, (75, 0, 234, 53))
    assert len(edges) == 4
    grid, _, _ = build_grid(words, edges)
    assert grid[0] == ["44", "Rekapitulasi", "761.600.000"]
    assert grid[3] == ["JUMLAH", "", "826.600.000"]


#: prose leading into a table ("Sasaran 4 :<tab>..."), a last row with one cell in an inner
#: column, a table of one row, and a wide table on a page turned with /Rotate 90 (seed 2)
EDGES = """BAB III AKUNTABILITAS KINERJA

Sasaran 4 :\tMeningkatnya pelayanan hukum dan penyelesaian sengketa kepemiluan
Capaian indikator kinerja sasaran tersebut adalah sebagai berikut:
No\tIndikator Kinerja\tTarget\tRealisasi\tCapaian
1\tJumlah penyuluhan peraturan perundang-undangan\t12 kegiatan\t12 kegiatan\t100%
2\tPersentase anggota badan ad hoc yang\t1\t0,77\t100%
\tdiberhentikan karena pelanggaran\t\t\t

Tabel 3.4 Capaian Sasaran 4

Tabel 3.5 Reviu Laporan Keuangan
No\tIndikator Kinerja\tTarget\tRealisasi\tCapaian
2\tPersentase laporan hasil reviu laporan keuangan\tWTP\tWDP\tWDP

Tabel 3.6 Realisasi Anggaran per Output
NO\tKODE\tKEGIATAN\tPAGU (Rp.)\tREALISASI (Rp.)\tSISA (Rp.)\t% REALISASI
1\t3355.005\tPembinaan Pengelolaan\tRp.118.778.000,-\t-\tRp.118.778.000,-\t0,00
2\t3355.007\tLaporan Penggunaan Anggaran\tRp.86.163.000,-\tRp.65.243.060,-\tRp.20.919.940,-\t75,72
3\t3355.994\tLayanan Perkantoran\tRp.12.773.659.000,-\tRp.11.514.618.238,-\tRp.1.259.040.762,-\t90,14

Demikian laporan ini disusun.
"""


@pytest.fixture(scope="module")
def edges_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pdf, layout = build_pdf(EDGES, style="borderless", seed=2)
    assert layout.rotated_pages  # the wide table's page is turned
    out = tmp_path_factory.mktemp("edges") / "edges.pdf"
    out.write_bytes(pdf)
    return out


def test_prose_before_a_table_and_its_last_wrapped_row(edges_pdf: Path) -> None:
    first = read_pdf(edges_pdf).tables[0]
    assert [r.texts for r in first.rows] == [
        ["No", "Indikator Kinerja", "Target", "Realisasi", "Capaian"],
        [
            "1",
            "Jumlah penyuluhan peraturan perundang-undangan",
            "12 kegiatan",
            "12 kegiatan",
            "100%",
        ],
        ["2", "Persentase anggota badan ad hoc yang", "1", "0,77", "100%"],
        ["", "diberhentikan karena pelanggaran", "", "", ""],
    ]


def test_a_table_of_one_row_under_its_header(edges_pdf: Path) -> None:
    one = read_pdf(edges_pdf).tables[1]
    assert [r.texts for r in one.rows] == [
        ["No", "Indikator Kinerja", "Target", "Realisasi", "Capaian"],
        ["2", "Persentase laporan hasil reviu laporan keuangan", "WTP", "WDP", "WDP"],
    ]


def test_a_rotated_page_keeps_its_right_columns_whole(edges_pdf: Path) -> None:
    wide = read_pdf(edges_pdf).tables[2]
    assert wide.rows[0].texts[-1] == "% REALISASI"
    assert wide.rows[2].texts[3:] == [
        "Rp.86.163.000,-",
        "Rp.65.243.060,-",
        "Rp.20.919.940,-",
        "75,72",
    ]


def test_header_cells_wider_than_their_figures_stay_in_their_columns() -> None:
    """ "% REALISASI" reaches over the gap into the SISA column: it still heads its own."""
    words = [
        _word("SISA", 404.8, 423.5, 100),
        _word("(Rp.)", 425.7, 443.9, 100),
        _word("%", 478.1, 485.2, 100),
        _word("REALISASI", 487.4, 530.1, 100),
        _word("Rp.2.076.753.127,-", 410.0, 486.0, 120),
        _word("88,22", 505.0, 530.0, 120),
    ]
    grid, _, _ = build_grid(words, [400.0, 486.8, 540.0])
    assert grid == [["SISA (Rp.)", "% REALISASI"], ["Rp.2.076.753.127,-", "88,22"]]


def test_two_header_cells_in_one_phrase_are_split_at_the_column_edge() -> None:
    words = [
        _word("PAGU", 100.0, 122.0, 100),
        _word("REALISASI", 125.0, 168.0, 100),
        _word("1.000.000", 90.0, 122.0, 120),
        _word("900.000", 140.0, 168.0, 120),
    ]
    grid, _, _ = build_grid(words, [80.0, 123.5, 175.0])
    assert grid == [["PAGU", "REALISASI"], ["1.000.000", "900.000"]]


def test_a_group_row_over_the_columns_goes_to_the_first() -> None:
    words = [
        _word("Sasaran", 60.0, 95.0, 100),
        _word("1", 97.0, 100.0, 100),
        _word("Meningkatnya", 102.0, 160.0, 100),
        _word("kualitas", 162.0, 200.0, 100),
        _word("pemilu", 202.0, 240.0, 100),
        _word("1", 60.0, 64.0, 120),
        _word("90", 150.0, 160.0, 120),
        _word("95", 220.0, 230.0, 120),
    ]
    grid, _, _ = build_grid(words, [50.0, 120.0, 190.0, 250.0])
    assert grid[0] == ["Sasaran 1 Meningkatnya kualitas pemilu", "", ""]


def test_band_of_as_the_scan() -> None:
    """Each word's band (the first that holds its middle) from the sorted bands' bisection is
    the one a scan of the bands finds, for bands in order down the page (touching, overlapping,
    nested in none) and out of order."""
    rng = random.Random(7)

    def scan(words: list[dict[str, Any]], bands: list[tuple[float, float]]) -> list[int | None]:
        mids = [(w["top"] + w["bottom"]) / 2 for w in words]
        return [next((i for i, (a, b) in enumerate(bands) if a <= m <= b), None) for m in mids]

    for _ in range(300):
        tops = sorted(round(rng.uniform(0, 200), 1) for _ in range(rng.randint(0, 8)))
        bands: list[tuple[float, float]] = []
        for t in tops:  # bottoms in order too: a line as tall as the one above, or taller
            bottom = t + rng.choice([8.0, 10.0, 14.0]) + 1
            bands.append((t - 1, max(bottom, bands[-1][1]) if bands else bottom))
        if rng.random() < 0.3:
            rng.shuffle(bands)
        words = []
        for _ in range(40):
            top = round(rng.uniform(-5, 220), 1) if rng.random() < 0.5 else rng.choice(tops or [0])
            words.append({"top": top, "bottom": top + rng.choice([7.0, 8.0, 9.5])})
        assert _band_of(words, bands) == scan(words, bands)
