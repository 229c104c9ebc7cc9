"""Property-based round trips for the normalisers that tests/test_normalize_properties.py leaves
out, and fuzzing of the parsers' remaining options.

Round trips: plain numbers in the document's style, counts, percentages in words and with a
sign, English, ISO and month-only dates, impossible dates, amounts in words with a digit
coefficient ("2,5 juta"), quantities with a unit and a percentage beside them, grades and
verdicts, budget codes, DIPA numbers and NIPs. Fuzzing: every parser with every style, column
unit and non-string input; the only exception is ValueError, and only where documented. And the
regressions the fuzz runs found, each with its own test.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis_profiles import profile

from lkj.models import FLAGS, Value
from lkj.normalize import (
    int_to_words,
    is_qualitative,
    looks_like_code,
    parse_capaian,
    parse_code,
    parse_date,
    parse_measure,
    parse_money,
    parse_number,
    parse_percent,
    parse_terbilang,
    words_to_int,
)
from lkj.normalize.measures import QUALITATIVE_CODES, QUALITATIVE_WORDS

PROFILE = profile()
FAILURES = {"empty", "unparsed", "malformed", "ambiguous", "words_malformed"}


def group(n: int, mark: str) -> str:
    return f"{n:,}".replace(",", mark)


def styled(n: int, hundredths: int | None, style: str) -> str:
    """``n`` grouped in the document's style, with a two-digit decimal part when given."""
    grouping, decimal = (".", ",") if style == "id" else (",", ".")
    return group(n, grouping) + ("" if hundredths is None else f"{decimal}{hundredths:02d}")


# --------------------------------------------------------------------------- numbers


@PROFILE
@given(
    n=st.integers(0, 10**12),
    hundredths=st.none() | st.integers(0, 99),
    style=st.sampled_from(["id", "us"]),
    sign=st.sampled_from(["", "-", "paren"]),
)
def test_number_round_trip_in_the_document_style(
    n: int, hundredths: int | None, style: str, sign: str
) -> None:
    """With the document's style known, every grouped or decimal number reads back exactly."""
    printed = styled(n, hundredths, style)
    raw = f"({printed})" if sign == "paren" else f"{sign}{printed}"
    v = parse_number(raw, "number", style=style)  # type: ignore[arg-type]
    expected = n + (hundredths or 0) / 100
    assert v.value is not None, raw
    assert math.isclose(v.value, -expected if sign else expected, rel_tol=1e-12, abs_tol=1e-12)
    assert ("negative" in v.flags) == bool(sign)
    assert "us_style" not in v.flags if style == "id" else True
    if style == "us" and ("," in printed or "." in printed):
        assert "us_style" in v.flags
    assert v.kind == "number" and v.unit is None


@PROFILE
@given(n=st.integers(0, 10**15), mark=st.sampled_from([".", ","]))
def test_count_round_trip(n: int, mark: str) -> None:
    """Counts are whole: a mark before three digits always groups, in either style."""
    v = parse_number(group(n, mark), "count")
    assert v.value == n and type(v.value) is int


@PROFILE
@given(
    hundredths=st.integers(0, 100_000),
    word=st.sampled_from(["%", " %", " persen", " Persen"]),
    minus=st.booleans(),
)
def test_percent_in_words_and_with_a_sign_round_trip(
    hundredths: int, word: str, minus: bool
) -> None:
    raw = f"{'-' if minus else ''}{hundredths // 100},{hundredths % 100:02d}{word}"
    v = parse_percent(raw)
    expected = hundredths / 100
    assert v.value == (-expected if minus else expected), raw
    assert (v.unit, v.kind) == ("%", "percent")
    assert ("negative" in v.flags) == minus


# --------------------------------------------------------------------------- dates

DATES = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))


@PROFILE
@given(date=DATES, form=st.sampled_from(["{d} {m} {y}", "{m} {d}, {y}", "{m} {d} {y}"]))
def test_english_date_round_trip(date: dt.date, form: str) -> None:
    month = calendar.month_name[date.month]
    raw = form.format(d=date.day, m=month, y=date.year)
    assert parse_date(raw).value == date.isoformat(), raw


