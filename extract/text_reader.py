"""Reader for text and markdown conversions of LKj reports.

Text conversions of PDFs put table rows on tab-separated lines; markdown
conversions use pipe tables. Both become the same :class:`RawDocument` the PDF
and OCR readers emit: numbered lines, blocks, and tables as cell grids.

A table is a run of table-row lines. Blank lines and page debris (a lone page
number) inside a run do not end it: page breaks in the source PDF leave exactly
that behind. Any other prose line ends the table.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from lkj.models import Block, Line, RawCell, RawDocument, RawRow, RawTable
from lkj.models.errors import UnreadableFile

from .headers import header_score

#: how many blank or debris lines a table may span before it ends
MAX_GAP = 4

_PIPE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_PAGE_DEBRIS = re.compile(
    r"^\s*(?:-\s*)?(?:\d{1,3}|[ivxlc]{1,6})(?:\s*-)?\s*$|^\s*(?:halaman|hal\.?|page)\s*\d{1,3}\s*$",
    re.IGNORECASE,
)


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def decode_text(data: bytes, path: str) -> tuple[str, list[str]]:
    """Decode report bytes, trying UTF-8, UTF-16 (by BOM) and Windows-1252.

    Returns the text and warnings. Raises UnreadableFile for binary content.
    """
    warnings: list[str] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), ["decoded as UTF-16"]
        except UnicodeDecodeError as exc:
            raise UnreadableFile(path, f"invalid UTF-16 text ({exc.reason})") from exc
    if b"\x00" in data[:4096]:
        raise UnreadableFile(path, "binary content (NUL bytes), not a text report")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        warnings.append("not valid UTF-8; decoded as Windows-1252")
    control = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if control > 0.05 * min(len(text), 8192):
        raise UnreadableFile(path, "binary content (control characters), not a text report")
    return text, warnings


def split_row(line: str) -> list[str] | None:
    """Cells of a table-row line, or None when the line is not a table row."""
    if "\t" in line:
        return [c.strip() for c in line.split("\t")]
    stripped = line.strip()
    if stripped.startswith("|") and stripped.count("|") >= 2:
        inner = stripped[1:-1] if stripped.endswith("|") else stripped[1:]
        return [c.strip() for c in inner.split("|")]
    return None


def is_debris(line: str) -> bool:
    """A line a page break leaves inside a table: a page number, separators."""
    return bool(_PAGE_DEBRIS.match(line))


def _starts_new_table(cells: list[str], rows: list[RawRow]) -> bool:
    """After a blank gap, a header-like row with another column count is a new table."""
    width = sum(1 for c in cells if c.strip())
    widths = {len(r.cells) for r in rows}
    has_header = any(header_score(r.texts) >= 0.6 for r in rows[:3])
    return has_header and header_score(cells) >= 0.6 and width >= 2 and len(cells) not in widths


def read_text(path: str | Path, *, fmt: str | None = None) -> RawDocument:
    """Read a text or markdown report into the raw document model."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise UnreadableFile(str(p), f"cannot read file ({exc.strerror or exc})") from exc
    if not data.strip():
        raise UnreadableFile(str(p), "empty file")
    text, warnings = decode_text(data, str(p))
    if fmt is None:
        fmt = "markdown" if p.suffix.lower() in {".md", ".markdown"} else "text"
    return parse_text(text, source=p.name, sha256=sha256_bytes(data), fmt=fmt, warnings=warnings)


def parse_text(
    text: str,
    *,
    source: str = "<text>",
    sha256: str | None = None,
    fmt: str = "text",
    warnings: list[str] | None = None,
) -> RawDocument:
    """Build the raw document from decoded text."""
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [Line(no=i + 1, text=t.replace("\f", "")) for i, t in enumerate(raw_lines)]
    blocks: list[Block] = []
    tables: list[RawTable] = []

    i = 0
    n = len(lines)
    while i < n:
        cells = split_row(lines[i].text)
        if cells is not None and not _PIPE_SEPARATOR.match(lines[i].text):
            table, i = _read_table(lines, i, len(tables))
            tables.append(table)
            assert table.line_start is not None and table.line_end is not None
            blocks.append(
                Block(
                    kind="table",
                    line_start=table.line_start,
                    line_end=table.line_end,
                    table=table.index,
                )
            )
            continue
        if not lines[i].text.strip():
            i += 1
            continue
        start = i
        while i < n and lines[i].text.strip() and split_row(lines[i].text) is None:
            i += 1
        blocks.append(
            Block(
                kind="text",
                line_start=start + 1,
                line_end=i,
                text="\n".join(ln.text for ln in lines[start:i]),
            )
        )
    return RawDocument(
        source=source,
        sha256=sha256 or sha256_bytes(text.encode("utf-8")),
        format=fmt,  # type: ignore[arg-type]
        lines=lines,
        blocks=blocks,
        tables=tables,
        warnings=list(warnings or []),
    )


def _read_table(lines: list[Line], i: int, index: int) -> tuple[RawTable, int]:
    """Collect table rows from line ``i``; returns the table and the next line index."""
    rows: list[RawRow] = []
    gap = 0
    last = i
    n = len(lines)
    while i < n:
        text = lines[i].text
        if _PIPE_SEPARATOR.match(text):
            i += 1
            continue
        cells = split_row(text)
        if cells is not None and gap and len(rows) >= 2 and _starts_new_table(cells, rows):
            break
        if cells is not None:
            rows.append(
                RawRow(
                    cells=[RawCell(text=c) for c in cells],
                    line=lines[i].no,
                    gap_before=gap,
                )
            )
            gap = 0
            last = i
            i += 1
            continue
        if (not text.strip() or is_debris(text)) and gap < MAX_GAP:
            gap += 1
            i += 1
            continue
        break
    table = RawTable(
        index=index,
        rows=rows,
        line_start=rows[0].line,
        line_end=lines[last].no,
        method="pipe" if lines[rows[0].line - 1].text.lstrip().startswith("|") else "tsv",  # type: ignore[operator]
    )
    return table, last + 1
