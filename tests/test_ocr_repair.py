"""Repair of OCR misreads inside figures: what is changed, what is left as read.

Each row is OCR text as Tesseract gives it on photocopied LKj tables, the column's meaning,
the document's number style, and the text the repair must give (or the same text, when the
repair must not touch it).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lkj.normalize.numbers import parse_money, parse_percent
from lkj.normalize.ocr_repair import repair_figure

CASES = [
    # letters read for digits
    ("1O.5OO", "money", "id", "10.500", "letters_to_digits"),
    ("l4.466.32l.000", "money", "id", "14.466.321.000", "letters_to_digits"),
    ("7O%", "measure", "id", "70%", "letters_to_digits"),
    ("lOO", "percent", "id", "100", "letters_to_digits"),
    ("S.000.000", "money", "id", "5.000.000", "letters_to_digits"),
    ("l Laporan", "measure", "id", "1 Laporan", "letters_to_digits"),
    # specks and rule ends
    (".70%", "measure", "id", "70%", "stray_mark"),
    ("- 100", "number", "id", "100", "stray_mark"),
    ("- 600.600.000", "money", "id", "600.600.000", "stray_mark"),
    ("10.942.000:", "money", "id", "10.942.000", "stray_mark"),
    ("70% ot", "measure", "id", "70%", "stray_mark"),
    ("86% 0", "percent", "id", "86%", "stray_mark"),
    ("3%’", "measure", "id", "3%", "stray_mark"),
    ("o 87%", "measure", "id", "87%", "stray_mark"),
    ("§7,61%", "percent", "id", "57,61%", "letters_to_digits"),
    # spaces and marks inside a number
    ("14.466 .321.000", "money", "id", "14.466.321.000", "space_in_number"),
    ("14.466 321.000", "money", "id", "14.466.321.000", "space_in_number"),
    ("14,466 321,000", "money", "us", "14,466,321,000", "space_in_number"),
    ("93 ,86 %", "percent", "id", "93,86 %", "space_in_number"),
    ("100 Ya", "percent", "id", "100 %", "percent_sign"),
    ("4.508:000", "money", "id", "4.508.000", "group_marks"),
    ("14.466,321.000", "money", "id", "14.466.321.000", "group_marks"),
    # the percent sign read as letters or digits, in a column of percentages
    ("87Yo", "percent", "id", "87%", "percent_sign"),
    ("95X", "percent", "id", "95%", "percent_sign"),
    ("7596", "percent", "id", "75%", "percent_sign"),
    ("0,2096", "percent", "id", "0,20%", "percent_sign"),
    # dates
    ("18 Juli2019 -", "date", "id", "18 Juli 2019", "space_in_date"),
    ("l2 Maret 2O19", "date", "id", "12 Maret 2019", "letters_to_digits"),
]

UNCHANGED = [
    ("14.466.321.000", "money", "id"),
    ("14,989,199,000", "money", "id"),  # printed in the other style: not a misread
    ("Rp.2.516.845.000,-", "money", "id"),
    ("93,86%", "percent", "id"),
    ("1 Lembaga 100%", "measure", "id"),
    ("WTP", "measure", "id"),
    ("Cukup Berhasil", "measure", "id"),
    ("7 0", "measure", "id"),  # "0" with a scrap before it, or 70: not guessed
    ("196", "number", "id"),  # a figure without %, in a column that does not print one
    ("2 April 2019", "date", "id"),
    ("-", "money", "id"),
    ("", "money", "id"),
    ("SISA", "money", "id"),  # a word of look-alike letters alone is not a figure...
    ("Sasaran 1", "measure", "id"),
    # grades (a SAKIP rating) in a column of figures: letters without a digit stay letters
    ("BB", "count", "id"),
    ("BB", "percent", "id"),
    ("SS", "money", "id"),
    ("BB.", "percent", "id"),
]


@pytest.mark.parametrize(("raw", "kind", "style", "text", "change"), CASES)
def test_misreads_are_repaired(raw: str, kind: str, style: str, text: str, change: str) -> None:
    got = repair_figure(raw, kind, style)  # type: ignore[arg-type]
    assert got.text == text
    assert change in got.changes
    assert got.repaired and got.raw == raw


@pytest.mark.parametrize(("raw", "kind", "style"), UNCHANGED)
def test_figures_read_right_are_left_alone(raw: str, kind: str, style: str) -> None:
    got = repair_figure(raw, kind, style)  # type: ignore[arg-type]
    assert (got.text, got.changes) == (raw.strip(), ())


def test_a_repaired_amount_parses_to_the_printed_value() -> None:
    assert parse_money(repair_figure("l4.466 .32l.OOO", "money", "id").text).value == 14466321000
    assert parse_percent(repair_figure("87Yo", "percent", "id").text).value == 87.0


def test_letters_in_a_word_with_a_digit_stay() -> None:
    # more letters than digits: an output code or a word, not a misread figure
    assert repair_figure("CQ.6982", "money", "id").text == "CQ.6982"
    assert repair_figure("Lampiran1", "measure", "id").text == "Lampiran1"


@given(st.integers(min_value=0, max_value=10**13))
def test_a_well_printed_amount_is_never_changed(amount: int) -> None:
    printed = f"{amount:,}".replace(",", ".")
    assert repair_figure(printed, "money", "id").text == printed
    assert repair_figure(f"{amount:,}", "money", "us").text == f"{amount:,}"


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("REVISI2", "REVISI 2"),  # the space Tesseract dropped
        ("Revisi10", "Revisi 10"),
        ("REVISI 3", "REVISI 3"),
        ("AWAL", "AWAL"),
        ("REVISI KPA", "REVISI KPA"),
        ("REVISI HIBAH PILKADA 2020", "REVISI HIBAH PILKADA 2020"),
    ],
)
def test_a_revision_label_gets_its_space_back(raw: str, text: str) -> None:
    got = repair_figure(raw, "label")
    assert got.text == text
    assert got.repaired == (raw != text)
