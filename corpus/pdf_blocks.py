"""A text report cut into the blocks the PDF renderer draws.

Paragraphs (one source line each, with bold / italic runs from the markdown
markers), captions, tab-stop lines, tables of contents and tables (rows of
cells with spans, header rows detected). Blank lines and page-number debris
inside a table are artefacts of the text conversion and are dropped here, the
way the text reader skips them. Nothing in this module knows about PDF.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

Run = tuple[str, str]  # (text, font name)
Align = Literal["left", "right", "center"]
ParaKind = Literal["text", "heading", "caption", "item", "cover"]

FONTS = {
    (False, False): "Helvetica",
    (True, False): "Helvetica-Bold",
    (False, True): "Helvetica-Oblique",
    (True, True): "Helvetica-BoldOblique",
}
REGULAR, BOLD = FONTS[False, False], FONTS[True, False]

#: blank or debris lines a table may span (as the text reader allows)
MAX_GAP = 4
_DEBRIS = re.compile(
    r"^\s*(?:-\s*)?(?:\d{1,3}|[ivxlc]{1,6})(?:\s*-)?\s*$|^\s*(?:halaman|hal\.?|page)\s*\d{1,3}\s*$",
    re.IGNORECASE,
)
_CAPTION = re.compile(r"^tabel\s*\.?\s*\d", re.IGNORECASE)
_MAJOR = re.compile(
    r"^(kata peng[a-z]*ar|(ikhtisar|ringkasan) eksekutif|daftar (isi|tabel|grafik|gambar|lampiran)"
    r"|bab\s+[ivx]+\b.*|lampiran)$",
    re.IGNORECASE,
)
_DAFTAR = re.compile(r"^daftar (isi|tabel|grafik|gambar|lampiran)\b", re.IGNORECASE)
_SECTION = re.compile(r"^([A-H]|[IVX]{1,4})\.\s+\S")
_NUMBER = re.compile(r"^\(?-?\s*(rp\.?\s*)?[\d.,]+\s*\)?\s*(%|,-)?$|^-$", re.IGNORECASE)
_COLNUM = re.compile(r"^\(?\d{1,2}\)?$")
_PAGE_REF = re.compile(r"^([\divxlc]{1,6}|hal\.?)$", re.IGNORECASE)
_TAG = re.compile(r"</?(p|b|i|u|em|strong|span|sup|sub|div|font|td|tr)\b[^>]*>", re.IGNORECASE)
_BREAK = re.compile(r"<br\s*/?>|</p>\s*<p[^>]*>", re.IGNORECASE)
_AUTOLINK = re.compile(r"<((?:https?://|mailto:|www\.)[^>\s]+)>")
_MARKER = re.compile(r"\*\*|\*")
_GROUP = re.compile(r"^sasaran\s*\d", re.IGNORECASE)
_RULE = re.compile(r"^[-=:|\s]{3,}$")
_NO = {"no", "no.", "nomor", "no urut"}
_REPLACE = {"≥": ">=", "≤": "<=", "→": "->", "←": "<-", "√": "v", "\u2212": "-", "\u00ad": ""}


def clean(text: str) -> str:
    """Text Helvetica (WinAnsi) can draw: other characters become their closest ASCII or '?'."""
    out = []
    for ch in text.replace("\t", " ").replace("\xa0", " "):
        if ch in _REPLACE:
            out.append(_REPLACE[ch])
            continue
        if ord(ch) < 32 or unicodedata.category(ch) in ("Cf", "Cc"):
            continue
        try:
            ch.encode("cp1252")
            out.append(ch)
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
            out.append(base or "?")
    return "".join(out)


def is_debris(line: str) -> bool:
    return bool(_DEBRIS.match(line))


def plain(text: str) -> str:
    """A line without markdown heading marks, emphasis markers and HTML tags."""
    text = _AUTOLINK.sub(r"\1", text)
    text = _TAG.sub("", _BREAK.sub(" ", text))
    text = re.sub(r"^\s*#{1,6}\s*", "", text)
    return clean(html.unescape(text.replace("**", "").replace("*", ""))).strip()


# -- blocks --------------------------------------------------------------------


@dataclass
class Para:
    line: int
    runs: list[Run]
    kind: ParaKind = "text"
    level: int = 0  # heading size class: 1 largest .. 4
    new_page: bool = False  # a major heading (BAB, Kata Pengantar, Daftar ...)
    gap_before: bool = False


@dataclass
class Tabbed:
    """A table the PDF shows as lines: a table of contents or a lone tab-stop line."""

    rows: list[tuple[int, list[str]]]  # (line, cells)
    toc: bool
    gap_before: bool = False


@dataclass
class Cell:
    col: int
    texts: list[str]  # paragraphs inside the cell
    span: int = 1
    bold: bool = False
    align: Align = "left"
    vmerged: bool = False  # the empty lower part of a header cell that spans rows


@dataclass
class Row:
    line: int
    cells: list[Cell]
    header: bool = False


@dataclass
class Table:
    rows: list[Row]
    ncols: int
    n_header: int
    first_line: int
    last_line: int
    gap_before: bool = False
    dropped: list[int] = field(default_factory=list)

    @property
    def header(self) -> list[Row]:
        return self.rows[: self.n_header]


Block = Para | Tabbed | Table


# -- markdown emphasis ------------------------------------------------------------


def _runs(lines: list[str]) -> list[list[Run]]:
    """Runs of one paragraph group: ``**`` / ``*`` pairs may span lines; lone markers stay."""
    joined = "\n".join(lines)
    marks = [(m.start(), m.group()) for m in _MARKER.finditer(joined)]
    live: set[int] = set()
    for kind in ("**", "*"):
        at = [p for p, g in marks if g == kind]
        live.update(at[: len(at) - len(at) % 2])
    out: list[list[Run]] = [[]]
    b, it, pos = False, False, 0
    buf: list[str] = []
    while pos < len(joined):
        ch = joined[pos]
        if pos in live:
            if buf:
                out[-1].append(("".join(buf), FONTS[b, it]))
                buf = []
            size = 2 if joined.startswith("**", pos) else 1
            if size == 2:
                b = not b
            else:
                it = not it
            pos += size
            continue
        if ch == "\n":
            if buf:
                out[-1].append(("".join(buf), FONTS[b, it]))
                buf = []
            out.append([])
        else:
            buf.append(ch)
        pos += 1
    if buf:
        out[-1].append(("".join(buf), FONTS[b, it]))
    return [_clean_runs(r) for r in out]


def _clean_runs(runs: list[Run]) -> list[Run]:
    cleaned = [(_inline(t), f) for t, f in runs]
    cleaned = [(t, f) for t, f in cleaned if t]
    if cleaned:
        t, f = cleaned[0]
        cleaned[0] = (t.lstrip(), f)
        t, f = cleaned[-1]
        cleaned[-1] = (t.rstrip(), f)
    return [(t, f) for t, f in cleaned if t]


def _inline(text: str) -> str:
    text = _AUTOLINK.sub(r"\1", text)
    return clean(html.unescape(_TAG.sub("", _BREAK.sub(" ", text))))


# -- cells ----------------------------------------------------------------------


def _cell_texts(raw: str) -> tuple[list[str], bool]:
    """Paragraphs of a cell (``<p>`` / ``<br>`` split it) and whether it is all bold."""
    s = raw.strip()
    bold = bool(re.fullmatch(r"(<b>.*</b>|\*\*.*\*\*)", s, re.IGNORECASE | re.DOTALL))
    parts = re.split(r"<br\s*/?>|</p>", _AUTOLINK.sub(r"\1", s), flags=re.IGNORECASE)
    texts = [clean(html.unescape(_TAG.sub("", p).replace("**", ""))).strip() for p in parts]
    texts = [re.sub(r"\s+", " ", t) for t in texts if t.strip()]
    return texts, bold


def _is_colnum(cells: list[str]) -> bool:
    vals = [c for c in cells if c.strip()]
    return len(vals) >= 2 and all(_COLNUM.match(c.strip()) for c in vals)


def _header_like(cells: list[str], index: int) -> bool:
    vals = [plain(c) for c in cells if c.strip()]
    if not vals:
        return False
    if _is_colnum(cells):
        return True
    if len(vals) == 1:  # a title row spanning the table heads it only when first and in capitals
        return index == 0 and vals[0].isupper() and len(cells) > 2
    return all(not _NUMBER.match(v) and len(v) <= 48 for v in vals) and not any(
        _GROUP.match(v) for v in vals
    )


def _starts_new_table(cells: list[str], widths: set[int]) -> bool:
    """After a blank gap, a header row of another width begins another table."""
    vals = [plain(c) for c in cells if c.strip()]
    if len(vals) < 2 or len(cells) in widths or not _header_like(cells, 0):
        return False
    return vals[0].lower() in _NO or all(v.isupper() for v in vals)


def _build_table(rows: list[tuple[int, list[str]]], gap_before: bool, dropped: list[int]) -> Table:
    ncols = max(len(c) for _, c in rows)
    n_header = 0
    for i, (_, cells) in enumerate(rows[:4]):
        if not _header_like(cells, i) or i + 1 >= len(rows):
            break
        n_header = i + 1
    out: list[Row] = []
    for i, (line, raw) in enumerate(rows):
        header = i < n_header
        colnum = _is_colnum(raw)
        # a short row ending in a figure ("JUMLAH<tab>14.466.321.000") lost its empty leading
        # cells: its first cell spans what is missing; any other short row is positional
        last = plain(raw[-1]) if raw else ""
        figure = not header and len(raw) > 1 and bool(_NUMBER.match(last)) and last != "-"
        cells = raw if figure else raw + [""] * (ncols - len(raw))
        built: list[Cell] = []
        lead = ncols - len(cells) + 1
        col = 0
        for j, text in enumerate(cells):
            texts, bold = _cell_texts(text)
            span = lead if j == 0 else 1
            if header or colnum:
                align: Align = "center"
            elif len(texts) == 1 and _NUMBER.match(texts[0]):
                align = "right"
            else:
                align = "left"
            built.append(Cell(col, texts, span, bold or header, align))
            col += span
        filled = [c for c in built if c.texts]
        if (
            not header
            and ncols >= 3
            and len(filled) == 1
            and filled[0] is built[0]
            and len(" ".join(built[0].texts)) > 15
        ):
            built = [Cell(0, built[0].texts, ncols, built[0].bold, "left")]
        out.append(Row(line, built, header))
    _header_spans(out[:n_header])
    return Table(out, ncols, n_header, rows[0][0], rows[-1][0], gap_before, dropped)


def _header_spans(head: list[Row]) -> None:
    """Header cells spanning columns (a label over sub-columns) and rows (empty below)."""
    for r in range(len(head) - 1):
        below = head[r + 1].cells
        if _is_colnum([" ".join(c.texts) for c in below]):
            break
        cells = head[r].cells
        merged: list[Cell] = []
        j = 0
        while j < len(cells):
            c = cells[j]
            k = j + 1
            while c.texts and k < len(cells) and not cells[k].texts and below[k].texts:
                k += 1
            merged.append(Cell(c.col, c.texts, k - j, c.bold, c.align))
            j = k
        head[r].cells = merged
    for r in range(1, len(head)):
        if _is_colnum([" ".join(c.texts) for c in head[r].cells]):
            break
        above = {c.col: c for c in head[r - 1].cells}
        for c in head[r].cells:
            up = above.get(c.col)
            if not c.texts and up is not None and up.span == 1 and (up.texts or up.vmerged):
                c.vmerged = True


# -- the document ----------------------------------------------------------------


def _para_kind(text: str, line: str) -> tuple[ParaKind, int, bool]:
    """(kind, heading level, starts a page) of a prose line; ``text`` is its plain form."""
    hashes = len(line) - len(line.lstrip("#")) if line.lstrip().startswith("#") else 0
    major = bool(_MAJOR.match(text)) and len(text) <= 60
    if _CAPTION.match(text) and len(text) <= 240:
        return "caption", 0, False
    if hashes:
        return "heading", min(hashes, 4), major
    if major:
        return "heading", 2, True
    if len(text) <= 90 and not text.endswith((".", ",", ";", ":")):
        letters = [c for c in text if c.isalpha()]
        if len(letters) >= 3 and all(c.isupper() for c in letters):
            return "heading", 3, False
        if _SECTION.match(text) and len(text) <= 70:
            return "heading", 4, False
    if line.lstrip().startswith("- "):
        return "item", 0, False
    return "text", 0, False


def _is_toc(rows: list[tuple[int, list[str]]], after_daftar: bool) -> bool:
    if any(len(c) > 3 for _, c in rows):
        return False
    ends = [next((x for x in reversed(c) if x.strip()), "") for _, c in rows]
    paged = sum(1 for e in ends if _PAGE_REF.match(plain(e)))
    leaders = sum(1 for _, c in rows if "...." in "".join(c))
    return paged >= 0.6 * len(rows) and (after_daftar or leaders >= 0.3 * len(rows))


def _cover_end(lines: list[str]) -> int:
    """Index of the first major heading when the lines before it are a cover page, else 0."""
    for i, line in enumerate(lines[:80]):
        if "\t" in line:
            return 0
        if _MAJOR.match(plain(line)) and not plain(line).lower().startswith(("bab", "lampiran")):
            return i
    return 0


def parse_blocks(text: str) -> list[Block]:
    """The blocks of a text report, in order; line numbers are 1-based as in the text."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    blocks: list[Block] = []
    cover = _cover_end(lines)
    i, gap, daftar_at = 0, False, -99
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            gap, i = True, i + 1
            continue
        if "\t" in line:
            i = _read_table(lines, i, gap, blocks, after_daftar=len(blocks) - daftar_at <= 2)
            gap = False
            continue
        start = i
        while i < len(lines) and lines[i].strip() and "\t" not in lines[i]:
            i += 1
        group = lines[start:i]
        bare = [re.sub(r"^\s*#{1,6}\s*", "", g) for g in group]
        for k, runs in enumerate(_runs(bare)):
            no = start + k + 1
            raw = group[k]
            text = plain(raw)
            if not text:
                continue
            kind, level, new_page = _para_kind(text, raw)
            if start + k < cover:
                kind, level, new_page = "cover", 1, False
            if _DAFTAR.match(text):
                daftar_at = len(blocks)
            if raw.lstrip().startswith("- ") and runs:
                runs = _strip_item(runs)
            blocks.append(Para(no, runs, kind, level, new_page, gap and k == 0))
        gap = False
    _title_lines(blocks)
    return blocks


