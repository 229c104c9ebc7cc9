"""Target / realisasi / capaian cells: percentages, quantities, grades and verdicts."""

from __future__ import annotations

import pytest

from lkj.models import FLAGS
from lkj.normalize import is_qualitative, parse_capaian, parse_measure

N = None

MEASURES = [
    # (raw, column_unit, value, unit, kind, flags, percent)
    ("70%", N, 70.0, "%", "percent", (), N),
    ("0,20%", N, 0.2, "%", "percent", (), N),
    ("0,2%", N, 0.2, "%", "percent", (), N),
    ("100 %", N, 100.0, "%", "percent", (), N),
    ("97,95%", N, 97.95, "%", "percent", (), N),
    ("49.53%", N, 49.53, "%", "percent", ("us_style",), N),
    ("5.19 %", N, 5.19, "%", "percent", ("us_style",), N),
    ("100,00 %", N, 100.0, "%", "percent", (), N),
    ("90", "%", 90.0, "%", "percent", ("no_percent_sign",), N),
    ("93,79", "%", 93.79, "%", "percent", ("no_percent_sign",), N),
    ("90", N, 90.0, N, "number", (), N),
    ("0", N, 0.0, N, "number", (), N),
    ("97,95", N, 97.95, N, "number", (), N),
    ("99.46", N, 99.46, N, "number", ("us_style",), N),
    ("87,84", N, 87.84, N, "number", (), N),
    ("90 persen", N, 90.0, "%", "percent", (), N),
    # quantities (DOMAIN.md "Targets with units")
    ("10 kali", N, 10.0, "kali", "quantity", (), N),
    ("2 laporan", N, 2.0, "laporan", "quantity", (), N),
    ("2 Laporan", N, 2.0, "Laporan", "quantity", (), N),
    ("1 dokumen", N, 1.0, "dokumen", "quantity", (), N),
    ("1 NSPK", N, 1.0, "NSPK", "quantity", (), N),
    ("19 Lembaga/Satker", N, 19.0, "Lembaga/Satker", "quantity", (), N),
    ("12 Bulan", N, 12.0, "Bulan", "quantity", (), N),
    ("11Laporan", N, 11.0, "Laporan", "quantity", (), N),  # 001, no space
    ("1Dokumen", N, 1.0, "Dokumen", "quantity", (), N),
    ("1 laporan", "%", 1.0, "laporan", "quantity", (), N),  # the printed unit wins
    ("1", "Lembaga", 1.0, "Lembaga", "quantity", (), N),  # unit from a SATUAN column
    # a quantity with its percentage beside it
    ("1 Lembaga 100%", N, 1.0, "Lembaga", "quantity", ("with_percent",), 100.0),
    ("1 Unit 100%", N, 1.0, "Unit", "quantity", ("with_percent",), 100.0),
    ("3.0 Lembaga (100 %)", N, 3.0, "Lembaga", "quantity", ("us_style", "with_percent"), 100.0),
    ("3.0 Lembaga (100%)", N, 3.0, "Lembaga", "quantity", ("us_style", "with_percent"), 100.0),
    ("5.0 Lembaga 100 %", N, 5.0, "Lembaga", "quantity", ("us_style", "with_percent"), 100.0),
    ("1.0 layanan (100%)", N, 1.0, "layanan", "quantity", ("us_style", "with_percent"), 100.0),
    ("1.0\nLayanan (100%)", N, 1.0, "Layanan", "quantity", ("us_style", "with_percent"), 100.0),
    ("2 Dokumen (87,5%)", N, 2.0, "Dokumen", "quantity", ("with_percent",), 87.5),
    ("(100%)", N, 100.0, "%", "percent", (), N),
    ("(1 Lembaga)", N, 1.0, "Lembaga", "quantity", (), N),
    # broken numbers
    ("3.", N, 3.0, N, "number", ("trailing_mark",), N),
    ("100.000", N, N, N, "number", ("ambiguous",), N),
    ("1.500", N, N, N, "number", ("ambiguous",), N),
    ("1 2 bulan", N, N, N, "number", ("malformed",), N),  # 001 row 24, never 12
    ("1 2", N, N, N, "number", ("malformed",), N),
    ("2 Dokumen 1 Laporan", N, N, N, "number", ("malformed",), N),
    ("1 Lembaga (100)", N, N, N, "number", ("malformed",), N),
    ("100% 1 Lembaga", N, N, N, "number", ("malformed",), N),
    ("Rp 467.161.000", N, N, N, "number", ("malformed",), N),
    # qualitative values keep the word as printed
    ("B", N, "B", N, "qualitative", ("qualitative",), N),
    ("BB", N, "BB", N, "qualitative", ("qualitative",), N),
    ("A", N, "A", N, "qualitative", ("qualitative",), N),
    ("WTP", N, "WTP", N, "qualitative", ("qualitative",), N),
    ("WDP", N, "WDP", N, "qualitative", ("qualitative",), N),
    ("TMP", N, "TMP", N, "qualitative", ("qualitative",), N),
    ("TW", N, "TW", N, "qualitative", ("qualitative",), N),
    ("Berhasil", N, "Berhasil", N, "qualitative", ("qualitative",), N),
    ("Cukup Berhasil", N, "Cukup Berhasil", N, "qualitative", ("qualitative",), N),
    ("Cukup  Berhasil", N, "Cukup Berhasil", N, "qualitative", ("qualitative",), N),
    ("Kurang Berhasil", N, "Kurang Berhasil", N, "qualitative", ("qualitative",), N),
    ("Tidak Berhasil", N, "Tidak Berhasil", N, "qualitative", ("qualitative",), N),
    ("Baik", N, "Baik", N, "qualitative", ("qualitative",), N),
    ("Cukup Baik", N, "Cukup Baik", N, "qualitative", ("qualitative",), N),
    ("Sangat Baik", N, "Sangat Baik", N, "qualitative", ("qualitative",), N),
    ("Gagal", N, "Gagal", N, "qualitative", ("qualitative",), N),
    ("BERHASIL", N, "BERHASIL", N, "qualitative", ("qualitative",), N),
    ("WTP", "%", "WTP", N, "qualitative", ("qualitative",), N),
    # nothing, or a dash
    ("-", N, N, N, "number", ("dash",), N),
    ("-", "%", N, N, "percent", ("dash",), N),
    ("", N, N, N, "empty", ("empty",), N),
    ("<p></p>", N, N, N, "empty", ("empty", "html"), N),
    # markup
    ("<b>70%</b>", N, 70.0, "%", "percent", ("html",), N),
    ("**99,27%**", N, 99.27, "%", "percent", (), N),
    # text that is no measure
    ("Tata Kelola Kelembagaan", N, N, N, "text", ("unparsed",), N),
    ("b", N, N, N, "text", ("unparsed",), N),  # grades are printed in capitals
]


