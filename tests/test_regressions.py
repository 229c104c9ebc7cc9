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
