"""Pure value parsers: printed text in, :class:`lkj.models.Value` out.

Every parser keeps the raw text, never guesses and never drops a value: with
``errors="flag"`` (the default) a value it cannot read comes back with value
None and a flag saying why; with ``errors="raise"`` it is a ``ValueError``.
This layer imports only :mod:`lkj.models` and the standard library.
"""

from .codes import looks_like_code, parse_code
from .dates import find_dates, parse_date
from .measures import is_qualitative, parse_capaian, parse_measure
from .numbers import detect_style, parse_money, parse_number, parse_percent
from .terbilang import find_terbilang, int_to_words, parse_terbilang, words_to_int
from .text import clean_cell, fold, has_html, split_paragraphs

__all__ = [
    "clean_cell",
    "detect_style",
    "find_dates",
    "find_terbilang",
    "fold",
    "has_html",
    "int_to_words",
    "is_qualitative",
    "looks_like_code",
    "parse_capaian",
    "parse_code",
    "parse_date",
    "parse_measure",
    "parse_money",
    "parse_number",
    "parse_percent",
    "parse_terbilang",
    "split_paragraphs",
    "words_to_int",
]
