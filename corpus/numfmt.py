"""Printing values the ways LKj reports print them, remembering what was printed.

Every formatter returns a :class:`Printed`: the raw text and the value and unit
a careful reader recovers from it (the gold conventions of docs/gold.md), so a
renderer never has to re-parse its own output to write the truth.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from .spec import Val
from .vocab import MONTHS

MoneyStyle = Literal["id", "us", "rp", "rp_space"]
PctSign = Literal["%", " %", ""]


@dataclass(frozen=True)
class Printed:
    raw: str | None
    value: int | float | str | None = None
    unit: str | None = None
    percent: float | None = None

    def as_gold(self) -> dict[str, object]:
        out: dict[str, object] = {"raw": self.raw, "value": self.value, "unit": self.unit}
        if self.percent is not None:
            out["percent"] = self.percent
        return out


EMPTY = Printed(None)


def group(n: int, sep: str) -> str:
    """14466321000 -> '14.466.321.000' (sep='.')."""
    s = str(abs(n))
    parts = []
    while len(s) > 3:
        parts.append(s[-3:])
        s = s[:-3]
    parts.append(s)
    out = sep.join(reversed(parts))
    return "-" + out if n < 0 else out


def money(n: int | None, style: MoneyStyle = "id", dash_zero: bool = False) -> Printed:
    """A rupiah amount: 'id' 14.466.321.000, 'us' 14,466,321,000, 'rp' Rp.14.466.321.000,-."""
    if n is None:
        return EMPTY
    if n == 0 and dash_zero:
        return Printed("-", 0)
    if style == "us":
        raw = group(n, ",")
    elif style == "rp":
        raw = f"Rp.{group(n, '.')},-"
    elif style == "rp_space":
        raw = f"Rp {group(n, '.')}"
    else:
        raw = group(n, ".")
    return Printed(raw, n)


def count(n: int, sep: str = ".") -> Printed:
    """A head count: '12.345' (sep '.') or '12,345' (sep ',')."""
    return Printed(group(n, sep), n)


MALFORMED_FORMS = ("extra_digit", "shifted_mark")


def malformed(raw: str, form: str) -> str:
    """A grouped figure whose digit groups are no longer thousands.

    'extra_digit' doubles the first digit of the second group ('1.328.807.000' ->
    '1.3328.807.000'); 'shifted_mark' moves the first grouping mark one digit to the right
    ('1.250.000' -> '12.50.000'). Dressing ('Rp.', ',-') is kept. Neither can be read
    without guessing which digit or mark is wrong. ``raw`` needs at least two grouping marks
    (an amount of a million or more), so the result never reads as cents.
    """
    marks = [
        i
        for i in range(1, len(raw) - 1)
        if raw[i] in ".," and raw[i - 1].isdigit() and raw[i + 1].isdigit()
    ]
    if len(marks) < 2:
        raise ValueError(f"not a figure of a million or more: {raw!r}")
    i = marks[0]
    if form == "extra_digit":
        return raw[: i + 1] + raw[i + 1] + raw[i + 1 :]
    if form == "shifted_mark":
        return raw[:i] + raw[i + 1] + raw[i] + raw[i + 2 :]
    raise ValueError(f"unknown malformed form {form!r}; known: {', '.join(MALFORMED_FORMS)}")


def decimal(x: float, mark: str, fixed: bool) -> str:
    """87.84 -> '87,84' (mark ','); integral values print bare unless ``fixed``."""
    x = round(x + 0.0, 2)
    if fixed:
        text = f"{x:.2f}"
    elif x == int(x):
        text = str(int(x))
    else:
        text = f"{x:.2f}".rstrip("0")
    return text.replace(".", mark)


def percent(
    x: float | None,
    mark: str = ",",
    sign: PctSign = "%",
    fixed: bool = False,
    header_pct: bool = False,
) -> Printed:
    """A percentage. Bare numbers keep unit '%' only under a percent header."""
    if x is None:
        return EMPTY
    raw = decimal(x, mark, fixed) + sign
    unit = "%" if sign or header_pct else None
    return Printed(raw, round(float(x), 2), unit)


def perf_value(
    v: Val,
    mark: str,
    sign: PctSign,
    qty_style: int,
    header_pct: bool = False,
    is_capaian: bool = False,
) -> Printed:
    """A target / realisasi / capaian cell."""
    if v.kind == "qualitative":
        return Printed(v.word, v.word, None)
    assert v.number is not None
    if v.kind == "percent":
        p = percent(v.number, mark, sign, header_pct=header_pct)
        if is_capaian:  # every numeric capaian is a percentage
            return Printed(p.raw, p.value, "%")
        return p
    n = v.number
    if v.percent is None:
        return Printed(f"{int(n)} {v.unit}", float(n), v.unit)
    pc = decimal(v.percent, mark, False)
    raw = f"{int(n)} {v.unit} {pc}%" if qty_style == 0 else f"{n:.1f} {v.unit} ({pc} %)"
    return Printed(raw, float(n), v.unit, float(v.percent))


def date(d: dt.date | None, upper: bool = False) -> Printed:
    """'22 Maret 2019' or '9 JANUARI 2024'; value is the ISO date."""
    if d is None:
        return EMPTY
    month = MONTHS[d.month - 1]
    raw = f"{d.day} {month.upper() if upper else month} {d.year}"
    return Printed(raw, d.isoformat())


def words(n: int, milyar: bool = False) -> str:
    """'(Empat belas miliar ... rupiah)' for ``n``, from lkj.normalize.terbilang."""
    from lkj.normalize.terbilang import int_to_words  # provided by lkj.normalize

    text = int_to_words(n)
    if milyar:
        text = text.replace("miliar", "milyar")
    return "(" + text[:1].upper() + text[1:] + " rupiah)"
