"""Property-based round trips and fuzzing for lkj.normalize (hypothesis).

Profiles: "ci" (fixed, bounded) when CI=true, else "dev" (longer); see
tests/hypothesis_profiles.py. tests/test_fuzz_normalize.py has the round trips
and fuzzing this module leaves out.
"""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis_profiles import profile

from lkj.models import FLAGS, Value
from lkj.normalize import (
    clean_cell,
    detect_style,
    find_dates,
    find_terbilang,
    fold,
    has_html,
    int_to_words,
    looks_like_code,
    parse_capaian,
    parse_code,
    parse_date,
    parse_measure,
    parse_money,
    parse_number,
    parse_percent,
    parse_terbilang,
    split_paragraphs,
    words_to_int,
)

PROFILE = profile()
AMOUNTS = st.integers(min_value=0, max_value=10**15)


def group(n: int, mark: str) -> str:
    return f"{n:,}".replace(",", mark)


@PROFILE
@given(
    n=AMOUNTS,
    mark=st.sampled_from([".", ","]),
    head=st.sampled_from(["", "Rp. ", "Rp.", "Rp ", "RP. ", "**Rp. "]),
    tail=st.sampled_from(["", ",-", ".-", " ,-"]),
)
def test_money_round_trip(n: int, mark: str, head: str, tail: str) -> None:
    raw = f"{head}{group(n, mark)}{tail}"
    v = parse_money(raw)
    assert v.value == n, raw
    assert type(v.value) is int
    assert (v.unit, v.kind, v.raw) == ("Rp", "money", raw)
    assert ("currency" in v.flags) == bool(head or tail)


@PROFILE
@given(n=AMOUNTS, cents=st.integers(0, 99), style=st.sampled_from(["id", "us"]))
def test_money_cents_are_dropped(n: int, cents: int, style: str) -> None:
    grouping, decimal = (".", ",") if style == "id" else (",", ".")
    raw = f"{group(n, grouping)}{decimal}{cents:02d}"
    v = parse_money(raw)
    assert v.value == n
    assert "decimal_cents" in v.flags


@PROFILE
@given(n=AMOUNTS, mark=st.sampled_from([".", ","]))
def test_negative_money_round_trip(n: int, mark: str) -> None:
    v = parse_money(f"({group(n, mark)})")
    assert v.value == -n
    assert "negative" in v.flags


@PROFILE
@given(n=AMOUNTS)
def test_words_round_trip(n: int) -> None:
    words = int_to_words(n)
    assert words == words.lower()
    assert words_to_int(words) == n
    printed = f"({words.capitalize()} rupiah)"
    assert parse_terbilang(printed).value == n


@PROFILE
@given(n=st.integers(min_value=1, max_value=10**15))
def test_words_found_beside_their_amount(n: int) -> None:
    text = f"sebesar Rp. {group(n, '.')},- ({int_to_words(n).capitalize()} rupiah) untuk"
    [(span, amount, words)] = find_terbilang(text)
    assert parse_money(amount).value == words.value == n
    assert text[span[0]] == "("


