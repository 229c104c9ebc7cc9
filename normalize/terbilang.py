"""Amounts in words (*terbilang*): "Empat belas milyar ... rupiah" = 14466321000.

The grammar: a number is groups of 1-999 each followed by a scale word in
falling order (ribu, juta, milyar/miliar, triliun), plus a last group without
a scale. A group is [hundreds] [tens | teens | unit]: "seratus", "dua ratus",
"sepuluh", "sebelas", "dua belas", "dua puluh tiga". "se-" means one
("seratus", "seribu", "sejuta"); "satu" is also accepted before ratus, ribu
and the larger scales. Only triliun may take a coefficient of a thousand or
more ("seribu triliun"). Anything else, such as two units side by side
("lima empat sembilan"), is not Indonesian number grammar.
"""

from __future__ import annotations

import re
from decimal import Decimal

from lkj.models import Value

from .policy import as_raw, as_text, check_errors, empty, fail
from .text import clean_cell

UNITS = {
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
}
SCALES = {
    "ribu": 10**3,
    "juta": 10**6,
    "milyar": 10**9,
    "miliar": 10**9,
    "triliun": 10**12,
}
_SE_SCALES = {"se" + word: scale for word, scale in SCALES.items()}
_TRILIUN = 10**12
_WORDS = {
    *UNITS,
    *SCALES,
    *_SE_SCALES,
    "nol",
    "sepuluh",
    "sebelas",
    "seratus",
    "belas",
    "puluh",
    "ratus",
}

_CURRENCY_WORDS = re.compile(r"\b(?:rupiah|rupiahnya)\b", re.I)
_PUNCT = re.compile(r"[()*_.,;:\-–—\s]+")
_DIGITS = re.compile(r"[0-9]{1,15}(?:[.,][0-9]+)*")
_MAX_DIGITS = 24


def _tokens(text: str) -> list[str | Decimal]:
    """Lowercase words and numerals (as Decimal); ValueError on anything else."""
    text = clean_cell(text).replace("\u2019", "'")
    text = _CURRENCY_WORDS.sub(" ", text).strip(" ().")
    tokens: list[str | Decimal] = []
    for piece in re.findall(r"[0-9][0-9.,]*[0-9]|[0-9]|[^\s0-9]+", text):
        if piece[0].isascii() and piece[0].isdigit():
            tokens.append(_numeral(piece))
            continue
        for word in _PUNCT.split(piece.lower()):
            if not word:
                continue
            if word not in _WORDS:
                raise ValueError(f"{word!r} is not a number word")
            tokens.append(word)
    if not tokens:
        raise ValueError("no number words")
    return tokens


def _numeral(piece: str) -> Decimal:
    """A digit coefficient such as the "1" in "1 Milyar" or the "2,5" in "2,5 juta"."""
    if not _DIGITS.fullmatch(piece) or len(re.sub("[^0-9]", "", piece)) > _MAX_DIGITS:
        raise ValueError(f"{piece!r} is not a numeral")
    marks = re.findall("[.,]", piece)
    groups = re.split("[.,]", piece)
    if len(set(marks)) <= 1 and all(len(g) == 3 for g in groups[1:]):
        return Decimal("".join(groups))  # no mark, or thousands: "1.500 juta"
    if len(marks) == 1:
        return Decimal(".".join(groups))  # a decimal mark: "2,5 juta"
    raise ValueError(f"{piece!r} is not a numeral")


def _group(tokens: list[str | Decimal], i: int) -> tuple[int | Decimal | None, int]:
    """Read one group (1-999, or a numeral) at ``tokens[i]``: (value or None, next index)."""
    n = len(tokens)

    def at(k: int) -> str | Decimal | None:
        return tokens[k] if k < n else None

    tok = at(i)
    if isinstance(tok, Decimal):
        return tok, i + 1
    value = 0
    if tok == "seratus":
        value, i = 100, i + 1
    elif isinstance(tok, str) and tok in UNITS and at(i + 1) == "ratus":
        value, i = UNITS[tok] * 100, i + 2
    tok = at(i)
    if tok in ("sepuluh", "sebelas"):
        value, i = value + (10 if tok == "sepuluh" else 11), i + 1
    elif isinstance(tok, str) and tok in UNITS:
        digit = UNITS[tok]
        following = at(i + 1)
        if following == "belas" and digit >= 2:
            value, i = value + 10 + digit, i + 2
        elif following == "puluh" and digit >= 2:
            value, i = value + 10 * digit, i + 2
            tok = at(i)
            if isinstance(tok, str) and tok in UNITS:
                value, i = value + UNITS[tok], i + 1
        elif following in ("belas", "puluh"):
            raise ValueError(f"'satu {following}' is not Indonesian (say 'se{following}')")
        else:
            value, i = value + digit, i + 1
    return (value or None), i


