"""Figures the narrative states: rupiah amounts, the budget realisation rate, indicator counts.

The consistency checks compare what the prose says with what the tables hold, so
the prose is read figure by figure:

- every rupiah amount ("Rp. 14.466.321.000,-", "Rp.109.205.738.791,-",
  "Rp 1.955.640.000") becomes a statement, with the amount in words printed
  after it in parentheses where there is one ("(Empat belas milyar ... rupiah)");
- its kind comes from the words before it: the final pagu ("pagu anggaran ...
  setelah revisi ... sebesar"), the initial DIPA ("DIPA ... tanggal ... sebesar",
  "Pagu Anggaran Murni ... sebesar"), the realisation ("realisasi belanja ...
  sebesar Rp"), else "amount". Kinds are given conservatively: an amount tied to
  a funding source (APBN, APBD, hibah, BA 076), the delta and the result of a
  "Revisi DIPA sebesar ... sehingga dana DIPA ... sebesar" sentence, and parts of
  a total (a program, a jenis belanja) are always "amount";
- a percentage is kept only when it states the budget realisation ("realisasi
  penyerapan anggaran sebesar 93,86 %", "... sebesar Rp X atau 95,00 %"), never
  a performance figure ("pencapaian kinerja sebesar 99.60%");
- "dari 15 indikator kinerja terdapat 14 ..." is a count of indicators, tied to
  the table the sentence cites ("Berdasarkan Tabel 3.2 ...").

Paragraphs are rebuilt first: markup (``**``, ``*``, tags) is dropped, and a
paragraph cut by a blank line or a page break in mid-sentence (it ends without
sentence punctuation and the next one starts in lower case) is joined with the
next one. Every statement keeps the line its figure stands on.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import accumulate

from lkj.models import Provenance, RawDocument, Statement, Value
from lkj.models.records import StatementKind
from lkj.normalize.numbers import parse_money, parse_number, parse_percent
from lkj.normalize.terbilang import SCALES, UNITS, parse_terbilang
from lkj.normalize.text import clean_cell

from .captions import normalise_number
from .text_reader import is_debris

#: longest sentence a statement keeps (characters)
MAX_SENTENCE = 400

# --------------------------------------------------------------------------- paragraphs

_HEADING_MARK = re.compile(r"^\s*#+\s*")
_ENUMERATION = re.compile(r"^\s*(?:[-•]\s|\d{1,2}[.)]\s|[a-z][.)]\s|\(\d{1,2}\)\s)", re.I)
_SENTENCE_END = re.compile(r"[.!?:;][\s\"'”’)\]*_]*$")


@dataclass
class Paragraph:
    """Prose as one string, markup removed, with the source line of every offset."""

    text: str = ""
    starts: list[int] = field(default_factory=list)  # offset where each source line begins
    lines: list[int] = field(default_factory=list)
    pages: list[int | None] = field(default_factory=list)

    def _at(self, offset: int) -> int:
        return max(0, bisect_right(self.starts, offset) - 1)

    def line_at(self, offset: int) -> int:
        return self.lines[self._at(offset)]

    def page_at(self, offset: int) -> int | None:
        return self.pages[self._at(offset)]


class _Lines:
    """A paragraph being read, joined once at the end (a string grown line by line is copied
    whole at every line): each line's separator and cleaned text, its number and page."""

    def __init__(self) -> None:
        self.pieces: list[str] = []  # separator, text, separator, text ... (the first "")
        self.lines: list[int] = []
        self.pages: list[int | None] = []

    def text(self) -> str:
        return "".join(self.pieces)

    def paragraph(self) -> Paragraph:
        ends = list(accumulate(map(len, self.pieces)))
        return Paragraph(self.text(), ends[0::2], self.lines, self.pages)


def _clean_line(text: str) -> str:
    # each step only where its characters occur: every line of prose is cleaned
    if "#" in text:
        text = _HEADING_MARK.sub("", text)
    text = clean_cell(text)
    if "*" in text:
        text = text.replace("*", "")
    return text.strip()