@PROFILE
@given(
    hundredths=st.integers(min_value=0, max_value=100_000),
    form=st.sampled_from(["{i},{f:02d}%", "{i}.{f:02d} %", "{i},{f:02d} %", "{i}.{f:02d}%"]),
)
def test_percent_round_trip(hundredths: int, form: str) -> None:
    raw = form.format(i=hundredths // 100, f=hundredths % 100)
    expected = hundredths / 100
    for v in (parse_percent(raw), parse_measure(raw), parse_capaian(raw)):
        assert v.value == expected, raw
        assert (v.unit, v.kind) == ("%", "percent")


INDONESIAN_MONTHS = [
    ["Januari", "Jan"],
    ["Februari", "Feb"],
    ["Maret", "Mar"],
    ["April", "Apr"],
    ["Mei"],
    ["Juni", "Jun"],
    ["Juli", "Jul"],
    ["Agustus", "Agt", "Agu", "Ags"],
    ["September", "Sep"],
    ["Oktober", "Okt"],
    ["November", "Nov", "Nopember"],
    ["Desember", "Des"],
]


@PROFILE
@given(
    date=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    pick=st.integers(0, 3),
    case=st.sampled_from([str, str.upper, str.lower]),
    dot=st.booleans(),
)
def test_indonesian_date_round_trip(date: dt.date, pick: int, case, dot: bool) -> None:  # noqa: ANN001
    names = INDONESIAN_MONTHS[date.month - 1]
    month = case(names[pick % len(names)])
    if dot and len(month) == 3:
        month += "."
    raw = f"{date.day} {month} {date.year}"
    assert parse_date(raw).value == date.isoformat(), raw
    [(_, found)] = find_dates(f"Dharmasraya, {raw} yang lalu")
    assert found.value == date.isoformat()


@PROFILE
@given(
    date=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    sep=st.sampled_from(["-", "/", "."]),
    pad=st.booleans(),
)
def test_numeric_date_round_trip(date: dt.date, sep: str, pad: bool) -> None:
    day, month = (f"{date.day:02d}", f"{date.month:02d}") if pad else (date.day, date.month)
    raw = f"{day}{sep}{month}{sep}{date.year}"
    assert parse_date(raw).value == date.isoformat(), raw


@PROFILE
@given(n=st.integers(min_value=1_000_000, max_value=10**15), mark=st.sampled_from([".", ","]))
def test_detect_style_of_grouped_amounts(n: int, mark: str) -> None:
    assert detect_style([group(n, mark)]) == ("id" if mark == "." else "us")


# -- fuzzing: every input string gives a Value (flag) or a ValueError (raise) ------------------

NUMERIC_ALPHABET = st.text(alphabet="0123456789.,-–() %Rp*<>/bB \n\u00a0", max_size=40)
WORD_PIECES = ["se", "satu", "dua", "sembilan", "puluh", "belas", "ratus", "ribu", "juta"]
WORD_PIECES += ["milyar", "triliun", "nol", "rupiah", " ", "1", ",", "(", ")", "*", "\n"]
WORD_ALPHABET = st.lists(st.sampled_from(WORD_PIECES), max_size=25).map("".join)
ANY_TEXT = st.one_of(st.text(max_size=80), NUMERIC_ALPHABET, WORD_ALPHABET)
FAILURES = {"empty", "unparsed", "malformed", "ambiguous", "words_malformed", "dash"}

PARSERS = [
    lambda s, e: parse_number(s, "number", errors=e),
    lambda s, e: parse_number(s, "count", errors=e),
    lambda s, e: parse_number(s, "number", style="id", errors=e),
    lambda s, e: parse_number(s, "number", style="us", errors=e),
    lambda s, e: parse_money(s, errors=e),
    lambda s, e: parse_percent(s, errors=e),
    lambda s, e: parse_measure(s, errors=e),
    lambda s, e: parse_measure(s, column_unit="Lembaga", errors=e),
    lambda s, e: parse_capaian(s, errors=e),
    lambda s, e: parse_date(s, errors=e),
    lambda s, e: parse_terbilang(s, errors=e),
]


def check_value(v: Value, raw: str) -> None:
    assert isinstance(v, Value)
    assert v.raw == raw
    assert set(v.flags) <= FLAGS.keys()
    if set(v.flags) & (FAILURES - {"dash"}):
        assert v.value is None
    if v.value is None:
        assert v.unit is None


@PROFILE
@given(text=ANY_TEXT)
def test_parsers_never_raise_when_flagging(text: str) -> None:
    for parse in PARSERS:
        check_value(parse(text, "flag"), text)


@PROFILE
@given(text=ANY_TEXT)
def test_parsers_raise_only_value_error(text: str) -> None:
    for parse in PARSERS:
        try:
            v = parse(text, "raise")
        except ValueError:
            continue
        check_value(v, text)
        assert not set(v.flags) & (FAILURES - {"empty", "dash"})


@PROFILE
@given(text=ANY_TEXT)
def test_helpers_never_raise(text: str) -> None:
    cleaned = clean_cell(text)
    assert cleaned == cleaned.strip() and "  " not in cleaned
    assert clean_cell(cleaned) == cleaned or "&" in cleaned or "<" in cleaned
    assert all(p == clean_cell(p) or "&" in p or "<" in p for p in split_paragraphs(text))
    assert fold(fold(text)) == fold(text)
    has_html(text)
    looks_like_code(text)
    code = parse_code(text)
    assert code is None or code in text
    detect_style(text.split())
    for (start, end), v in find_dates(text):
        assert v.raw == text[start:end]
    for (start, end), _, words in find_terbilang(text):
        assert text[start] == "(" and text[end - 1] == ")"
        assert words.raw == text[start + 1 : end - 1]
    with contextlib.suppress(ValueError):  # the only exception words_to_int may raise
        assert words_to_int(text) >= 0


@pytest.mark.parametrize("errors", ["flag", "raise"])
@pytest.mark.parametrize("text", ["9" * 5000, "1." * 3000, "(" * 2000, "<p>" * 2000, "se" * 3000])
def test_long_inputs_are_safe(text: str, errors: str) -> None:
    for parse in PARSERS:
        try:
            check_value(parse(text, errors), text)
        except ValueError:
            assert errors == "raise"
