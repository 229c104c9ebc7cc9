"""The scanned rendering: page images only, crooked, noisy, at the resolution asked for.

The generator writes it with ``lkj corpus generate --format scan``; the OCR tests read it.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from lkj.cli import main
from lkj.corpus.render_scan import MAX_ANGLE, MIN_ANGLE, scan_pdf
from lkj.extract import ocr


def born_digital(pages: int = 2) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for k in range(pages):
        if k == 1:
            c.setPageSize(landscape(A4))
        c.setFont("Helvetica", 10)
        c.drawString(72, 760 if k != 1 else 500, f"Halaman {k + 1}: Laporan Kinerja KPU 2019")
        c.showPage()
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize("dpi", [150, 300])
def test_a_scan_has_page_images_and_no_text(dpi: int) -> None:
    data, info = scan_pdf(born_digital(), dpi=dpi, seed=3)
    pdf = pdfium.PdfDocument(data)
    try:
        assert len(pdf) == 2
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            assert textpage.count_chars() == 0  # the text layer is gone
            textpage.close()
            assert ocr.image_cover(page) > 0.99
            assert ocr.native_dpi(page) == pytest.approx(dpi, rel=0.01)
        # page sizes kept: portrait then landscape, within a pixel
        assert pdf[0].get_size() == pytest.approx(A4, abs=72 / dpi)
        assert pdf[1].get_size() == pytest.approx(landscape(A4), abs=72 / dpi)
    finally:
        pdf.close()
    assert info.dpi == dpi
    assert all(MIN_ANGLE <= abs(a) <= MAX_ANGLE for a in info.angles)
    assert all(55 <= q <= 75 for q in info.jpeg_quality)


def test_a_scan_depends_only_on_its_inputs() -> None:
    src = born_digital()
    first, _ = scan_pdf(src, dpi=150, seed=5)
    again, _ = scan_pdf(src, dpi=150, seed=5)
    other, _ = scan_pdf(src, dpi=150, seed=6)
    assert first == again
    assert first != other


def test_the_scan_is_as_crooked_as_it_says() -> None:
    """The deskew step measures the angle the scanner put in, to a tenth of a degree."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("Helvetica", 10)
    for k in range(40):
        c.drawString(
            72, 780 - 18 * k, "Persentase partisipasi pemilih dalam Pemilu 2019 sebesar 75%"
        )
    c.save()
    data, info = scan_pdf(buf.getvalue(), dpi=150, seed=1)
    pdf = pdfium.PdfDocument(data)
    try:
        grey = ocr.render(pdf[0], 100)
    finally:
        pdf.close()
    assert ocr.skew_angle(grey, 100 / 72) == pytest.approx(info.angles[0], abs=0.1)


def test_a_bad_resolution_is_refused() -> None:
    with pytest.raises(ValueError, match="dpi"):
        scan_pdf(born_digital(1), dpi=20)


def test_corpus_generate_writes_scans_with_their_truth(tmp_path: Path) -> None:
    out = tmp_path / "scan"
    result = CliRunner().invoke(
        main,
        [
            "corpus",
            "generate",
            "--out",
            str(out),
            "--satker",
            "1",
            "--years",
            "2024",
            "--format",
            "scan",
        ],
    )
    assert result.exit_code == 0, result.output
    (pdf_path,) = sorted(out.glob("*.pdf"))
    assert not list(out.glob("*.txt"))
    truth = json.loads(pdf_path.with_name(pdf_path.stem + ".truth.json").read_text())
    assert truth["source"] == pdf_path.name
    assert truth["scan"]["dpi"] in (150, 300)
    assert len(truth["scan"]["angles"]) == truth["pdf"]["n_pages"]
    pdf = pdfium.PdfDocument(pdf_path)
    try:
        assert len(pdf) == truth["pdf"]["n_pages"]
        textpage = pdf[0].get_textpage()
        assert textpage.count_chars() == 0
        textpage.close()
    finally:
        pdf.close()


def test_pdf_and_scan_cannot_both_be_written(tmp_path: Path) -> None:
    from lkj.corpus import generate_archive

    with pytest.raises(ValueError, match="choose one"):
        generate_archive(tmp_path, n_satker=1, years=(2024,), formats=("pdf", "scan"))
