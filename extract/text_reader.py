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


#: a text file larger than this is not a report conversion (those run to a few hundred KB); the
#: limit keeps a hostile file from being read into memory whole
MAX_TEXT_BYTES = 64 * 1024 * 1024
#: how much of the file the encoding rules look at
_SNIFF = 4096

_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32-LE"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32-BE"),
    (b"\xef\xbb\xbf", "utf-8", None),
    (b"\xff\xfe", "utf-16-le", "UTF-16-LE"),
    (b"\xfe\xff", "utf-16-be", "UTF-16-BE"),
)


def decode_text(data: bytes, path: str) -> tuple[str, list[str]]:
    """Decode report bytes by a small explicit rule set, and say which encoding was assumed.

    In order: a byte-order mark (UTF-8, UTF-16, UTF-32) decides; NUL bytes in every other
    position are UTF-16 without a mark (Notepad's "Unicode"); other NUL bytes are binary
    content; valid UTF-8 is UTF-8; anything else is read as Windows-1252, the encoding of
    Indonesian Windows machines. Every rule but the plain UTF-8 one leaves a warning naming
    the encoding, so a mis-decoded report can be traced. A statistical detector
    (charset-normalizer) is not used: on short Indonesian text it guesses between Latin code
    pages that differ only in characters reports never use, and its guesses are not stable
    across versions.

    Raises :class:`UnreadableFile` for binary content or bytes invalid in the encoding a BOM
    announces.
    """
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                raise UnreadableFile(
                    path, f"invalid {name or 'UTF-8'} text ({exc.reason})"
                ) from exc
            warnings = [f"decoded as {name} (byte-order mark)"] if name else []
            return _checked(text, path), warnings
    head = data[:_SNIFF]
    if b"\x00" in head:
        utf16 = _utf16_without_bom(head)
        if utf16 is None:
            raise UnreadableFile(path, "binary content (NUL bytes), not a text report")
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError as exc:
            raise UnreadableFile(path, "binary content (NUL bytes), not a text report") from exc
        warning = (
            f"no byte-order mark; decoded as {utf16.upper()} (NUL bytes in every other position)"
        )
        return _checked(text, path), [warning]
    try:
        return _checked(data.decode("utf-8"), path), []
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    warning = "not valid UTF-8; decoded as Windows-1252"
    bad = text.count("\ufffd")
    if bad:
        warning += f" ({bad} bytes undefined in it replaced by U+FFFD)"
    return _checked(text, path), [warning]


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the NUL bytes sit in every other position, as they
    do for UTF-16 text in a Latin script; None for anything else (binary content)."""
    n = len(head) - len(head) % 2
    if n < 2:
        return None
    even, odd = head[0:n:2], head[1:n:2]
    half = n // 2
    nul_even, nul_odd = even.count(0) / half, odd.count(0) / half
    if nul_odd >= 0.6 and nul_even <= 0.05:
        return "utf-16-le"
    if nul_even >= 0.6 and nul_odd <= 0.05:
        return "utf-16-be"
    return None


def _checked(text: str, path: str) -> str:
    """The decoded text, unless it is empty or control characters say it is not text."""
    if not text.strip():
        raise UnreadableFile(path, "empty file")
    sample = text[:8192]
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    if control > 0.05 * len(sample):
        raise UnreadableFile(path, "binary content (control characters), not a text report")
    return text


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
        size = p.stat().st_size
        if size > MAX_TEXT_BYTES:
            raise UnreadableFile(
                str(p), f"text file too large ({size:,} bytes > limit {MAX_TEXT_BYTES:,})"
            )
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
        if not lines[i].text.strip() or cells is not None:
            i += 1  # a blank line, or a markdown rule ("|---|") with no table row above it
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