def words_to_int(text: str) -> int:
    """The integer an Indonesian amount in words spells; ValueError when it spells none.

    Case, line breaks, markdown emphasis, parentheses and a trailing "rupiah"
    are ignored; a digit coefficient is allowed ("1 Milyar", "2,5 juta").
    """
    tokens = _tokens(as_text(text))
    if tokens == ["nol"]:
        return 0
    total: int | Decimal = 0
    last_scale = 10**18
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        coefficient: int | Decimal
        if isinstance(tok, str) and tok in _SE_SCALES:
            coefficient, scale = 1, _SE_SCALES[tok]
            i += 1
        elif tok == "triliun" and total and last_scale < _TRILIUN:  # "seribu triliun"
            coefficient, scale = 0, _TRILIUN
            i += 1
        else:
            group, i = _group(tokens, i)
            if group is None:
                raise ValueError(f"{tokens[i]!s} cannot start a group here")
            nxt = tokens[i] if i < n else None
            if nxt is None:
                total += group
                break
            if not (isinstance(nxt, str) and nxt in SCALES):
                raise ValueError(f"{nxt!s} cannot follow {group} (expected ribu, juta, milyar...)")
            coefficient, scale = group, SCALES[nxt]
            i += 1
        if scale < last_scale:
            total += coefficient * scale
        elif scale == _TRILIUN and last_scale < _TRILIUN:  # "seribu dua ratus triliun"
            total = (total + coefficient) * scale
        else:
            raise ValueError("scale words out of order")
        last_scale = scale
    if isinstance(total, Decimal):
        if total != total.to_integral_value():
            raise ValueError("the amount is not a whole number")
        total = int(total)
    if total <= 0 and tokens != ["nol"]:
        raise ValueError("no amount")
    return total


def parse_terbilang(text: str | None, *, errors: str = "flag") -> Value:
    """An amount in words as a money Value (int rupiah); "words_malformed" when not grammar."""
    check_errors(errors)
    if not clean_cell(as_text(text)).strip(" ()"):
        return empty(text)
    try:
        value = words_to_int(as_text(text))
    except ValueError as exc:
        if errors == "raise":
            raise ValueError(f"not an Indonesian amount in words ({exc}): {text!r}") from None
        return fail(text, "words_malformed", "", errors="flag", kind="money")
    return Value(raw=as_raw(text), value=value, unit="Rp", kind="money")


def _below_thousand(n: int) -> list[str]:
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds == 1:
        words.append("seratus")
    elif hundreds:
        words += [_UNIT_NAMES[hundreds], "ratus"]
    if rest == 10:
        words.append("sepuluh")
    elif rest == 11:
        words.append("sebelas")
    elif 12 <= rest <= 19:
        words += [_UNIT_NAMES[rest - 10], "belas"]
    elif rest >= 20:
        tens, unit = divmod(rest, 10)
        words += [_UNIT_NAMES[tens], "puluh"]
        if unit:
            words.append(_UNIT_NAMES[unit])
    elif rest:
        words.append(_UNIT_NAMES[rest])
    return words


_UNIT_NAMES = {v: k for k, v in UNITS.items()}
_SPELLED_SCALES = [(10**9, "miliar"), (10**6, "juta"), (10**3, "ribu")]


def _below_triliun(n: int) -> list[str]:
    words: list[str] = []
    for scale, name in _SPELLED_SCALES:
        group, n = divmod(n, scale)
        if group == 1 and scale == 1000:
            words.append("seribu")
        elif group:
            words += [*_below_thousand(group), name]
    return words + _below_thousand(n)


def int_to_words(n: int) -> str:
    """Spell a non-negative integer in Indonesian (lowercase, "miliar")."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise ValueError(f"not an integer: {n!r}")
    if n < 0:
        raise ValueError(f"amounts in words are never negative: {n}")
    if n == 0:
        return "nol"
    triliun, rest = divmod(n, _TRILIUN)
    words = [*_below_triliun(triliun), "triliun"] if triliun else []
    return " ".join(words + _below_triliun(rest))


_PARENTHESISED = re.compile(r"\(([^()]*)\)")
#: a printed amount ending where the parenthesis opens (markdown and spaces between)
_AMOUNT_BEFORE = re.compile(
    r"(?P<amount>(?:Rp\.?[\s*_]*)?(?<![0-9])(?<![0-9][.,])[0-9]{1,3}(?:[.,][0-9]{3})+(?:,[0-9]{2})?(?:,-)?"
    r"|Rp\.?[\s*_]*(?<![0-9])(?<![0-9][.,])[0-9]+(?:,-)?)[\s*_]*$",
    re.I,
)
_LOOK_BACK = 120
_NUMBER_WORD = re.compile(
    r"\b(?:satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|se(?:puluh|belas|ratus|ribu)"
    r"|puluh|belas|ratus|ribu|juta|milyar|miliar|triliun)\b",
    re.I,
)


def find_terbilang(text: str | None) -> list[tuple[tuple[int, int], str, Value]]:
    """Amounts in words in parentheses right after a printed amount.

    Each hit is ``((start, end), amount, words)``: the span of the parenthesised
    words, the amount printed before them (as printed, markdown stripped), and
    the words parsed as money (flag "words_malformed" when they do not spell a
    number; compare ``words.value`` with the amount to catch a mismatch).
    """
    text = as_text(text)
    found: list[tuple[tuple[int, int], str, Value]] = []
    for words in _PARENTHESISED.finditer(text):
        inner = words.group(1)
        if not _NUMBER_WORD.search(inner):
            continue
        start = words.start()
        amount = _AMOUNT_BEFORE.search(text, max(0, start - _LOOK_BACK), start)
        if amount is None:
            continue
        printed = clean_cell(amount.group("amount")).strip("*_ ")
        found.append((words.span(), printed, parse_terbilang(inner)))
    return found
