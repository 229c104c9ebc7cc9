"""What a synthetic report says: the ReportSpec and the arithmetic behind it.

A spec holds the report's identity, its tables (performance, DIPA revisions,
budget realisation, pagu history, voter tallies) and the facts its prose states, as values,
never as formatted text. Renderers (text now, PDF later) decide how each value
is printed; the truth file is built from the spec plus what a renderer says it
printed where.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from .regions import Region

Direction = Literal["higher", "lower"]
#: how a printed capaian follows from target and realisasi
Formula = Literal["ratio", "ratio_capped", "lower_2t", "lower_2t_capped", "qualitative"]
FORMULAS: dict[str, str] = {
    "ratio": "realisasi / target x 100, 2 decimals",
    "ratio_capped": "min(100, realisasi / target x 100), 2 decimals",
    "lower_2t": "(2 x target - realisasi) / target x 100, 2 decimals (lower is better)",
    "lower_2t_capped": "min(100, (2 x target - realisasi) / target x 100), 2 decimals",
    "qualitative": "100 when realisasi equals the target grade, else the grade itself",
}


@dataclass
class Val:
    """A performance value as the report states it (not yet formatted)."""

    kind: Literal["percent", "quantity", "qualitative"]
    number: float | None = None
    unit: str | None = None  # quantity unit: "laporan", "Lembaga"
    word: str | None = None  # qualitative: "B", "WTP"
    percent: float | None = None  # a quantity printed with a percentage: "1 Lembaga 100%"


def capaian_number(formula: Formula, target: float, realisasi: float) -> float:
    """The capaian a formula gives, rounded to 2 decimals (percent points)."""
    if formula in ("ratio", "ratio_capped"):
        value = realisasi / target * 100.0
    elif formula in ("lower_2t", "lower_2t_capped"):
        value = (2.0 * target - realisasi) / target * 100.0
    else:
        raise ValueError(f"not a numeric formula: {formula}")
    if formula.endswith("_capped"):
        value = min(100.0, value)
    return round(value + 0.0, 2)


def pct(realisasi: int, pagu: int) -> float:
    """realisasi / pagu x 100, 2 decimals; 0 for an empty pagu."""
    if pagu == 0:
        return 0.0
    return round(realisasi * 100.0 / pagu, 2)


@dataclass
class Indicator:
    key: str
    text: str
    direction: Direction
    target: Val
    realisasi: Val
    capaian: Val
    formula: Formula
    #: the target the Perjanjian Kinerja (BAB II) states; normally == target
    pk_target: Val
    #: indicators sharing one cell as <p> paragraphs carry the same group id
    paragraph_group: str | None = None


@dataclass
class Sasaran:
    no: int
    text: str
    indicators: list[Indicator]


@dataclass
class PerfTable:
    key: str
    kind: Literal["pk", "capaian"]
    number: str | None  # caption number as printed, None when uncaptioned
    title: str
    sasaran_nos: list[int]
    #: "Sasaran N : ..." group rows spanning the table (combined tables)
    group_rows: bool = False
    bab: int = 3


@dataclass
class DipaRevision:
    key: str
    seq: int  # 0 = the initial DIPA
    label: str  # "AWAL", "REVISI 1"
    amount: int
    date: dt.date | None
    note: str | None


@dataclass
class DipaTable:
    key: str
    number: str | None
    title: str
    revisions: list[DipaRevision]
    bab: int = 3


@dataclass
class DipaProse:
    """A revision stated only in prose: 'Revisi DIPA sebesar Rp X ... sebesar Rp Y'."""

    key: str
    seq: int  # counted from 1 in document order
    delta: int
    amount: int


@dataclass
class BudgetRow:
    key: str
    name: str | None
    code: str | None
    pagu: int
    realisasi: int | None  # None in allocation-only tables
    sisa: int | None
    realisasi_pct: float | None
    level: str
    is_total: bool = False
    program: int | None = None  # group (program index) for tables with group headings
    #: money fields printed with digit groups that are not thousands: field -> form
    #: ("extra_digit" | "shifted_mark", see numfmt.malformed); their truth value is null
    malformed: dict[str, str] = field(default_factory=dict)

    @classmethod
    def make(
        cls,
        key: str,
        name: str | None,
        code: str | None,
        pagu: int,
        realisasi: int | None,
        level: str,
        **kw: object,
    ) -> BudgetRow:
        sisa = None if realisasi is None else pagu - realisasi
        share = None if realisasi is None else pct(realisasi, pagu)
        return cls(key, name, code, pagu, realisasi, sisa, share, level, **kw)  # type: ignore[arg-type]


@dataclass
class BudgetTable:
    key: str
    kind: Literal["alloc", "jenis", "program", "output", "satker"]
    number: str | None
    title: str
    name_header: str  # "JENIS BELANJA", "PROGRAM", "KEGIATAN", "URAIAN"
    rows: list[BudgetRow]
    total: BudgetRow | None
    #: program codes printed "(076.01.01)" at the end of the name, not in a column
    code_in_name: bool = False
    #: program headings spanning the table above their outputs
    group_headings: list[str] = field(default_factory=list)
    #: program rows with figures above their outputs (code "076.01.06", level "program"):
    #: each is the sum of the outputs under it, and the total is the sum of these rows
    subtotals: list[BudgetRow] = field(default_factory=list)
    #: one table printing some rows in Indonesian and some in US number style
    mixed_styles: bool = False
    bab: int = 3


@dataclass
class HistoryRow:
    key: str
    year: int
    pagu: int
    realisasi: int
    realisasi_pct: float


@dataclass
class HistoryTable:
    key: str
    number: str | None
    title: str
    rows: list[HistoryRow]
    bab: int = 3


@dataclass
class TallyRow:
    """One row of a voter tally: men + women = jumlah."""

    key: str
    label: str  # kecamatan name, or the total row's label ("JUMLAH", "TOTAL")
    laki: int
    perempuan: int
    jumlah: int
    is_total: bool = False

    @classmethod
    def make(cls, key: str, label: str, laki: int, perempuan: int, **kw: bool) -> TallyRow:
        return cls(key, label, laki, perempuan, laki + perempuan, **kw)


@dataclass
class TallyTable:
    """Rekapitulasi Daftar Pemilih Tetap (DPT): voters per kecamatan by sex, with a total row."""

    key: str
    number: str | None
    title: str
    election_year: int
    rows: list[TallyRow]
    total: TallyRow
    bab: int = 3


@dataclass
class ProseFacts:
    """Figures the prose states; equal to the tables unless something was injected."""

    pagu: int
    realisasi: int
    realisasi_pct: float
    #: the amount the words in parentheses spell (normally == pagu)
    words_amount: int
    n_indicators: int
    n_met: int
    dipa_initial: int
    dipa_prose: list[DipaProse] = field(default_factory=list)


@dataclass
class Satker:
    region: Region
    #: "KPU Kabupaten Ogan Ilir" (canonical), as in the gold files
    canonical: str
    #: "Komisi Pemilihan Umum Kabupaten Ogan Ilir": how this report names itself
    printed: str
    slug: str


Table = PerfTable | DipaTable | BudgetTable | HistoryTable | TallyTable


@dataclass
class ReportSpec:
    satker: Satker
    year: int
    signing_date: dt.date  # after the reporting year
    pk_date: dt.date
    sasaran: list[Sasaran]
    #: every table in document order (numbers already assigned)
    tables: list[Table]
    prose: ProseFacts
    dipa_mode: Literal["table", "prose"]
    #: caption numbers the Daftar Tabel lists, where they differ from the body
    daftar_numbers: dict[str, str] = field(default_factory=dict)
    renstra: str = ""  # "2015-2019"
    #: keys of the rows an injection already changed (a later kind leaves them alone)
    touched: set[str] = field(default_factory=set)

    # -- lookups ---------------------------------------------------------
    @property
    def indicators(self) -> list[Indicator]:
        return [ind for s in self.sasaran for ind in s.indicators]

    def sasaran_by_no(self, no: int) -> Sasaran:
        return next(s for s in self.sasaran if s.no == no)

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)

    def budget_tables(self) -> list[BudgetTable]:
        return [t for t in self.tables if isinstance(t, BudgetTable)]

    def perf_tables(self) -> list[PerfTable]:
        return [t for t in self.tables if isinstance(t, PerfTable)]

    @property
    def dipa_table(self) -> DipaTable | None:
        return next((t for t in self.tables if isinstance(t, DipaTable)), None)

    @property
    def history(self) -> HistoryTable | None:
        return next((t for t in self.tables if isinstance(t, HistoryTable)), None)

    @property
    def tally(self) -> TallyTable | None:
        return next((t for t in self.tables if isinstance(t, TallyTable)), None)

    @property
    def final_pagu(self) -> int:
        """Pagu after the last revision, from the jenis belanja realisation table."""
        jenis = next(t for t in self.budget_tables() if t.kind == "jenis")
        assert jenis.total is not None
        return jenis.total.pagu
