"""Printed numbers: money, percentages, counts and plain numbers, and the bad-value policy."""

from __future__ import annotations

import pytest

from lkj.models import FLAGS, Value
from lkj.normalize import detect_style, parse_money, parse_number, parse_percent


def check(v: Value, value: object, unit: str | None, flags: tuple[str, ...]) -> None:
    assert v.value == value
    assert type(v.value) is type(value), f"{v.value!r} should be {type(value).__name__}"
    assert v.unit == unit
    assert v.flags == flags
    assert set(v.flags) <= FLAGS.keys()


MONEY = [
    # Indonesian and US styles (DOMAIN.md "Values"; 000 Tabel 3.5)
    ("14.466.321.000", 14466321000, ()),
    ("14,989,199,000", 14989199000, ("us_style",)),
    ("460,305,346", 460305346, ("us_style",)),
    ("16.203.906.000", 16203906000, ()),
    ("2.350.893.000", 2350893000, ()),
    # currency dressing
    ("Rp. 16.835.003.000,-", 16835003000, ("currency",)),
    ("Rp.33.353.847.000,-", 33353847000, ("currency",)),
    ("Rp 467.161.000", 467161000, ("currency",)),
    ("Rp.2.516.845.000,-", 2516845000, ("currency",)),
    ("Rp. Rp. 24.968.882.000,-", 24968882000, ("currency",)),  # 001, doubled
    ("RP. 1.955.640.000", 1955640000, ("currency",)),
    ("Rp. 15,209,085,549,-", 15209085549, ("us_style", "currency")),
    ("1.000.000.000,-", 1000000000, ("currency",)),
    ("1.000.000 ,-", 1000000, ("currency",)),
    # markdown bold and HTML
    ("**14.466.321.000,-**", 14466321000, ("currency",)),
    ("Rp. **194,961,555,-**", 194961555, ("us_style", "currency")),
    ("<b>30.151.427.000</b>", 30151427000, ("html",)),
    # accounting negatives
    ("(1,751,890,782)", -1751890782, ("us_style", "negative")),
    ("(1.751.890.782)", -1751890782, ("negative",)),
    ("Rp (1.000)", -1000, ("currency", "negative")),
    ("(Rp 1.000,-)", -1000, ("currency", "negative")),
    ("-1.000", -1000, ("negative",)),
    # every mark groups thousands in a rupiah amount
    ("1.500", 1500, ()),
    ("1,500", 1500, ("us_style",)),
    ("100.000", 100000, ()),
    ("0", 0, ()),
    ("250", 250, ()),
    # cents dropped
    ("1.500.000,00", 1500000, ("decimal_cents",)),
    ("1,500,000.00", 1500000, ("us_style", "decimal_cents")),
    ("Rp 1.500.000,50", 1500000, ("currency", "decimal_cents")),
    ("150,00", 150, ("decimal_cents",)),
    # mixed marks, recovered from the digits (004 Tabel Perbandingan Realisasi)
    ("4.135,440.127", 4135440127, ("mixed_marks",)),
    ("4,135.440,127", 4135440127, ("mixed_marks",)),
    ("1.234,567", 1234567, ("mixed_marks",)),
    # spacing and trailing marks
    ("14 466 321 000", 14466321000, ("space_in_number",)),
    ("14. 466.321.000", 14466321000, ("space_in_number",)),
    ("1.500.", 1500, ("trailing_mark",)),
    ("3.", 3, ("trailing_mark",)),
    # a dash means zero in a money column
    ("-", 0, ("dash_zero",)),
    ("–", 0, ("dash_zero",)),
    ("—", 0, ("dash_zero",)),
    (" - ", 0, ("dash_zero",)),
]


