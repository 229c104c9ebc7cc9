"""Expected records (gold / ground truth) and how extracted rows are matched and compared to them.

The expected format is described in ``docs/gold.md``. :mod:`lkj.evaluate` builds the scores on
top of this module; everything here is pure (no files besides :func:`load_expected`, no pipeline).

Matching, per record kind:

1. A pair (expected row, extracted row) is a *candidate* only when both rows' lines are within
   :data:`LINE_WINDOW` of each other (a wrapped or split row may be attributed to either part;
   a row whose line is unknown is not constrained) and their label similarity is at least
   :data:`MIN_SIMILARITY` (``fuzz.token_set_ratio`` on folded text, 0..100; see
   :func:`label_similarity` for the label of each kind).
2. Candidates are ranked by that similarity + half the plain ``fuzz.ratio`` of the labels
   (``token_set_ratio`` scores 100 whenever one label's words are a subset of the other's,
   which neighbouring indicators often are) + small bonuses for line closeness, for naming the
   same table and (budget) for the same code, then assigned greedily, best first, one-to-one.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator
from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from lkj.models import Document, Value

#: the record kinds scored, in report order
KINDS: tuple[str, ...] = ("performance", "dipa_revisions", "budget_lines", "pagu_history")
#: record kinds scored only against expected files that have their key: gold written before
#: the kind existed says nothing about it (a missing key is "not scored", not "no rows")
OPTIONAL_KINDS: tuple[str, ...] = ("tally_rows",)
ALL_KINDS: tuple[str, ...] = KINDS + OPTIONAL_KINDS

#: the fields compared on matched rows, per kind, in report order
FIELDS: dict[str, tuple[str, ...]] = {
    "performance": ("target", "realisasi", "capaian", "sasaran", "table"),
    "dipa_revisions": ("seq", "amount", "date", "label_raw", "origin"),
    "budget_lines": (
        "code",
        "pagu",
        "realisasi",
        "sisa",
        "realisasi_pct",
        "is_total",
        "level",
        "table",
    ),
    "pagu_history": ("year", "pagu", "realisasi", "realisasi_pct", "table"),
    "tally_rows": ("laki", "perempuan", "jumlah", "is_total", "table"),
}
IDENTITY_FIELDS: tuple[str, ...] = ("satker", "satker_kind", "region", "province", "year")

#: lines an extracted row may sit away from the expected row's line and still match
LINE_WINDOW = 2
#: for PDF renderings: rows are compared by page, within one page of each other
PAGE_WINDOW = 1
#: label similarity (0..100) below which two rows never match. Distinct neighbouring labels
#: ("Terlaksananya Penyusunan Anggaran" / "Terlaksananya Monitoring dan Evaluasi") score 60-75.
MIN_SIMILARITY = 80.0
#: weight of the plain ``fuzz.ratio`` of the labels in the ranking
RATIO_WEIGHT = 0.5
#: ranking bonus per line of closeness inside the window (exact line: LINE_WINDOW * this)
LINE_BONUS = 1.0
#: ranking bonus when both rows name the same table
TABLE_BONUS = 2.0
#: ranking bonus when two budget rows carry the same code (rows with one name, several codes)
CODE_BONUS = 10.0
#: ``fuzz.ratio`` a sasaran needs to count as correct
SASARAN_MIN_RATIO = 85.0
#: tolerances for performance values: relative, absolute
VALUE_REL_TOL = 1e-6
VALUE_ABS_TOL = 0.005
#: tolerance for realisasi_pct, percent points
PCT_ABS_TOL = 0.005
_EPS = 1e-9


# --------------------------------------------------------------------------- expected records


class _Row(BaseModel):
    model_config = ConfigDict(extra="allow", coerce_numbers_to_str=True)

    table: str | None = None
    line: int | None = None


class ExpectedValue(BaseModel):
    model_config = ConfigDict(extra="allow")

    raw: str | None = None
    value: float | int | str | None = None
    unit: str | None = None
    percent: float | None = None


def _none_to_empty(v: Any) -> Any:
    return {} if v is None else v


class ExpectedPerformance(_Row):
    sasaran: str | None = None
    indikator: str | None = None
    target: ExpectedValue = Field(default_factory=ExpectedValue)
    realisasi: ExpectedValue = Field(default_factory=ExpectedValue)
    capaian: ExpectedValue = Field(default_factory=ExpectedValue)

    _empty_value = field_validator("target", "realisasi", "capaian", mode="before")(_none_to_empty)


class ExpectedDipa(_Row):
    seq: int | None = None
    label_raw: str | None = None
    amount: int | None = None
    date: dt.date | None = None
    note: str | None = None
    delta: int | None = None
    origin: str | None = None


class ExpectedBudget(_Row):
    level: str | None = None
    code: str | None = None
    name: str | None = None
    pagu: int | None = None
    realisasi: int | None = None
    sisa: int | None = None
    realisasi_pct: float | None = None
    is_total: bool = False


class ExpectedPagu(_Row):
    year: int | None = None
    pagu: int | None = None
    realisasi: int | None = None
    realisasi_pct: float | None = None


class ExpectedTally(_Row):
    label: str | None = None
    laki: int | None = None
    perempuan: int | None = None
    jumlah: int | None = None
    is_total: bool = False


class ExpectedDocument(BaseModel):
    model_config = ConfigDict(extra="allow")

    satker: str | None = None
    satker_kind: str | None = None
    region: str | None = None
    province: str | None = None
    year: int | None = None


class Expected(BaseModel):
    """One gold / truth file (docs/gold.md). Only keys present in the file are compared."""

    model_config = ConfigDict(extra="allow")

    source: str | None = None
    notes: str | None = None
    document: ExpectedDocument = Field(default_factory=ExpectedDocument)
    performance: list[ExpectedPerformance] = Field(default_factory=list)
    dipa_revisions: list[ExpectedDipa] = Field(default_factory=list)
    budget_lines: list[ExpectedBudget] = Field(default_factory=list)
    pagu_history: list[ExpectedPagu] = Field(default_factory=list)
    tally_rows: list[ExpectedTally] = Field(default_factory=list)
    #: generated ground truth only: the defects the generator injected
    injected: list[Any] = Field(default_factory=list)


def scored_kinds(expected: Expected) -> tuple[str, ...]:
    """The record kinds to score against this expected file: every kind of :data:`KINDS`, and
    the kinds of :data:`OPTIONAL_KINDS` whose key the file has."""
    present = expected.model_fields_set
    return KINDS + tuple(k for k in OPTIONAL_KINDS if k in present)


def load_expected(path: str | Path) -> Expected:
    """Read a gold.json / .truth.json file.

    Raises ``OSError`` when unreadable and ``ValueError`` (``json.JSONDecodeError`` or a pydantic
    ``ValidationError``) when it is not in the expected format.
    """
    text = Path(path).read_text(encoding="utf-8")
    return Expected.model_validate(json.loads(text))


# --------------------------------------------------------------------------- folding, similarity

_MARKUP = re.compile(r"<[^>]*>|\*\*|__")
_WS = re.compile(r"\s+")


def fold(text: object) -> str:
    """Lowercase, markup (``<p>``, ``<b>``, ``**``) removed, whitespace collapsed."""
    if text is None:
        return ""
    s = html.unescape(_MARKUP.sub(" ", str(text)))
    return _WS.sub(" ", s).strip().casefold()


def _key(text: object) -> str:
    """Folded text with punctuation turned into spaces: what similarities are computed on."""
    return default_process(fold(text))


def similarity(a: object, b: object) -> float:
    """``fuzz.token_set_ratio`` of the folded texts (0..100); two empty texts are alike (100)."""
    ka, kb = _key(a), _key(b)
    if not ka and not kb:
        return 100.0
    if not ka or not kb:
        return 0.0
    return float(fuzz.token_set_ratio(ka, kb))


# --------------------------------------------------------------------------- matching


def expected_line(row: _Row) -> int | None:
    return row.line


def extracted_line(row: Any) -> int | None:
    return row.provenance.line


def row_label(kind: str, row: Any) -> str | None:
    """The text that identifies a row to a person (shown for missed / spurious rows)."""
    if kind == "performance":
        return row.indikator
    if kind == "budget_lines":
        return row.name if row.name else row.code
    if kind == "dipa_revisions":
        return row.label_raw if row.label_raw else f"seq {row.seq}"
    if kind == "tally_rows":
        return row.label
    return None if row.year is None else str(row.year)


def _code_key(code: object) -> str:
    return "".join(fold(code).split())


def label_similarity(kind: str, exp: Any, got: Any, line_delta: int | None) -> float:
    """How alike two rows' labels are (0..100), per kind.

    - performance: the indikator;
    - budget_lines: the best of the name, the code (equal or not: codes are identifiers) and
      "both are total rows";
    - tally_rows: the best of the label and "both are total rows";
    - dipa_revisions: the seq or the label_raw (either equal: 100), pagu_history: the year
      (equal: 100); a row whose key differs still scores :data:`MIN_SIMILARITY` on the very same
      line (a misread seq or year is then a wrong field, not a missed row), else 0.
    """
    if kind == "performance":
        return similarity(exp.indikator, got.indikator)
    if kind == "budget_lines":
        scores = [similarity(exp.name, got.name)]
        if exp.code and got.code and _code_key(exp.code) == _code_key(got.code):
            scores.append(100.0)
        if exp.is_total and got.is_total:
            scores.append(100.0)
        return max(scores)
    if kind == "tally_rows":
        return 100.0 if exp.is_total and got.is_total else similarity(exp.label, got.label)
    key = "seq" if kind == "dipa_revisions" else "year"
    e_key, g_key = getattr(exp, key), getattr(got, key)
    if e_key is not None and e_key == g_key:
        return 100.0
    if (
        kind == "dipa_revisions"
        and fold(exp.label_raw)
        and fold(exp.label_raw) == fold(got.label_raw)
    ):
        return 100.0
    return MIN_SIMILARITY if line_delta == 0 else 0.0


@dataclass(frozen=True)
class Match:
    expected: int  # index into the expected rows
    extracted: int  # index into the extracted rows
    similarity: float


def match_rows(
    kind: str,
    expected: Sequence[Any],
    extracted: Sequence[Any],
    *,
    line_window: int = LINE_WINDOW,
    min_similarity: float = MIN_SIMILARITY,
    pages: Mapping[int, int] | None = None,
) -> list[Match]:
    """Pair expected rows with extracted rows one-to-one (see the module docstring).

    ``pages`` (text line -> page of a PDF rendering of the text) compares positions by page
    instead of by line: the expected row's line is mapped to its page and the window is one
    page, since a PDF reader numbers lines in its own reading order.
    """
    if pages is not None:
        line_window = PAGE_WINDOW
    candidates: list[tuple[tuple[float, float, int, int], Match]] = []
    for i, exp in enumerate(expected):
        e_line = expected_line(exp)
        if pages is not None:
            e_line = pages.get(e_line) if e_line is not None else None
        for j, got in enumerate(extracted):
            x_line = extracted_line(got) if pages is None else got.provenance.page
            delta = None if e_line is None or x_line is None else abs(e_line - x_line)
            if delta is not None and delta > line_window:
                continue
            sim = label_similarity(kind, exp, got, delta)
            if sim < min_similarity:
                continue
            fine = fuzz.ratio(_key(row_label(kind, exp)), _key(row_label(kind, got)))
            rank = sim + RATIO_WEIGHT * fine
            if delta is not None:
                rank += LINE_BONUS * (line_window - delta)
            if kind != "dipa_revisions" and fold(exp.table) == fold(got.table):
                rank += TABLE_BONUS
            if kind == "budget_lines" and exp.code and _code_key(exp.code) == _code_key(got.code):
                rank += CODE_BONUS
            candidates.append(((-rank, -fine, i, j), Match(i, j, sim)))
    candidates.sort(key=lambda c: c[0])
    used_e: set[int] = set()
    used_x: set[int] = set()
    matches: list[Match] = []
    for _, m in candidates:
        if m.expected in used_e or m.extracted in used_x:
            continue
        used_e.add(m.expected)
        used_x.add(m.extracted)
        matches.append(m)
    matches.sort(key=lambda m: m.expected)
    return matches


# --------------------------------------------------------------------------- field comparison


def _is_number(x: object) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def numbers_equal(
    a: float, b: float, *, rel: float = VALUE_REL_TOL, abs_tol: float = VALUE_ABS_TOL
) -> bool:
    return abs(a - b) <= max(abs_tol, rel * max(abs(a), abs(b))) + _EPS


def text_equal(a: object, b: object) -> bool:
    """Case-insensitive after markup removal and whitespace collapse; null only equals null."""
    if a is None or b is None:
        return a is None and b is None
    return fold(a) == fold(b)


def exact_equal(a: object, b: object) -> bool:
    """Integers, money, booleans: equal, or both null."""
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return a == b


def pct_equal(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= PCT_ABS_TOL + _EPS


def sasaran_equal(a: str | None, b: str | None) -> bool:
    """``fuzz.ratio`` >= :data:`SASARAN_MIN_RATIO` on folded text; null only equals null."""
    if a is None or b is None:
        return a is None and b is None
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return True
    return fuzz.ratio(fa, fb) >= SASARAN_MIN_RATIO


def unit_equal(a: str | None, b: str | None) -> bool:
    a = fold(a) or None
    b = fold(b) or None
    return a == b


def scalar_equal(a: object, b: object) -> bool:
    """A performance value: numbers within tolerance, strings folded; null only equals null."""
    if a is None or b is None:
        return a is None and b is None
    if _is_number(a) and _is_number(b):
        return numbers_equal(float(a), float(b))  # type: ignore[arg-type]
    if isinstance(a, str) and isinstance(b, str):
        return fold(a) == fold(b)
    return False


def value_equal(exp: ExpectedValue, got: Value) -> bool:
    """A performance value is right when its value AND its unit are."""
    return scalar_equal(exp.value, got.value) and unit_equal(exp.unit, got.unit)


def show_value(v: ExpectedValue | Value) -> dict[str, Any]:
    return {"value": v.value, "unit": v.unit, "raw": v.raw}


Comparator = Callable[[Any, Any], bool]

_PERF_VALUE = {"target", "realisasi", "capaian"}
_COMPARATORS: dict[str, dict[str, Comparator]] = {
    "performance": {
        "target": value_equal,
        "realisasi": value_equal,
        "capaian": value_equal,
        "sasaran": sasaran_equal,
        "table": text_equal,
    },
    "dipa_revisions": {
        "seq": exact_equal,
        "amount": exact_equal,
        "date": exact_equal,
        "label_raw": text_equal,
        "origin": text_equal,
    },
    "budget_lines": {
        "code": text_equal,
        "pagu": exact_equal,
        "realisasi": exact_equal,
        "sisa": exact_equal,
        "realisasi_pct": pct_equal,
        "is_total": exact_equal,
        "level": text_equal,
        "table": text_equal,
    },
    "pagu_history": {
        "year": exact_equal,
        "pagu": exact_equal,
        "realisasi": exact_equal,
        "realisasi_pct": pct_equal,
        "table": text_equal,
    },
    "tally_rows": {
        "laki": exact_equal,
        "perempuan": exact_equal,
        "jumlah": exact_equal,
        "is_total": exact_equal,
        "table": text_equal,
    },
}
_IDENTITY_COMPARATORS: dict[str, Comparator] = {
    "satker": text_equal,
    "satker_kind": text_equal,
    "region": text_equal,
    "province": text_equal,
    "year": exact_equal,
}


@dataclass(frozen=True)
class FieldResult:
    field: str
    ok: bool
    expected: Any
    got: Any


def _jsonable(x: Any) -> Any:
    return x.isoformat() if isinstance(x, dt.date) else x


def compare_row(kind: str, exp: Any, got: Any) -> list[FieldResult]:
    """Compare the fields of one matched pair; a field absent from the expected file is skipped."""
    out: list[FieldResult] = []
    present = exp.model_fields_set
    for name in FIELDS[kind]:
        if name not in present:
            continue
        e, g = getattr(exp, name), getattr(got, name)
        ok = _COMPARATORS[kind][name](e, g)
        if kind == "performance" and name in _PERF_VALUE:
            e, g = show_value(e), show_value(g)
        out.append(FieldResult(name, ok, _jsonable(e), _jsonable(g)))
    return out


def compare_identity(exp: ExpectedDocument, got: Document) -> list[FieldResult]:
    """Compare the document identity; a field absent from the expected file is skipped."""
    out: list[FieldResult] = []
    for name in IDENTITY_FIELDS:
        if name not in exp.model_fields_set:
            continue
        e, g = getattr(exp, name), getattr(got, name)
        out.append(FieldResult(name, _IDENTITY_COMPARATORS[name](e, g), e, g))
    return out