def _strip_item(runs: list[Run]) -> list[Run]:
    t, f = runs[0]
    return [(t.lstrip().removeprefix("- ").lstrip(), f), *runs[1:]]


def _title_lines(blocks: list[Block]) -> None:
    """Short lines right after a bare caption ("Tabel 2.1") are its title: drawn like it."""
    for i, b in enumerate(blocks):
        if not (isinstance(b, Para) and b.kind == "caption"):
            continue
        if len(plain("".join(t for t, _ in b.runs)).split()) > 3:
            continue
        for k, nxt in enumerate(blocks[i + 1 : i + 4]):
            if not isinstance(nxt, Para) or nxt.kind not in ("text", "heading"):
                break
            words = "".join(t for t, _ in nxt.runs)
            if nxt.kind == "heading" and nxt.level < 3:
                break
            if len(words) > 140 or words.endswith(":") or nxt.new_page or k and nxt.gap_before:
                break
            nxt.kind = "caption"


def _read_table(
    lines: list[str], i: int, gap: bool, blocks: list[Block], after_daftar: bool
) -> int:
    rows: list[tuple[int, list[str]]] = []
    dropped: list[int] = []
    pending: list[int] = []
    while i < len(lines):
        line = lines[i]
        if "\t" in line:
            cells = [c.strip() for c in line.split("\t")]
            if all(_RULE.match(c) or not c for c in cells):  # a markdown table rule
                i += 1
                if len(rows) <= 1:  # under a lone line: that line was all there was
                    dropped.append(i)
                    break
                pending.append(i)
                continue
            if pending and len(rows) >= 2 and _starts_new_table(cells, {len(c) for _, c in rows}):
                break
            dropped += pending
            pending = []
            rows.append((i + 1, cells))
            i += 1
            continue
        if (not line.strip() or is_debris(line)) and len(pending) < MAX_GAP:
            pending.append(i + 1)
            i += 1
            continue
        break
    i -= len(pending)  # trailing blank lines belong to the text after the table
    if not rows:
        return i + 1
    if len(rows) == 1 and len(rows[0][1]) <= 3 or _is_toc(rows, after_daftar):
        blocks.append(Tabbed(rows, toc=len(rows) > 1 or after_daftar, gap_before=gap))
    else:
        blocks.append(_build_table(rows, gap, dropped))
    return i