@pytest.mark.parametrize(("raw", "value", "flags"), MONEY)
def test_money(raw: str, value: int, flags: tuple[str, ...]) -> None:
    v = parse_money(raw)
    check(v, value, "Rp", flags)
    assert v.kind == "money"
    assert v.raw == raw


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("1.328.8070", "malformed"),  # groups that are not three digits
        ("14466.321", "malformed"),
        ("1.5", "malformed"),
        ("1 2", "malformed"),  # never silently 12
        ("1 2 bulan", "malformed"),
        ("12 345 6", "malformed"),
        ("1..500", "malformed"),
        ("1.500.000,5", "malformed"),
        ("70%", "malformed"),
        ("Rp. 1.000 juta", "malformed"),
        ("3.364.034x", "malformed"),
        ("1" * 30, "malformed"),
        ("Rp.", "unparsed"),
        ("nihil", "unparsed"),
        ("(", "unparsed"),
    ],
)
def test_money_failures(raw: str, reason: str) -> None:
    v = parse_money(raw)
    assert v.value is None
    assert reason in v.flags
    assert v.raw == raw
    with pytest.raises(ValueError, match="cannot|not|digits|spaces|percent|no money|text"):
        parse_money(raw, errors="raise")


@pytest.mark.parametrize("raw", ["", "   ", "\u00a0", "<p></p>", "****", None])
def test_empty_is_unknown(raw: str | None) -> None:
    for kind in ("money", "percent", "number", "count"):
        v = parse_number(raw, kind)  # type: ignore[arg-type]
        assert v.value is None
        assert v.kind == "empty"
        assert "empty" in v.flags
        # empty is not an error: raising mode returns it too
        assert parse_number(raw, kind, errors="raise").kind == "empty"  # type: ignore[arg-type]


PERCENT = [
    ("70%", 70.0, ()),
    ("0,20%", 0.2, ()),
    ("0,2%", 0.2, ()),
    ("100 %", 100.0, ()),
    ("97,95%", 97.95, ()),
    ("77,5%", 77.5, ()),
    ("87,84", 87.84, ("no_percent_sign",)),
    ("93.86", 93.86, ("us_style", "no_percent_sign")),
    ("98.85", 98.85, ("us_style", "no_percent_sign")),
    ("93,25", 93.25, ("no_percent_sign",)),
    ("93,86", 93.86, ("no_percent_sign",)),
    ("98.46 %", 98.46, ("us_style",)),
    ("100,00 %", 100.0, ()),
    ("95,00 %", 95.0, ()),
    ("100", 100.0, ("no_percent_sign",)),
    ("0", 0.0, ("no_percent_sign",)),
    ("0%", 0.0, ()),
    ("**99,27%**", 99.27, ()),
    ("49.53%", 49.53, ("us_style",)),
    ("5.19 %", 5.19, ("us_style",)),
    ("1.500%", 1.5, ("us_style",)),  # in percent a single mark is the decimal mark
    ("1,500%", 1.5, ()),
    ("1.234,56%", 1234.56, ()),
    ("-5,5%", -5.5, ("negative",)),
    ("100.%", 100.0, ("trailing_mark",)),
    ("70 persen", 70.0, ()),
]


@pytest.mark.parametrize(("raw", "value", "flags"), PERCENT)
def test_percent(raw: str, value: float, flags: tuple[str, ...]) -> None:
    v = parse_percent(raw)
    check(v, value, "%", flags)
    assert v.kind == "percent"


def test_percent_dash_is_unknown() -> None:
    v = parse_percent("-")
    assert (v.value, v.kind, v.flags) == (None, "percent", ("dash",))
    assert parse_percent("-", errors="raise").value is None


