"""pdfium's characters and ruling edges give pdfplumber's table finder what pdfplumber's own
page reading gives it: the same words, edges and table cells, at a fraction of the cost."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from test_pdf_fixtures import landscape_pdf, report_pdf, rotated_pdf

from lkj.extract.pdf_objects import LitePage, read_objects, table_cells
from lkj.extract.pdf_quality import is_good, table_quality

LINES = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


def form_grid_pdf(path: Path) -> Path:
    """A ruled table whose grid is drawn inside a form XObject, moved by a transform."""
    c = canvas.Canvas(str(path), pagesize=A4)
    c.beginForm("grid")
    c.grid([0, 40, 200, 300], [0, 20, 40, 60])
    c.endForm()
    c.saveState()
    c.translate(60, 600)
    c.doForm("grid")
    c.restoreState()
    c.setFont("Helvetica", 10)
    rows = [["No", "Uraian", "Pagu"], ["1", "Belanja Barang", "1.000.000"], ["2", "Modal", "5.000"]]
    for ri, row in enumerate(rows):
        for ci, text in enumerate(row):
            c.drawString(60 + [0, 40, 200][ci] + 4, 600 + 60 - 20 * ri - 14, text)
    c.showPage()
    c.save()
    return path


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("objects")
    return {
        "report": report_pdf(d / "report.pdf"),
        "landscape": landscape_pdf(d / "landscape.pdf"),
        "rotated": rotated_pdf(d / "rotated.pdf"),
        "form": form_grid_pdf(d / "form.pdf"),
    }


def _pages(path: Path) -> list[tuple[object, object]]:
    """(pdfium objects, pdfplumber page) for every page of ``path``."""
    doc = pdfium.PdfDocument(str(path))
    plumber = pdfplumber.open(path)
    out = [(read_objects(doc[i]), plumber.pages[i]) for i in range(len(doc))]
    return out


def _same_word(a: dict, b: dict) -> bool:
    return a["text"] == b["text"] and abs(a["x0"] - b["x0"]) < 0.5 and abs(a["x1"] - b["x1"]) < 0.5


@pytest.mark.parametrize("name", ["report", "landscape", "rotated", "form"])
def test_words_match_pdfplumbers(pdfs: dict[str, Path], name: str) -> None:
    for ours, theirs in _pages(pdfs[name]):
        mine = ours.extract_words(x_tolerance=2)  # type: ignore[attr-defined]
        want = theirs.extract_words(x_tolerance=2)  # type: ignore[attr-defined]
        assert len(mine) >= 10
        assert len(mine) == len(want)
        assert all(_same_word(a, b) for a, b in zip(mine, want, strict=True))
        # pdfium's loose boxes reach a little higher than pdfminer's (a sixth of the font
        # size); their bottoms agree
        for a, b in zip(mine, want, strict=True):
            assert abs(a["top"] - b["top"]) < 0.25 * (b["bottom"] - b["top"])
            assert abs(a["bottom"] - b["bottom"]) < 1


@pytest.mark.parametrize("name", ["report", "landscape", "rotated", "form"])
def test_ruled_tables_match_pdfplumbers(pdfs: dict[str, Path], name: str) -> None:
    found = 0
    for ours, theirs in _pages(pdfs[name]):
        mine = ours.find_tables(LINES)  # type: ignore[attr-defined]
        want = theirs.find_tables(LINES)  # type: ignore[attr-defined]
        assert len(mine) == len(want)
        for a, b in zip(mine, want, strict=True):
            assert a.bbox == pytest.approx(b.bbox, abs=0.5)
        for a, b in zip(mine, want, strict=True):
            rows, texts = table_cells(a)
            assert texts == b.extract()
            assert len(rows) == len(b.rows)
            found += 1
    assert found >= 1


def test_a_grid_inside_a_form_is_placed_by_the_forms_transform(pdfs: dict[str, Path]) -> None:
    ((ours, _),) = _pages(pdfs["form"])
    (table,) = ours.find_tables(LINES)  # type: ignore[attr-defined]
    x0, top, x1, bottom = table.bbox
    assert (x0, x1) == pytest.approx((60, 360), abs=0.5)
    assert (top, bottom) == pytest.approx((A4[1] - 660, A4[1] - 600), abs=0.5)
    _, texts = table_cells(table)
    assert texts[1] == ["1", "Belanja Barang", "1.000.000"]


def test_generated_spaces_are_not_characters_but_real_ones_are(pdfs: dict[str, Path]) -> None:
    ours, theirs = _pages(pdfs["report"])[0]
    mine = "".join(c["text"] for c in ours.chars)  # type: ignore[attr-defined]
    want = "".join(c["text"] for c in theirs.chars)  # type: ignore[attr-defined]
    assert mine == want


def test_crop_keeps_the_characters_inside(pdfs: dict[str, Path]) -> None:
    ours, _ = _pages(pdfs["report"])[0]
    box = (0.0, 0.0, ours.width, ours.height / 2)  # type: ignore[attr-defined]
    top_half = ours.crop(box)  # type: ignore[attr-defined]
    assert 0 < len(top_half.chars) < len(ours.chars)  # type: ignore[attr-defined]
    assert all((c["top"] + c["bottom"]) / 2 < ours.height / 2 for c in top_half.chars)  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- quality


def test_a_plans_tick_columns_are_not_cut_cells() -> None:
    grid = [
        ["NO", "KEGIATAN", "TW I", "TW II", "TW III", "TW IV"],
        ["1", "Sosialisasi Pemilih", "", "v", "v", ""],
        ["2", "Pengadaan Kendaraan", "v", "v", "", "v"],
        ["3", "Rapat Pleno", "v", "", "", "v"],
    ]
    q = table_quality(grid)
    assert q["clean"] == 1.0
    assert is_good(q)
    # a real cut word beside a tick still counts
    assert table_quality([r[:2] + ["Pa", "gu"] + r[4:] for r in grid])["clean"] < 1.0


def test_a_code_column_beside_the_amounts_parses() -> None:
    grid = [
        ["NO", "KODE", "PROGRAM", "PAGU (Rp.)"],
        ["1", "076.01.01", "Program Dukungan Manajemen", "18.799.220.000"],
        ["2", "076.01.06", "Program Penyelenggaraan Pemilu", "2.500.000.000"],
    ]
    assert table_quality(grid)["numeric"] == 1.0


def test_a_table_without_figures_is_not_held_back_for_them() -> None:
    grid = [
        ["KEGIATAN", "PELAKSANA", "KETERANGAN"],
        ["Rapat koordinasi", "Sekretariat", "Terlaksana"],
        ["Bimbingan teknis", "Sub Bagian Teknis", "Terlaksana"],
    ]
    q = table_quality(grid)
    assert q["figures"] == 0.0
    assert is_good(q)


def test_every_ruled_seed_table_reads_as_pdfplumber_reads_it(
    seed_pdfs: dict[tuple[str, str], Path],
) -> None:
    """Hundreds of cells with wrapped text, merged headers and figures: the same text."""
    cells = 0
    for (_, style), path in sorted(seed_pdfs.items()):
        if style != "ruled":
            continue
        for ours, theirs in _pages(path):
            if len(ours.edges) < 8:  # type: ignore[attr-defined]
                continue
            mine = ours.find_tables(LINES)  # type: ignore[attr-defined]
            want = theirs.find_tables(LINES)  # type: ignore[attr-defined]
            assert len(mine) == len(want)
            for a, b in zip(mine, want, strict=True):
                texts = table_cells(a)[1]
                assert texts == b.extract()
                cells += sum(len(r) for r in texts)
    assert cells > 1000


# --------------------------------------------------------------------------- pdfplumber's steps, faster


@pytest.mark.parametrize("style", ["ruled", "borderless"])
def test_words_and_cells_are_pdfplumbers_own_on_the_same_objects(
    seed_pdfs: dict[tuple[str, str], Path], pdfs: dict[str, Path], style: str
) -> None:
    """LitePage groups words and finds the cells between ruling intersections with its own
    indexes; on the same characters and edges they are exactly what pdfplumber's
    WordExtractor and TableFinder give, key for key and in the same order."""
    from pdfplumber.table import TableFinder
    from pdfplumber.utils import extract_words

    paths = [p for (_, s), p in sorted(seed_pdfs.items()) if s == style] + list(pdfs.values())
    words = tables = 0
    for path in paths:
        doc = pdfium.PdfDocument(str(path))
        try:
            for i in range(len(doc)):
                page = read_objects(doc[i])
                for kw in ({"x_tolerance": 2, "keep_blank_chars": False}, {"x_tolerance": 2}):
                    mine = page.extract_words(**kw)
                    assert mine == extract_words(page.chars, **kw)
                    words += len(mine)
                mine_t = page.find_tables(LINES)
                want_t = TableFinder(page, LINES).tables  # type: ignore[arg-type]
                assert [t.cells for t in mine_t] == [t.cells for t in want_t]
                for a, b in zip(mine_t, want_t, strict=True):
                    assert table_cells(a)[1] == b.extract()
                tables += len(mine_t)
        finally:
            doc.close()
    assert words > 1000
    assert tables >= (1 if style == "borderless" else 10)


def test_words_of_characters_not_upright_are_left_to_pdfplumber() -> None:
    from pdfplumber.utils import extract_words

    chars = [
        {"text": t, "x0": x, "x1": x + 5, "top": 10.0, "bottom": 20.0, "doctop": 10.0,
         "height": 10.0, "upright": up}
        for t, x, up in [("a", 0.0, True), ("b", 5.0, True), ("c", 30.0, False)]
    ]  # fmt: skip
    page = LitePage(chars, [], (0.0, 0.0, 100.0, 100.0), 100.0, 100.0)
    assert page.extract_words(x_tolerance=2) == extract_words(chars, x_tolerance=2)


def test_unchecked_pdfium_calls_read_what_the_checked_ones_read(pdfs: dict[str, Path]) -> None:
    """The loops over lines, characters and paths call pdfium without ctypes' argument checks
    (:func:`~lkj.extract.pdf_triage.unchecked`); they read the same rectangles, character boxes
    and path counts as pypdfium2's checked calls."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    from lkj.extract.pdf_objects import _chars
    from lkj.extract.pdf_triage import MIN_PATHS, _RectReader, count_paths, display_transform

    for path in pdfs.values():
        doc = pdfium.PdfDocument(str(path))
        try:
            for i in range(len(doc)):
                page = doc[i]
                tp = page.get_textpage()
                _, _, convert = display_transform(page)
                n = tp.count_chars()
                want_rects = [
                    convert(left, bottom, right, top)
                    for left, bottom, right, top in (
                        tp.get_rect(k) for k in range(tp.count_rects(0, n))
                    )
                ]
                assert _RectReader(tp.raw, convert).boxes(0, n) == want_rects
                paths = len(list(page.get_objects([pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=1)))
                assert count_paths(page.raw, MIN_PATHS) == min(paths, MIN_PATHS)
                assert count_paths(page.raw, 10_000) == paths
                rect = pdfium_c.FS_RECTF()
                want = []  # the characters _chars keeps, read with the checked calls
                for k, ch in enumerate(tp.get_text_range()):
                    if ch < " " or ch in "\ufeff\ufffe\uffff":
                        continue
                    if ch in " \xa0" and pdfium_c.FPDFText_IsGenerated(tp.raw, k):
                        continue
                    if not pdfium_c.FPDFText_GetLooseCharBox(tp.raw, k, ctypes.byref(rect)):
                        continue
                    x0, top, x1, bottom = convert(rect.left, rect.bottom, rect.right, rect.top)
                    if x1 > x0 and bottom > top:
                        want.append((ch, x0, x1, top, bottom))
                assert want and _chars(tp, convert) == want
                tp.close()
                page.close()
        finally:
            doc.close()


def test_a_page_of_character_dicts_reads_as_the_page_of_records(
    seed_pdfs: dict[tuple[str, str], Path],
) -> None:
    """A page read with pdfium keeps its characters as records, and one made from character
    dicts (OCR) keeps the dicts: the two give the same words, crops and table cells."""
    path = seed_pdfs[sorted(seed_pdfs)[0]]
    doc = pdfium.PdfDocument(str(path))
    try:
        for i in range(len(doc)):
            records = read_objects(doc[i])
            dicts = LitePage(
                records.chars, records.edges, records.bbox, records.width, records.height
            )
            for kw in ({"x_tolerance": 2, "keep_blank_chars": False}, {"y_tolerance": 2}):
                assert records.extract_words(**kw) == dicts.extract_words(**kw)
            x0, top, x1, bottom = records.bbox
            box = (x0 + 40, top + 100, x1 - 40, bottom - 100)
            assert records.crop(box).chars == dicts.crop(box).chars
            assert records.crop(box).records == dicts.crop(box).records
            for a, b in zip(records.find_tables(LINES), dicts.find_tables(LINES), strict=True):
                assert table_cells(a)[1] == table_cells(b)[1]
    finally:
        doc.close()
