"""One focused test per bug, each with its fixture in tests/regressions/<slug>.txt."""

from __future__ import annotations

from pathlib import Path

from lkj.pipeline import extract_file

HERE = Path(__file__).parent / "regressions"


def test_pk_table_then_program_table():
    """A two-column Program/Anggaran table after blank lines under a PK table is its own
    budget table, not two more performance rows of the PK table."""
    ex = extract_file(HERE / "pk-table-then-program-table.txt")
    assert [r.indikator for r in ex.performance] == [
        "Persentase Partisipasi Pemilih",
        "Persentase Pemilih Perempuan",
    ]
    assert ex.performance[1].sasaran == "Meningkatnya Partisipasi"  # same as above
    assert [(b.name, b.pagu, b.level, b.table) for b in ex.budget_lines] == [
        ("Program Dukungan Manajemen", 11_649_460_000, "program", None),
        ("Program Penguatan Kelembagaan", 2_816_861_000, "program", None),
    ]


def test_sasaran_heading_between_caption_and_table():
    """The caption belongs to the performance table, not to the "Sasaran 3 :" line, and
    the heading becomes the rows' sasaran."""
    ex = extract_file(HERE / "sasaran-heading-between-caption-and-table.txt")
    (row,) = ex.performance
    assert row.table == "3.4"
    assert row.sasaran == "Meningkatnya Kapasitas Lembaga"
    assert (row.target.value, row.realisasi.value, row.capaian.value) == ("B", "B", 100.0)
    assert row.capaian.unit == "%"


def test_mangled_code_takes_column_level():
    """ "3.364.034" is a kegiatan.output code with its marks mangled; it keeps its raw text
    and the level of the codes around it, with a flag."""
    ex = extract_file(HERE / "mangled-code-takes-column-level.txt")
    rows = {b.code: b for b in ex.budget_lines if not b.is_total}
    assert rows["3.364.034"].level == "output"
    assert "code:unusual_shape" in rows["3.364.034"].flags
    assert rows["3.364.034"].realisasi == 0 and "realisasi:dash_zero" in rows["3.364.034"].flags
    total = [b for b in ex.budget_lines if b.is_total]
    assert len(total) == 1 and total[0].pagu == 163_830_000


def test_caption_title_sasaran_n_is_not_a_heading():
    """An italic caption title ending "Sasaran 1*" must not replace the sasaran heading
    with its closing "*"."""
    ex = extract_file(HERE / "caption-title-sasaran-n-is-not-a-heading.txt")
    (row,) = ex.performance
    assert row.sasaran == "Meningkatnya kualitas penyelenggaraan Pemilu"
    assert row.table == "3.1"


def test_first_data_row_made_of_header_words():
    """A first data row whose words are all header words ("Jumlah", "kegiatan") is data:
    cells that start with a figure are never column headings."""
    ex = extract_file(HERE / "first-data-row-made-of-header-words.txt")
    assert [(r.indikator, r.target.raw) for r in ex.performance] == [
        ("Jumlah penyuluhan peraturan perundang-undangan", "8 kegiatan"),
        ("Persentase anggota badan ad hoc yang diberhentikan", "0.5 %"),
    ]
