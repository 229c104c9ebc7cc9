"""Table captions: find them in the text, read the Daftar Tabel, tie captions to tables.

Reports caption their tables in many ways ("Tabel. 3.1", "Tabel.3.3", "Tabel 3.1.",
"*Tabel 3.1", "Tabel 3.4 Realisasi Anggaran Tahun 2024", a title on the following
lines), some caption below the table rather than above it, and some not at all.
The caption's side is decided per document: where most captions stand right after
a table and are not followed by one, the report captions below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from lkj.models import RawDocument, TocEntry
from lkj.normalize.text import clean_cell

_CAPTION = re.compile(
    r"^[\s*#_>]*tabel\s*\.?\s*(?P<num>\d{1,2}(?:\s*\.\s*\d{1,2}){0,2})?\s*\.?\s*(?P<rest>.*?)[\s*_]*$",
    re.IGNORECASE,
)
#: a Daftar Tabel entry ends with a page number after dots or a tab
_TOC_TAIL = re.compile(r"(?:\.{3,}|\t)\s*[ivxlc\d]+\s*$", re.IGNORECASE)
_TOC_ENTRY = re.compile(
    # "Tabel 3.1 Judul ....  28", "3.1 Judul\t28", and a bare "Tabel 4 Judul\t36" (a chapter's
    # only table) when the word Tabel stands before it
    r"^[\s*#]*(?:tabel\s*\.?\s*(?=\d{1,2}(?:\.\d{1,2}){0,2}\.?\s)|(?=\d{1,2}(?:\.\d{1,2}){1,2}\.?\s))"
    r"(?P<num>\d{1,2}(?:\.\d{1,2}){0,2})\.?\s+(?P<title>.*?)[\s.]*(?:\t|\.{3,})\s*(?P<page>[ivxlc\d]+)\s*$",
    re.IGNORECASE,
)
_TOC_HEAD = re.compile(r"^[\s*#]*(daftar\s+tabel|tabel)[\s*#]*(\t.*)?$", re.IGNORECASE)

#: lines allowed between a caption (with its title) and the table below it
MAX_LINES_BEFORE = 6
#: blank lines allowed between a table and a caption below it
MAX_BLANK_AFTER = 3


@dataclass
class Caption:
    line: int  # 1-based
    text: str  # as printed, e.g. "Tabel.3.3"
    number: str | None  # "3.3"
    title: str | None
    title_lines: list[int] = field(default_factory=list)


@dataclass
class CaptionAssignment:
    caption: Caption | None
    position: Literal["before", "after", "none"]


def normalise_number(num: str) -> str:
    return re.sub(r"\s+", "", num).strip(".")


def find_captions(doc: RawDocument, toc_entries: list[TocEntry] | None = None) -> list[Caption]:
    """Caption lines in the body text (not in the Daftar Tabel, not inside tables).

    ``toc_entries``: the document's :func:`read_toc`, when already read."""
    in_table = _table_lines(doc)
    toc = {e.line for e in (read_toc(doc) if toc_entries is None else toc_entries)}
    captions: list[Caption] = []
    for line in doc.lines:
        if line.no in in_table or line.no in toc:
            continue
        text = line.text.strip()
        if not text or len(text) > 200:
            continue
        # the anchored caption pattern first: it fails at once on most lines, where the
        # Daftar Tabel's page-number tail is searched through the whole line
        m = _CAPTION.match(text)
        if not m or _TOC_TAIL.search(line.text):
            continue
        num = m.group("num")
        rest = clean_cell(m.group("rest") or "")
        if num is None and not rest:
            continue  # a bare "TABEL" heading (e.g. over the Daftar Tabel)
        if num is None and len(rest.split()) < 2:
            continue
        captions.append(
            Caption(
                line=line.no,
                text=clean_cell(text),
                number=normalise_number(num) if num else None,
                title=rest or None,
            )
        )
    _attach_titles(doc, captions, in_table)
    return captions


def _table_lines(doc: RawDocument) -> set[int]:
    lines: set[int] = set()
    for t in doc.tables:
        for r in t.rows:
            if r.line is not None:
                lines.add(r.line)
    return lines


