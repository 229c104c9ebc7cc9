"""Fuzzing the text reader with the seed reports' own tables, mutated.

The performance, DIPA, budget and pagu-history tables of the four seed reports are cut out with
their captions, then broken the ways conversions and typists break them: rows dropped,
duplicated or swapped, cells swapped, emptied or cut short, Indonesian and US number styles
exchanged, tab-separated lines turned into markdown pipe tables, blank lines and page debris
added, the header line removed. The text pipeline must read every variant without an exception
and must never invent a value: every figure of every record it returns stands, as the raw text
it keeps, in the mutated input, and reads back as that figure.
"""

from __future__ import annotations

import math
import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis_profiles import profile

from lkj.extract.text_reader import parse_text, split_row
from lkj.models import Extraction, Value
from lkj.normalize import clean_cell, parse_measure, parse_number
from lkj.pipeline import extract_document

#: the table kinds whose figures the fuzz run follows
KINDS = ("performance", "dipa_revisions", "budget", "pagu_history", "tally")
#: lines kept above a table (its caption and title) and below it
BEFORE, AFTER = 8, 2
#: row flags saying a record's cell was assembled from several printed lines
JOINED = {"joined_wrapped_cell", "completed_across_break"}
#: the note on a table whose header says a column's cells spill into the next column
SPLIT_CELL = "merged into their left neighbour"
#: seconds one snippet may take to read (a few milliseconds is usual)
READ_SECONDS = 10


@dataclass(frozen=True)
class Snippet:
    """One seed table with the lines around it: the unit the fuzz run mutates."""

    name: str  # "000 Tabel.3.5"
    before: tuple[str, ...]
    table: tuple[str, ...]  # the table's lines, blank lines and debris inside it included
    after: tuple[str, ...]

    def __repr__(self) -> str:  # hypothesis prints the drawn snippet; its name says enough
        return f"<{self.name}>"


def seed_snippets(path: Path) -> list[Snippet]:
    """Every table of the followed kinds in one seed, as the pipeline locates it unmutated."""
    text = path.read_text(encoding="utf-8")
    lines = text.replace("\r\n", "\n").split("\n")
    extraction = extract_document(parse_text(text, source=path.name))
    out = []
    for t in extraction.tables:
        if t.kind not in KINDS or t.line_start is None or t.line_end is None or not t.n_records:
            continue
        start, end = t.line_start - 1, t.line_end  # 0-based, end exclusive
        out.append(
            Snippet(
                name=f"{path.name[:3]} {t.caption or f'table {t.index}'}",
                before=tuple(lines[max(0, start - BEFORE) : start]),
                table=tuple(lines[start:end]),
                after=tuple(lines[end : end + AFTER]),
            )
        )
    return out


def read(text: str) -> Extraction:
    return extract_document(parse_text(text, source="fuzz.txt"))


def lines(s: Snippet) -> str:
    return "\n".join((*s.before, *s.table, *s.after))


@pytest.fixture(scope="module")
def snippets(seeds: list[Path]) -> list[Snippet]:
    """The seed tables that, cut out with their caption, still yield figures on their own
    (a continuation table needs the one before it and is left out)."""
    return [s for p in seeds for s in seed_snippets(p) if any(figures(read(lines(s))))]


# --------------------------------------------------------------------------- mutations

Row = list[str] | None  # the cells of a line (debris is one cell), or None for a blank line

_GROUPED = re.compile(r"\d[\d.,]*\d")


def restyle(cell: str) -> str:
    """The cell with '.' and ',' exchanged inside numerals: "14.466.321.000" <-> "14,466,321,000"."""
    return _GROUPED.sub(lambda m: m.group().translate(str.maketrans(".,", ",.")), cell)


