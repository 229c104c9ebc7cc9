"""Records read from scanned cells carry the OCR confidence of each value and flag doubtful ones.

The raw document here is a text conversion read by the text reader, then marked as a scan
with the confidences and repairs an OCR reader would have left on its cells; the pipeline
must carry them to the records (values, flags, provenance) and leave other documents alone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lkj.extract.ocr_tables import cell_confidence, column_kinds
from lkj.extract.ocr_values import LOW_CONFIDENCE, missing_columns
from lkj.extract.text_reader import read_text
from lkj.models import RawCell, RawDocument, TableInfo
from lkj.pipeline import extract_document

REPORT = """LAPORAN KINERJA KPU KABUPATEN OGAN ILIR TAHUN 2019

Tabel 3.1 Capaian Kinerja
No\tIndikator Kinerja\tTarget\tRealisasi\tCapaian
1\tPersentase partisipasi pemilih\t70%\t75%\t107%
2\tPersentase pemilih disabilitas\t75%\t60%\t80%

Tabel 3.5 Revisi DIPA
NO\tDIPA\tJUMLAH (RP.)\tTANGGAL
1\tAWAL\t14.466.321.000\t
2\tREVISI 1\t14.989.199.000\t22 Maret 2019
"""


def scanned(tmp_path: Path) -> RawDocument:
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    doc = read_text(path)
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                cell.confidence = 95.0
    perf, dipa = doc.tables
    # the realisasi of row 1 was read "7S%" and repaired; the capaian of row 2 is doubtful
    perf.rows[1].cells[3].ocr_text = "7S%"
    perf.rows[2].cells[4].confidence = 41.0
    # the amount of REVISI 1 was read with little confidence
    dipa.rows[2].cells[2].confidence = 52.0
    return doc.model_copy(update={"format": "scan"})


def test_scanned_values_carry_confidence_and_flags(tmp_path: Path) -> None:
    ex = extract_document(scanned(tmp_path))
    first, second = ex.performance
    assert first.realisasi.value == 75.0 and first.realisasi.has("ocr_repaired")
    assert first.provenance.ocr["realisasi"].read == "7S%"
    assert first.realisasi.confidence == 95.0
    assert not first.target.has("ocr_repaired") and not first.target.has("low_confidence")
    assert second.capaian.has("low_confidence") and second.capaian.confidence == 41.0
    assert second.provenance.ocr["capaian"].confidence == 41.0
    assert second.provenance.ocr["indikator"].confidence == 95.0

    awal, revisi = ex.dipa_revisions
    assert "amount:low_confidence" in revisi.flags
    assert revisi.provenance.ocr["amount"].confidence == 52.0
    assert not any(f.startswith("amount:") for f in awal.flags)


def test_a_document_read_from_text_has_no_ocr_marks(tmp_path: Path) -> None:
    doc = scanned(tmp_path).model_copy(update={"format": "text"})
    ex = extract_document(doc)
    assert all(r.provenance.ocr == {} for r in ex.performance + ex.dipa_revisions)
    assert all(r.realisasi.confidence is None for r in ex.performance)
    assert not any("low_confidence" in r.capaian.flags for r in ex.performance)


def test_low_confidence_threshold_is_a_confidence() -> None:
    assert 50 < LOW_CONFIDENCE < 100


def test_cell_confidence_is_that_of_its_figures() -> None:
    from lkj.extract.ocr import Word

    words = [
        Word("22", 10, 10, 20, 17, 95),
        Word("Septémber", 22, 10, 60, 17, 40),  # a month Tesseract is unsure of
        Word("2019", 62, 10, 80, 17, 91),
        Word("REVISI", 100, 10, 130, 17, 35),  # another cell
    ]
    assert cell_confidence(RawCell(text="22 September 2019", bbox=(5, 8, 90, 19)), words) == 91.0
    assert cell_confidence(RawCell(text="REVISI", bbox=(95, 8, 140, 19)), words) == 35.0
    assert cell_confidence(RawCell(text="", bbox=(200, 8, 240, 19)), words) is None


@pytest.mark.parametrize(
    ("table", "kinds"),
    [
        (1, {2: "percent", 3: "percent", 4: "percent"}),  # target / realisasi / capaian with %
        (2, {1: "label", 2: "money", 3: "date"}),  # the label: "REVISI2" -> "REVISI 2"
    ],
)
def test_figure_and_label_columns_are_known_by_their_header(
    tmp_path: Path, table: int, kinds: dict[int, str]
) -> None:
    doc = scanned(tmp_path)
    got, body = column_kinds(doc.tables[table - 1])
    assert got == kinds
    header_line = doc.tables[table - 1].rows[0].line
    assert header_line not in body and len(body) == 2


MERGED = """LAPORAN KINERJA KPU KABUPATEN OGAN ILIR TAHUN 2019