@PROFILE
@given(date=DATES, prefix=st.sampled_from(["", "tanggal ", "Senin, ", "tgl. "]))
def test_iso_date_round_trip(date: dt.date, prefix: str) -> None:
    raw = f"{prefix}{date.isoformat()}"
    v = parse_date(raw)
    assert (v.value, v.kind, v.flags) == (date.isoformat(), "date", ())


@PROFILE
@given(year=st.integers(1900, 2100), month=st.integers(1, 12), sep=st.sampled_from([" ", "-"]))
def test_month_without_day_is_its_first_day(year: int, month: int, sep: str) -> None:
    names = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus"]
    names += ["September", "Oktober", "November", "Desember"]
    v = parse_date(f"{names[month - 1]}{sep}{year}")
    assert v.value == dt.date(year, month, 1).isoformat()
    assert v.flags == ("no_day",)


@PROFILE
@given(year=st.integers(1900, 2100), month=st.integers(1, 12), past=st.integers(1, 8))
def test_impossible_dates_are_flagged_or_raise(year: int, month: int, past: int) -> None:
    """ "30 Februari 2019", "32-01-2019": a day past the month's last is never moved."""
    day = calendar.monthrange(year, month)[1] + past
    for raw in (f"{day}-{month:02d}-{year}", f"{day} {calendar.month_name[month]} {year}"):
        v = parse_date(raw)
        assert (v.value, v.flags) == (None, ("malformed",)), raw
        with pytest.raises(ValueError, match="no such date"):
            parse_date(raw, errors="raise")


# --------------------------------------------------------------------------- terbilang

SCALES = {"ribu": 10**3, "juta": 10**6, "milyar": 10**9, "miliar": 10**9, "triliun": 10**12}


@PROFILE
@given(
    coefficient=st.integers(1, 999),
    scale=st.sampled_from(sorted(SCALES)),
    case=st.sampled_from([str, str.upper, str.capitalize]),
    rest=st.integers(0, 999),
)
def test_words_with_a_digit_coefficient_round_trip(
    coefficient: int, scale: str, case, rest: int
) -> None:  # noqa: ANN001
    """ "1 Milyar", "250 juta tiga ratus rupiah": digits before a scale word."""
    tail = f" {int_to_words(rest)}" if rest else ""
    raw = case(f"{coefficient} {scale}{tail} rupiah")
    assert words_to_int(raw) == coefficient * SCALES[scale] + rest, raw
    assert parse_terbilang(f"({raw})").value == coefficient * SCALES[scale] + rest


@PROFILE
@given(whole=st.integers(0, 99), tenth=st.integers(1, 9), scale=st.sampled_from(["juta", "milyar"]))
def test_words_with_a_decimal_coefficient_round_trip(whole: int, tenth: int, scale: str) -> None:
    raw = f"{whole},{tenth} {scale}"
    assert words_to_int(raw) == (whole * 10 + tenth) * SCALES[scale] // 10, raw


@PROFILE
@given(n=st.integers(max_value=-1) | st.booleans() | st.floats(allow_nan=False))
def test_int_to_words_rejects_what_it_documents(n: object) -> None:
    with pytest.raises(ValueError):
        int_to_words(n)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- measures and units

UNITS = ["kali", "Laporan", "laporan", "Lembaga", "Lembaga/Satker", "Dokumen", "Bulan", "NSPK"]


@PROFILE
@given(
    whole=st.integers(0, 999),
    tenths=st.none() | st.integers(0, 9),
    unit=st.sampled_from(UNITS),
    percent=st.none() | st.integers(0, 10_000),
    beside=st.sampled_from(["{p}%", "{p} %", "({p}%)", "({p} %)"]),
)
def test_quantity_with_unit_round_trip(
    whole: int, tenths: int | None, unit: str, percent: int | None, beside: str
) -> None:
    """ "10 kali", "3,5 Dokumen", "1 Lembaga 100%", "2 Dokumen (87,50 %)"."""
    number = f"{whole}" if tenths is None else f"{whole},{tenths}"
    raw = f"{number} {unit}"
    if percent is not None:
        raw += " " + beside.format(p=f"{percent // 100},{percent % 100:02d}")
    v = parse_measure(raw)
    expected = whole + (tenths or 0) / 10
    assert (v.value, v.unit, v.kind) == (pytest.approx(expected), unit, "quantity"), raw
    assert type(v.value) is float
    if percent is None:
        assert v.percent is None and "with_percent" not in v.flags
    else:
        assert v.percent == percent / 100 and "with_percent" in v.flags


