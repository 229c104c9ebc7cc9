"""Dates in cells and in prose: Indonesian and English months, day-first numbers."""

from __future__ import annotations

import pytest

from lkj.normalize import find_dates, parse_date

DATES = [
    # the seeds (000 Tabel 3.5, signing lines, 002 Lampiran)
    ("22 Maret 2019", "2019-03-22"),
    ("2 April 2019", "2019-04-02"),
    ("17 Juni 2019", "2019-06-17"),
    ("27 Agustus 2019", "2019-08-27"),
    ("18 Desember 2019", "2019-12-18"),
    ("9 JANUARI 2024", "2024-01-09"),
    ("31 DESEMBER 2019", "2019-12-31"),
    ("5 FEBRUARI 2024", "2024-02-05"),
    ("Jumat, 4 Oktober 2019", "2019-10-04"),
    ("tanggal 27 November 2018", "2018-11-27"),
    # every Indonesian month
    ("1 Januari 2020", "2020-01-01"),
    ("29 Februari 2020", "2020-02-29"),
    ("1 Pebruari 2020", "2020-02-01"),
    ("1 Maret 2020", "2020-03-01"),
    ("1 Mei 2020", "2020-05-01"),
    ("1 Juli 2020", "2020-07-01"),
    ("1 September 2020", "2020-09-01"),
    ("1 Oktober 2020", "2020-10-01"),
    ("1 Nopember 2020", "2020-11-01"),
    # abbreviations, with or without a dot
    ("3 Jan 2020", "2020-01-03"),
    ("3 Feb. 2020", "2020-02-03"),
    ("3 Mar 2020", "2020-03-03"),
    ("3 Apr 2020", "2020-04-03"),
    ("3 Jun 2020", "2020-06-03"),
    ("3 Jul. 2020", "2020-07-03"),
    ("3 Agt 2020", "2020-08-03"),
    ("3 Agu 2020", "2020-08-03"),
    ("3 Ags. 2020", "2020-08-03"),
    ("3 Sep 2020", "2020-09-03"),
    ("3 Okt 2020", "2020-10-03"),
    ("3 Nov 2020", "2020-11-03"),
    ("3 Des 2020", "2020-12-03"),
    ("03-Des-2020", "2020-12-03"),
    # English
    ("22 March 2019", "2019-03-22"),
    ("March 22, 2019", "2019-03-22"),
    ("1 August 2019", "2019-08-01"),
    ("Oct 5, 2021", "2021-10-05"),
    # numeric: day first
    ("31-12-2024", "2024-12-31"),
    ("31/12/2024", "2024-12-31"),
    ("31.12.2024", "2024-12-31"),
    ("01/02/2024", "2024-02-01"),
    ("2024-12-31", "2024-12-31"),
    # markup
    ("<b>22 Maret 2019</b>", "2019-03-22"),
]


@pytest.mark.parametrize(("raw", "iso"), DATES)
def test_parse_date(raw: str, iso: str) -> None:
    v = parse_date(raw)
    assert (v.value, v.kind, v.unit) == (iso, "date", None)
    assert set(v.flags) <= {"html"}
    assert v.raw == raw


@pytest.mark.parametrize(
    ("raw", "iso"),
    [("Januari 2020", "2020-01-01"), ("Desember 2019", "2019-12-01"), ("Nov 2019", "2019-11-01")],
)
def test_month_without_day(raw: str, iso: str) -> None:
    v = parse_date(raw)
    assert (v.value, v.flags) == (iso, ("no_day",))


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("31 Februari 2019", "malformed"),
        ("29 Februari 2019", "malformed"),
        ("31-04-2024", "malformed"),
        ("12/31/2024", "malformed"),  # day-first: there is no month 31
        ("31/12/24", "malformed"),  # a two-digit year is not guessed
        ("2019", "malformed"),
        ("0 Maret 2019", "malformed"),
        ("22 Maret", "malformed"),
        ("Maret", "unparsed"),
        ("belum ditetapkan", "unparsed"),
    ],
)
def test_bad_dates(raw: str, reason: str) -> None:
    v = parse_date(raw)
    assert v.value is None
    assert reason in v.flags
    with pytest.raises(ValueError):
        parse_date(raw, errors="raise")


def test_empty_and_dash() -> None:
    assert parse_date("").flags == ("empty",)
    assert parse_date(None).kind == "empty"
    assert parse_date("-").flags == ("dash",)
    assert parse_date("-", errors="raise").value is None


def test_find_dates_in_prose() -> None:
    text = (
        "Daftar Isian Pelaksanaan Anggaran (DIPA) 076-01-656120 tanggal 27 November 2018 "
        "sebesar Rp. 14.466.321.000,- ... putusan MK nomor 31/PUU-XVI/2018 dan nomor "
        "51/HK.03-Kpt/03/KPU-II/2018; pencairan pada bulan November 2019; "
        "PALEMBANG, 28 S.D 30 MEI 2024; batas 31-12-2024; tertulis 31 Februari 2019."
    )
    found = find_dates(text)
    assert [(text[a:b], v.value, v.flags) for (a, b), v in found] == [
        ("27 November 2018", "2018-11-27", ()),
        ("November 2019", "2019-11-01", ("no_day",)),
        ("30 MEI 2024", "2024-05-30", ()),
        ("31-12-2024", "2024-12-31", ()),
        ("31 Februari 2019", None, ("malformed",)),
    ]
    assert all(v.raw == text[a:b] for (a, b), v in found)


@pytest.mark.parametrize(
    "text",
    [
        "Renstra 2015 – 2019 dan RPJMN 2015-2019",
        "TAHUN 2019",
        "Desa Maju 2019",  # "Des" only as a whole word
        "nomor 15/Kpts/KPU-Kab.003.434982/TAHUN 2016",
        "versi 1.2.3",
        "",
    ],
)
def test_find_dates_ignores_non_dates(text: str) -> None:
    assert find_dates(text) == []
