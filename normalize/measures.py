"""Indicator targets, realisations and achievements (target / realisasi / capaian cells).

A measure is a percentage ("70%", "0,20%"), a bare number whose unit the column
header may give ("90" under "Target (%)"), a quantity with a unit ("10 kali",
"1 Lembaga 100%", "3.0 Lembaga (100 %)") or a qualitative grade or verdict
("B", "WTP", "Cukup Berhasil"). Numeric values are floats: performance figures
are compared as percentages, never summed as rupiah.
"""

from __future__ import annotations

import re

from lkj.models import Value

from .numbers import Reading, Style, read_numeral
from .policy import DASHES, as_raw, as_text, check_errors, empty, fail, ordered
from .text import clean_cell, fold, has_html

#: grades (SAKIP), audit opinions (BPK) and verdicts, matched exactly as printed
QUALITATIVE_CODES = frozenset(
    {"AA", "A", "BB", "B", "CC", "C", "D", "WTP", "WDP", "TMP", "TW", "WTP-DPP", "WTP DPP"}
)
#: verdict words, matched case-insensitively
QUALITATIVE_WORDS = frozenset(
    {
        "berhasil",
        "sangat berhasil",
        "cukup berhasil",
        "kurang berhasil",
        "tidak berhasil",
        "baik",
        "sangat baik",
        "cukup baik",
        "kurang baik",
        "tidak baik",
        "gagal",
        "tercapai",
        "tidak tercapai",
        "memuaskan",
        "sangat memuaskan",
        "wajar tanpa pengecualian",
        "wajar dengan pengecualian",
        "tidak memberikan pendapat",
        "tidak wajar",
    }
)

_NUMERAL = re.compile(r"[-−]?[0-9][0-9.,]*(?: +[0-9][0-9.,]*)*")
_UNIT = re.compile(r"[^\W\d_][^\d%()]*")
_PERCENT_PART = re.compile(r"\(? *([-−]?[0-9][0-9.,]*(?: +[0-9][0-9.,]*)*) *% *\)?")
_PERCENT_WORDS = frozenset({"%", "persen", "prosen", "percent"})


def is_qualitative(text: str | None) -> bool:
    """Whether the cell is a grade, audit opinion or verdict ("B", "WTP", "Baik")."""
    s = clean_cell(text).rstrip(".")
    return s in QUALITATIVE_CODES or fold(s) in QUALITATIVE_WORDS


def parse_measure(
    raw: str | None,
    *,
    column_unit: str | None = None,
    style: Style | None = None,
    errors: str = "flag",
) -> Value:
    """Parse a target / realisasi / capaian cell.

    ``column_unit`` is the unit the column header gives ("%" for "Target (%)",
    "Lembaga" for a SATUAN column); a unit printed in the cell wins over it.
    ``style`` is the document's number style, used only for "1.500"-like
    numbers, which are otherwise ambiguous.
    """
    check_errors(errors)
    text = as_text(raw)
    flags: list[str] = ["html"] if has_html(text) else []
    s = clean_cell(text)
    percent_column = column_unit is not None and column_unit.strip().lower() in _PERCENT_WORDS
    if not s:
        return empty(raw, flags)
    if s in DASHES:
        kind = "percent" if percent_column else "number"
        return Value(raw=as_raw(raw), kind=kind, flags=ordered((*flags, "dash")))
    if is_qualitative(s):
        flags.append("qualitative")
        return Value(raw=as_raw(raw), value=s, kind="qualitative", flags=ordered(flags))

    if s.startswith("(") and s.endswith(")"):  # "(100%)": parentheses around the figure
        s = s[1:-1].strip()
    head = _NUMERAL.match(s)
    if head is None:
        if re.search("[0-9]", s):
            message = "text before the number"
            return fail(raw, "malformed", message, errors=errors, kind="number", flags=flags)
        return fail(raw, "unparsed", "no measure here", errors=errors, kind="text", flags=flags)
    rest = s[head.end() :].strip()

    unit: str | None = None
    has_percent = rest.startswith("%")
    percent_beside: str | None = None
    if has_percent:
        rest = rest[1:].strip()
    else:
        word = _UNIT.match(rest)
        if word:
            unit = word.group().strip(" .,;:-/")
            rest = rest[word.end() :].strip()
            if unit.lower() in _PERCENT_WORDS:
                unit, has_percent = None, True
        if rest:
            printed_percent = _PERCENT_PART.fullmatch(rest)
            if printed_percent:
                percent_beside, rest = printed_percent.group(1), ""
    if rest:
        message = "text after the number is neither a unit nor a percentage"
        return fail(raw, "malformed", message, errors=errors, kind="number", flags=flags)

    as_percent = has_percent or (percent_column and unit is None)
    number = _read(head.group(), "percent" if as_percent else "number", style)
    if number.value is None:
        reason = number.reason or "malformed"
        return fail(raw, reason, number.message, errors=errors, kind="number", flags=flags)
    flags.extend(number.flags)

    percent: float | None = None
    if percent_beside is not None:
        beside = _read(percent_beside, "percent", style)
        if beside.value is None:
            message = f"the percentage beside the quantity: {beside.message}"
            return fail(raw, "malformed", message, errors=errors, kind="quantity", flags=flags)
        percent = float(beside.value)
        flags.extend(beside.flags)
        flags.append("with_percent")

    if as_percent:
        if not has_percent:
            flags.append("no_percent_sign")
        kind, unit = "percent", "%"
    elif unit is None and column_unit:
        kind, unit = "quantity", column_unit.strip()
    else:
        kind = "quantity" if unit else "number"
    return Value(
        raw=as_raw(raw),
        value=number.value,
        unit=unit,
        kind=kind,
        flags=ordered(flags),
        percent=percent,
    )


def _read(token: str, kind: str, style: Style | None) -> Reading:
    """The numeral as a float Reading (value None and a reason when it cannot be read)."""
    negative = token[0] in "-−"
    reading = read_numeral(token[1:] if negative else token, kind, style)  # type: ignore[arg-type]
    if reading.value is None:
        return reading
    flags = ("negative", *reading.flags) if negative else reading.flags
    value = float(reading.value)
    return Reading(-value if negative else value, flags)


def parse_capaian(raw: str | None, *, style: Style | None = None, errors: str = "flag") -> Value:
    """A capaian cell: every numeric capaian is a percentage (unit "%")."""
    return parse_measure(raw, column_unit="%", style=style, errors=errors)