@st.composite
def mutated(draw: st.DrawFn, rows: list[Row]) -> tuple[list[Row], str]:
    """Apply a few mutations to the rows; returns them and how to print them ("tsv"/"pipe")."""
    rows = [list(r) if r is not None else None for r in rows]

    def row_at() -> int:
        return draw(st.integers(0, len(rows) - 1))

    for op in draw(
        st.lists(
            st.sampled_from(
                [
                    "drop_row",
                    "swap_rows",
                    "duplicate_row",
                    "swap_cells",
                    "empty_cell",
                    "cut_cell",
                    "merge_cells",
                    "insert_cell",
                    "blank_lines",
                    "debris",
                    "drop_header",
                ]
            ),
            min_size=1,
            max_size=4,
        )
    ):
        if not rows:
            break
        i = row_at()
        row = rows[i]
        if op == "drop_row":
            del rows[i]
        elif op == "drop_header":
            first = next((k for k, r in enumerate(rows) if r is not None), None)
            if first is not None:
                del rows[first]
        elif op == "swap_rows":
            j = row_at()
            rows[i], rows[j] = rows[j], rows[i]
        elif op == "duplicate_row":
            rows.insert(i, list(row) if row is not None else None)
        elif op == "blank_lines":
            rows[i:i] = [None] * draw(st.integers(1, 3))
        elif op == "debris":
            rows.insert(i, [draw(st.sampled_from(["12", "- 7 -", "Halaman 9", "ii"]))])
        elif row is not None and row:
            a, b = draw(st.integers(0, len(row) - 1)), draw(st.integers(0, len(row) - 1))
            if op == "swap_cells":
                row[a], row[b] = row[b], row[a]
            elif op == "empty_cell":
                row[a] = ""
            elif op == "cut_cell":
                row[a] = row[a][: draw(st.integers(0, len(row[a])))]
            elif op == "merge_cells" and a + 1 < len(row):
                row[a : a + 2] = [f"{row[a]} {row[a + 1]}".strip()]
            elif op == "insert_cell":
                row.insert(a, "")
    if draw(st.booleans()):
        rows = [[restyle(c) for c in r] if r is not None else None for r in rows]
    return rows, draw(st.sampled_from(["tsv", "tsv", "pipe", "pipe-no-rule"]))


def render(rows: list[Row], style: str) -> list[str]:
    if style == "tsv":
        return ["\t".join(r) if r is not None else "" for r in rows]
    out: list[str] = []
    for r in rows:
        if r is None:
            out.append("")
            continue
        out.append("| " + " | ".join(c.replace("|", "/") for c in r) + " |")
        if style == "pipe" and len(out) == 1:
            out.append("|" + "---|" * len(r))
    return out


# --------------------------------------------------------------------------- the oracle


@dataclass(frozen=True)
class Figure:
    """One figure of one record, with what the oracle needs to trace it to the input."""

    where: str
    raw: str | None
    value: float
    joined: bool  # the reader built the cell from several printed cells or lines, and says so
    prose: bool = False  # a figure the narrative states: its sentence may run over line breaks


def figures(ex: Extraction) -> Iterator[Figure]:
    """Every figure of every record."""
    merged_tables = {t.index for t in ex.tables if any(SPLIT_CELL in n for n in t.notes)}

    def joined(flags: list[str], table_index: int | None) -> bool:
        return bool(JOINED & set(flags)) or table_index in merged_tables

    for r in ex.performance:
        j = joined(r.flags, r.provenance.table_index)
        for name in ("target", "realisasi", "capaian"):
            v: Value = getattr(r, name)
            for x in (v.number, v.percent):
                if x is not None:
                    yield Figure(f"performance {r.indikator!r} {name}", v.raw, x, j)
    records: list[tuple[str, list[str], object, tuple[str, ...]]] = [
        *(
            (f"budget {b.name!r}", b.flags, b, ("pagu", "realisasi", "sisa", "realisasi_pct"))
            for b in ex.budget_lines
        ),
        *(
            (f"pagu_history {h.year}", h.flags, h, ("pagu", "realisasi", "realisasi_pct"))
            for h in ex.pagu_history
        ),
        *(
            (f"tally {t.label!r}", t.flags, t, ("laki", "perempuan", "jumlah"))
            for t in ex.tally_rows
        ),
    ]
    for where, flags, rec, names in records:
        raw: dict[str, str | None] = rec.raw  # type: ignore[attr-defined]
        j = joined(flags, rec.provenance.table_index)  # type: ignore[attr-defined]
        for name in names:
            x = getattr(rec, name)
            if x is not None:
                yield Figure(f"{where} {name}", raw.get(name), float(x), j)
    for d in ex.dipa_revisions:
        if d.amount is not None:
            j = joined(d.flags, d.provenance.table_index)
            yield Figure(f"dipa {d.seq} amount", d.amount_raw, float(d.amount), j)
    for s in ex.statements:
        if s.value.number is not None:
            yield Figure(f"statement {s.kind}", s.value.raw, s.value.number, False, prose=True)