def paragraphs(doc: RawDocument) -> list[Paragraph]:
    """The prose of the document (text blocks, never tables), one paragraph each.

    A block continues the previous paragraph when that one ends without sentence
    punctuation and the block starts in lower case; page debris (a lone page
    number) between them does not separate them.
    """
    table_lines = {r.line for t in doc.tables for r in t.rows if r.line is not None}
    out: list[_Lines] = []
    last_was_prose = False
    for block in doc.blocks:
        if block.kind != "text":
            last_was_prose = False
            continue
        lines = [
            ln
            for ln in doc.lines[block.line_start - 1 : block.line_end]
            if ln.no not in table_lines and ln.text.strip()
        ]
        if lines and all(is_debris(ln.text) for ln in lines):
            continue  # a page number between two halves of a paragraph
        cleaned = [(text, ln) for ln in lines if (text := _clean_line(ln.text))]
        if not cleaned:
            continue
        prev = out[-1] if out and last_was_prose else None
        if prev is not None and _continues(prev, cleaned[0][0]):
            para, sep = prev, " "
        else:
            para, sep = _Lines(), ""
            out.append(para)
        for k, (text, ln) in enumerate(cleaned):
            if k:  # inside a block, lines wrap one paragraph; an enumerated item starts a sentence
                sep = "\n" if _ENUMERATION.match(text) else " "
            para.pieces += (sep, text)
            para.lines.append(ln.no)
            para.pages.append(ln.page)
        last_was_prose = True
    return [p.paragraph() for p in out]


def _continues(before: _Lines, text: str) -> bool:
    """A paragraph cut in mid-sentence: no sentence end before, a lower-case start after."""
    return text[:1].islower() and not _SENTENCE_END.search(before.text())


# --------------------------------------------------------------------------- sentences

_ABBREVIATIONS = {
    "rp", "no", "nomor", "kab", "kec", "kel", "prov", "ds", "tgl", "dll", "dsb", "dst", "jl",
    "hal", "ba", "dr", "drs", "ir", "h", "hj", "st", "th", "thn", "tsb", "yth", "sdr", "bpk",
    "ibu", "s.d", "a.n", "u.p", "kpts", "pasal", "ayat", "ttg", "ref",
}  # fmt: skip
_STOP = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"“'(]?[A-Z0-9])|\n")
_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_WORD_CHARS = _LETTERS | {"."}
_ANY_DIGIT = re.compile(r"\d")


