"""The quality score that chooses between table locators, and the grid clean-up they share."""

from __future__ import annotations

import pytest

from lkj.extract.pdf_layout import header_rows, repeated_header
from lkj.extract.pdf_quality import WEIGHTS, is_good, table_quality
from lkj.extract.pdf_tables import FoundTable, cell_text, column_edges, finish
from lkj.extract.pdf_triage import PdfLine, Segment

PERF = [
    ["No", "Indikator Kinerja", "Target", "Realisasi", "Capaian"],
    ["1", "Persentase tahapan tepat waktu", "100%", "95%", "95%"],
    ["2", "Jumlah laporan keuangan", "2 laporan", "2 laporan", "100%"],
]
DIPA = [
    ["No", "DIPA", "Jumlah (Rp)", "Tanggal", "Keterangan"],
    ["1.", "AWAL", "14.466.321.000", "5 Desember 2023", "-"],
    ["2.", "REVISI 1", "14.989.199.000", "22 Maret 2024", "Revisi KPA"],
]


def test_weights_add_up_to_one() -> None:
    assert sum(WEIGHTS.values()) == pytest.approx(1.0)


@pytest.mark.parametrize("grid", [PERF, DIPA])
def test_clean_tables_score_full(grid: list[list[str]]) -> None:
    q = table_quality(grid)
    assert q["score"] == 1.0
    assert (q["rows"], q["cols"]) == (3.0, 5.0)
    assert is_good(q)


@pytest.mark.parametrize(
    ("grid", "part"),
    [
        # a money column cut through its digits
        (
            [
                ["No", "Uraian", "Pagu", "", "Realisasi"],
                ["1", "Belanja Barang", "1.000.", "000", "900.000"],
                ["2", "Belanja Modal", "2.000.", "000", "1.800.000"],
            ],
            "clean",
        ),
        # a header word cut in two
        (
            [
                ["No", "Uraian", "Pa", "gu"],
                ["1", "Belanja Barang", "1.000.000", "900.000"],
                ["2", "Belanja Modal", "2.000.000", "1.800.000"],
            ],
            "clean",
        ),
        # letters and digits of two columns run together
        (
            [
                ["No", "Indikator Kinerja", "Target", "Realisasi"],
                ["1", "Persentase tepat w", "ak9t0u%", "81,5%"],
                ["2", "Persentase layanan", "ak9t0u%", "82,5%"],
            ],
            "clean",
        ),
        # figures that do not parse as one number
        (
            [
                ["No", "Uraian", "Pagu", "Realisasi"],
                ["1", "Belanja", "1.000.000 2", "00.000"],
                ["2", "Barang", "2.000.000", "1.800.000"],
            ],
            "numeric",
        ),
        # a column split off its neighbour: no header over it
        (
            [
                ["No", "DIPA", "", "Jumlah (Rp)"],
                ["1.", "REVISI", "1", "14.989.199.000"],
                ["2.", "REVISI", "2", "15.209.085.549"],
            ],
            "headed",
        ),
    ],
)
def test_damaged_grids_are_not_good(grid: list[list[str]], part: str) -> None:
    q = table_quality(grid)
    assert q[part] < 1.0
    assert not is_good(q)
    assert q["score"] < 1.0


def test_damage_lowers_the_score_below_the_clean_reading() -> None:
    clean = table_quality(DIPA)["score"]
    split = table_quality([r[:2] + [r[2][:7], r[2][7:]] + r[3:] for r in DIPA])["score"]
    assert split < clean


def test_prose_read_as_a_table_scores_low() -> None:
    grid = [
        [
            "Pengukuran kinerja dilakukan dengan membandingkan target dan realisasi setiap indikator kinerja",
            "",
        ],
        [
            "yang telah ditetapkan dalam perjanjian kinerja pada tahun berjalan oleh satuan kerja ini",
            "",
        ],
        ["Capaian", "baik"],
    ]
    q = table_quality(grid)
    assert q["prose"] > 0
    assert q["score"] < 0.55


