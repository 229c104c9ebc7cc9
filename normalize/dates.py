"""Dates as reports print them: "22 Maret 2019", "9 JANUARI 2024", "31-12-2024".

Numeric dates are day-first. Indonesian and English month names and their
abbreviations ("Agt", "Okt", "Des", with or without a dot) are read in any case.
A month without a day ("Januari 2020") is the first of the month, flagged
"no_day". Values are ISO strings ("2019-03-22").
"""

from __future__ import annotations

import datetime as dt
import re

from lkj.models import Value

from .policy import DASHES, as_raw, as_text, check_errors, empty, fail, ordered
from .text import clean_cell, has_html

MONTHS: dict[str, int] = {
    # Indonesian, with the spellings reports use
    "januari": 1,
    "februari": 2,
    "pebruari": 2,
    "maret": 3,
    "april": 4,
    "mei": 5,
    "juni": 6,
    "juli": 7,
    "agustus": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "nopember": 11,
    "desember": 12,
    # English
    "january": 1,
    "february": 2,
    "march": 3,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "october": 10,
    "december": 12,
    # abbreviations (Indonesian and English)
    "jan": 1,
    "feb": 2,
    "peb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "agt": 8,
    "agu": 8,
    "ags": 8,
    "agus": 8,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "okt": 10,
    "oct": 10,
    "nov": 11,
    "nop": 11,
    "des": 12,
    "dec": 12,
}
_WEEKDAYS = r"senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad|monday|tuesday|wednesday|thursday|friday|saturday|sunday"

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_M = rf"(?P<{{g}}>{_MONTH})\b\.?"
_SEP = r"(?:\s*[-/.,]\s*|\s+)"
_PATTERNS = {
    "dmy": rf"(?P<d1>[0-9]{{1,2}}){_SEP}{_M.format(g='m1')}{_SEP}(?P<y1>[0-9]{{4}})",
    "mdy": rf"{_M.format(g='m2')}\s*(?P<d2>[0-9]{{1,2}}),?\s+(?P<y2>[0-9]{{4}})",
    "num": r"(?P<d3>[0-9]{1,2})(?P<sep>[-/.])(?P<m3>[0-9]{1,2})(?P=sep)(?P<y3>[0-9]{4})",
    "iso": r"(?P<y4>[0-9]{4})-(?P<m4>[0-9]{2})-(?P<d4>[0-9]{2})",
    "my": rf"{_M.format(g='m5')}{_SEP}(?P<y5>[0-9]{{4}})",
}
_ANY_DATE = "|".join(f"(?P<{name}>{pattern})" for name, pattern in _PATTERNS.items())
_CELL = re.compile(rf"(?:(?:{_WEEKDAYS}),?\s+)?(?:tanggal\s+|tgl\.?\s*)?(?:{_ANY_DATE})", re.I)
_PROSE = re.compile(rf"(?<![0-9A-Za-z./-])(?:{_ANY_DATE})(?![0-9A-Za-z]|[./-][0-9])", re.I)


def _to_value(match: re.Match[str], raw: object, flags: list[str]) -> tuple[Value | None, str]:
    """The date a match spells, or None and the reason it is not a date."""
    kind = match.lastgroup if match.lastgroup in _PATTERNS else None
    if kind is None:  # lastgroup is an inner group: find the alternative that matched
        kind = next(name for name in _PATTERNS if match.group(name) is not None)
    if kind == "dmy":
        day, month, year = match["d1"], MONTHS[match["m1"].lower()], match["y1"]
    elif kind == "mdy":
        day, month, year = match["d2"], MONTHS[match["m2"].lower()], match["y2"]
    elif kind == "num":
        day, month, year = match["d3"], int(match["m3"]), match["y3"]
    elif kind == "iso":
        day, month, year = match["d4"], int(match["m4"]), match["y4"]
    else:
        day, month, year = "1", MONTHS[match["m5"].lower()], match["y5"]
        flags = [*flags, "no_day"]
    try:
        date = dt.date(int(year), month, int(day))
    except ValueError as exc:
        return None, str(exc)
    value = Value(raw=as_raw(raw), value=date.isoformat(), kind="date", flags=ordered(flags))
    return value, ""


def parse_date(raw: str | None, *, errors: str = "flag") -> Value:
    """Parse a date cell into an ISO date string (kind "date")."""
    check_errors(errors)
    text = as_text(raw)
    flags: list[str] = ["html"] if has_html(text) else []
    s = clean_cell(text)
    if not s:
        return empty(raw, flags)
    if s in DASHES:
        return Value(raw=as_raw(raw), kind="date", flags=ordered((*flags, "dash")))
    match = _CELL.fullmatch(s)
    if match is None:
        if re.search("[0-9]", s):
            return fail(raw, "malformed", "not a date", errors=errors, kind="date", flags=flags)
        return fail(raw, "unparsed", "no date here", errors=errors, kind="text", flags=flags)
    value, why = _to_value(match, raw, flags)
    if value is None:
        return fail(
            raw, "malformed", f"no such date ({why})", errors=errors, kind="date", flags=flags
        )
    return value


def find_dates(text: str | None) -> list[tuple[tuple[int, int], Value]]:
    """Every date in a piece of prose, with its character span, in order.

    A date that cannot exist ("31 Februari 2019") is returned with value None
    and flag "malformed"; it is never dropped.
    """
    found: list[tuple[tuple[int, int], Value]] = []
    for match in _PROSE.finditer(as_text(text)):
        value, _ = _to_value(match, match.group(), [])
        if value is None:
            value = Value(raw=match.group(), kind="date", flags=("malformed",))
        found.append((match.span(), value))
    return found