def _word_before(text: str, end: int) -> str:
    """The word that ends at ``end``: the run of letters and dots before it, from its first
    letter on ("s.d", "Rp"); "" where none. The regex ``([A-Za-z][A-Za-z.]*)$`` on
    ``text[:end]`` reads the same, but tries every position of the paragraph before it."""
    start = end
    while start and text[start - 1] in _WORD_CHARS:
        start -= 1
    while start < end and text[start] not in _LETTERS:
        start += 1
    return text[start:end]


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence; a stop after an abbreviation ("Rp.", "Kab.") is none."""
    start = 0
    for m in _STOP.finditer(text):
        at = m.start()
        if text[at] == ".":
            word = _word_before(text, at)
            if word and (word.lower().rstrip(".") in _ABBREVIATIONS or len(word) == 1):
                continue
        end = m.end()
        if text[start:end].strip():
            yield start, end
        start = end
    if text[start:].strip():
        yield start, len(text)


# --------------------------------------------------------------------------- figures

_MONEY = re.compile(r"(?<![\w.,])(?:Rp\.?\s*)+(?:\d[\d.,]*\d|\d)(?:\s?,-|\.-)?", re.I)
_PERCENT = re.compile(r"(?<![\w.,])\d{1,3}(?:[.,]\d{1,3})?\s*(?:%|persen\b)", re.I)
_COUNT = re.compile(
    r"\bdari\s+(?P<a>\d{1,3})(?:\s*\([a-z\s]{1,40}\))?\s+(?:"
    r"(?P<ind>indikator)"
    r"|sasaran(?:\s+strategis)?\s+dan\s+(?P<b>\d{1,3})(?:\s*\([a-z\s]{1,40}\))?\s+indikator)",
    re.I,
)
_WORDS_AFTER = re.compile(r"\s*\((?P<inner>[^()]{2,400})\)")
_TABLE_CITED = re.compile(r"\btabel\s*\.?\s*(\d{1,2}(?:\s*\.\s*\d{1,2}){0,2})", re.I)

_NUMBER_WORDS = {
    *UNITS, *SCALES, "nol", "sepuluh", "sebelas", "seratus", "seribu", "sejuta", "semilyar",
    "semiliar", "setriliun", "belas", "puluh", "ratus",
}  # fmt: skip
_TERBILANG_DRESS = re.compile(r"^\s*terbilang\s*:?\s*|\s+saja\s*$", re.I)
#: "Rp 2,5 miliar": a numeral with a scale word
_SCALE_AFTER = re.compile(r"\s+(?:ribu|juta|milyar|miliar|triliun)\b", re.I)


@dataclass
class _Figure:
    start: int
    end: int  # after the amount in words, where there is one
    kind: str  # "money" | "percent" | "count"
    raw: str
    words: str | None = None
    count: str | None = None


def _is_words(inner: str) -> bool:
    """A parenthesis that spells an amount: number words only, or ending in "rupiah"."""
    if re.search(r"\d", inner):
        return False  # "(1 Milyar)": a digit coefficient, not an amount in words
    tokens = re.findall(r"[a-z]+", inner.lower())
    if not tokens or not any(t in _NUMBER_WORDS for t in tokens):
        return False
    return tokens[-1] == "rupiah" or all(t in _NUMBER_WORDS for t in tokens)


#: what every figure holds (an amount's "Rp" and a digit, a percent sign or "persen" after a
#: digit, "dari" and a count): searched in a whole paragraph at once before it is cut into
#: sentences, as most paragraphs state none
_MONEY_HINT = re.compile(r"rp\.?\s*\d", re.I)
_PERCENT_HINT = re.compile(r"\d\s*(?:%|persen)", re.I)
_COUNT_HINT = re.compile(r"dari\s+\d", re.I)


def _any_figure(text: str) -> bool:
    """Whether any sentence of ``text`` can hold a figure (:func:`_figures`): each hint is a
    part of a figure's pattern without its look-arounds, so a figure found inside a sentence
    has its hint in the whole text.

    A hint is searched only where the lower-case text holds letters it needs ("rp", "%" or
    "per", "dar"): r, p, e, d and a have no case forms but their ASCII capitals, and a
    case-blind pattern is slow to try at every character."""
    low = text.lower()
    return (
        ("rp" in low and _MONEY_HINT.search(text) is not None)
        or (("%" in text or "per" in low) and _PERCENT_HINT.search(text) is not None)
        or ("dar" in low and _COUNT_HINT.search(text) is not None)
    )


def _figures(text: str, start: int, end: int) -> list[_Figure]:
    found: list[_Figure] = []
    for m in _MONEY.finditer(text, start, end):
        fig = _Figure(m.start(), m.end(), "money", m.group())
        scale = _SCALE_AFTER.match(text, m.end(), end)
        if scale and not m.group().endswith("-"):
            fig.end = scale.end()
            fig.raw = text[m.start() : fig.end]
        w = _WORDS_AFTER.match(text, fig.end, end)
        if w:
            inner = _TERBILANG_DRESS.sub("", w.group("inner"))
            if _is_words(inner):
                fig.words = " ".join(inner.split())
                fig.end = w.end()
        found.append(fig)
    for m in _PERCENT.finditer(text, start, end):
        if not any(f.start <= m.start() < f.end for f in found):
            found.append(_Figure(m.start(), m.end(), "percent", m.group()))
    for m in _COUNT.finditer(text, start, end):
        group = "a" if m.group("ind") else "b"
        found.append(_Figure(m.start(group), m.end(group), "count", m.group(group)))
    return sorted(found, key=lambda f: f.start)


def money_value(raw: str) -> Value:
    """A printed rupiah amount; "Rp 2,5 miliar" (a numeral and a scale word) is 2500000000."""
    m = re.match(r"(?P<num>.*?)\s+(?P<scale>ribu|juta|milyar|miliar|triliun)$", raw, re.I)
    if not m:
        return parse_money(raw)
    numeral = re.sub(r"^(?:rp\.?\s*)+", "", m.group("num"), flags=re.I)
    words = parse_terbilang(f"{numeral} {m.group('scale')}")
    if words.value is None:
        return Value(raw=raw, kind="money", flags=("malformed",))
    return Value(raw=raw, value=words.value, unit="Rp", kind="money", flags=("currency",))


# --------------------------------------------------------------------------- kinds

_END = r"\s*:?\s*$"
#: a funding source: the amount is a share, not the satker's pagu or realisation
_SOURCE = re.compile(r"\b(?:apbn|apbd|hibah|nphd|ba\.?\s*0?76)\b")
#: a part of a total
_PART = re.compile(
    r"\b(?:belanja\s+(?:pegawai|barang|modal)|jenis\s+belanja|program|kegiatan|output|akun"
    r"|masing[\s-]+masing|terdiri\s+(?:dari|atas)|antara\s+lain|di\s*antaranya|rincian)\b"
)
#: the delta and the result of a revision stated in prose (DIPA revisions of origin "prose")
_REVISION = re.compile(
    r"\brevisi\s+(?:dipa|anggaran)\s+sebesar" + _END + r"|\bsehingga\s+(?:dana|pagu|jumlah)\s+"
    r"(?:dipa|anggaran)\b"
)
#: a difference or a remainder, not the pagu or the realisation itself
_DIFFERENCE = re.compile(
    r"\b(?:sisa|selisih|penghematan|efisiensi|blokir|diblokir|terblokir|tidak\s+terserap"
    r"|pengembalian|penambahan|pengurangan|kenaikan|penurunan|tambahan)\b"
)
_INITIAL = [
    re.compile(r"\bdipa\b.*\btanggal\b.*\bsebesar" + _END),
    re.compile(r"\bdaftar isian pelaksanaan anggaran\b.*\bsebesar" + _END),
    re.compile(r"\bawal\b.*\balokasi\s+dipa\b.*\bsebesar" + _END),
    re.compile(r"\b(?:alokasi\s+)?dipa\s+awal\b.*\bsebesar" + _END),
    re.compile(r"\bpagu\s+(?:anggaran\s+)?(?:murni|awal)\b.*\bsebesar" + _END),
]
_REVISED = [
    re.compile(r"\bpagu\s+anggaran\b.*\b(?:setelah|sesudah)\s+revisi\b.*\bsebesar" + _END),
    re.compile(r"\bpagu\s+anggaran\b.*\brevisi\s+terakhir\b.*\bsebesar" + _END),
]
#: "pagu anggaran <satker> ... adalah sebesar": the final pagu unless called initial
_PAGU_IS = re.compile(r"\bpagu\s+anggaran\b.*\badalah\s+sebesar" + _END)
_NOT_FINAL = re.compile(r"\b(?:murni|awal|semula)\b")
_REALISASI = [
    re.compile(r"\brealisasi\s+(?:belanja|anggaran)\b.*\b(?:sebesar|mencapai)" + _END),
    re.compile(r"\brealisasi(?:nya)?\s+(?:adalah\s+)?sebesar" + _END),
]
_EQUIVALENT = re.compile(
    r"\b(?:equivalen|ekuivalen|ekivalen|equivalent)\s+(?:dengan\s+)?sebesar" + _END
)
#: a percentage that states the budget realisation
_PCT_TOPIC = re.compile(r"\b(?:realisasi|penyerapan)\b")
_PCT_BUDGET = re.compile(r"\b(?:anggaran|belanja|dana|dipa)\b")
_PCT_END = re.compile(r"\b(?:sebesar|mencapai|adalah|yaitu|hanya|baru|sekitar)" + _END)
_PCT_NOT = re.compile(
    r"\b(?:kinerja|target|pencairan|tahap|penurunan|kenaikan|peningkatan|dibandingkan|dibanding"
    r"|selisih|partisipasi|naik|turun|sisa|efisiensi)\b"
)
_PCT_AFTER_AMOUNT = re.compile(r"^[\s,\-]*atau\s*(?:sebesar\s*|sekitar\s*)?$")


def _fold(text: str) -> str:
    return " ".join(text.lower().split())


def money_kind(clause: str, before: str) -> StatementKind:
    """The kind of a rupiah amount from the words since the previous figure (``clause``) and
    since the start of its sentence (``before``); "amount" whenever in doubt."""
    clause, before = _fold(clause), _fold(before)
    if _SOURCE.search(before) or _PART.search(before) or _REVISION.search(clause):
        return "amount"
    if _DIFFERENCE.search(clause):
        return "amount"
    initial = any(p.search(clause) for p in _INITIAL)
    final = any(p.search(clause) for p in _REVISED) or bool(
        _PAGU_IS.search(clause) and not _NOT_FINAL.search(clause)
    )
    real = any(p.search(clause) for p in _REALISASI) or (
        bool(_EQUIVALENT.search(clause)) and "realisasi" in before
    )
    if initial + final + real != 1:
        return "amount"
    return "pagu_initial" if initial else "pagu_final" if final else "realisasi"


def is_realisasi_pct(clause: str, before: str, after_kind: StatementKind | None) -> bool:
    """Whether a percentage states the budget realisation.

    ``after_kind`` is the kind of the amount the percentage follows in "... sebesar Rp X
    atau 95,00 %" (None when it does not follow one).
    """
    clause, before = _fold(clause), _fold(before)
    if _PCT_AFTER_AMOUNT.match(clause):
        return after_kind == "realisasi"
    near = re.split(r"[,;:]", clause)[-1]
    if _PCT_NOT.search(near) or _SOURCE.search(before) or _PART.search(before):
        return False
    return bool(_PCT_TOPIC.search(near) and _PCT_BUDGET.search(near) and _PCT_END.search(near))


# --------------------------------------------------------------------------- statements


def _sentence_text(text: str, start: int, end: int, at: int) -> str:
    s = " ".join(text[start:end].split())
    if len(s) <= MAX_SENTENCE:
        return s
    # a long sentence: the window around the figure
    focus = len(" ".join(text[start:at].split()))
    lo = max(0, min(focus - MAX_SENTENCE // 2, len(s) - MAX_SENTENCE + 2))
    window = s[lo : lo + MAX_SENTENCE - 2]
    return ("…" if lo else "") + window + ("…" if lo + len(window) < len(s) else "")


def read_statements(doc: RawDocument) -> list[Statement]:
    """Every figure the narrative states, in document order (see the module docstring)."""
    out: list[Statement] = []
    for para in paragraphs(doc):
        text = para.text
        if not _ANY_DIGIT.search(text) or not _any_figure(text):
            continue  # every statement has a figure in digits: no sentences to split
        for s_start, s_end in sentences(text):
            if not _ANY_DIGIT.search(text, s_start, s_end):
                continue
            figures = _figures(text, s_start, s_end)
            if not figures:
                continue
            cited = _TABLE_CITED.search(text, s_start, s_end)
            prev_end = s_start
            prev_kind: StatementKind | None = None
            for fig in figures:
                clause = text[prev_end : fig.start]
                before = text[s_start : fig.start]
                kind: StatementKind | None
                words: Value | None = None
                refers_to = None
                if fig.kind == "money":
                    kind = money_kind(clause, before)
                    value = money_value(fig.raw)
                    words = parse_terbilang(fig.words) if fig.words else None
                elif fig.kind == "percent":
                    after = prev_kind if prev_end > s_start else None
                    kind = "realisasi_pct" if is_realisasi_pct(clause, before, after) else None
                    value = parse_percent(fig.raw)
                else:
                    kind = "indicator_count"
                    value = parse_number(fig.raw, "count")
                    refers_to = normalise_number(cited.group(1)) if cited else None
                prev_end, prev_kind = fig.end, kind
                if kind is None:
                    continue
                out.append(
                    Statement(
                        kind=kind,
                        value=value,
                        words=words,
                        refers_to=refers_to,
                        sentence=_sentence_text(text, s_start, s_end, fig.start),
                        provenance=Provenance(
                            source=doc.source,
                            line=para.line_at(fig.start),
                            page=para.page_at(fig.start),
                        ),
                    )
                )
    return out