def _attach_titles(doc: RawDocument, captions: list[Caption], in_table: set[int]) -> None:
    """A caption without a title takes the next short non-table lines as its title."""
    caption_lines = {c.line for c in captions}
    for cap in captions:
        parts: list[str] = [cap.title] if cap.title else []
        no = cap.line + 1
        blanks = 0
        while no <= len(doc.lines) and len(cap.title_lines) < 3:
            text = doc.line_text(no).strip()
            if not text:
                blanks += 1
                if blanks > 2:
                    break
                no += 1
                continue
            if no in in_table or no in caption_lines or len(text) > 300 or _is_heading(text):
                break
            if re.match(r"^sasaran\s*\d", text, re.IGNORECASE):
                break
            parts.append(clean_cell(text))
            cap.title_lines.append(no)
            no += 1
            blanks = 0
        cap.title = " ".join(p for p in parts if p) or None


def _is_heading(text: str) -> bool:
    return bool(re.match(r"^[#*\s]*(bab\s+[ivx]+|[a-h]\.\s|\d+\.\s)", text, re.IGNORECASE))


def read_toc(doc: RawDocument) -> list[TocEntry]:
    """Entries of the Daftar Tabel (list of tables), where the report has one.

    Every entry is kept, in order, as printed: a list that numbers two tables alike
    ("3.6" twice where the body says 3.6 and 3.7) keeps both, each with its line.
    """
    entries: list[TocEntry] = []
    in_toc = False
    misses = 0
    for line in doc.lines:
        text = line.text
        if _TOC_HEAD.match(text.strip()) and not _TOC_TAIL.search(text):
            in_toc = True
            misses = 0
            continue
        if not in_toc:
            continue
        if not text.strip():
            continue
        m = _TOC_ENTRY.match(text)
        if m:
            entries.append(
                TocEntry(
                    number=normalise_number(m.group("num")),
                    title=clean_cell(m.group("title")) or None,
                    page_printed=m.group("page"),
                    line=line.no,
                    page=line.page,
                )
            )
            misses = 0
        else:
            misses += 1
            if misses >= 2:
                in_toc = False
    return entries


def assign_captions(doc: RawDocument, captions: list[Caption]) -> list[CaptionAssignment]:
    """One assignment per table, in table order."""
    tables = doc.tables
    before: dict[int, int] = {}  # caption index -> table it stands before
    tight: set[int] = set()  # captions with only blank lines between them and that table
    after: dict[int, int] = {}  # caption index -> table it stands after
    for ci, cap in enumerate(captions):
        last = cap.title_lines[-1] if cap.title_lines else cap.line
        for t in tables:
            assert t.line_start is not None and t.line_end is not None
            if t.line_start > last and _lines_between_ok(doc, last, t.line_start):
                before[ci] = t.index
                if _blank_between(doc, last, t.line_start):
                    tight.add(ci)
                break
        for t in reversed(tables):
            assert t.line_end is not None
            if t.line_end < cap.line and _blank_between(doc, t.line_end, cap.line):
                after[ci] = t.index
                break
    # the side is decided by the captions that are unambiguous about it
    votes_below = sum(1 for ci in after if ci not in tight)
    votes_above = sum(1 for ci in tight if ci not in after)
    below_style = votes_below > votes_above
    order = ("after", "before") if below_style else ("before", "after")

    result = [CaptionAssignment(None, "none") for _ in tables]
    for side in order:
        mapping = after if side == "after" else before
        for ci, ti in mapping.items():
            if result[ti].caption is None and not _caption_used(result, captions[ci]):
                result[ti] = CaptionAssignment(captions[ci], side)  # type: ignore[arg-type]
    return result


def _caption_used(result: list[CaptionAssignment], cap: Caption) -> bool:
    return any(a.caption is cap for a in result)


def _lines_between_ok(doc: RawDocument, a: int, b: int) -> bool:
    """Between a caption (or its title) at line a and a table at line b: few short lines."""
    nonblank = 0
    for no in range(a + 1, b):
        text = doc.line_text(no).strip()
        if not text:
            continue
        nonblank += 1
        if len(text) > 300 or nonblank > 2:
            return False
    return b - a <= MAX_LINES_BEFORE + 4


def _blank_between(doc: RawDocument, a: int, b: int) -> bool:
    if b - a - 1 > MAX_BLANK_AFTER:
        return False
    return all(not doc.line_text(no).strip() for no in range(a + 1, b))
