"""The records lkj extracts from a report, as pydantic v2 models.

The JSON of ``lkj extract FILE --format json`` is ``Extraction.model_dump``;
other tools script against its names (see docs/cli.md), so fields are only
ever added, never renamed.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from .values import Provenance, Value

SatkerKind = Literal["kabupaten", "kota", "provinsi", "pusat"]
TableKind = Literal[
    "performance",  # indikator with target / realisasi / capaian (also target-only PK)
    "dipa_revisions",  # one row per DIPA revision
    "budget",  # pagu / realisasi / sisa / % by jenis belanja, program, kegiatan, output
    "pagu_history",  # pagu and realisasi over several years
    "indicator_list",  # indikator without any figure (plans, Renstra)
    "tally",  # counts by L (laki-laki) / P (perempuan) with their sum (DPT recaps)
    "other",
]
BudgetLevel = Literal["satker", "program", "kegiatan", "output", "jenis_belanja", "other"]


class Evidence(BaseModel):
    """The text a fact was read from."""

    text: str
    line: int | None = None
    page: int | None = None


class Document(BaseModel):
    source: str
    sha256: str
    format: str
    satker: str | None = None  # canonical name, e.g. "KPU Kabupaten Ogan Ilir"
    satker_kind: SatkerKind | None = None
    region: str | None = None  # "Ogan Ilir"
    province: str | None = None
    year: int | None = None
    title: str | None = None
    n_pages: int | None = None
    n_lines: int | None = None
    evidence: dict[str, Evidence] = Field(default_factory=dict)


class TableInfo(BaseModel):
    """What a located table is, and why lkj thinks so."""

    index: int
    kind: TableKind
    confidence: float
    caption: str | None = None  # as printed, e.g. "Tabel.3.3"
    number: str | None = None  # "3.3"
    title: str | None = None
    caption_position: Literal["before", "after", "none"] = "none"
    page: int | None = None
    line_start: int | None = None
    line_end: int | None = None
    n_rows: int = 0
    n_records: int = 0
    header: list[str] = Field(default_factory=list)
    columns: dict[str, int] = Field(default_factory=dict)
    method: str = "tsv"
    notes: list[str] = Field(default_factory=list)


class PerformanceRow(BaseModel):
    table: str | None = None  # caption number as printed ("3.2"), None when uncaptioned
    sasaran: str | None = None
    indikator: str
    target: Value = Value()
    realisasi: Value = Value()
    capaian: Value = Value()
    #: "higher" or "lower" is better, decided from the indikator's wording
    direction: Literal["higher", "lower"] = "higher"
    flags: list[str] = Field(default_factory=list)
    provenance: Provenance


class DipaRevision(BaseModel):
    seq: int  # 0 = the initial DIPA
    label_raw: str | None = None
    amount: int | None = None  # DIPA total after this revision, rupiah
    amount_raw: str | None = None
    date: dt.date | None = None
    date_raw: str | None = None
    note: str | None = None
    #: the change this revision made, where the report states it (prose)
    delta: int | None = None
    origin: Literal["table", "prose"] = "table"
    flags: list[str] = Field(default_factory=list)
    provenance: Provenance


class BudgetLine(BaseModel):
    table: str | None = None
    level: BudgetLevel = "other"
    code: str | None = None
    name: str | None = None
    pagu: int | None = None
    realisasi: int | None = None
    sisa: int | None = None
    realisasi_pct: float | None = None
    is_total: bool = False
    raw: dict[str, str | None] = Field(default_factory=dict)
    flags: list[str] = Field(default_factory=list)  # "field:flag"
    provenance: Provenance


class PaguHistory(BaseModel):
    table: str | None = None
    year: int
    pagu: int | None = None
    realisasi: int | None = None
    realisasi_pct: float | None = None
    raw: dict[str, str | None] = Field(default_factory=dict)
    flags: list[str] = Field(default_factory=list)
    provenance: Provenance


class TallyRow(BaseModel):
    """A row of a count breakdown whose parts add up: DPT-style L (laki-laki) + P (perempuan)."""

    table: str | None = None
    label: str | None = None  # kecamatan, TPS, ... as printed
    laki: int | None = None  # L
    perempuan: int | None = None  # P
    jumlah: int | None = None  # L + P as printed
    is_total: bool = False
    raw: dict[str, str | None] = Field(default_factory=dict)
    flags: list[str] = Field(default_factory=list)  # "field:flag"
    provenance: Provenance


StatementKind = Literal[
    "pagu_final",  # the budget ceiling after the last revision ("pagu ... setelah revisi sebesar")
    "pagu_initial",  # the initial DIPA ("DIPA ... tanggal ... sebesar", "alokasi DIPA sebesar")
    "realisasi",  # spending for the year ("realisasi ... sebesar Rp")
    "realisasi_pct",  # realisation as a share of pagu ("penyerapan anggaran ... 93,86 %")
    "indicator_count",  # "dari 15 indikator kinerja"
    "amount",  # any other rupiah amount (kept for the words-vs-digits check)
]


class Statement(BaseModel):
    """A figure the narrative states, with what it is about and the sentence it stands in."""

    kind: StatementKind
    value: Value
    #: the amount in words printed beside the figure: "(Empat belas milyar ... rupiah)"
    words: Value | None = None
    #: a table the sentence cites ("Berdasarkan Tabel 3.2 ..."), as a caption number
    refers_to: str | None = None
    sentence: str = ""  # whitespace collapsed, at most 400 characters
    provenance: Provenance


class TocEntry(BaseModel):
    """One line of the Daftar Tabel (list of tables)."""

    number: str  # "3.6"
    title: str | None = None
    page_printed: str | None = None  # the page number the list prints
    line: int | None = None
    page: int | None = None


class Issue(BaseModel):
    """Something the pipeline noticed about the file (not a consistency finding)."""

    level: Literal["error", "warning", "info"]
    message: str
    line: int | None = None
    page: int | None = None


class Extraction(BaseModel):
    """Everything lkj read from one file."""

    document: Document
    tables: list[TableInfo] = Field(default_factory=list)
    performance: list[PerformanceRow] = Field(default_factory=list)
    dipa_revisions: list[DipaRevision] = Field(default_factory=list)
    budget_lines: list[BudgetLine] = Field(default_factory=list)
    pagu_history: list[PaguHistory] = Field(default_factory=list)
    tally_rows: list[TallyRow] = Field(default_factory=list)
    statements: list[Statement] = Field(default_factory=list)
    toc: list[TocEntry] = Field(default_factory=list)
    issues: list[Issue] = Field(default_factory=list)
    pipeline_version: str = ""
