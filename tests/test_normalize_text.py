"""Cell text cleaning, paragraph splitting and folding."""

from __future__ import annotations

import pytest

from lkj.normalize import clean_cell, fold, has_html, split_paragraphs


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<p>Terlaksananya pembayaran</p>", "Terlaksananya pembayaran"),
        ("<b>Penyelenggaraan Pemilu</b>", "Penyelenggaraan Pemilu"),
        ("<b>A. Penyelenggaraan</b>\t\t", "A. Penyelenggaraan"),
        ("satu<br>dua<br/>tiga<BR />empat", "satu dua tiga empat"),
        ("Data &amp; Informasi", "Data & Informasi"),
        ("&lt;p&gt; printed", "<p> printed"),
        ("**14.466.321.000,-**", "14.466.321.000,-"),
        ("***Pengelolaan Pemerintahan***", "Pengelolaan Pemerintahan"),
        ("*seratus sepuluh milyar*", "seratus sepuluh milyar"),
        ("Indikator (*Civil Liberties*) terdiri", "Indikator (Civil Liberties) terdiri"),
        ("*Civil\nLiberties*", "Civil Liberties"),
        ("*a**b*", "ab"),
        (
            "Lima belas milyar dua ratus**\n\nsembilan juta",
            "Lima belas milyar dua ratus sembilan juta",
        ),
        ("1.0\nLayanan (100%)", "1.0 Layanan (100%)"),
        ("a\u00a0b\u202fc\u2007d", "a b c d"),
        ("zero\u200bwidth", "zerowidth"),
        ("  spaced   out \t text \n", "spaced out text"),
        ("*Tabel 3.1", "*Tabel 3.1"),  # a lone asterisk is not emphasis
        ("2 * 3 * 4", "2 * 3 * 4"),
        ("a < b > c", "a < b > c"),  # not tags
        ("<!-- note -->kept", "kept"),
        ("", ""),
        (None, ""),
    ],
)
def test_clean_cell(raw: str | None, expected: str) -> None:
    assert clean_cell(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<p>A</p> <p>B</p>", ["A", "B"]),
        (
            "<p>Terlaksananya pembayaran Gaji</p> <p>Terpenuhinya keperluan perkantoran</p>",
            ["Terlaksananya pembayaran Gaji", "Terpenuhinya keperluan perkantoran"],
        ),
        ("<p>A</p><p></p><p> B </p>", ["A", "B"]),
        ("<p>A<p>B", ["A", "B"]),  # unclosed paragraphs
        ("intro <p>A</p> tail", ["intro", "A", "tail"]),
        ('<p class="x">A &amp; B</p>', ["A & B"]),
        ("<p><b>Bold</b> text</p>", ["Bold text"]),
        ("no paragraphs  here", ["no paragraphs here"]),
        ("<b>only bold</b>", ["only bold"]),
        ("<pre>not a paragraph</pre>", ["not a paragraph"]),
        ("", [""]),
        (None, [""]),
    ],
)
def test_split_paragraphs(raw: str | None, expected: list[str]) -> None:
    assert split_paragraphs(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("KPU Kabupaten OGAN ILIR", "kpu kabupaten ogan ilir"),
        ("Persentase (%) Penyelenggaraan", "persentase penyelenggaraan"),
        ("Pemilu/Pemilihan", "pemilu pemilihan"),
        ("Pémilih—Disabilitas", "pemilih disabilitas"),
        ("<b>Tabel.3.3</b>", "tabel 3 3"),
        ("  ", ""),
        (None, ""),
    ],
)
def test_fold(raw: str | None, expected: str) -> None:
    assert fold(raw) == expected


def test_fold_equates_spellings() -> None:
    assert fold("Sekretariat KPU  Kabupaten Barito-Selatan") == fold(
        "sekretariat kpu kabupaten barito selatan"
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<p>A</p>", True),
        ("<b>x</b>", True),
        ("line<br/>break", True),
        ("x &amp; y", False),
        ("a < b > c", False),
        ("**bold**", False),
        ("", False),
        (None, False),
    ],
)
def test_has_html(raw: str | None, expected: bool) -> None:
    assert has_html(raw) is expected