@pytest.mark.parametrize("grid", [[], [["a", "b"]], [["a"], ["b"], ["c"]]])
def test_too_small_grids_score_zero(grid: list[list[str]]) -> None:
    assert table_quality(grid)["score"] == 0.0


def test_quantities_and_dashes_are_not_broken_numbers() -> None:
    grid = [
        ["No", "Indikator", "Target", "Realisasi"],
        ["1", "Laporan", "2 laporan", "-"],
        ["2", "Kegiatan", "10 kali", "10 kali"],
        ["3", "Lembaga", "1 Lembaga 100%", "100%"],
    ]
    assert table_quality(grid)["numeric"] == 1.0


# --------------------------------------------------------------------------- shared clean-up


def test_cell_text_joins_wrapped_lines() -> None:
    assert (
        cell_text("Persentase tahapan\npemilu tepat waktu")
        == "Persentase tahapan pemilu tepat waktu"
    )
    assert cell_text("Pelaksa-\nnaan") == "Pelaksanaan"
    assert cell_text(None) == ""


def test_finish_drops_empty_rows_columns_and_gives_back_captions() -> None:
    rows: list[list[str | None]] = [
        ["Tabel 3.1 Capaian Kinerja", None, None],
        ["No", "Indikator", "Target"],
        [None, None, None],
        ["1", "Persentase", "90%"],
        ["2", "Jumlah", "2 laporan"],
    ]
    rows = [r[:2] + [None] + r[2:] for r in rows]  # an empty column
    boxes = [(0.0, 10.0 * i, 100.0, 10.0 * i + 9) for i in range(len(rows))]
    found = finish(1, "pdfplumber-text", rows, boxes)
    assert found is not None
    assert found.rows == [
        ["No", "Indikator", "Target"],
        ["1", "Persentase", "90%"],
        ["2", "Jumlah", "2 laporan"],
    ]
    assert found.bbox == (0.0, 10.0, 100.0, 49.0)  # the caption row is not in the table
    assert found.quality["score"] > 0.9
    ruled = finish(1, "pdfplumber-lines", rows, boxes)
    assert ruled is not None and ruled.n_cols == 4  # a ruled grid keeps its empty column


def test_finish_refuses_a_single_column() -> None:
    assert finish(1, "pdfplumber-lines", [["a"], ["b"]], [(0, 0, 1, 1), (0, 1, 1, 2)]) is None


def test_column_edges_from_text_runs() -> None:
    def line(*spans: tuple[float, float], top: float) -> PdfLine:
        return PdfLine([Segment("x", (a, top, b, top + 8)) for a, b in spans])

    lines = [
        line((10, 60), (100, 150), (200, 240), top=0),  # a header
        line((10, 20), (100, 170), (210, 240), top=10),
        line((10, 20), (100, 130), (205, 240), top=20),
    ]
    edges = column_edges(lines, (10, 0, 240, 28))
    assert len(edges) == 4
    assert 20 < edges[1] < 100 and 170 < edges[2] < 205


# --------------------------------------------------------------------------- repeated headers


def _table(rows: list[list[str]]) -> FoundTable:
    boxes = [(0.0, float(i), 1.0, float(i) + 1) for i in range(len(rows))]
    return FoundTable(1, "pdfplumber-lines", rows, boxes)


def test_repeated_header_rows_are_counted() -> None:
    first = _table([["No", "Uraian", "Pagu"], ["1", "2", "3"], ["1", "Belanja", "1.000"]])
    assert header_rows(first) == 2  # the header and its column-number row
    again = _table([["NO", "URAIAN", "PAGU"], ["1", "2", "3"], ["9", "Modal", "9.000"]])
    assert repeated_header(first, again) == 2
    plain = _table([["9", "Modal", "9.000"], ["10", "Barang", "10.000"]])
    assert repeated_header(first, plain) == 0
    other = _table([["No", "Indikator", "Target"], ["1", "Persentase", "90%"]])
    assert repeated_header(first, other) is None