@PROFILE
@given(n=st.integers(0, 999), unit=st.sampled_from(UNITS))
def test_bare_number_takes_the_column_unit(n: int, unit: str) -> None:
    v = parse_measure(str(n), column_unit=unit)
    assert (v.value, v.unit, v.kind) == (float(n), unit, "quantity")
    capaian = parse_capaian(str(n))
    assert (capaian.value, capaian.unit, capaian.flags) == (float(n), "%", ("no_percent_sign",))


@PROFILE
@given(
    code=st.sampled_from(sorted(QUALITATIVE_CODES)),
    word=st.sampled_from(sorted(QUALITATIVE_WORDS)),
    case=st.sampled_from([str.lower, str.upper, str.title]),
    dot=st.booleans(),
)
def test_grades_and_verdicts_are_kept_as_printed(code: str, word: str, case, dot: bool) -> None:  # noqa: ANN001
    """Grades are capitals as printed; verdict words are matched in any case."""
    for raw in (code + ("." if dot else ""), case(word)):
        v = parse_measure(raw)
        assert (v.value, v.kind, v.flags) == (raw, "qualitative", ("qualitative",))
        assert is_qualitative(raw)
        assert parse_capaian(raw).kind == "qualitative"


# --------------------------------------------------------------------------- codes

DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=1)
LETTERS = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2)


def digits(n: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=n, max_size=n)


CODES = st.one_of(
    st.builds(lambda a, b, c: f"{a}.{b}.{c}", digits(3), digits(2), digits(2) | LETTERS),
    st.builds(
        lambda a, b, c, k, o: f"{a}.{b}.{c}.{k}" + (f".{o}" if o else ""),
        digits(3),
        digits(2),
        LETTERS,
        digits(4),
        st.none() | digits(3),
    ),
    st.builds(
        lambda p, k, o: f"{p}.{k}" + (f".{o}" if o else ""),
        LETTERS,
        digits(4),
        st.none() | digits(3),
    ),
    st.builds(lambda k, o: f"{k}.{o}", digits(4), digits(3)),
    st.builds(lambda a, b, c: f"{a}-{b}-{c}", digits(3), digits(2), digits(6)),
    st.builds(lambda nip: nip, digits(18)),
)


@PROFILE
@given(code=CODES, name=st.sampled_from(["Program Dukungan Manajemen", "Pemilu", "Layanan"]))
def test_codes_round_trip(code: str, name: str) -> None:
    assert looks_like_code(code) and looks_like_code(f"({code})")
    assert parse_code(f"{name} ({code})") == code
    assert parse_code(f"{name}({code}).") == code


@PROFILE
@given(n=st.integers(1_000_000, 10**15), mark=st.sampled_from([".", ","]))
def test_grouped_amounts_are_never_codes(n: int, mark: str) -> None:
    amount = group(n, mark)
    assert not looks_like_code(amount)
    assert parse_code(f"Belanja Barang ({amount})") is None
    assert parse_money(amount).value == n


# --------------------------------------------------------------------------- fuzzing

TEXT = st.one_of(
    st.text(max_size=60),
    st.text(alphabet="0123456789.,-() %RpLembagakali/\n\t", max_size=40),
)
STYLES = [None, "id", "us"]
COLUMN_UNITS = [None, "%", "persen", "Lembaga", "", " "]


def check(v: Value, raw: object) -> None:
    assert isinstance(v, Value)
    assert v.raw == (None if raw is None else str(raw))
    assert set(v.flags) <= FLAGS.keys()
    if set(v.flags) & FAILURES - {"empty"}:
        assert v.value is None
    if v.value is None:
        assert v.unit is None