@pytest.mark.parametrize(
    ("raw", "column_unit", "value", "unit", "kind", "flags", "percent"), MEASURES
)
def test_parse_measure(
    raw: str,
    column_unit: str | None,
    value: object,
    unit: str | None,
    kind: str,
    flags: tuple[str, ...],
    percent: float | None,
) -> None:
    v = parse_measure(raw, column_unit=column_unit)
    assert (v.value, v.unit, v.kind, v.flags, v.percent) == (value, unit, kind, flags, percent)
    if isinstance(value, float):
        assert type(v.value) is float  # performance values are floats, as in gold
    assert set(v.flags) <= FLAGS.keys()
    assert v.raw == raw


@pytest.mark.parametrize(
    ("raw", "style", "value"),
    [("1.500", "id", 1500.0), ("1.500", "us", 1.5), ("1,500", "id", 1.5)],
)
def test_measure_style_resolves_ambiguity(raw: str, style: str, value: float) -> None:
    assert parse_measure(raw, style=style).value == value  # type: ignore[arg-type]


@pytest.mark.parametrize("raw", ["1 2 bulan", "1.500", "Tata Kelola", "2 Dokumen 1 Laporan"])
def test_measure_raise(raw: str) -> None:
    with pytest.raises(ValueError):
        parse_measure(raw, errors="raise")


@pytest.mark.parametrize("raw", ["", "-", "B", "70%", "1 Lembaga 100%"])
def test_measure_raise_keeps_good_values(raw: str) -> None:
    assert parse_measure(raw, errors="raise") == parse_measure(raw)


@pytest.mark.parametrize(
    ("raw", "value", "unit", "flags"),
    [
        ("100", 100.0, "%", ("no_percent_sign",)),  # 000 Tabel 3.2: capaian "100"
        ("100%", 100.0, "%", ()),
        ("97,95%", 97.95, "%", ()),
        ("89,89 %", 89.89, "%", ()),
        ("85%", 85.0, "%", ()),
        ("1.500", 1.5, "%", ("us_style", "no_percent_sign")),  # a percentage: decimal
        ("Cukup Berhasil", "Cukup Berhasil", None, ("qualitative",)),
        ("WDP", "WDP", None, ("qualitative",)),
    ],
)
def test_parse_capaian(raw: str, value: object, unit: str | None, flags: tuple) -> None:
    v = parse_capaian(raw)
    assert (v.value, v.unit, v.flags) == (value, unit, flags)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("B", True), ("Cukup berhasil", True), ("Baik.", True), ("b", False), ("Bagus", False)],
)
def test_is_qualitative(text: str, expected: bool) -> None:
    assert is_qualitative(text) is expected
