"""Scanned PDFs read with Tesseract: triage, tables rebuilt from the page image, figures checked.

A small report is drawn with reportlab (a cover, prose pages, a page with a ruled
performance table and a borderless DIPA table), scanned at 150 dpi (crooked, noisy, no text
layer) and read back. Tesseract is needed: the tests skip without it, except in CI, where
``make test`` installs it.
"""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from scan_fixtures import require_tesseract

from lkj.corpus.render_scan import scan_pdf
from lkj.extract.ocr import INSTALL_COMMAND
from lkj.extract.pdf_reader import PdfReport, read_pdf
from lkj.models import RawDocument
from lkj.models.errors import UnsupportedFormat
from lkj.pipeline import extract_document

PROSE = (
    "Komisi Pemilihan Umum Kabupaten Ogan Ilir menyusun laporan kinerja sebagai bentuk "
    "pertanggungjawaban atas pelaksanaan tugas dan fungsi selama satu tahun anggaran. "
    "Laporan ini memuat rencana strategis, perjanjian kinerja dan analisis capaian."
)
PERFORMANCE = [
    ["No", "Indikator Kinerja", "Target", "Realisasi", "Capaian"],
    ["1", "Persentase partisipasi pemilih", "70%", "75%", "107%"],
    ["2", "Persentase pemilih disabilitas", "75%", "60%", "80%"],
    ["3", "Persentase sengketa yang dimenangkan", "100%", "100%", "100%"],
]
DIPA = [
    ["NO", "DIPA", "JUMLAH (RP.)", "TANGGAL"],
    ["1", "AWAL", "14.466.321.000", ""],
    ["2", "REVISI 1", "14.989.199.000", "22 Maret 2019"],
    ["3", "REVISI 2", "15.509.073.000", "27 Agustus 2019"],
]
#: the page the tables stand on, of eight
TABLE_PAGE = 6


@pytest.fixture(scope="module")
def tesseract() -> None:
    require_tesseract()


def _prose(c: canvas.Canvas, top: float, lines: int) -> None:
    c.setFont("Helvetica", 10)
    words = (PROSE + " ") * 12
    y = top
    for k in range(lines):
        c.drawString(72, y, words[k * 80 : k * 80 + 80].strip())
        y -= 14


def _table(
    c: canvas.Canvas, x: float, top: float, rows: list[list[str]], widths: list[float], ruled: bool
) -> float:
    """Draw a table of 9-point text, ruled or not; returns the y under it."""
    height = 18.0
    for r, row in enumerate(rows):
        y = top - (r + 1) * height
        c.setFont("Helvetica-Bold" if r == 0 else "Helvetica", 9)
        left = x
        for cell, width in zip(row, widths, strict=True):
            c.drawString(left + 4, y + 6, cell)
            left += width
    if ruled:
        c.setLineWidth(0.6)
        bottom = top - len(rows) * height
        for r in range(len(rows) + 1):
            c.line(x, top - r * height, x + sum(widths), top - r * height)
        left = x
        for width in [0.0, *widths]:
            left += width
            c.line(left, top, left, bottom)
    return top - len(rows) * height


def report_pdf() -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Helvetica-Bold", 16)
    c.drawString(120, 640, "LAPORAN KINERJA KPU KABUPATEN OGAN ILIR")
    c.drawString(250, 610, "TAHUN 2019")
    c.showPage()
    for no in range(2, 9):
        if no == TABLE_PAGE:
            c.setFont("Helvetica-Bold", 10)
            c.drawString(250, 780, "Tabel 3.1 Capaian Kinerja")
            y = _table(c, 60, 770, PERFORMANCE, [30, 250, 60, 60, 60], ruled=True)
            c.setFont("Helvetica-Bold", 10)
            c.drawString(250, y - 30, "Tabel 3.5 Revisi DIPA")
            _table(c, 60, y - 40, DIPA, [40, 100, 130, 130], ruled=False)
        else:
            _prose(c, 780, 40)
        c.setFont("Helvetica", 9)
        c.drawString(290, 40, f"- {no} -")
        c.showPage()
    c.save()
    return buf.getvalue()


@pytest.fixture(scope="module")
def scan(
    tmp_path_factory: pytest.TempPathFactory, tesseract: None
) -> tuple[RawDocument, PdfReport]:
    path = tmp_path_factory.mktemp("scan") / "report.pdf"
    data, _ = scan_pdf(report_pdf(), dpi=150, seed=4)
    path.write_bytes(data)
    report = PdfReport()
    return read_pdf(path, report=report), report