@PROFILE
@given(
    text=TEXT,
    style=st.sampled_from(STYLES),
    column_unit=st.sampled_from(COLUMN_UNITS),
    errors=st.sampled_from(["flag", "raise"]),
)
def test_every_option_of_every_parser_fails_only_with_value_error(
    text: str, style: str | None, column_unit: str | None, errors: str
) -> None:
    calls = [
        *(
            lambda s, k=k: parse_number(s, k, style=style, errors=errors)
            for k in ("number", "money", "percent", "count")  # type: ignore[misc]
        ),
        lambda s: parse_measure(s, column_unit=column_unit, style=style, errors=errors),  # type: ignore[arg-type]
        lambda s: parse_capaian(s, style=style, errors=errors),  # type: ignore[arg-type]
    ]
    for call in calls:
        try:
            v = call(text)
        except ValueError:
            assert errors == "raise"
            continue
        check(v, text)


@PROFILE
@given(raw=st.none() | st.integers() | st.floats(allow_nan=False, allow_infinity=False))
def test_non_string_input_is_read_as_its_text(raw: object) -> None:
    """Callers pass what a spreadsheet gives; the raw text kept is ``str(raw)``."""
    for v in (
        parse_number(raw),  # type: ignore[arg-type]
        parse_money(raw),  # type: ignore[arg-type]
        parse_percent(raw),  # type: ignore[arg-type]
        parse_measure(raw),  # type: ignore[arg-type]
        parse_date(raw),  # type: ignore[arg-type]
        parse_terbilang(raw),  # type: ignore[arg-type]
    ):
        check(v, raw)


@pytest.mark.parametrize("bad", ["strict", "ignore", "", None])
def test_unknown_bad_value_policy_is_a_value_error(bad: object) -> None:
    for parse in (parse_number, parse_measure, parse_date, parse_terbilang):
        with pytest.raises(ValueError, match="errors must be 'flag' or 'raise'"):
            parse("1", errors=bad)  # type: ignore[operator]


# --------------------------------------------------------------------------- regressions


@PROFILE
@given(left=st.integers(0, 999), right=st.integers(0, 999))
def test_two_figures_side_by_side_are_not_one_spaced_number(left: int, right: int) -> None:
    """A reader that joins two cells ("0" and "100") must not get one number (100) back:
    spaces group thousands only after a first group without a leading zero."""
    raw = f"{left} {right}"
    spaced = left >= 1 and len(str(right)) == 3
    for kind in ("number", "money", "percent", "count"):
        v = parse_number(raw, kind)  # type: ignore[arg-type]
        if spaced:
            assert v.value == left * 1000 + right and "space_in_number" in v.flags
        else:
            assert (v.value, v.flags) == (None, ("malformed",)), (raw, kind)


@pytest.mark.parametrize("raw", ["0 100", "0 100 000", "00 500"])
def test_spaced_number_with_a_leading_zero_is_malformed(raw: str) -> None:
    for kind in ("number", "money", "percent", "count"):
        assert parse_number(raw, kind).flags == ("malformed",)  # type: ignore[arg-type]
    assert parse_measure(raw).value is None


@pytest.mark.parametrize(
    ("raw", "grouped"),
    [("0.100.000", True), ("0,100,000", True), ("0.100.000,00", False), ("00.500", False)],
)
def test_grouped_amount_with_a_leading_zero_is_malformed(raw: str, grouped: bool) -> None:
    """ "0.100.000" used to read as 100000 rupiah: a first group "0" is not thousands."""
    assert (parse_money(raw).value, parse_money(raw).flags) == (None, ("malformed",))
    if grouped:  # every mark groups, so no decimal reading either
        assert parse_number(raw, "count").value is None


@pytest.mark.parametrize(("raw", "value"), [("0,00", 0), ("0", 0), ("Rp 0,-", 0), ("-", 0)])
def test_zero_amounts_still_read(raw: str, value: int) -> None:
    assert parse_money(raw).value == value
