"""Amounts in words (terbilang): grammar, spelling and finding them beside amounts."""

from __future__ import annotations

import pytest

from lkj.normalize import (
    find_terbilang,
    int_to_words,
    parse_money,
    parse_terbilang,
    words_to_int,
)

WORDS = [
    ("nol", 0),
    ("satu", 1),
    ("sembilan", 9),
    ("sepuluh", 10),
    ("sebelas", 11),
    ("dua belas", 12),
    ("sembilan belas", 19),
    ("dua puluh", 20),
    ("dua puluh satu", 21),
    ("sembilan puluh sembilan", 99),
    ("seratus", 100),
    ("satu ratus", 100),
    ("seratus satu", 101),
    ("seratus sebelas", 111),
    ("dua ratus lima puluh", 250),
    ("seribu", 1000),
    ("satu ribu", 1000),
    ("seribu satu", 1001),
    ("sebelas ribu", 11000),
    ("seratus ribu", 100000),
    ("seratus satu ribu", 101000),
    ("sejuta", 10**6),
    ("satu juta", 10**6),
    ("dua juta seribu", 2001000),
    ("semilyar", 10**9),
    ("Dua puluh milyar rupiah", 20_000_000_000),
    ("dua puluh miliar", 20_000_000_000),
    ("satu triliun", 10**12),
    ("setriliun", 10**12),
    ("seribu triliun", 10**15),
    ("seribu dua ratus triliun lima miliar", 1_200_005_000_000_000),
    # digit coefficients
    ("1 Milyar", 10**9),
    ("(1 Milyar)", 10**9),
    ("2,5 juta", 2_500_000),
    ("1.500 juta", 1_500_000_000),
    ("15 ribu rupiah", 15000),
    # the seeds, as printed
    (
        "Dua puluh milyar rupiah",  # 000: Rp. 20.000.000.000,-
        20_000_000_000,
    ),
    (
        # 002: Rp. 110.004.781.000,-
        "*seratus sepuluh milyar empat juta tujuh ratus delapan puluh satu ribu rupiah*",
        110_004_781_000,
    ),
    (
        # 002: Rp.109.205.738.791,- ("Sembilan" capitalised mid-sentence)
        "*seratus Sembilan milyar dua ratus lima juta tujuh ratus tiga puluh delapan ribu "
        "tujuh ratus Sembilan puluh satu rupiah*",
        109_205_738_791,
    ),
    (
        # 000: printed beside Rp. 14.466.321.000,- but the words lack "ribu": they spell
        # 14.466.000.321, a mismatch the consistency checks must see, not a parser guess
        "Empat belas\n\nmilyar empat ratus enam puluh enam juta tiga ratus dua puluh satu rupiah",
        14_466_000_321,
    ),
    (
        "Empat belas milyar empat ratus enam puluh enam juta tiga ratus dua puluh satu ribu",
        14_466_321_000,
    ),
    ("**Lima belas milyar** dua ratus sembilan juta", 15_209_000_000),
    ("LIMA RATUS RIBU RUPIAH", 500_000),
]


@pytest.mark.parametrize(("text", "expected"), WORDS)
def test_words_to_int(text: str, expected: int) -> None:
    assert words_to_int(text) == expected
    v = parse_terbilang(text)
    assert (v.value, v.unit, v.kind, v.flags, v.raw) == (expected, "Rp", "money", (), text)


MALFORMED = [
    # 000: "lima empat Sembilan" is not grammar
    "dua ratus sembilan juta delapan puluh lima ribu lima empat Sembilan rupiah",
    "Lima belas milyar dua ratus**\n\nsembilan juta delapan puluh lima ribu lima empat Sembilan rupiah",
    # 000: "Sembilan enam puluh satu lima ratus ..." (beside Rp. 194,961,555,-)
    "Seratus Sembilan puluh empat juta Sembilan enam puluh satu lima ratus lima puluh lima rupiah",
    "satu belas",
    "satu puluh",
    "dua ratus dua ratus",
    "seribu seribu",
    "lima ribu juta",  # scales out of order
    "juta",
    "ribu lima",
    "triliun",
    "se triliun",
    "dua puluh puluh",
    "nol nol",
    "lima nol",
    "lima dan tiga",
    "dua koma lima",
    "2,5",  # not a whole number
    "0 juta",
    "rupiah",
    "seratus lima 3 juta",
    "1.2.3 juta",
]


