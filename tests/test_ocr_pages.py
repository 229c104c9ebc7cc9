"""OCR words into the objects the PDF reader's later stages take: lines, segments, characters.

No Tesseract here: the words are made by hand, as Tesseract boxes them (ink only, a word
now and then boxed too tall, specks read as marks), and the tests check what the table
locators and the layout will see.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from lkj.extract.ocr import Ruling, Word
from lkj.extract.ocr_pages import (
    CHAR_BOX,
    LINE_BOX,
    band_lines,
    clean_words,
    lite_page,
    pdf_lines,
    word_lines,
)
from lkj.extract.pdf_grid import build_grid
from lkj.extract.pdf_tables import page_words
from lkj.extract.pdf_triage import PdfPage


def w(
    text: str, x0: float, top: float, width: float = 0.0, h: float = 7.0, conf: float = 95
) -> Word:
    return Word(text, x0, top, x0 + (width or 5.0 * len(text)), top + h, conf)


def texts(lines: list[list[Word]]) -> list[str]:
    return [" ".join(x.text for x in ln) for ln in lines]


def test_words_make_lines_top_to_bottom_left_to_right() -> None:
    words = [
        w("REALISASI", 300, 100.4),
        w("TARGET", 200, 100),
        w("2019", 60, 120.6),
        w("No", 60, 99.6),
    ]
    assert texts(word_lines(words)) == ["No TARGET REALISASI", "2019"]


def test_a_word_boxed_too_tall_joins_the_line_nearest_its_middle() -> None:
    # Tesseract took a speck above "Persentase" into its box: 104.5-120.6 around a line at 108-115
    words = [
        w("Pemilu", 80, 94),
        w("Persentase", 80, 104.5, h=16.1),
        w("partisipasi", 140, 108.4),
        w("77,5%", 400, 108.4),
        w("Perempuan", 80, 123),
    ]
    assert texts(word_lines(words)) == ["Pemilu", "Persentase partisipasi 77,5%", "Perempuan"]


def test_a_line_of_nothing_but_a_speck_is_dropped() -> None:
    words = [
        w("No.", 50, 55),
        w("Sasaran", 100, 55),
        w("-", 200, 63.5, width=2, h=1),
        w("1", 50, 69),
    ]
    assert texts(word_lines(words)) == ["No. Sasaran", "1"]


@pytest.mark.parametrize(
    ("text", "conf", "kept"),
    [
        ("|", 90, None),  # a ruling read as a letter
        ("“", 40, None),
        ("|Keterangan", 90, "Keterangan"),
        ("70%|", 90, "70%"),
        ("-", 92, "-"),  # a dash zero read with confidence
        ("-", 20, None),
        ("0", 20, None),  # a speck read as a digit
        ("0", 38, "0"),  # a doubtful digit stays: its second reading decides
        ("0", 93, "0"),
        ("ot", 10, None),
        ("12", 10, "12"),  # digits stay: a doubtful figure is flagged, not dropped
    ],
)
def test_scanner_debris_is_dropped(text: str, conf: float, kept: str | None) -> None:
    got = clean_words([w(text, 10, 10, conf=conf)])
    assert [x.text for x in got] == ([] if kept is None else [kept])


def test_a_colon_between_words_is_text_and_a_lone_one_is_debris() -> None:
    """ "Sasaran 1 : Meningkatnya": without the colon the gap it leaves is wide enough to
    read as a column gap. A colon standing alone (a speck) goes."""
    words = [w("Sasaran", 75, 100, 29), w("1", 107, 100, 3), w(":", 113.3, 101.5, 2)]
    words += [w("Meningkatnya", 117.8, 100, 50), w(":", 300, 101.5, 2)]
    kept = [x.text for x in clean_words(words)]
    assert kept == ["Sasaran", "1", ":", "Meningkatnya"]


def test_lines_split_into_segments_at_column_gaps() -> None:
    words = [
        w("Indikator", 60, 100),
        w("Kinerja", 108, 100),
        w("Target", 300, 100),
        w("70%", 380, 100),
    ]
    (line,) = pdf_lines(band_lines(words))
    assert [s.text for s in line.segments] == ["Indikator Kinerja", "Target", "70%"]
    assert line.text == "Indikator Kinerja\tTarget\t70%"


def test_band_lines_gives_every_word_of_a_line_one_box_sized_like_pdfium() -> None:
    """From the baseline and font size Tesseract measured: a speck under a word (its box
    reaching 3 points below the line) changes nothing."""
    words = [
        replace(w("Tahun", 60, 100, h=11.0), baseline=106.4, size=8.0),
        replace(w("Pagu", 120, 100, h=8.0), baseline=106.5, size=8.0),
        replace(w("REALISASI", 180, 100, h=6.4), baseline=106.4, size=7.9),
    ]
    banded = band_lines(words, CHAR_BOX)
    assert len({(x.top, x.bottom) for x in banded}) == 1
    assert banded[0].top == pytest.approx(106.4 - CHAR_BOX[0] * 8.0)
    assert banded[0].bottom == pytest.approx(106.4 + CHAR_BOX[1] * 8.0)


def test_band_lines_without_a_baseline_estimates_it_from_the_boxes() -> None:
    # capitals 7 points high on a baseline at 107; one word has a descender
    words = [w("Target", 60, 100, h=9.0), w("REALISASI", 120, 100), w("CAPAIAN", 200, 100)]
    banded = band_lines(words, LINE_BOX)
    size = 7.0 / 0.72
    assert banded[0].top == pytest.approx(107 - LINE_BOX[0] * size)
    assert banded[0].bottom == pytest.approx(107 + LINE_BOX[1] * size)


def test_wrapped_cell_lines_touch_and_rows_do_not() -> None:
    """Banded like pdfium's boxes, a cell wrapped at single spacing (pitch 1.2 x the font)
    joins its row in the borderless grid, and a row set 5 points further down does not."""
    size, cap = 8.0, 8.0 * 0.72
    rows = [
        [("Persentase", 60, 0.0), ("partisipasi", 110, 0.0), ("70%", 300, 0.0)],
        [("pemilih", 60, 1.2 * size)],  # the wrapped second line of the first cell
        [
            ("Persentase", 60, 1.2 * size * 2 + 5),
            ("lain", 110, 1.2 * size * 2 + 5),
            ("75%", 300, 1.2 * size * 2 + 5),
        ],
    ]
    words = [w(t, x, 100 + dy, h=cap) for row in rows for t, x, dy in row]
    page = PdfPage(no=1, width=595, height=842, rotation=0, lines=[], n_chars=40)
    lite = lite_page(page, words, [])
    grid, _, _ = build_grid(page_words(lite), [50, 250, 350])
    assert grid == [["Persentase partisipasi\npemilih", "70%"], ["Persentase lain", "75%"]]


def test_lite_page_gives_the_words_back_through_pdfplumber() -> None:
    words = [w("14.466.321.000", 300, 100), w("Rp", 280, 100), w("Pagu", 60, 100)]
    page = PdfPage(no=1, width=595, height=842, rotation=0, lines=[], n_chars=20)
    rulings = [Ruling("h", 50, 95, 400, 95), Ruling("v", 50, 95, 50, 110)]
    lite = lite_page(page, words, rulings)
    assert [x["text"] for x in page_words(lite)] == ["Pagu", "Rp", "14.466.321.000"]
    assert [(e["orientation"], e["x0"], e["top"]) for e in lite.edges] == [
        ("h", 50, 95),
        ("v", 50, 95),
    ]
