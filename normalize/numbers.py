"""Numbers as LKj reports print them: Indonesian and US styles, rupiah, percentages.

Indonesian style groups thousands with '.' and marks decimals with ','
("14.466.321.000", "93,86"); US style is the reverse ("14,989,199,000",
"93.86"); one report can use both. The rules:

- money: rupiah are whole numbers, so every mark groups thousands
  ("1.500" is 1500); a trailing two-digit part after a different mark is cents
  and is dropped ("1.500.000,00"); groups that are not three digits are
  malformed.
- percent: a single mark is the decimal mark ("93.86", "0,20").
- count: integers are expected, so a single mark before three digits groups.
- number: a single mark before three digits ("1.500") needs the document's
  ``style``; without it the value is left empty and flagged "ambiguous".

Every parser returns a :class:`Value` and follows the policy of
:mod:`lkj.normalize.policy`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from lkj.models import Value

from .codes import looks_like_code, parse_code
from .policy import DASHES, as_raw, as_text, check_errors, empty, fail, ordered
from .text import clean_cell, has_html

__all__ = [
    "Reading",
    "detect_style",
    "looks_like_code",
    "parse_code",
    "parse_money",
    "parse_number",
    "parse_percent",
    "read_numeral",
]

NumberKind = Literal["number", "money", "percent", "count"]
Style = Literal["id", "us"]

#: more digits than this is not a figure a report prints (and keeps int() safe)
MAX_DIGITS = 24

_KINDS = ("number", "money", "percent", "count")
_CURRENCY_HEAD = re.compile(r"^(?:(?:rp|idr)\s*\.?\s*)+", re.I)
_CURRENCY_TAIL = re.compile(r"(?:\s*[.,]\s*-+|\s+-+|(?<=[0-9])-+)$")
_PARENS = re.compile(r"^\(\s*(.*?)\s*\)$", re.S)
_PERCENT = re.compile(r"\s*(?:%|persen)$", re.I)
_SIGN = re.compile(r"^[-−–+]\s*(?=[0-9])")
_SPACE_AT_MARK = re.compile(r"\s*([.,])\s*")
_DIGIT = re.compile(r"[0-9]")
_NUMERIC_TEXT = re.compile(r"[0-9][0-9.,\s]*")
_NUMERAL = re.compile(r"[0-9]+(?:[.,][0-9]+)*")
#: thousands grouped by spaces ("14 466 321 000"); a first group with a leading zero ("0 100") is
#: two figures side by side (cells a reader joined), never one number
_SPACED = re.compile(r"[1-9][0-9]{0,2}(?: [0-9]{3})+")


@dataclass(frozen=True)
class Reading:
    """The outcome of reading a bare numeral: a value, or the reason it failed."""

    value: int | float | None
    flags: tuple[str, ...] = ()
    reason: str | None = None  # a flag: "malformed" or "ambiguous"
    message: str = ""


def _grouped(groups: list[str]) -> bool:
    """Whether digit groups read as thousands grouping: 1-3 digits, then threes.

    A grouped number never starts with a zero ("0.100.000" is not 100000): such a first group
    is a mangled decimal or two figures run together, and reading it would invent a value.
    """
    head_ok = len(groups) == 1 or not groups[0].startswith("0")
    return head_ok and 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])


def _decimal(int_part: str, frac: str) -> float:
    return float(f"{int(int_part or '0')}.{frac}")


@lru_cache(maxsize=1 << 15)
def read_numeral(token: str, kind: NumberKind = "number", style: Style | None = None) -> Reading:
    """Read a bare numeral (digits, '.', ',' and spaces; no sign, unit or dressing).

    Remembered (a :class:`Reading` does not change): a document prints the same figures in
    its tables, its checks and its prose, and the quality score reads every cell again."""
    flags: list[str] = []
    s = token.strip()
    if s[-1:] in (".", ","):
        s = s[:-1].rstrip()
        flags.append("trailing_mark")
    spaced = _SPACE_AT_MARK.sub(r"\1", s)
    if spaced != s:
        s = spaced
        flags.append("space_in_number")
    if " " in s:
        if not _SPACED.fullmatch(s):
            return Reading(None, (), "malformed", "spaces inside the digits")
        s = s.replace(" ", "")
        flags.append("space_in_number")
    if not _NUMERAL.fullmatch(s):
        return Reading(None, (), "malformed", "not a well-formed numeral")
    if len(_DIGIT.findall(s)) > MAX_DIGITS:
        return Reading(None, (), "malformed", f"more than {MAX_DIGITS} digits")
    groups = re.split(r"[.,]", s)
    marks = re.findall(r"[.,]", s)
    if not marks:
        return Reading(int(s), tuple(flags))
    if kind == "money":
        return _read_money(groups, marks, flags)
    return _read_plain(groups, marks, flags, kind, style)


def _read_money(groups: list[str], marks: list[str], flags: list[str]) -> Reading:
    if len(groups[-1]) == 2 and marks[-1] not in marks[:-1]:
        groups, marks = groups[:-1], marks[:-1]
        flags.append("decimal_cents")
    if not _grouped(groups):
        return Reading(None, (), "malformed", "digit groups of a rupiah amount are not thousands")
    if len(set(marks)) == 2:
        flags.append("mixed_marks")
    elif marks and marks[0] == ",":
        flags.append("us_style")
    return Reading(int("".join(groups)), tuple(flags))


def _read_plain(
    groups: list[str], marks: list[str], flags: list[str], kind: str, style: Style | None
) -> Reading:
    as_int = kind == "count"

    def decimal(int_groups: list[str], frac: str, mark: str) -> Reading:
        value = _decimal("".join(int_groups), frac)
        if mark == ".":
            flags.append("us_style")
        elif style == "us":
            flags.append("id_style")
        if as_int and value.is_integer():
            return Reading(int(value), tuple(flags))
        return Reading(value, tuple(flags))

    def grouping(mark_set: set[str]) -> Reading:
        if not _grouped(groups):
            return Reading(None, (), "malformed", "digit groups are not thousands")
        if len(mark_set) == 2:
            flags.append("mixed_marks")
        elif "," in mark_set:
            flags.append("us_style")
        elif style == "us":
            flags.append("id_style")
        return Reading(int("".join(groups)), tuple(flags))

    mark_set = set(marks)
    if len(mark_set) == 2:
        if marks[-1] in marks[:-1]:  # "4.135,440.127": every mark groups
            return grouping(mark_set)
        if not _grouped(groups[:-1]):
            return Reading(None, (), "malformed", "digit groups are not thousands")
        return decimal(groups[:-1], groups[-1], marks[-1])
    mark = marks[0]
    if len(marks) > 1:
        return grouping(mark_set)
    int_part, frac = groups
    could_group = len(frac) == 3 and 1 <= len(int_part) <= 3 and not int_part.startswith("0")
    if not could_group or kind == "percent":
        return decimal([int_part], frac, mark)
    if kind == "count":
        return grouping(mark_set)
    if style is None:
        return Reading(
            None,
            (),
            "ambiguous",
            "a single mark before three digits groups thousands or marks decimals",
        )
    if (mark == ".") == (style == "id"):
        return grouping(mark_set)
    return decimal([int_part], frac, mark)


def parse_number(
    raw: str | None,
    kind: NumberKind = "number",
    *,
    style: Style | None = None,
    errors: str = "flag",
) -> Value:
    """Parse one printed number into a :class:`Value`.

    ``kind`` says what the column holds ("money" -> int rupiah, unit "Rp";
    "percent" -> float percent points, unit "%"; "count" -> int where whole;
    "number"); ``style`` is the document's number style when known.
    """
    check_errors(errors)
    if kind not in _KINDS:
        raise ValueError(f"kind must be one of {_KINDS}, not {kind!r}")
    if style not in (None, "id", "us"):
        raise ValueError(f"style must be None, 'id' or 'us', not {style!r}")
    text = as_text(raw)
    flags: list[str] = ["html"] if has_html(text) else []
    s = clean_cell(text)
    if not s:
        return empty(raw, flags)
    if s in DASHES:
        if kind == "money":
            return Value(
                raw=as_raw(raw),
                value=0,
                unit="Rp",
                kind="money",
                flags=ordered((*flags, "dash_zero")),
            )
        return Value(raw=as_raw(raw), kind=kind_of(kind), flags=ordered((*flags, "dash")))

    negative = False
    for _ in range(2):  # "Rp (1.000)" and "(Rp 1.000,-)"
        s, currency = _strip_currency(s)
        if currency:
            flags.append("currency")
        parens = _PARENS.match(s)
        if parens and not negative:
            s, negative = parens.group(1), True
    has_percent = _PERCENT.search(s) is not None
    if has_percent:
        s = _PERCENT.sub("", s)
    sign = _SIGN.match(s)
    if sign:
        negative = negative or sign.group().strip() != "+"
        s = s[sign.end() :]
    if negative:
        flags.append("negative")

    out_kind = kind_of(kind)
    markup = flags[:1] if flags[:1] == ["html"] else []  # all a failure keeps
    if not _NUMERIC_TEXT.fullmatch(s):
        if _DIGIT.search(s):
            message = f"text around the digits of a {kind}"
            return fail(raw, "malformed", message, errors=errors, kind=out_kind, flags=markup)
        return fail(raw, "unparsed", f"no {kind} here", errors=errors, kind="text", flags=markup)
    if has_percent and kind == "money":
        message = "a percent sign in a rupiah amount"
        return fail(raw, "malformed", message, errors=errors, kind="money", flags=markup)

    reading = read_numeral(s, kind, style)
    if reading.value is None:
        reason = reading.reason or "malformed"
        message = f"{reading.message} ({kind})"
        return fail(raw, reason, message, errors=errors, kind=out_kind, flags=markup)
    flags.extend(reading.flags)
    value: int | float = -reading.value if negative else reading.value
    unit = "Rp" if kind == "money" else None
    if kind == "percent" or has_percent:
        out_kind, unit, value = "percent", "%", float(value)
        if not has_percent:
            flags.append("no_percent_sign")
    return Value(raw=as_raw(raw), value=value, unit=unit, kind=out_kind, flags=ordered(flags))


def kind_of(kind: str) -> Literal["money", "percent", "number"]:
    """The Value kind a number kind produces ("count" values are numbers)."""
    if kind == "money":
        return "money"
    if kind == "percent":
        return "percent"
    return "number"


@lru_cache(maxsize=1 << 15)
def _strip_currency(s: str) -> tuple[str, bool]:
    head = _CURRENCY_HEAD.sub("", s)
    tail = _CURRENCY_TAIL.sub("", head).strip()
    return tail, tail != s


def parse_money(raw: str | None, **kw: object) -> Value:
    """``parse_number(raw, "money", ...)``: integer rupiah, unit "Rp"."""
    return parse_number(raw, "money", **kw)  # type: ignore[arg-type]


def parse_percent(raw: str | None, **kw: object) -> Value:
    """``parse_number(raw, "percent", ...)``: float percent points, unit "%"."""
    return parse_number(raw, "percent", **kw)  # type: ignore[arg-type]


def detect_style(raws: Iterable[str | None]) -> Style | None:
    """The number style most of these printed numbers reveal, or None.

    Only unambiguous numbers vote: "14.466.321.000" and "93,86" say "id",
    "14,989,199,000" and "93.86" say "us"; "1.500" and mixed marks say nothing.
    A tie is None.
    """
    votes = {"id": 0, "us": 0}
    for raw in raws:
        vote = _style_of(clean_cell(as_text(raw)))
        if vote:
            votes[vote] += 1
    if votes["id"] == votes["us"]:
        return None
    return "id" if votes["id"] > votes["us"] else "us"


@lru_cache(maxsize=1 << 15)
def _style_of(s: str) -> Style | None:
    s = _PERCENT.sub("", _strip_currency(s)[0]).strip("()- ")
    match = _NUMERAL.fullmatch(s)
    if not match:
        return None
    marks = re.findall(r"[.,]", s)
    if not marks:
        return None
    groups = re.split(r"[.,]", s)
    if len(set(marks)) == 2:
        if marks[-1] in marks[:-1]:
            return None  # mixed marks: no style
        decimal_mark = marks[-1]
    elif len(marks) > 1:
        return "id" if marks[0] == "." else "us"
    elif len(groups[1]) == 3 and 1 <= len(groups[0]) <= 3 and not groups[0].startswith("0"):
        return None  # "1.500": could be either
    else:
        decimal_mark = marks[0]
    return "id" if decimal_mark == "," else "us"
