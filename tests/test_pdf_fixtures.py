"""Small born-digital PDFs built with reportlab for the PDF reader tests.

Each builder writes one report-like PDF: a cover naming the satker and year, running header
and page-number footer, captions, and ruled or borderless tables. The tests in this module
only check that the builders make what the reader tests rely on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("reportlab")

from reportlab.lib import colors  # noqa: E402
from reportlab.lib.pagesizes import A4, landscape  # noqa: E402
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402
from reportlab.platypus import (  # noqa: E402
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

SATKER = "KOMISI PEMILIHAN UMUM KABUPATEN DHARMASRAYA"
RUNNING = "Laporan Kinerja KPU Kabupaten Dharmasraya Tahun 2024"
STYLES = getSampleStyleSheet()
BODY = STYLES["Normal"]
CELL = ParagraphStyle("cell", parent=BODY, fontSize=9, leading=11)

PROSE = (
    "Pengukuran kinerja dilakukan dengan membandingkan target dan realisasi setiap indikator "
    "kinerja yang telah ditetapkan dalam Perjanjian Kinerja tahun berjalan. "
) * 2

PERF_HEAD = ["No", "Indikator Kinerja", "Target", "Realisasi", "Capaian"]
PERF_ROWS = [
    ["1", "Persentase tahapan pemilu yang dilaksanakan tepat waktu", "100%", "95%", "95%"],
    ["2", "Indeks partisipasi pemilih dalam pemilihan umum tahun 2024", "77,5%", "81,2%", "104,77%"],
    ["3", "Jumlah laporan keuangan yang disusun tepat waktu", "2 laporan", "2 laporan", "100%"],
]  # fmt: skip
DIPA_HEAD = ["No", "DIPA", "Jumlah (Rp)", "Tanggal", "Keterangan"]
DIPA_ROWS = [
    ["1.", "AWAL", "14.466.321.000", "5 Desember 2023", "-"],
    ["2.", "REVISI 1", "14.989.199.000", "22 Maret 2024", "Revisi KPA"],
    ["3.", "REVISI 2", "15.209.085.549", "9 Juli 2024", "Revisi KPU RI"],
]


def _on_page(c: Any, doc: Any) -> None:
    width, height = doc.pagesize
    c.saveState()
    c.setFont("Helvetica", 8)
    c.drawString(72, height - 36, RUNNING)
    c.drawCentredString(width / 2, 28, str(doc.page))
    c.restoreState()


def cover() -> list[Any]:
    return [
        Spacer(1, 120),
        Paragraph("LAPORAN KINERJA", STYLES["Title"]),
        Paragraph(SATKER, STYLES["Title"]),
        Paragraph("TAHUN 2024", STYLES["Title"]),
        PageBreak(),
    ]


def para(text: str) -> Paragraph:
    return Paragraph(text, BODY)


def table(
    head: list[str] | None,
    rows: list[list[str]],
    *,
    ruled: bool = True,
    widths: list[float] | None = None,
    repeat_header: bool = False,
) -> Table:
    data = ([head] if head else []) + rows
    cells = [[Paragraph(c, CELL) for c in r] for r in data]
    t = Table(
        cells,
        colWidths=widths or [30, 210, 70, 70, 70],
        repeatRows=1 if repeat_header and head else 0,
    )
    style = [("VALIGN", (0, 0), (-1, -1), "TOP")]
    if ruled:
        style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    t.setStyle(TableStyle(style))
    return t


def build(path: Path, story: list[Any], *, pagesize: tuple[float, float] = A4) -> Path:
    doc = SimpleDocTemplate(str(path), pagesize=pagesize, title="LKj test")
    doc.build(story, onFirstPage=_on_page, onLaterPages=_on_page)
    return path


def report_pdf(path: Path) -> Path:
    """Cover; BAB III with a ruled performance table (caption above) and a borderless DIPA
    revision table (caption above, number and title on one line)."""
    story = cover() + [
        Paragraph("BAB III AKUNTABILITAS KINERJA", STYLES["Heading1"]),
        para(PROSE),
        Spacer(1, 8),
        para("Tabel 3.1"),
        para("Capaian Indikator Kinerja Tahun 2024"),
        Spacer(1, 4),
        table(PERF_HEAD, PERF_ROWS),
        Spacer(1, 10),
        para(PROSE),
        Spacer(1, 8),
        para("Tabel 3.2 Rincian Revisi DIPA Tahun 2024"),
        Spacer(1, 4),
        table(DIPA_HEAD, DIPA_ROWS, ruled=False, widths=[30, 90, 110, 110, 100]),
        Spacer(1, 10),
        para("Demikian rincian revisi DIPA selama tahun anggaran 2024."),
    ]
    return build(path, story)


def caption_below_pdf(path: Path) -> Path:
    """Two ruled tables, each captioned below."""
    story = cover() + [
        para(PROSE),
        Spacer(1, 8),
        table(PERF_HEAD, PERF_ROWS),
        Spacer(1, 4),
        para("Tabel 3.1 Capaian Indikator Kinerja Tahun 2024"),
        Spacer(1, 12),
        para(PROSE),
        Spacer(1, 8),
        table(DIPA_HEAD, DIPA_ROWS, widths=[30, 90, 110, 110, 100]),
        Spacer(1, 4),
        para("Tabel 3.2 Rincian Revisi DIPA Tahun 2024"),
        Spacer(1, 12),
        para(PROSE),
    ]
    return build(path, story)


def long_rows(n: int) -> list[list[str]]:
    return [
        [str(i), f"Belanja kegiatan nomor {i} tahun 2024", f"{i}.000.000", f"{i}.000.000", "100,00"]
        for i in range(1, n + 1)
    ]


def across_pages_pdf(path: Path, *, repeat_header: bool, ruled: bool = True) -> Path:
    """A budget table of 40 rows that runs from page 2 on to page 3."""
    head = ["No", "Uraian", "Pagu", "Realisasi", "%"]
    story = cover() + [
        para(PROSE),
        para(PROSE),
        para(PROSE),
        Spacer(1, 8),
        para("Tabel 3.5 Realisasi Anggaran per Kegiatan Tahun 2024"),
        Spacer(1, 4),
        table(head, long_rows(40), ruled=ruled, repeat_header=repeat_header),
        Spacer(1, 8),
        para("Realisasi anggaran seluruh kegiatan mencapai seratus persen."),
    ]
    return build(path, story)


def landscape_pdf(path: Path) -> Path:
    """A landscape document (width > height) with a wide ruled performance table."""
    story = [
        para("LAPORAN KINERJA " + SATKER + " TAHUN 2024"),
        Spacer(1, 8),
        para("Tabel 3.1 Capaian Indikator Kinerja Tahun 2024"),
        Spacer(1, 4),
        table(PERF_HEAD, PERF_ROWS, widths=[30, 380, 100, 100, 100]),
    ]
    return build(path, story, pagesize=landscape(A4))


def rotated_pdf(path: Path) -> Path:
    """A portrait page turned to landscape by /Rotate 90, its content drawn upright."""
    w, h = A4
    c = canvas.Canvas(str(path), pagesize=(h, w))  # reportlab swaps the box for /Rotate 90
    c.setPageRotation(90)
    c.translate(w, 0)
    c.rotate(90)
    c.setFont("Helvetica", 11)
    top = w - 60
    c.drawString(50, top, "Tabel 3.4 Realisasi Anggaran Tahun 2024")
    xs = [45, 80, 330, 480, 630, 700]
    rows = [["No", "Uraian", "Pagu", "Realisasi", "%"]] + [
        [str(i), f"Belanja {n}", "1.000.000", "900.000", "90,00"]
        for i, n in enumerate(["Pegawai", "Barang", "Modal"], 1)
    ]
    ys = [top - 15 - 20 * i for i in range(len(rows) + 1)]
    c.grid(xs, ys)
    for ri, row in enumerate(rows):
        for ci, text in enumerate(row):
            c.drawString(xs[ci] + 4, ys[ri] - 14, text)
    c.showPage()
    c.save()
    return path


def test_builders_make_pdfs(tmp_path: Path) -> None:
    for name, make in [("a.pdf", report_pdf), ("b.pdf", rotated_pdf), ("c.pdf", landscape_pdf)]:
        p = make(tmp_path / name)
        assert p.read_bytes().startswith(b"%PDF-")