@pytest.mark.parametrize("text", MALFORMED)
def test_malformed_words(text: str) -> None:
    with pytest.raises(ValueError):
        words_to_int(text)
    v = parse_terbilang(text)
    assert (v.value, v.kind, v.flags, v.raw) == (None, "money", ("words_malformed",), text)
    with pytest.raises(ValueError, match="not an Indonesian amount in words"):
        parse_terbilang(text, errors="raise")


@pytest.mark.parametrize("text", ["", "  ", "()", None])
def test_empty_words(text: str | None) -> None:
    assert parse_terbilang(text).kind == "empty"


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "nol"),
        (11, "sebelas"),
        (100, "seratus"),
        (1000, "seribu"),
        (1001, "seribu satu"),
        (101_000, "seratus satu ribu"),
        (1_000_000, "satu juta"),
        (20_000_000_000, "dua puluh miliar"),
        (
            14_466_321_000,
            "empat belas miliar empat ratus enam puluh enam juta tiga ratus dua puluh satu ribu",
        ),
        (10**12, "satu triliun"),
        (10**15, "seribu triliun"),
    ],
)
def test_int_to_words(n: int, words: str) -> None:
    assert int_to_words(n) == words
    assert words_to_int(words) == n


@pytest.mark.parametrize("n", [-1, 1.5, "12", True])
def test_int_to_words_rejects(n: object) -> None:
    with pytest.raises(ValueError):
        int_to_words(n)  # type: ignore[arg-type]


SEED_000 = (
    "berasal dari Daftar Isian Pelaksanaan Anggaran (DIPA) 076-01-656120 tanggal 27 November "
    "2018 sebesar Rp. **14.466.321.000,-** (Empat belas\n\nmilyar empat ratus enam puluh enam "
    "juta tiga ratus dua puluh satu rupiah). Selanjutnya ...\n"
    "dengan realisasi sebesar **Rp. 15,209,085,549,- (Lima belas milyar dua ratus**\n\n"
    "sembilan juta delapan puluh lima ribu lima empat Sembilan rupiah) atau 93.86 %.\n"
    "Dharmasraya sebesar Rp. 20.000.000.000,- (Dua puluh milyar rupiah), sesuai dengan Naskah "
    "Perjanjian Hibah Daerah ... Berdasarkan pasal 4 ayat 3.a (Mekanisme Pencairan Dana Hibah) "
    "dalam NPHD ... sebesar 5 % dari Rp. 20.000.000.000,- adalah sebesar Rp. 1.000.000.000,- "
    "(1 Milyar) pada bulan November 2019 ... untuk periode 5 (lima) tahunan."
)


def test_find_terbilang() -> None:
    found = find_terbilang(SEED_000)
    rows = [(amount, words.value, words.flags) for _, amount, words in found]
    assert rows == [
        ("Rp. 14.466.321.000,-", 14_466_000_321, ()),
        ("Rp. 15,209,085,549,-", None, ("words_malformed",)),
        ("Rp. 20.000.000.000,-", 20_000_000_000, ()),
        ("Rp. 1.000.000.000,-", 1_000_000_000, ()),
    ]
    for (start, end), _, words in found:
        assert SEED_000[start] == "(" and SEED_000[end - 1] == ")"
        assert SEED_000[start + 1 : end - 1] == words.raw
    # the words are checked against the digits by the caller: two of four agree
    agree = [parse_money(amount).value == words.value for _, amount, words in found]
    assert agree == [False, False, True, True]


@pytest.mark.parametrize(
    "text",
    [
        "untuk periode 5 (lima) tahunan",  # a count, not an amount
        "pasal 4 ayat 3.a (Mekanisme Pencairan Dana Hibah)",
        "Rp. 585.590.000,- (sudah termasuk pajak)",
        "",
    ],
)
def test_find_terbilang_ignores(text: str) -> None:
    assert find_terbilang(text) == []
