"""The raw document model every reader emits.

A reader (text, PDF, OCR) turns a file into a :class:`RawDocument`: the text
lines in reading order, grouped into blocks, and the tables as grids of cells,
each item with its line (text), page and bounding box (PDF, OCR). Locators,
classifiers and normalisers only ever see this model, never a file.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

#: bump when the shape of RawDocument changes
RAW_SCHEMA_VERSION = 1

BBox = tuple[float, float, float, float]
DocFormat = Literal["text", "markdown", "pdf", "scan"]


class Line(BaseModel):
    """One line of text in reading order."""

    no: int  # 1-based line number in the source (text) or reading order (PDF)
    text: str
    page: int | None = None
    bbox: BBox | None = None


class RawCell(BaseModel):
    text: str
    bbox: BBox | None = None
    #: OCR: the lowest confidence (0-100) of the cell's words; None for text read from a file
    confidence: float | None = None
    #: OCR: the text as read, where the figure was repaired (``text`` holds the repair)
    ocr_text: str | None = None


class RawRow(BaseModel):
    """One row of a table as the reader saw it: cells left to right."""

    cells: list[RawCell]
    line: int | None = None
    page: int | None = None
    bbox: BBox | None = None
    #: blank lines or page debris seen between the previous row and this one
    gap_before: int = 0

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


class RawTable(BaseModel):
    """A table as a grid of cells, before any interpretation."""

    index: int  # ordinal in the document, 0-based
    rows: list[RawRow]
    page: int | None = None
    bbox: BBox | None = None
    line_start: int | None = None
    line_end: int | None = None
    #: how the reader found it: "tsv", "pipe", "pdfplumber-lines", "camelot-lattice", ...
    method: str = "tsv"
    #: reader's quality figures (cell fill, whitespace, accuracy), free-form
    quality: dict[str, float] = Field(default_factory=dict)

    @property
    def n_cols(self) -> int:
        return max((len(r.cells) for r in self.rows), default=0)


class Block(BaseModel):
    """A run of lines: a paragraph of prose, or the place a table stands."""

    kind: Literal["text", "table"]
    line_start: int
    line_end: int
    page: int | None = None
    text: str = ""
    table: int | None = None  # RawTable.index for table blocks


class RawDocument(BaseModel):
    schema_version: int = RAW_SCHEMA_VERSION
    source: str
    sha256: str
    format: DocFormat
    n_pages: int | None = None
    lines: list[Line]
    blocks: list[Block]
    tables: list[RawTable]
    #: reader warnings (encoding fallbacks, skipped debris), kept for the user
    warnings: list[str] = Field(default_factory=list)

    def line_text(self, no: int) -> str:
        """Text of line ``no`` (1-based), '' when out of range."""
        if 1 <= no <= len(self.lines) and self.lines[no - 1].no == no:
            return self.lines[no - 1].text
        for line in self.lines:
            if line.no == no:
                return line.text
        return ""