@pytest.mark.parametrize(
    ("raw", "kind", "style", "value", "flags"),
    [
        ("10", "number", None, 10, ()),
        ("5.0", "number", None, 5.0, ("us_style",)),
        ("5,0", "number", None, 5.0, ()),
        ("1.500", "number", "id", 1500, ()),
        ("1.500", "number", "us", 1.5, ("us_style",)),
        ("1,500", "number", "us", 1500, ("us_style",)),
        ("1,500", "number", "id", 1.5, ()),
        ("1.500", "count", None, 1500, ()),
        ("1,500", "count", None, 1500, ("us_style",)),
        ("1.500", "count", "us", 1500, ("id_style",)),  # integers expected
        ("12", "count", None, 12, ()),
        ("2,5", "count", None, 2.5, ()),
        ("0.500", "number", None, 0.5, ("us_style",)),  # "0.500" cannot group
        ("1234.567", "number", None, 1234.567, ("us_style",)),
        ("1.500.000", "number", None, 1500000, ()),
        ("1,500,000", "number", None, 1500000, ("us_style",)),
        ("1.500.000", "number", "us", 1500000, ("id_style",)),
        ("1.234,5", "number", None, 1234.5, ()),
        ("1,234.5", "number", None, 1234.5, ("us_style",)),
        ("93,86", "number", "us", 93.86, ("id_style",)),
        ("4.135,440.127", "number", None, 4135440127, ("mixed_marks",)),
        ("14 466 321 000", "number", None, 14466321000, ("space_in_number",)),
        ("3.", "number", None, 3, ("trailing_mark",)),
        ("3,", "count", None, 3, ("trailing_mark",)),
        ("(12)", "number", None, -12, ("negative",)),
        ("70%", "number", None, 70.0, ()),  # a percentage stays a percentage
    ],
)
def test_number(raw: str, kind: str, style: str | None, value: object, flags: tuple) -> None:
    v = parse_number(raw, kind, style=style)  # type: ignore[arg-type]
    check(v, value, "%" if raw.endswith("%") else None, flags)


def test_ambiguous_number_is_left_empty() -> None:
    v = parse_number("1.500")
    assert (v.value, v.kind, v.flags) == (None, "number", ("ambiguous",))
    assert parse_number("1,500").flags == ("ambiguous",)
    with pytest.raises(ValueError, match="three digits"):
        parse_number("1.500", errors="raise")


@pytest.mark.parametrize("raw", ["1 2", "1 2 bulan", "12 bulan", "3.2.1", "1.2.3.4.5", "x1"])
def test_number_malformed(raw: str) -> None:
    v = parse_number(raw)
    assert (v.value, v.flags) == (None, ("malformed",))
    with pytest.raises(ValueError):
        parse_number(raw, errors="raise")


@pytest.mark.parametrize("raw", ["abc", "WTP", "B", "Rp", "%", "()"])
def test_number_unparsed(raw: str) -> None:
    v = parse_number(raw)
    assert (v.value, v.kind, v.flags) == (None, "text", ("unparsed",))
    with pytest.raises(ValueError, match="no number"):
        parse_number(raw, errors="raise")


def test_bad_arguments_raise() -> None:
    with pytest.raises(ValueError, match="kind"):
        parse_number("1", "rupiah")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="style"):
        parse_number("1", style="fr")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="errors"):
        parse_number("1", errors="ignore")


def test_raw_is_kept_exactly() -> None:
    raw = "  Rp. **14.466.321.000,-** "
    assert parse_money(raw).raw == raw


@pytest.mark.parametrize(
    ("raws", "expected"),
    [
        (["14.466.321.000", "2.350.893.000", "93,86"], "id"),
        (["14,989,199,000", "93.86", "98.85"], "us"),
        # 000 Tabel 3.5: both styles; the Indonesian rows are in the majority
        (["14.466.321.000", "14.466.321.000", "14,989,199,000", "16.203.906.000"], "id"),
        (["1.500", "2.000", "4.135,440.127"], None),  # nothing unambiguous
        (["93,86", "93.86"], None),  # a tie
        (["Rp. 16.835.003.000,-", "97,95%", "(1.751.890.782)"], "id"),
        (["", None, "-", "abc", "10"], None),
    ],
)
def test_detect_style(raws: list[str | None], expected: str | None) -> None:
    assert detect_style(raws) == expected


def test_detect_style_resolves_ambiguity() -> None:
    column = ["1.500", "2.250", "14.466.321.000"]
    style = detect_style(column)
    assert [parse_number(raw, style=style).value for raw in column] == [
        1500,
        2250,
        14466321000,
    ]
