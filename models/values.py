"""A parsed value that never forgets what was printed.

Every figure lkj extracts is a :class:`Value`: the raw text as it stood in the
report, the parsed value (or ``None`` when it could not be recovered without
guessing), its unit, and flags that say what the parser had to do to get there.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ValueKind = Literal[
    "money",  # rupiah, an integer
    "percent",  # percent points: "70%" -> 70.0
    "number",  # a plain number
    "quantity",  # a number with a unit: "10 kali", "1 Lembaga 100%"
    "qualitative",  # a grade or verdict: "B", "WTP", "Cukup Berhasil"
    "date",  # ISO date string in ``value``
    "text",  # kept as text: nothing numeric in it
    "empty",  # nothing printed
]

#: The flag vocabulary. Flags are plain strings so that they travel unchanged
#: through JSON, DuckDB and CSV; this mapping documents each one.
FLAGS: dict[str, str] = {
    "empty": "the cell or span was empty; the value is unknown",
    "dash_zero": "a lone '-' in a money column, read as zero",
    "dash": "a lone '-' outside a money column; the value is unknown",
    "us_style": "US number style: ',' groups thousands or '.' is the decimal mark",
    "id_style": "Indonesian number style: '.' groups thousands, ',' is the decimal mark",
    "currency": "currency dressing (Rp, Rp., ',-') was stripped",
    "negative": "accounting negative in parentheses, or a leading minus",
    "mixed_marks": "both '.' and ',' group thousands in one number; value recovered from the digits",
    "malformed": "the text looks numeric but cannot be read without guessing; value left empty",
    "ambiguous": "a single mark followed by three digits; resolved from the column meaning",
    "space_in_number": "spaces inside the digits were removed",
    "trailing_mark": "a trailing '.' or ',' was ignored",
    "decimal_cents": "a two-digit decimal part on a rupiah amount was dropped (cents)",
    "no_percent_sign": "a percentage printed without '%'",
    "with_percent": "a quantity printed with a percentage beside it; see ``percent``",
    "qualitative": "a qualitative value (grade, audit opinion, verdict)",
    "unparsed": "no value could be read; the raw text is kept",
    "html": "HTML markup was stripped from the cell",
    "no_day": "a date without a day; the value is the first of the month",
    "words_malformed": "an amount in words that does not follow Indonesian number grammar",
    "ocr_repaired": "OCR characters were repaired inside a numeric column",
    "low_confidence": "the OCR confidence of this value is low",
    "column_missing": "the table read by OCR has no column for this value (its header was not "
    "recognised, or merged with another's): the value is missing or was read from the wrong column",
}


class Value(BaseModel):
    """One value with its raw text, parsed value, unit and flags."""

    model_config = ConfigDict(frozen=True)

    raw: str | None = None
    value: int | float | str | None = None
    unit: str | None = None
    kind: ValueKind = "empty"
    flags: tuple[str, ...] = ()
    #: a percentage printed beside a quantity ("1 Lembaga 100%" -> 100.0)
    percent: float | None = None
    #: OCR confidence (0..100) where the value came from OCR
    confidence: float | None = None

    @property
    def number(self) -> float | None:
        """The value as a float, or None when it is not numeric."""
        if isinstance(self.value, bool) or not isinstance(self.value, int | float):
            return None
        return float(self.value)

    def has(self, flag: str) -> bool:
        return flag in self.flags


class OcrRead(BaseModel):
    """How OCR read one field of a record that stands on a scanned page."""

    model_config = ConfigDict(frozen=True)

    #: the lowest Tesseract confidence (0..100) of the words in the field's cell; a figure
    #: whose two readings differed counts at most 40
    confidence: float | None = None
    #: the cell's text as OCR read it, where the figure was repaired (the record holds the repair)
    read: str | None = None


class Provenance(BaseModel):
    """Where a record came from: enough to open the page and find the cell."""

    source: str
    page: int | None = None
    line: int | None = None
    caption: str | None = None
    table_index: int | None = None
    row_index: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    #: column index of each field in the table grid
    columns: dict[str, int] = Field(default_factory=dict)
    #: scanned pages: how OCR read each field, by field name (as in ``columns``)
    ocr: dict[str, OcrRead] = Field(default_factory=dict)