def readings(raw: str) -> set[float]:
    """Every value the raw text can be read as, by any parser, kind and number style."""
    out: set[float] = set()
    for style in (None, "id", "us"):
        for kind in ("number", "money", "percent", "count"):
            v = parse_number(raw, kind, style=style)  # type: ignore[arg-type]
            if v.number is not None:
                out.add(v.number)
        m = parse_measure(raw, style=style)  # type: ignore[arg-type]
        out |= {x for x in (m.number, m.percent) if x is not None}
    return out


def reads_as(raw: str, value: float) -> bool:
    return any(math.isclose(abs(value), abs(x), rel_tol=1e-9) for x in readings(raw))


def invented(ex: Extraction, text: str) -> list[str]:
    """The figures of ``ex`` that the input ``text`` does not print.

    A figure's raw text must stand in the input (as printed, or as a reader cleans a cell or
    a line of prose: markup out, spaces collapsed) and read as the figure. Where the reader joined
    cells and says so (row flags, or a table note on split cells), a run of the raw text's
    words must stand in the input and read as the figure: two printed cells "5" and "100"
    must never become 5100.
    """
    # as printed, and as a reader cleans each cell and prose line: never across cells
    cleaned = "\n".join("\t".join(map(clean_cell, line.split("\t"))) for line in text.split("\n"))
    # prose, as the statement reader sees it: the text lines that are no table row, run on
    prose = clean_cell(" ".join(line for line in text.split("\n") if split_row(line) is None))

    def is_printed(piece: str, in_prose: bool = False) -> bool:
        return any(piece in h for h in (text, cleaned, *((prose,) if in_prose else ())))

    wrong = []
    for f in figures(ex):
        if f.raw is None:
            wrong.append(f"{f.where}: {f.value} has no raw text")
            continue
        if is_printed(f.raw, f.prose) or is_printed(clean_cell(f.raw), f.prose):
            if not reads_as(f.raw, f.value):
                wrong.append(f"{f.where}: {f.value} is not a reading of {f.raw!r}")
            continue
        words = clean_cell(f.raw).split()
        runs = (
            " ".join(words[i:k]) for i in range(len(words)) for k in range(i + 1, len(words) + 1)
        )
        if not (f.joined and any(is_printed(r) and reads_as(r, f.value) for r in runs)):
            wrong.append(f"{f.where}: {f.value} from raw {f.raw!r}, not in the input")
    return wrong


# --------------------------------------------------------------------------- the tests


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Fail with TimeoutError instead of hanging: a reader that loops forever is a bug too."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"still reading after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def read_bounded(text: str) -> Extraction:
    with time_limit(READ_SECONDS):
        return read(text)


def test_unmutated_snippets_are_read_with_their_figures(
    seeds: list[Path], snippets: list[Snippet]
) -> None:
    """The oracle has something to check: every seed gives tables whose figures it accepts."""
    assert {s.name[:3] for s in snippets} == {p.name[:3] for p in seeds}
    assert len(snippets) >= 20
    for s in snippets:
        assert invented(read(lines(s)), lines(s)) == [], s.name


def test_oracle_catches_invented_values(snippets: list[Snippet]) -> None:
    s = next(s for s in snippets if any(b.pagu for b in read(lines(s)).budget_lines))
    text = lines(s) + "\n\t5\t100"

    def with_pagu(pagu: int, raw: str, flags: list[str]) -> list[str]:
        ex = read(lines(s))
        line = next(b for b in ex.budget_lines if b.pagu)
        line.pagu, line.raw["pagu"], line.flags = pagu, raw, flags
        return invented(ex, text)

    assert with_pagu(5, "5", []) == []
    # a value its raw text does not say
    assert any("is not a reading of '5'" in w for w in with_pagu(6, "5", []))
    # raw text the input does not print
    assert any("not in the input" in w for w in with_pagu(777_777_777_777, "777.777.777.777", []))
    # two printed cells, "5" and "100", joined by the reader and read as one number
    assert any("not in the input" in w for w in with_pagu(5100, "5 100", ["joined_wrapped_cell"]))
    assert with_pagu(100, "5 100", ["joined_wrapped_cell"]) == []