def test_a_scan_is_read_by_ocr(scan: tuple[RawDocument, PdfReport]) -> None:
    doc, report = scan
    assert doc.format == "scan" and doc.n_pages == 8
    assert doc.warnings == []
    assert report.ocr is not None
    text = "\n".join(line.text for line in doc.lines)
    assert "OGAN ILIR" in text and "2019" in text
    assert "pertanggungjawaban" in text  # prose pages read at low resolution still read


def test_only_candidates_and_their_neighbours_are_read_at_full_resolution(
    scan: tuple[RawDocument, PdfReport],
) -> None:
    _, report = scan
    assert report.ocr is not None
    full = report.ocr.full_pages
    assert TABLE_PAGE in full
    assert set(full) <= {1, 2, 3, TABLE_PAGE - 1, TABLE_PAGE, TABLE_PAGE + 1}
    assert 8 not in full and 4 not in full
    by_no = {p.no: p for p in report.ocr.pages}
    assert by_no[TABLE_PAGE].dpi == pytest.approx(300, abs=1)  # a 150 dpi scan read at 300
    assert by_no[8].pass_ == "triage" and by_no[8].dpi == pytest.approx(100, abs=1)
    assert "caption" in by_no[TABLE_PAGE].reasons


def test_tables_are_rebuilt_from_the_page_image(scan: tuple[RawDocument, PdfReport]) -> None:
    doc, _ = scan
    perf, dipa = doc.tables
    assert perf.method == "pdfplumber-lines"  # from the rulings found in the image
    assert dipa.method == "pdfplumber-text"  # from the gaps between the words
    assert [c.text for c in perf.rows[2].cells][2:] == ["75%", "60%", "80%"]
    assert [c.text for c in dipa.rows[3].cells][2:] == ["15.509.073.000", "27 Agustus 2019"]
    for table in (perf, dipa):
        assert table.page == TABLE_PAGE
        assert all(r.bbox is not None for r in table.rows)
        figures = [c for r in table.rows[1:] for c in r.cells if any(ch.isdigit() for ch in c.text)]
        assert figures and all(c.confidence is not None for c in figures)


def test_records_from_a_scan(scan: tuple[RawDocument, PdfReport]) -> None:
    ex = extract_document(scan[0])
    assert [(r.target.value, r.realisasi.value, r.capaian.value) for r in ex.performance] == [
        (70.0, 75.0, 107.0),
        (75.0, 60.0, 80.0),
        (100.0, 100.0, 100.0),
    ]
    assert [(r.seq, r.amount, str(r.date)) for r in ex.dipa_revisions] == [
        (0, 14466321000, "None"),
        (1, 14989199000, "2019-03-22"),
        (2, 15509073000, "2019-08-27"),
    ]
    for r in ex.performance:
        assert r.provenance.page == TABLE_PAGE and r.provenance.bbox is not None
        assert r.target.confidence is not None and r.provenance.ocr["target"].confidence
    assert ex.document.year == 2019


def _mixed(tmp_path: Path) -> Path:
    """Page 1 born-digital, pages 2 and 3 scanned."""
    src = report_pdf()
    scanned, _ = scan_pdf(src, dpi=150, seed=2)
    out = pdfium.PdfDocument.new()
    out.import_pages(pdfium.PdfDocument(src), [0])
    out.import_pages(pdfium.PdfDocument(scanned), [TABLE_PAGE - 1, 7])
    path = tmp_path / "mixed.pdf"
    out.save(path)
    return path


def test_a_mixed_document_reads_its_text_layer_and_ocrs_the_rest(
    tmp_path: Path, tesseract: None
) -> None:
    doc = read_pdf(_mixed(tmp_path))
    assert doc.format == "scan" and doc.n_pages == 3
    assert doc.lines[0].text.startswith("LAPORAN KINERJA")
    assert any("pages 2-3 read by OCR" in w for w in doc.warnings)
    assert len(doc.tables) == 2 and {t.page for t in doc.tables} == {2}


def test_without_tesseract_a_scan_fails_naming_the_install_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pytesseract

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    path = tmp_path / "scan.pdf"
    path.write_bytes(scan_pdf(report_pdf(), dpi=72, seed=0)[0])
    with pytest.raises(UnsupportedFormat, match="no text layer.*apt-get install") as err:
        read_pdf(path)
    assert INSTALL_COMMAND in str(err.value) and "\n" not in str(err.value)
    doc = read_pdf(_mixed(tmp_path))  # a mixed document: the text pages, and a warning
    assert doc.format == "pdf"
    assert any("pages 2-3 were not read" in w and "apt-get" in w for w in doc.warnings)


def test_tesseract_is_told_to_use_one_thread(tesseract: None) -> None:
    assert os.environ.get("OMP_THREAD_LIMIT")
    assert shutil.which("tesseract")
