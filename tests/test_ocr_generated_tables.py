"""Borderless tables of a generated report scanned at 150 dpi, rebuilt from Tesseract's words.

``test_ocr_generated_words.json`` holds what Tesseract read at full resolution on three
pages of the report ``bench/ocr.py`` generates (corpus seed 5, padded to 60 pages, scanned
at 150 dpi): its first reading of each page and its reading of the ink that reading left
out, before any clean-up. No Tesseract here: the words go through the same steps as in
:func:`lkj.extract.ocr_pages.read_page` (clean-up, lines, characters) and the table locators
run on them. Page 31 holds a PK table (target only) under a column-number row, page 32 a
capaian table with "Sasaran N : ..." group rows, page 33 the DIPA revisions.

Read so before, the capaian table lost its target column (the colon of "Sasaran 1 :" was
dropped as a speck, and the gap it left read as a column gap, joining the indicator's and
the target's columns), the PK table's header and column numbers were read into its first
row and the DIPA table into one row (on lines of capitals and figures, with no x-height
letters, Tesseract reports a font size up to 1.7 times too large: the lines' boxes then
overlap and the grid takes the rows for one wrapped cell), and a sliver of a ``3`` read
again as ``3.`` scrambled a date.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from lkj.extract.classify import classify
from lkj.extract.ocr import Word
from lkj.extract.ocr_pages import (
    band_lines,
    clean_words,
    gap_paper,
    lite_page,
    pdf_lines,
    word_lines,
)
from lkj.extract.ocr_second import add_missed
from lkj.extract.pdf_tables import locate_tables
from lkj.extract.pdf_triage import PdfPage, candidate_reasons
from lkj.extract.structure import build_view
from lkj.models import RawCell, RawRow, RawTable

WORDS = Path(__file__).with_name("test_ocr_generated_words.json")


def _word(w: dict[str, Any]) -> Word:
    x0, top, x1, bottom = w["box"]
    return Word(
        w["text"], x0, top, x1, bottom, w["conf"], (0, 0, w["line"]), None, w["baseline"], w["size"]
    )


@cache
def tables(no: int) -> list[list[list[str]]]:
    """The grids the table locators find on page ``no``."""
    data = json.loads(WORDS.read_text(encoding="utf-8"))["pages"][str(no)]
    words = clean_words([_word(w) for w in data["first"]])
    words = add_missed(words, clean_words([_word(w) for w in data["missed"]]))
    page = PdfPage(
        no=no,
        width=data["width"],
        height=data["height"],
        rotation=0,
        lines=pdf_lines(band_lines(words)),
        n_chars=sum(len(w.text) for w in words),
        n_paths=data["rulings"],
    )
    page.reasons = candidate_reasons(page)
    found = locate_tables(Path("scan.pdf"), page, lite_page(page, words, []), use_camelot=False)
    return [t.rows for t in found.tables]


def roles(grid: list[list[str]]) -> tuple[str, dict[str, int]]:
    """The kind and column roles the interpretation gives a grid."""
    table = RawTable(
        index=0,
        rows=[
            RawRow(cells=[RawCell(text=c) for c in row], line=i + 1) for i, row in enumerate(grid)
        ],
    )
    view = build_view(table)
    return classify(view).kind, dict(view.roles.cols)


def test_capaian_table_keeps_its_target_column() -> None:
    (perf, tally) = tables(32)
    assert perf[0] == ["No", "Indikator Kinerja", "Target", "Realisasi", "Capaian"]
    assert perf[1][0].startswith("Sasaran 1 : Terselenggaranya")  # a group row of its own
    first = next(r for r in perf if r[0] == "1.")
    assert first[2:] == ["85%", "81,12%", "95,44"]
    assert "85%" not in first[1]
    kind, cols = roles(perf)
    assert kind == "performance"
    assert {"indikator", "target", "realisasi", "capaian"} <= cols.keys()
    assert tally[0][:2] == ["“NO", "KECAMATAN"]


def test_pk_table_header_and_column_numbers_are_rows_of_their_own() -> None:
    (pk,) = tables(31)
    assert pk[0] == ["No", "Sasaran Strategis", "Indikator Kinerja", "Target"]
    assert pk[1] == ["(1)", "(2)", "(3)", "(4)"]
    assert pk[2][0] == "1." and pk[2][3] == "85%"
    kind, cols = roles(pk)
    assert kind == "performance" and "target" in cols


def test_dipa_revision_rows_and_dates() -> None:
    dipa = next(t for t in tables(33) if t[0][:2] == ["NO", "DIPA"])
    assert dipa[0] == ["NO", "DIPA", "JUMLAH (RP.)", "TANGGAL", "KETERANGAN"]
    assert [r[2:4] for r in dipa[1:]] == [
        ["26.024.361.000", "3 Januari 2019"],
        ["27.218.584.000", "5 April 2019"],
        ["28.237.140.000", "15 Mei 2019"],
    ]


def test_a_line_of_capitals_and_figures_gets_the_size_its_ink_says() -> None:
    """The DIPA table's rows: Tesseract says 9.3 points for the line of ``1. AWAL ...``
    (no x-height letter on it) and 8 for the lines around; the boxes come out alike."""
    data = json.loads(WORDS.read_text(encoding="utf-8"))["pages"]["33"]
    words = clean_words([_word(w) for w in data["first"]])
    rows = [
        line
        for line in word_lines(band_lines(words))
        if line[0].text in ("NO", "1.", "4.", "2.", "3.") and 315 < line[0].top < 375
    ]
    heights = [line[0].bottom - line[0].top for line in rows]
    assert len(rows) == 4 and max(heights) - min(heights) < 0.6
    gaps = [b[0].top - a[0].bottom for a, b in zip(rows, rows[1:], strict=False)]
    assert min(gaps) > 0.5 * max(heights)  # rows apart, as pdfium boxes them


def test_a_word_ocr_did_not_give_does_not_split_a_line_of_prose() -> None:
    """At low resolution a word of prose with no OCR word leaves a wide gap; the page
    image shows text there, and the line stays one segment. A gap with paper in it (a
    ruling line down it, a speck) splits the line into columns."""
    scale = 100 / 72
    grey = np.full((100, 700), 230, dtype=np.uint8)

    def ink(x0: float, x1: float, top: float = 40, bottom: float = 47) -> None:
        grey[int(top * scale) : int(bottom * scale), int(x0 * scale) : int(x1 * scale)] = 30

    line = [
        Word("Kegiatan", 70, 40, 105, 47, 95, baseline=47, size=8),
        Word("Panitia", 108, 40, 135, 47, 95, baseline=47, size=8),
        Word("Pemilihan", 160, 40, 200, 47, 95, baseline=47, size=8),
        Word("Kecamatan", 203, 40, 250, 47, 95, baseline=47, size=8),
    ]
    for w in line:
        ink(w.x0, w.x1)
    blank = pdf_lines(band_lines(line), gap_paper(grey, scale))
    assert [s.text for s in blank[0].segments] == ["Kegiatan Panitia", "Pemilihan Kecamatan"]
    ink(146, 147, 20, 60)  # a ruling line down the gap
    ruled = pdf_lines(band_lines(line), gap_paper(grey, scale))
    assert len(ruled[0].segments) == 2
    ink(138, 157)  # the word Tesseract gave nothing for
    prose = pdf_lines(band_lines(line), gap_paper(grey, scale))
    assert [s.text for s in prose[0].segments] == ["Kegiatan Panitia Pemilihan Kecamatan"]
