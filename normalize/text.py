"""Cell text: markup out, whitespace collapsed, and a folded form for fuzzy matching."""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>", re.S)
_PARAGRAPH = re.compile(r"<p(?:\s[^<>]*)?>(.*?)(?:</p\s*>|(?=<p[\s>])|$)", re.S | re.I)
_P_TAG = re.compile(r"<p(?:\s[^<>]*)?>", re.I)
_STRONG = re.compile(r"\*{2,}")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*]*?\S)\*(?![\w*])")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACE = re.compile(r"\s+")
_NON_WORD = re.compile(r"[\W_]+")


def has_html(text: str | None) -> bool:
    """Whether the text carries HTML tags (``<p>``, ``</b>``, ``<br/>``)."""
    return text is not None and _TAG.search(text) is not None


#: texts up to this long are remembered with their cleaned and folded forms: a cell's text is
#: cleaned many times over (locators, quality score, headers, records, checks)
_REMEMBER = 400


def clean_cell(text: str | None) -> str:
    """The text of a cell as a reader sees it.

    Tags are removed (each one counts as a space), entities unescaped, markdown
    emphasis (``**x**``, ``*x*``) dropped, every kind of whitespace collapsed to
    one space, and the ends stripped.
    """
    if not text:
        return ""
    if len(text) <= _REMEMBER:
        return _clean_remembered(text)
    return _clean(text)


@lru_cache(maxsize=1 << 16)
def _clean_remembered(text: str) -> str:
    return _clean(text)


def _clean(text: str) -> str:
    # each step only where its characters occur: cells are cleaned by the hundred thousand
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    if not text.isascii():
        text = _INVISIBLE.sub("", text)
    if "*" in text:
        text = _STRONG.sub("", _SPACE.sub(" ", text))
        # removing one pair can expose another ("*:*0*:*"): until nothing changes
        while (stripped := _EMPHASIS.sub(r"\1", text)) != text:
            text = stripped
    return _SPACE.sub(" ", text).strip()


def split_paragraphs(text: str | None) -> list[str]:
    """The ``<p>`` paragraphs of a cell, cleaned, empty ones left out.

    A cell without ``<p>`` is one paragraph: ``[clean_cell(text)]`` (which is
    ``[""]`` for an empty cell, so that a row never loses a cell). Text outside
    the paragraphs is kept as a paragraph of its own, in order.
    """
    if not text or not _P_TAG.search(text):
        return [clean_cell(text)]
    parts: list[str] = []
    pos = 0
    for match in _PARAGRAPH.finditer(text):
        parts.append(text[pos : match.start()])
        parts.append(match.group(1))
        pos = match.end()
    parts.append(text[pos:])
    cleaned = (clean_cell(part) for part in parts)
    return [part for part in cleaned if part]


def fold(text: str | None) -> str:
    """A form for fuzzy comparison: lowercase, no accents, punctuation as spaces."""
    if not text:
        return ""
    if len(text) <= _REMEMBER:
        return _fold_remembered(text)
    return _fold(text)


@lru_cache(maxsize=1 << 16)
def _fold_remembered(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    text = clean_cell(text)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _NON_WORD.sub(" ", text.casefold())
    return _SPACE.sub(" ", text).strip()
