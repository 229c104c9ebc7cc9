"""The PDF renderer of the corpus: what pdfplumber finds in the PDFs it writes.

The seed reports are rendered in both table styles (``seed_pdfs`` fixture); every
property is checked against the PDF itself, read back with pdfplumber, and against
the page map the renderer returns.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner
from pdf_fixtures import STYLES, seed_key, seed_layout

from lkj.corpus import generate_archive
from lkj.corpus.generator import generate_report
from lkj.corpus.pdf_blocks import clean, plain
from lkj.corpus.regions import by_name
from lkj.corpus.render_pdf import MARGINS, PdfLayout, build_pdf

Words = list[dict]


@cache
def _pdf(path: Path) -> pdfplumber.PDF:
    """One open document per file for the session (pdfplumber caches its parsed pages)."""
    return pdfplumber.open(path)


def _pages(path: Path) -> list[tuple[float, float, int]]:
    return [(p.width, p.height, p.rotation) for p in _pdf(path).pages]


@cache
def _words(path: Path, page: int) -> tuple[dict, ...]:
    return tuple(_pdf(path).pages[page - 1].extract_words())


@cache
def _page_text(path: Path, page: int) -> str:
    return _norm(_pdf(path).pages[page - 1].extract_text() or "")


def _inside(words: tuple[dict, ...], bbox: tuple[float, float, float, float]) -> list[str]:
    x0, top, x1, bottom = bbox
    return [
        w["text"]
        for w in words
        if w["x0"] >= x0 - 1
        and w["x1"] <= x1 + 1
        and w["top"] >= top - 1
        and w["bottom"] <= bottom + 1
    ]


def _seed(seeds: list[Path], key: str) -> Path:
    return next(p for p in seeds if seed_key(p) == key)


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# -- the text layer ------------------------------------------------------------------


@pytest.mark.parametrize("style", STYLES)
def test_text_layer_has_every_caption_and_the_figures(seeds, seed_pdfs, style) -> None:
    for path in seeds:
        pdf, layout = seed_pdfs[seed_key(path), style], seed_layout(path, style)
        captions = [
            (n, plain(ln))
            for n, ln in enumerate(_lines(path), start=1)
            if re.match(r"^\*?Tabel\b", ln) and "\t" not in ln
        ]
        assert captions, path.name
        for line, caption in captions:  # on the page the page map gives
            assert _norm(caption) in _page_text(pdf, layout.lines[line].page), (path.name, caption)
    layout = seed_layout(_seed(seeds, "000"), style)
    pdf = seed_pdfs["000", style]
    for line in (419, 522, 530):  # Tabel 2.4 total, the DIPA prose, Tabel 3.5 AWAL
        text = _page_text(pdf, layout.lines[line].page)
        assert "14.466.321.000" in text
        assert "**" not in text and "<p>" not in text and "## " not in text
    assert "Tabel. 2.4" in _page_text(pdf, layout.lines[364].page)


def test_characters_helvetica_cannot_draw_are_replaced() -> None:
    out = clean("capaian ≥ 90 % → naik ✓ \u2212 “kutip” – ok")
    out.encode("cp1252")  # all drawable
    assert ">= 90 %" in out and "->" in out and "“kutip” – ok" in out
    data, layout = build_pdf("Judul ≥ ✓ Ω\n", style="ruled")
    assert data.startswith(b"%PDF") and layout.page_of(1) == 1


# -- ruled and borderless --------------------------------------------------------------


def test_ruled_tables_are_drawn_with_lines_and_borderless_without(seeds, seed_pdfs) -> None:
    for path in seeds:
        key = seed_key(path)
        ruled = _pdf(seed_pdfs[key, "ruled"])
        for t in seed_layout(path, "ruled").tables:
            assert len(ruled.pages[t.pages[0] - 1].lines) >= 4, (key, t.first_line)
        borderless = _pdf(seed_pdfs[key, "borderless"])
        table_pages = {n for t in seed_layout(path, "borderless").tables for n in t.pages}
        assert table_pages
        for n in sorted(table_pages) if key != "000" else range(1, len(borderless.pages) + 1):
            page = borderless.pages[n - 1]
            assert not page.lines and not page.rects and not page.curves, (key, n)


def test_lines_strategy_reads_a_ruled_table_cell_by_cell(seeds, seed_pdfs) -> None:
    layout = seed_layout(_seed(seeds, "000"), "ruled")
    table = next(t for t in layout.tables if t.first_line == 367)  # Tabel. 2.4
    page = _pdf(seed_pdfs["000", "ruled"]).pages[table.pages[0] - 1]
    found = page.extract_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"})
    rows = [r for t in found for r in t]
    assert [
        "1",
        "Laporan Sistem Akuntansi dan Pelaporan Keuangan Pemilu [Base Line]",
        "26.848.000",
    ] in [[(c or "").replace("\n", " ") for c in r] for r in rows]


def test_numbers_are_right_aligned(seeds, seed_pdfs) -> None:
    layout = seed_layout(_seed(seeds, "000"), "borderless")
    page = layout.lines[371].page  # rows 1-3 of Tabel. 2.4: 26.848.000, 8.186.000, 8.106.000
    words = _words(seed_pdfs["000", "borderless"], page)
    amounts = [w for w in words if w["text"] in ("26.848.000", "8.186.000", "8.106.000")]
    assert len(amounts) == 3
    assert max(w["x1"] for w in amounts) - min(w["x1"] for w in amounts) < 0.5
    assert max(w["x0"] for w in amounts) - min(w["x0"] for w in amounts) > 3


# -- pages ---------------------------------------------------------------------------------


def test_a_long_table_continues_and_repeats_its_header_when_chosen(seeds, seed_pdfs) -> None:
    seen = set()
    for path in seeds:
        for style in STYLES:
            layout = seed_layout(path, style)
            pdf = seed_pdfs[seed_key(path), style]
            for t in layout.tables:
                if len(t.pages) < 2 or not t.header_rows:
                    continue
                seen.add(t.repeat_header)
                _check_continuation(path, pdf, layout, t.first_line)
    assert seen == {True, False}  # about half the tables repeat their header


def _check_continuation(source: Path, pdf: Path, layout: PdfLayout, first_line: int) -> None:
    t = next(t for t in layout.tables if t.first_line == first_line)
    later = t.pages[1]
    rows = [
        b for n, b in layout.lines.items() if t.first_line <= n <= t.last_line and b.page == later
    ]
    assert rows, "a row of the table is on the next page"
    words = _words(pdf, later)
    top = min(b.bbox[1] for b in rows)
    margin_top = MARGINS[_pages(pdf)[later - 1][0] > _pages(pdf)[later - 1][1]][1]
    header = plain(_lines(source)[t.first_line - 1].replace("\t", " ")).split()
    above = [w["text"] for w in words if w["bottom"] <= top + 0.5 and w["top"] >= margin_top - 1]
    if t.repeat_header:
        assert top > margin_top + 5
        assert all(h in above for h in header[:2]), (header, above)
    else:
        assert abs(top - margin_top) < 1 and not above


def test_wide_tables_go_on_landscape_pages(seeds, seed_pdfs) -> None:
    layout = seed_layout(_seed(seeds, "000"), "ruled")
    pages = _pages(seed_pdfs["000", "ruled"])
    wide = next(t for t in layout.tables if t.first_line == 594)  # Tabel. 4: seven columns
    assert wide.landscape and not wide.rotated
    for n in wide.pages:
        width, height, rotation = pages[n - 1]
        assert width > height and rotation == 0
    narrow = next(t for t in layout.tables if t.first_line == 367)  # three columns
    assert not narrow.landscape
    assert all(pages[n - 1][0] < pages[n - 1][1] for n in narrow.pages)
    caption = layout.lines[591]  # "Tabel. 4" above it moves to the landscape page with it
    assert caption.page == wide.pages[0]
    assert sum(1 for w, h, _ in pages if w > h) >= 2


def test_some_documents_turn_a_portrait_page_instead(seeds, tmp_path) -> None:
    text = _seed(seeds, "000").read_text(encoding="utf-8")
    seed = next(s for s in range(40) if build_pdf(text, style="ruled", seed=s)[1].rotated_pages)
    data, layout = build_pdf(text, style="ruled", seed=seed)
    out = tmp_path / "rotated.pdf"
    out.write_bytes(data)
    table = next(t for t in layout.tables if t.rotated)
    assert table.landscape and list(table.pages) == layout.rotated_pages[: len(table.pages)]
    width, height, rotation = _pages(out)[table.pages[0] - 1]
    assert rotation == 90 and width < height  # the page is portrait, turned when shown
    row = layout.lines[table.first_line + 1]
    assert len(_inside(_words(out, row.page), row.bbox)) >= 3  # upright text, displayed coordinates


def test_page_numbers_are_in_the_footer(seeds, seed_pdfs) -> None:
    pdf = seed_pdfs["000", "ruled"]
    pages = _pages(pdf)
    for n in (2, 10, len(pages)):
        height = pages[n - 1][1]
        footer = [w["text"] for w in _words(pdf, n) if w["top"] > height - 48]
        assert str(n) in " ".join(footer), (n, footer)


# -- the page map -------------------------------------------------------------------------


@pytest.mark.parametrize("style", STYLES)
def test_page_map_points_at_the_words_of_a_line(seeds, seed_pdfs, style) -> None:
    path = _seed(seeds, "000")
    layout = seed_layout(path, style)
    pdf = seed_pdfs["000", style]
    total = _pages(pdf)
    assert layout.n_pages == len(total) == len(layout.page_sizes)
    box = layout.lines[419]  # JUMLAH <tab> 14.466.321.000
    inside = _inside(_words(pdf, box.page), box.bbox)
    assert "JUMLAH" in inside and "14.466.321.000" in inside
    other = box.page - 1 if box.page > 1 else box.page + 1
    assert "14.466.321.000" not in _inside(_words(pdf, other), box.bbox)
    source = _lines(path)
    for line, box in layout.lines.items():  # every drawn line: its first words are in its box
        want = plain(re.sub(r"^\s*-\s+", "", source[line - 1]).replace("\t", " ")).split()[:2]
        got = " ".join(_inside(_words(pdf, box.page), box.bbox))
        assert all(re.sub(r"\.{3,}$", "", w) in got for w in want), (line, want, got)


def test_blank_and_debris_lines_inside_a_table_are_dropped(seeds) -> None:
    layout = seed_layout(_seed(seeds, "000"), "ruled")
    for line in (369, 391, 392, 393, 417):  # blank lines inside Tabel. 2.4
        assert line not in layout.lines
    assert 394 in layout.lines and 418 in layout.lines  # the rows after the gaps
    table = next(t for t in layout.tables if t.first_line == 367)
    assert table.last_line == 419


def test_captions_stay_before_or_after_their_table(seeds) -> None:
    before = seed_layout(_seed(seeds, "000"), "ruled")  # "Tabel. 2.4" above its table
    cap, row = before.lines[364], before.lines[367]
    assert (cap.page, cap.bbox[3]) <= (row.page, row.bbox[1])
    after = seed_layout(_seed(seeds, "004"), "ruled")  # "Tabel 2.1" under its table
    cap, row = after.lines[452], after.lines[450]
    assert (row.page, row.bbox[3]) <= (cap.page, cap.bbox[1])


def test_same_input_gives_the_same_bytes(seeds) -> None:
    text = _seed(seeds, "002").read_text(encoding="utf-8")
    a, _ = build_pdf(text, style="borderless", seed=5)
    b, _ = build_pdf(text, style="borderless", seed=5)
    c, _ = build_pdf(text, style="ruled", seed=5)
    assert a == b and a != c


# -- the generator ---------------------------------------------------------------------------


def test_generated_pdf_reaches_40_pages_and_maps_every_record(tmp_path) -> None:
    [txt] = generate_archive(
        tmp_path, n_satker=1, years=(2024,), seed=3, formats=("txt", "pdf"), min_pages=40
    )
    pdf = txt.with_suffix(".pdf")
    truth = json.loads(txt.with_name(txt.stem + ".truth.json").read_text(encoding="utf-8"))
    info = truth["pdf"]
    assert info["style"] in STYLES and info["n_pages"] == len(_pages(pdf)) >= 40
    lines = _lines(txt)
    records = [r for k in ("performance", "budget_lines", "dipa_revisions") for r in truth[k]]
    assert records
    for rec in records:
        page = info["pages"][str(rec["line"])]
        first = next(c for c in lines[rec["line"] - 1].split("\t") if c.strip())
        words = " ".join(w["text"] for w in _words(pdf, page))
        assert plain(first).split()[0] in words, (rec["line"], first)


def test_padding_adds_pages_but_no_records() -> None:
    region = by_name("Ogan Ilir", "kabupaten")
    plain_rep = generate_report(region, 2019, seed=4, index=1)
    padded = generate_report(region, 2019, seed=4, index=1, padding=30)
    assert len(padded.text) > 2 * len(plain_rep.text)

    def records(truth: dict) -> dict:
        keys = ("performance", "dipa_revisions", "budget_lines", "pagu_history", "tally_rows")
        return {k: [{f: v for f, v in r.items() if f != "line"} for r in truth[k]] for k in keys}

    assert records(padded.truth) == records(plain_rep.truth)
    assert padded.truth["document"] == plain_rep.truth["document"]
    padded_lines = padded.text.split("\n")
    for rec in padded.truth["budget_lines"]:  # line numbers follow the padded text
        assert rec["name"] is None or rec["name"].split()[0] in padded_lines[rec["line"] - 1]


def test_styles_alternate_and_pdf_only_archives_have_no_text(tmp_path) -> None:
    paths = generate_archive(tmp_path, n_satker=2, years=(2019, 2024), seed=9, formats=("pdf",))
    assert [p.suffix for p in paths] == [".pdf"] * 4 and not list(tmp_path.glob("*.txt"))
    styles = []
    for p in paths:
        truth = json.loads(p.with_name(p.stem + ".truth.json").read_text(encoding="utf-8"))
        assert truth["source"] == p.name
        styles.append(truth["pdf"]["style"])
    assert sorted(styles) == ["borderless", "borderless", "ruled", "ruled"]
    with pytest.raises(ValueError, match="formats"):
        generate_archive(tmp_path, n_satker=1, formats=("docx",))  # type: ignore[arg-type]


def test_cli_generates_pdfs(tmp_path) -> None:
    from lkj.cli import main

    out = tmp_path / "gen"
    args = ["corpus", "generate", "--out", str(out), "--satker", "1", "--years", "2019"]
    result = CliRunner().invoke(main, [*args, "--seed", "2", "--format", "both"])
    assert result.exit_code == 0, result.output
    assert sorted(p.suffix for p in out.iterdir()) == [".json", ".pdf", ".txt"]
    assert "pdf" in json.loads(next(out.glob("*.truth.json")).read_text(encoding="utf-8"))
    bad = CliRunner().invoke(main, [*args, "--format", "docx"])
    assert bad.exit_code == 2