@profile(scale=0.5)
@given(data=st.data())
def test_mutated_seed_tables_never_crash_nor_invent(
    snippets: list[Snippet], data: st.DataObject
) -> None:
    s = data.draw(st.sampled_from(snippets), label="snippet")
    rows: list[Row] = [split_row(line) if line.strip() else None for line in s.table]
    rows = [
        r if r is not None or not line.strip() else [line]
        for r, line in zip(rows, s.table, strict=True)
    ]
    mutated_rows, style = data.draw(mutated(rows), label="mutation")
    text = "\n".join((*s.before, *render(mutated_rows, style), *s.after))
    assert invented(read_bounded(text), text) == [], text


#: line shapes that sit at the edges of the reader's rules: rules, pipes, tabs, debris, totals
LINE_SHAPES = [
    "",
    "|---|---|",
    "| --- |",
    "|:--|--:|",
    "| a | b |",
    "|",
    "||",
    "| 1.234 | 5 |",
    "\t",
    "\t\t",
    "12",
    "- 3 -",
    "Halaman 4",
    "Tabel 3.1",
    "Tabel 3.5 Rincian Revisi",
    "JUMLAH\t1.000\t2.000",
    "Sasaran 1 : Meningkatnya Partisipasi",
    "No\tIndikator Kinerja\tTarget\tRealisasi\tCapaian",
    "1\tPersentase Partisipasi\t70%\t80%\t114,29",
    "Uraian\tPagu\tRealisasi\t%",
    "Belanja Barang\t14.466.321.000\t13.578.042.000\t93,86",
    "NO\tDIPA\tJUMLAH (RP.)\tTANGGAL",
    "2.\tREVISI 1\t14,989,199,000\t22 Maret 2019",
    "sebesar Rp. 14.466.321.000,- (Empat belas milyar rupiah)",
]


@profile(scale=0.5)
@given(
    lines_=st.lists(
        st.sampled_from(LINE_SHAPES) | st.text(alphabet=" \t|-:0123456789.,%aRp", max_size=30),
        max_size=30,
    )
)
def test_any_arrangement_of_table_lines_is_read_in_bounded_time(lines_: list[str]) -> None:
    text = "\n".join(lines_)
    ex = read_bounded(text)
    assert invented(ex, text) == []
    assert all(t.line_start is None or 1 <= t.line_start <= max(1, len(lines_)) for t in ex.tables)


def test_markdown_rule_without_a_row_above_is_skipped() -> None:
    """A "|---|---|" line with no table row above it used to make the reader loop forever."""
    text = "Pengantar\n\n|---|---|\n| Uraian | Pagu |\n| Belanja Pegawai | 1.500.000 |\n"
    with time_limit(READ_SECONDS):
        doc = parse_text(text)
    assert [[c.text for c in r.cells] for t in doc.tables for r in t.rows] == [
        ["Uraian", "Pagu"],
        ["Belanja Pegawai", "1.500.000"],
    ]
    assert [b.kind for b in doc.blocks] == ["text", "table"]
    with time_limit(READ_SECONDS):
        assert parse_text("|---|\n").tables == []


def test_two_figures_in_a_split_cell_are_not_one_number() -> None:
    """A row one cell longer than its header spills the last cell into the capaian column;
    "1" and "100%" side by side used to be read as a capaian of 1100%."""
    text = (
        "Tabel 3.9\nCapaian Kinerja\n\n"
        "No\tIndikator Kinerja\tTarget\tRealisasi\tCapaian\n"
        "1\tPersentase penatausahaan BMN\t100%\t80%\t1\t100%\n"
    )
    (row,) = read(text).performance
    assert (row.realisasi.value, row.capaian.raw) == (80.0, "1 | 100%")
    assert (row.capaian.value, row.capaian.flags) == (None, ("malformed",))
    assert invented(read(text), text) == []
