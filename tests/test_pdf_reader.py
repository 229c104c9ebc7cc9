"""The born-digital PDF reader: raw document, reading order, tables, records, errors, CLI."""

from __future__ import annotations

import hashlib
import math
import random
from pathlib import Path

import pytest

pytest.importorskip("reportlab")

from click.testing import CliRunner  # noqa: E402
from reportlab.lib import pdfencrypt  # noqa: E402
from reportlab.lib.utils import ImageReader  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402
from test_pdf_fixtures import (  # noqa: E402
    RUNNING,
    across_pages_pdf,
    caption_below_pdf,
    landscape_pdf,
    report_pdf,
    rotated_pdf,
)

from lkj.cli import main  # noqa: E402
from lkj.extract.pdf_reader import PdfReport, _Rounder, read_pdf  # noqa: E402
from lkj.models import Line, RawTable  # noqa: E402
from lkj.models.errors import UnreadableFile, UnsupportedFormat  # noqa: E402
from lkj.pipeline import extract_file, read_document  # noqa: E402


@pytest.fixture(scope="module")
def fixtures(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("pdf")
    report_pdf(d / "report.pdf")
    caption_below_pdf(d / "below.pdf")
    across_pages_pdf(d / "across_repeat.pdf", repeat_header=True)
    across_pages_pdf(d / "across_plain.pdf", repeat_header=False)
    across_pages_pdf(d / "across_borderless.pdf", repeat_header=False, ruled=False)
    landscape_pdf(d / "landscape.pdf")
    rotated_pdf(d / "rotated.pdf")
    return d


# --------------------------------------------------------------------------- raw document


def test_rounded_coordinates_as_round() -> None:
    """The per-document memory of rounded coordinates gives ``round(x, 2)``, sign of zero
    included, on first and later reads."""
    rng = random.Random(3)
    values = [rng.uniform(-50, 900) for _ in range(2000)]
    values += [0.0, -0.0, 1.005, 2.675, 0.125, 595.275, 841.89, 72, 10**-9, -(10**-9)]
    rounder = _Rounder()
    for x in values * 2:
        got, want = rounder[x], round(float(x), 2)
        assert got == want and math.copysign(1, got) == math.copysign(1, want), x
    assert rounder.box(None) is None
    assert rounder.box((1.004, 2.006, -0.0, 3)) == (1.0, 2.01, -0.0, 3.0)


def test_numbered_models_set_the_fields_of_models_made_one_by_one(fixtures: Path) -> None:
    """Lines, blocks and tables are made in bulk from their fields: the same models, with
    the same fields set, as models made one at a time with those fields."""
    doc = read_pdf(fixtures / "report.pdf")
    made = {"no", "text", "page", "bbox"}
    assert all(ln.model_fields_set == made and ln == Line(**ln.model_dump()) for ln in doc.lines)
    for block in doc.blocks:
        other = "table" if block.kind == "table" else "text"
        assert block.model_fields_set == {"kind", "line_start", "line_end", "page", other}
    for table in doc.tables:
        assert table.model_fields_set == set(RawTable.model_fields)
        for row in table.rows:
            assert row.model_fields_set == {"cells", "line", "page", "bbox"}
            assert all(c.model_fields_set == {"text", "bbox"} for c in row.cells)
        assert RawTable(**table.model_dump()) == table


def test_raw_document_lines_blocks_and_tables(fixtures: Path) -> None:
    path = fixtures / "report.pdf"
    doc = read_document(path)
    assert doc.format == "pdf"
    assert doc.n_pages == 2
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert [ln.no for ln in doc.lines] == list(range(1, len(doc.lines) + 1))
    assert all(ln.page in (1, 2) for ln in doc.lines)
    assert all(ln.bbox is not None for ln in doc.lines if ln.text)

    ruled, borderless = doc.tables
    assert ruled.method == "pdfplumber-lines"
    assert borderless.method.startswith(("pdfplumber-text", "camelot"))
    assert ruled.rows[0].texts == ["No", "Indikator Kinerja", "Target", "Realisasi", "Capaian"]
    # a cell wrapped over two lines is one cell
    assert ruled.rows[1].texts[1] == "Persentase tahapan pemilu yang dilaksanakan tepat waktu"
    assert borderless.rows[3].texts == [
        "3.",
        "REVISI 2",
        "15.209.085.549",
        "9 Juli 2024",
        "Revisi KPU RI",
    ]
    for table in doc.tables:
        assert table.page == 2 and table.bbox is not None
        assert 0.9 <= table.quality["score"] <= 1.0
        assert all(r.page == 2 and r.bbox is not None for r in table.rows)
        # every row is one line of the sequence, its cells joined by tabs
        assert [r.line for r in table.rows] == list(range(table.line_start, table.line_end + 1))
        assert doc.line_text(table.rows[0].line) == "\t".join(table.rows[0].texts)

    kinds = [(b.kind, b.table) for b in doc.blocks if b.kind == "table"]
    assert kinds == [("table", 0), ("table", 1)]
    assert not doc.warnings


def test_caption_lines_are_next_to_their_tables(fixtures: Path) -> None:
    doc = read_document(fixtures / "report.pdf")
    ruled, borderless = doc.tables
    above = [ln for ln in doc.lines if ln.no < ruled.line_start and ln.text][-2:]
    assert [ln.text for ln in above] == ["Tabel 3.1", "Capaian Indikator Kinerja Tahun 2024"]
    assert ruled.line_start - above[-1].no <= 2  # only a blank line between
    before = [ln for ln in doc.lines if ln.no < borderless.line_start and ln.text][-1]
    assert before.text == "Tabel 3.2 Rincian Revisi DIPA Tahun 2024"


def test_table_text_is_not_prose_and_running_lines_are_gone(fixtures: Path) -> None:
    doc = read_document(fixtures / "report.pdf")
    table_lines = {r.line for t in doc.tables for r in t.rows}
    prose = [ln.text for ln in doc.lines if ln.no not in table_lines]
    assert not any("14.466.321.000" in t or "Persentase tahapan" in t for t in prose)
    assert not any(RUNNING in t for t in prose)
    assert not any(t.strip() in {"1", "2"} for t in prose)  # page numbers
    text_blocks = [b for b in doc.blocks if b.kind == "text"]
    assert text_blocks[0].text.startswith("LAPORAN KINERJA")
    assert all(not (set(range(b.line_start, b.line_end + 1)) & table_lines) for b in text_blocks)


# --------------------------------------------------------------------------- records


def test_performance_records(fixtures: Path) -> None:
    x = extract_file(fixtures / "report.pdf")
    assert x.document.format == "pdf"
    assert x.document.satker == "KPU Kabupaten Dharmasraya"
    assert x.document.year == 2024
    perf = x.performance
    assert [(r.target.value, r.realisasi.value, r.capaian.value) for r in perf] == [
        (100.0, 95.0, 95.0),
        (77.5, 81.2, 104.77),
        (2.0, 2.0, 100.0),
    ]
    first = perf[0]
    assert first.indikator == "Persentase tahapan pemilu yang dilaksanakan tepat waktu"
    assert first.provenance.page == 2 and first.provenance.bbox is not None
    assert first.table == "3.1"
    info = x.tables[0]
    assert (info.kind, info.number, info.caption_position) == ("performance", "3.1", "before")
    assert info.title == "Capaian Indikator Kinerja Tahun 2024"


def test_dipa_revision_records(fixtures: Path) -> None:
    x = extract_file(fixtures / "report.pdf")
    revs = [r for r in x.dipa_revisions if r.origin == "table"]
    assert [(r.label_raw, r.amount, str(r.date)) for r in revs] == [
        ("AWAL", 14_466_321_000, "2023-12-05"),
        ("REVISI 1", 14_989_199_000, "2024-03-22"),
        ("REVISI 2", 15_209_085_549, "2024-07-09"),
    ]
    assert revs[2].note == "Revisi KPU RI"
    assert all(r.provenance.page == 2 for r in revs)
    boxes = [r.provenance.bbox for r in revs]
    assert all(b is not None for b in boxes)
    assert [b[1] for b in boxes] == sorted(b[1] for b in boxes)  # type: ignore[index]
    assert x.tables[1].kind == "dipa_revisions"


def test_captions_below_tables(fixtures: Path) -> None:
    x = extract_file(fixtures / "below.pdf")
    assert [(t.kind, t.number, t.caption_position) for t in x.tables] == [
        ("performance", "3.1", "after"),
        ("dipa_revisions", "3.2", "after"),
    ]
    assert len(x.performance) == 3 and len([r for r in x.dipa_revisions]) >= 3


# --------------------------------------------------------------------------- across pages


@pytest.mark.parametrize("name", ["across_repeat.pdf", "across_plain.pdf", "across_borderless.pdf"])
def test_table_across_two_pages_is_one_table(fixtures: Path, name: str) -> None:
    doc = read_document(fixtures / name)
    (table,) = doc.tables
    assert {r.page for r in table.rows} == {2, 3}
    texts = [r.texts for r in table.rows]
    assert texts[0][0] == "No"
    assert sum(1 for t in texts if t[0] == "No") == 1  # a repeated header is dropped
    assert [int(t[0]) for t in texts[1:]] == list(range(1, 41))
    assert table.quality["pages"] == 2
    assert [r.line for r in table.rows] == list(range(table.line_start, table.line_end + 1))
    x = extract_file(fixtures / name)
    lines = [b for b in x.budget_lines if not b.is_total]
    assert len(lines) == 40
    assert lines[-1].pagu == 40_000_000 and lines[-1].provenance.page == 3


# --------------------------------------------------------------------------- page shapes


def test_landscape_page(fixtures: Path) -> None:
    report = PdfReport()
    doc = read_pdf(fixtures / "landscape.pdf", report=report)
    assert report.pages[0].width > report.pages[0].height
    (table,) = doc.tables
    assert table.rows[3].texts[2:] == ["2 laporan", "2 laporan", "100%"]
    assert len(extract_file(fixtures / "landscape.pdf").performance) == 3


def test_rotated_page(fixtures: Path) -> None:
    report = PdfReport()
    doc = read_pdf(fixtures / "rotated.pdf", report=report)
    page = report.pages[0]
    assert page.rotation == 90 and page.width > page.height
    (table,) = doc.tables
    assert table.rows[0].texts == ["No", "Uraian", "Pagu", "Realisasi", "%"]
    assert table.rows[2].texts == ["2", "Belanja Barang", "1.000.000", "900.000", "90,00"]
    caption = doc.lines[table.line_start - 3 : table.line_start - 1]
    assert any(ln.text.startswith("Tabel 3.4") for ln in caption)
    # positions are on the page as displayed: the caption is above the table
    cap = next(ln for ln in doc.lines if ln.text.startswith("Tabel 3.4"))
    assert cap.bbox is not None and table.bbox is not None and cap.bbox[3] <= table.bbox[1] + 1


# --------------------------------------------------------------------------- errors


def _text_pdf(path: Path, text: str = "Tabel 3.1 Capaian", **kw: object) -> Path:
    c = canvas.Canvas(str(path), **kw)  # type: ignore[arg-type]
    c.drawString(72, 700, text)
    c.showPage()
    c.save()
    return path


def _zero_page_pdf(path: Path) -> Path:
    objs = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[]/Count 0>>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def _image_page(c: canvas.Canvas) -> None:
    from PIL import Image

    image = Image.new("RGB", (200, 100), "white")
    c.drawImage(ImageReader(image), 72, 500, width=400, height=200)
    c.showPage()


def test_encrypted_with_user_password(tmp_path: Path) -> None:
    enc = pdfencrypt.StandardEncryption("secret", ownerPassword="owner")
    path = _text_pdf(tmp_path / "user.pdf", encrypt=enc)
    with pytest.raises(UnreadableFile, match=r"encrypted PDF \(password required\)"):
        read_document(path)


def test_owner_password_only_is_readable(tmp_path: Path) -> None:
    enc = pdfencrypt.StandardEncryption("", ownerPassword="owner", canCopy=0, canPrint=0)
    path = _text_pdf(tmp_path / "owner.pdf", text="LAPORAN KINERJA TAHUN 2024", encrypt=enc)
    doc = read_document(path)
    assert doc.lines[0].text == "LAPORAN KINERJA TAHUN 2024"


def test_truncated_pdf(tmp_path: Path) -> None:
    data = _text_pdf(tmp_path / "ok.pdf").read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(UnreadableFile, match="not a PDF or damaged"):
        read_document(path)


def test_zero_page_pdf(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match="PDF has no pages"):
        read_document(_zero_page_pdf(tmp_path / "zero.pdf"))


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"<!DOCTYPE html><html><body>Not found</body></html>", r"not a PDF or damaged: .*HTML"),
        (b"", "empty file"),
        (b"PK\x03\x04 zip bytes", "not a PDF or damaged"),
    ],
)
def test_not_a_pdf(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "x.pdf"
    path.write_bytes(content)
    with pytest.raises(UnreadableFile, match=reason):
        read_document(path)


def test_scanned_pdf_is_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path))
    _image_page(c)
    _image_page(c)
    c.save()
    with pytest.raises(UnsupportedFormat, match=r"no text layer \(scanned PDF\)"):
        read_document(path)


