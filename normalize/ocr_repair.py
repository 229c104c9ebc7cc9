"""Repair of the characters OCR gets wrong inside printed figures.

Tesseract reads a photocopied ``10.500`` as ``1O.5OO`` or ``l0.500``, ``70%`` as ``70K`` or
``7O%``, splits ``14.466.321.000`` at a speck into ``14.466 .321.000`` and reads a speck
before a figure as a mark (``.70%``). Such text does not parse, or parses to the wrong value.

:func:`repair_figure` repairs a cell of a column whose meaning says it holds figures (money,
a percentage, a count, a measure such as ``1 Laporan``), and only there: the same letters in
an indicator's name are words. It changes only what is unambiguous:

- letters that look like digits, inside a token that is otherwise a figure: ``O o D Q`` -> 0,
  ``l I i | !`` -> 1, ``S s`` -> 5, ``B`` -> 8, ``Z z`` -> 2 (a token of letters alone is left
  as it is, unless the whole cell is that token in a money, count or percent column);
- a mark, quote or lone letter before a figure (``.70%``, ``- 100``, ``o 87%``), quotes and colons
  after it, and scraps after a complete figure (``70% ot``): specks and rule ends, dropped;
- a colon or semicolon between digit groups (``4.508:000``): the group mark;
- spaces inside a number: ``14.466 .321.000`` and ``93 ,86`` are joined; a space where a
  group mark belongs (``14.466 321.000``) becomes the document's group mark (a space
  before ``%`` is printed so, and stays);
- a quote between a figure's characters (``(100 ‘%)``): a speck, dropped;
- in a column whose figures print a ``%``: a percent sign read as ``K``, ``X``, ``Yo``,
  ``Ya``, ``o/o`` or ``96`` after a value of at most 100 (``7596`` -> ``75%``,
  ``100 Ya`` -> ``100 %``), and after the quantity of a measure (``1.0 Lembaga 100 Ya``);
- marks in the wrong style for the document where the groups say which was meant: in an
  Indonesian-style document ``14.466,321.000`` -> ``14.466.321.000``;
- in a DIPA revision's label, the space Tesseract drops between the word and its number
  (``REVISI2`` -> ``REVISI 2``).

The result keeps the text as OCR read it, the repaired text and what was changed; the
caller keeps all three and flags the value (``ocr_repaired``). Nothing here guesses a
digit that is not there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

FigureKind = Literal["money", "count", "number", "percent", "measure", "date", "label"]
Style = Literal["id", "us"]

#: letters OCR reads for digits
DIGIT_LOOKALIKES = {
    "O": "0",
    "o": "0",
    "D": "0",
    "Q": "0",
    "l": "1",
    "I": "1",
    "i": "1",
    "|": "1",
    "!": "1",
    "S": "5",
    "s": "5",
    "§": "5",
    "B": "8",
    "Z": "2",
    "z": "2",
}
_ZERO = {"O", "o"}
_ZERO_ONE = _ZERO | {"l", "I", "|", "!"}
_LOOKALIKE = "".join(re.escape(c) for c in DIGIT_LOOKALIKES)
_TOKEN = re.compile(rf"^[\d{_LOOKALIKE}.,%()+\-]+$")
#: an amount's shape, look-alike letters counted as digits: "1O.5OO", "14.466.32l.OOO"
_GROUPED = re.compile(rf"^[\d{_LOOKALIKE}]{{1,3}}(?:[.,][\d{_LOOKALIKE}]{{3}})+(?:,-)?$")
_CURRENCY = re.compile(r"^(rp\.?\s*)", re.IGNORECASE)
_LEAD_DEBRIS = re.compile(r"^(?:[.,:;'`‘’\"]+|[-–—]\s+)(?=\d)")
_TRAIL_DEBRIS = re.compile(r"(?:[:;'`‘’\"“”´_]+|(?<=%)\.)$")
_MEASURE_PERCENT = re.compile(r"(?<=\d)\s+(?:[Yy][oa]|°/o|o/o|%o)(?=\)?$)")
_INNER_QUOTE = re.compile(r"(?<=[\d\s(])[‘’'`\"“”]+(?=[\d%])")
_INNER_COLON = re.compile(r"(?<=\d)[:;](?=\d{3}\b)")
#: a revision's word run into its number ("REVISI2", "Revisi10"): Tesseract drops the space
_LABEL_NUMBER = re.compile(r"(?i)\b(revisi|rev\.?)(?=\d{1,2}\b)")
_WORD_DIGITS = re.compile(r"(?<=[A-Za-z])(?=\d{4}(?!\d))|(?<=\d)(?=[A-Za-z]{3,})")
#: a percent sign read as letters or digits after a figure ("87Yo", "100 Ya", "7596")
_PERCENT_MISREAD = re.compile(
    r"^(?P<num>\d+(?:[.,]\d+)?)(?P<space>\s*)(?:[Kk]|[Xx]|[Yy][oa]?|°/o|o/o|%o|%6|96)$"
)
_SPLIT_MARK = re.compile(r"(?<=\d)\s+(?=[.,]\d)|(?<=\d[.,])\s+(?=\d)")
_SPLIT_GROUP = re.compile(r"(?<=\d)\s+(?=\d{3}(?:[.,]\d{3})*(?:[.,]\d{1,2})?(?:,-)?$)")


@dataclass(frozen=True)
class Repair:
    """A figure as OCR read it, as repaired, and what changed (empty: nothing)."""

    raw: str
    text: str
    changes: tuple[str, ...] = ()

    @property
    def repaired(self) -> bool:
        return bool(self.changes)


def _map_token(token: str, alone: bool, kind: FigureKind) -> str:
    """The token with look-alike letters turned into digits, where it is a figure."""
    if not _TOKEN.match(token):
        return token
    has_digit = any(ch.isdigit() for ch in token)
    letters = sum(1 for ch in token if ch in DIGIT_LOOKALIKES)
    if not letters:
        return token
    if not has_digit:
        # "lOO" alone in a money or percent cell is a figure; "I" or "SS" in a sentence is
        # not, and neither is a grade ("BB", "A"): without a digit only the look-alikes of 0
        # and 1, with a zero among them, make a figure
        if not (
            alone
            and kind in ("money", "count", "percent")
            and len(token) >= 2
            and set(token.strip(".,%")) <= _ZERO_ONE
            and _ZERO & set(token)
        ):
            return token
    elif letters * 2 > len(token.strip(".,%()+-")) and not _GROUPED.match(token):
        return token  # more letters than digits: a word with a digit in it, not a figure
    return "".join(DIGIT_LOOKALIKES.get(ch, ch) for ch in token)


def repair_figure(raw: str, kind: FigureKind, style: Style | None = None) -> Repair:
    """Repair what OCR made of a printed figure (see the module doc).

    ``kind`` is the meaning of the cell's column: ``money`` / ``count`` (whole amounts with
    group marks), ``percent`` (figures printed with ``%``), ``number`` (a plain figure or one
    in a ``(%)`` column), ``measure`` (a figure with a unit: ``1 Laporan``, ``100%``, ``WTP``),
    ``date``, ``label`` (a DIPA revision's label: only ``REVISI2`` -> ``REVISI 2``).
    ``style`` is the document's own number style (``id`` groups with ``.``).
    """
    text = raw.strip()
    changes: list[str] = []
    if not text:
        return Repair(raw, raw)

    m = _CURRENCY.match(text)
    prefix = m.group(1) if m else ""
    body = text[len(prefix) :]

    if kind == "date":
        return _repair_date(raw, body)
    if kind == "label":
        spaced = _LABEL_NUMBER.sub(lambda m: m.group(1) + " ", text)
        return Repair(raw, spaced, ("space_in_label",) if spaced != text else ())

    stripped = _TRAIL_DEBRIS.sub("", _LEAD_DEBRIS.sub("", body)).strip()
    if stripped != body:
        changes.append("stray_mark")
        body = stripped
    if kind == "percent" and "%" not in body:
        pm = _PERCENT_MISREAD.match(body)
        if pm:
            number = pm.group("num")
            try:
                value = float(number.replace(",", "."))
            except ValueError:
                value = 1e9
            if value <= 100:
                body = number + pm.group("space") + "%"
                changes.append("percent_sign")

    if kind in ("measure", "percent"):
        # "1.0 Lembaga 100 Ya": the percentage after a quantity, its sign misread as letters
        fixed = _MEASURE_PERCENT.sub(" %", body)
        if fixed != body:
            changes.append("percent_sign")
            body = fixed
    unquoted = _INNER_QUOTE.sub("", body)
    if unquoted != body:
        changes.append("stray_mark")
        body = unquoted

    lead = re.match(r"^[A-Za-z]\s+(?=\(?\d[\d.,]*%?\)?$)", body)
    if lead and kind != "measure" or (lead and body.rstrip().endswith("%")):
        body = body[lead.end() :]  # "o 87%": a speck read as a letter before a figure
        changes.append("stray_mark")
    trimmed = _drop_trailing_debris(body)
    if trimmed != body:
        changes.append("stray_mark")
        body = trimmed

    joined = _join(body, kind, style)
    if joined != body:
        changes.append("space_in_number")
        body = joined

    tokens = body.split()
    alone = len(tokens) == 1
    if (
        kind == "measure"
        and len(tokens) >= 2
        and tokens[0] in ("l", "I", "|", "O", "o")
        and tokens[1][:1].isalpha()
        and len(tokens[1]) >= 3
    ):
        tokens[0] = DIGIT_LOOKALIKES[tokens[0]]  # "l Laporan": a count before a unit word
        changes.append("letters_to_digits")
    mapped = [_map_token(t, alone, kind) for t in tokens]
    if mapped != tokens:
        if "letters_to_digits" not in changes:
            changes.append("letters_to_digits")
        tokens = mapped
    body = " ".join(tokens)

    joined = _join(body, kind, style)  # again: digits that were letters may now meet a space
    if joined != body:
        changes.append("space_in_number")
        body = joined

    if kind in ("money", "count"):
        fixed = _INNER_COLON.sub("," if style == "us" else ".", body)
        if fixed != body:
            changes.append("group_marks")
            body = fixed
    if kind in ("money", "count") and style is not None:
        fixed = _group_marks(body, style)
        if fixed != body:
            changes.append("group_marks")
            body = fixed

    return Repair(raw, prefix + body, tuple(dict.fromkeys(changes)))


def prints_percent(text: str) -> bool:
    """Whether a cell reads as a figure with a percent sign, or with one OCR misread
    (``75%``, ``75 %``, ``87Yo``, ``100 Ya``): how a column shows it holds percentages."""
    t = text.strip()
    return bool(re.search(r"\d\s*%\)?$", t)) or bool(_PERCENT_MISREAD.match(t))


def _join(body: str, kind: FigureKind, style: Style | None) -> str:
    """Spaces inside a number closed up: beside a mark, and (amounts) where a group of three
    digits follows, with the style's group mark. A measure keeps the space
    between its figure and its unit."""
    if kind == "measure" and not re.fullmatch(r"[\d.,\s%]+", body):
        return body
    joined = _SPLIT_MARK.sub("", body)
    if kind in ("money", "count"):
        joined = _SPLIT_GROUP.sub("," if style == "us" else ".", joined)
    return joined


def _drop_trailing_debris(body: str) -> str:
    """A complete figure followed by a scrap or two (``70% ot``, ``86% 0``, ``100 -``): the
    scraps go. After a figure that is complete on its own (a percentage, an amount with group
    marks) any scrap of one or two characters goes; after another figure only scraps without
    digits (``7 0`` may be a misread ``0`` and stays as read)."""
    tokens = body.split()
    if len(tokens) < 2 or not re.fullmatch(r"\(?[-+]?\d[\d.,]*%?\)?", tokens[0]):
        return body
    complete = tokens[0].endswith("%") or len(re.findall(r"[.,]\d{3}", tokens[0])) >= 2
    rest = tokens[1:]
    scraps = all(
        len(t) <= 2 and t != "%" and (complete or not any(ch.isdigit() for ch in t)) for t in rest
    )
    return tokens[0] if scraps else body


def _repair_date(raw: str, body: str) -> Repair:
    """A date: look-alike letters in its numbers, a month run into its year (``Juli2019``),
    scraps after the year."""
    changes: list[str] = []
    spaced = _WORD_DIGITS.sub(" ", _TRAIL_DEBRIS.sub("", body))
    if spaced != body:
        changes.append("space_in_date")
    tokens = spaced.split()
    mapped = [_map_token(t, False, "number") if any(c.isdigit() for c in t) else t for t in tokens]
    if mapped != tokens:
        changes.append("letters_to_digits")
    while len(mapped) > 1 and re.fullmatch(r"\d{4}", mapped[-2]) and len(mapped[-1]) <= 2:
        mapped = mapped[:-1]
        changes.append("stray_mark")
    text = " ".join(mapped)
    trimmed = _TRAIL_DEBRIS.sub("", text).rstrip(" .,-")
    if trimmed != text and re.search(r"\d{4}$", trimmed):
        changes.append("stray_mark")
        text = trimmed
    return Repair(raw, text, tuple(dict.fromkeys(changes)))


def _group_marks(body: str, style: Style) -> str:
    """A whole amount whose group marks are mostly the style's own, with one read as the
    other mark (``14.466,321.000`` in an Indonesian document): every group mark the same.
    A decimal part of two digits at the end (cents) is left as printed."""
    m = re.fullmatch(r"(\d{1,3})((?:[.,]\d{3})+)((?:[.,]\d{1,2})?)(,-)?", body)
    if not m:
        return body
    group = "." if style == "id" else ","
    marks = re.findall(r"[.,]", m.group(2))
    if len(marks) < 2 or len(set(marks)) == 1:
        return body
    if marks.count(group) * 2 < len(marks):
        return body  # most marks are the other style's: printed that way, not misread
    groups = re.findall(r"\d{3}", m.group(2))
    return m.group(1) + "".join(group + g for g in groups) + m.group(3) + (m.group(4) or "")