Tabel 3.1 Capaian Kinerja
No\tIndikator Kinerja Target\tRealisasi\tCapaian
1\tPersentase partisipasi pemilih 70%\t75%\t107%
2\tPersentase pemilih disabilitas 75%\t60%\t80%
"""


def test_a_column_the_grid_merged_away_flags_its_values(tmp_path: Path) -> None:
    """The target column read into the indicator's (the grid from the page image merged
    them): the targets are missing, and flagged, not silent."""
    path = tmp_path / "report.txt"
    path.write_text(MERGED, encoding="utf-8")
    doc = read_text(path)
    for row in doc.tables[0].rows:
        for cell in row.cells:
            cell.confidence = 95.0
    ex = extract_document(doc.model_copy(update={"format": "scan"}))
    assert len(ex.performance) == 2
    for rec in ex.performance:
        assert rec.target.value is None and rec.target.has("column_missing")
        assert not rec.realisasi.has("column_missing") and not rec.capaian.has("column_missing")
        assert rec.realisasi.confidence == 95.0
    # read from a text layer, the same table is not the OCR's doing: nothing is flagged
    plain = extract_document(doc)
    assert not any(r.target.has("column_missing") for r in plain.performance)


@pytest.mark.parametrize(
    ("kind", "header", "columns", "missing"),
    [
        # the target merged into the indicator's header cell
        (
            "performance",
            ["No", "Indikator Kinerja Target", "Realisasi", "Capaian"],
            {"no": 0, "indikator": 1, "realisasi": 2, "capaian": 3},
            ["target"],
        ),
        # a PK table prints targets only: nothing is missing
        (
            "performance",
            ["No", "Sasaran", "Indikator Kinerja", "Target"],
            {"no": 0, "sasaran": 1, "indikator": 2, "target": 3},
            [],
        ),
        # targets under KETERANGAN
        (
            "performance",
            ["No", "Indikator Kinerja", "Keterangan"],
            {"no": 0, "indikator": 1, "keterangan": 2},
            [],
        ),
        # a TARGET column merged with the indicator's beside a KETERANGAN column (which then
        # stands in for the targets, wrongly)
        (
            "performance",
            ["SASARAN INDIKATOR KINERJA TARGET", "OUTPUT KEGIATAN", "KETERANGAN"],
            {"indikator": 0, "kegiatan": 1, "keterangan": 2},
            ["target"],
        ),
        # realisasi named in the header, its column merged with the target's
        (
            "performance",
            ["Indikator", "Target Realisasi", "Capaian"],
            {"indikator": 0, "target": 1, "capaian": 2},
            ["realisasi"],
        ),
        # the date's header read into the note's
        (
            "dipa_revisions",
            ["NO", "DIPA", "JUMLAH (RP.)", "KETERANGAN TANGGAL"],
            {"no": 0, "dipa_label": 1, "pagu": 2, "keterangan": 3},
            ["date"],
        ),
        # a revision table without dates
        (
            "dipa_revisions",
            ["NO", "DIPA", "JUMLAH (RP.)"],
            {"no": 0, "dipa_label": 1, "pagu": 2},
            [],
        ),
    ],
)
def test_missing_columns(
    kind: str, header: list[str], columns: dict[str, int], missing: list[str]
) -> None:
    info = TableInfo(index=0, kind=kind, confidence=1.0, header=header, columns=columns)
    assert missing_columns(kind, info) == missing


def test_field_flags_reads_both_places_flags_are_written() -> None:
    """A performance value carries its own flags; other records carry ``field:flag``."""
    from types import SimpleNamespace

    from lkj.extract.ocr_values import field_flags

    perf = SimpleNamespace(target=SimpleNamespace(flags=("low_confidence",)))
    assert field_flags("performance", perf, "target") == ("low_confidence",)
    dipa = SimpleNamespace(flags=["amount:ocr_repaired", "date:column_missing", "amounts:x"])
    assert field_flags("dipa_revisions", dipa, "amount") == ("ocr_repaired",)
    assert field_flags("dipa_revisions", dipa, "date") == ("column_missing",)