def test_partly_scanned_pdf_reads_the_text_pages(tmp_path: Path) -> None:
    path = tmp_path / "mixed.pdf"
    c = canvas.Canvas(str(path))
    c.drawString(72, 700, "LAPORAN KINERJA KPU KABUPATEN OGAN ILIR TAHUN 2024")
    c.showPage()
    _image_page(c)
    c.save()
    doc = read_document(path)
    assert doc.n_pages == 2
    assert doc.lines[0].text.startswith("LAPORAN KINERJA")
    assert any("pages 2 were not read" in w for w in doc.warnings)


# --------------------------------------------------------------------------- CLI


def test_cli_tables_shows_pages_and_methods(fixtures: Path, tmp_path: Path) -> None:
    debug = tmp_path / "debug"
    result = CliRunner().invoke(
        main, ["tables", str(fixtures / "report.pdf"), "--debug-dir", str(debug)]
    )
    assert result.exit_code == 0, result.output
    assert "pdfplumber-lines" in result.output
    assert "Pages (PDF)" in result.output and "caption" in result.output
    # the cover (page 1) is read from its text: only page 2 was searched for tables
    pngs = sorted(p.name for p in debug.glob("*.png"))
    assert pngs == ["page-002.png"]
    assert (debug / "page-002.png").read_bytes().startswith(b"\x89PNG")


def test_cli_tables_reports_an_unreadable_pdf(tmp_path: Path) -> None:
    path = tmp_path / "x.pdf"
    path.write_bytes(b"<html></html>")
    result = CliRunner().invoke(main, ["tables", str(path)])
    assert result.exit_code == 1
    assert "not a PDF or damaged" in result.output


def test_cli_debug_dir_needs_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("NO\tA\n1\t2\n")
    result = CliRunner().invoke(main, ["tables", str(path), "--debug-dir", str(tmp_path / "d")])
    assert result.exit_code == 2
