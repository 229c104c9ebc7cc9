"""Corpus-level scores: how well extraction matches gold / ground truth.

``score`` compares one :class:`~lkj.models.Extraction` with one expected file (docs/gold.md):
for each record kind it matches extracted rows to expected rows one-to-one (see
:mod:`lkj.evaluate_match`), then reports row precision / recall and, on matched rows, field
accuracy, per kind and per field, plus the document identity. ``evaluate`` runs the pipeline over
(source, expected) pairs and aggregates; ``render`` prints the result; ``run_eval`` is the hook
behind ``lkj eval``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, computed_field

from lkj.evaluate_match import (
    ALL_KINDS,
    FIELDS,
    IDENTITY_FIELDS,
    Expected,
    compare_identity,
    compare_row,
    expected_line,
    extracted_line,
    load_expected,
    match_rows,
    row_label,
    scored_kinds,
)
from lkj.evaluate_pairs import (
    TRUTH_SUFFIX,
    Pair,
    default_gold_dir,
    default_seeds_dir,
    seed_pairs,
    seed_search,
    seeds_dir_candidates,
    truth_pairs,
    truth_search,
)
from lkj.models import Document, Extraction

__all__ = [
    "DocScore",
    "EvalReport",
    "Expected",
    "FieldTally",
    "KindScore",
    "Mismatch",
    "Unmatched",
    "default_gold_dir",
    "default_seeds_dir",
    "evaluate",
    "load_expected",
    "render",
    "run_eval",
    "score",
    "seed_pairs",
    "truth_pairs",
]

Extractor = Callable[[Path], Extraction]


# --------------------------------------------------------------------------- score objects


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


class FieldTally(BaseModel):
    compared: int = 0
    correct: int = 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def accuracy(self) -> float | None:
        """correct / compared; None when nothing was compared."""
        return _ratio(self.correct, self.compared)

    def add(self, ok: bool) -> None:
        self.compared += 1
        self.correct += int(ok)

    def merge(self, other: FieldTally) -> None:
        self.compared += other.compared
        self.correct += other.correct


def _merge_tallies(into: dict[str, FieldTally], other: dict[str, FieldTally]) -> None:
    for name, tally in other.items():
        into.setdefault(name, FieldTally()).merge(tally)


class KindScore(BaseModel):
    """Rows and fields of one record kind (or of all kinds: ``kind == "all"``)."""

    kind: str
    expected: int = 0
    extracted: int = 0
    matched: int = 0
    fields: dict[str, FieldTally] = Field(default_factory=dict)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def precision(self) -> float | None:
        """matched / extracted; None when nothing was extracted."""
        return _ratio(self.matched, self.extracted)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def recall(self) -> float | None:
        """matched / expected; None when nothing was expected."""
        return _ratio(self.matched, self.expected)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def field_accuracy(self) -> float | None:
        """correct / compared fields over matched rows; None when no field was compared."""
        return _ratio(
            sum(t.correct for t in self.fields.values()),
            sum(t.compared for t in self.fields.values()),
        )

    def merge(self, other: KindScore) -> None:
        self.expected += other.expected
        self.extracted += other.extracted
        self.matched += other.matched
        _merge_tallies(self.fields, other.fields)


class Mismatch(BaseModel):
    """A field of a matched row (or of the document identity) that is wrong."""

    doc: str
    kind: str  # a record kind, or "document" for identity
    line: int | None  # the expected row's line
    field: str
    expected: Any
    got: Any
    got_line: int | None = None
    label: str | None = None


class Unmatched(BaseModel):
    """An expected row nothing matched (missed) or an extracted row matching nothing (spurious)."""

    doc: str
    kind: str
    side: Literal["missed", "spurious"]
    line: int | None
    table: str | None = None
    label: str | None = None


def _empty_kinds() -> dict[str, KindScore]:
    return {k: KindScore(kind=k, fields={f: FieldTally() for f in FIELDS[k]}) for k in ALL_KINDS}


def _empty_identity() -> dict[str, FieldTally]:
    return {f: FieldTally() for f in IDENTITY_FIELDS}


def _total(kinds: dict[str, KindScore]) -> KindScore:
    total = KindScore(kind="all")
    for ks in kinds.values():
        total.expected += ks.expected
        total.extracted += ks.extracted
        total.matched += ks.matched
        _merge_tallies(total.fields, {f"{ks.kind}.{n}": t for n, t in ks.fields.items()})
    return total


class DocScore(BaseModel):
    """The scores of one document."""

    doc: str
    source: str | None = None
    expected_path: str | None = None
    #: why the document could not be extracted (or its expected file read); None when it was
    error: str | None = None
    kinds: dict[str, KindScore] = Field(default_factory=_empty_kinds)
    identity: dict[str, FieldTally] = Field(default_factory=_empty_identity)
    mismatches: list[Mismatch] = Field(default_factory=list)
    unmatched: list[Unmatched] = Field(default_factory=list)
    #: record kinds left unscored: optional kinds the expected file has no key for
    not_scored: list[str] = Field(default_factory=list)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def total(self) -> KindScore:
        return _total(self.kinds)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def identity_accuracy(self) -> float | None:
        return _ratio(
            sum(t.correct for t in self.identity.values()),
            sum(t.compared for t in self.identity.values()),
        )


class EvalReport(BaseModel):
    """Scores over a corpus: aggregated per kind and field, and per document."""

    docs: list[DocScore] = Field(default_factory=list)
    #: expected files that were not evaluated, with the reason (e.g. no source beside them)
    skipped: list[str] = Field(default_factory=list)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def kinds(self) -> dict[str, KindScore]:
        out = _empty_kinds()
        for d in self.docs:
            for k, ks in d.kinds.items():
                out.setdefault(k, KindScore(kind=k)).merge(ks)
        return out

    @computed_field  # type: ignore[prop-decorator]
    @property
    def total(self) -> KindScore:
        return _total(self.kinds)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def identity(self) -> dict[str, FieldTally]:
        out = _empty_identity()
        for d in self.docs:
            _merge_tallies(out, d.identity)
        return out

    @computed_field  # type: ignore[prop-decorator]
    @property
    def identity_accuracy(self) -> float | None:
        ident = self.identity
        return _ratio(
            sum(t.correct for t in ident.values()), sum(t.compared for t in ident.values())
        )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def errors(self) -> list[dict[str, str]]:
        return [{"doc": d.doc, "error": d.error} for d in self.docs if d.error]

    @property
    def mismatches(self) -> list[Mismatch]:
        return [m for d in self.docs for m in d.mismatches]

    @property
    def unmatched(self) -> list[Unmatched]:
        return [u for d in self.docs for u in d.unmatched]


# --------------------------------------------------------------------------- scoring


def _as_expected(expected: Expected | dict[str, Any] | str | Path) -> Expected:
    if isinstance(expected, Expected):
        return expected
    if isinstance(expected, dict):
        return Expected.model_validate(expected)
    return load_expected(expected)


def _doc_name(name: str | None) -> str:
    return Path(name).stem if name else "?"


def score(
    extraction: Extraction,
    expected: Expected | dict[str, Any] | str | Path,
    *,
    doc: str | None = None,
    pages: Mapping[int, int] | None = None,
) -> DocScore:
    """Score one extraction against its expected records.

    ``pages`` maps the expected rows' text lines to pages when the extraction was read from a
    PDF rendering of that text (rows are then matched by page, see :func:`match_rows`).
    """
    exp = _as_expected(expected)
    name = doc or _doc_name(exp.source or extraction.document.source)
    result = DocScore(doc=name, source=exp.source or extraction.document.source)
    kinds = scored_kinds(exp)
    result.not_scored = [k for k in ALL_KINDS if k not in kinds]
    for kind in kinds:
        e_rows: Sequence[Any] = getattr(exp, kind)
        x_rows: Sequence[Any] = getattr(extraction, kind)
        ks = result.kinds[kind]
        ks.expected, ks.extracted = len(e_rows), len(x_rows)
        matches = match_rows(kind, e_rows, x_rows, pages=pages)
        ks.matched = len(matches)
        for m in matches:
            e, x = e_rows[m.expected], x_rows[m.extracted]
            for fr in compare_row(kind, e, x):
                ks.fields[fr.field].add(fr.ok)
                if not fr.ok:
                    result.mismatches.append(
                        Mismatch(
                            doc=name,
                            kind=kind,
                            line=expected_line(e),
                            field=fr.field,
                            expected=fr.expected,
                            got=fr.got,
                            got_line=extracted_line(x),
                            label=row_label(kind, e),
                        )
                    )
        matched_e = {m.expected for m in matches}
        matched_x = {m.extracted for m in matches}
        for i, e in enumerate(e_rows):
            if i not in matched_e:
                result.unmatched.append(
                    Unmatched(
                        doc=name,
                        kind=kind,
                        side="missed",
                        line=expected_line(e),
                        table=getattr(e, "table", None),
                        label=row_label(kind, e),
                    )
                )
        for j, x in enumerate(x_rows):
            if j not in matched_x:
                result.unmatched.append(
                    Unmatched(
                        doc=name,
                        kind=kind,
                        side="spurious",
                        line=extracted_line(x),
                        table=getattr(x, "table", None),
                        label=row_label(kind, x),
                    )
                )
    for fr in compare_identity(exp.document, extraction.document):
        result.identity[fr.field].add(fr.ok)
        if not fr.ok:
            result.mismatches.append(
                Mismatch(
                    doc=name,
                    kind="document",
                    line=None,
                    field=fr.field,
                    expected=fr.expected,
                    got=fr.got,
                )
            )
    return result


def _pipeline_extract(path: Path) -> Extraction:
    from lkj import pipeline  # the top layer: imported late so scoring works without it

    return pipeline.extract_file(path)


def evaluate(pairs: Iterable[Pair], *, extract: Extractor | None = None) -> EvalReport:
    """Extract each source and score it against its expected file.

    An extraction that raises counts every expected row as missed (nothing extracted) and is
    listed in ``EvalReport.errors``; an expected file that cannot be read is listed there too
    and contributes no rows.
    """
    run = extract or _pipeline_extract
    report = EvalReport()
    for source, expected_path in pairs:
        source, expected_path = Path(source), Path(expected_path)
        name = source.stem
        try:
            expected = load_expected(expected_path)
        except (OSError, ValueError) as exc:
            report.docs.append(
                DocScore(
                    doc=name,
                    source=str(source),
                    expected_path=str(expected_path),
                    error=f"cannot read expected file {expected_path}: {_one_line(exc)}",
                )
            )
            continue
        error = None
        try:
            extraction = run(source)
        except Exception as exc:  # any failure is a scored, listed error, never a crash
            error = f"{type(exc).__name__}: {_one_line(exc)}"
            extraction = Extraction(document=Document(source=source.name, sha256="", format=""))
        pages = pdf_pages(expected_path) if source.suffix.lower() == ".pdf" else None
        doc = score(extraction, expected, doc=name, pages=pages)
        doc.source, doc.expected_path, doc.error = str(source), str(expected_path), error
        report.docs.append(doc)
    return report


def pdf_pages(truth_path: Path) -> dict[int, int] | None:
    """Text line -> page of the PDF rendering, from a truth file's ``pdf.pages`` (generated
    archives rendered as PDF); None when the truth has none."""
    try:
        data = json.loads(truth_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    pages = (data.get("pdf") or {}).get("pages") if isinstance(data, dict) else None
    return {int(k): int(v) for k, v in pages.items()} if pages else None


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:300] or type(exc).__name__


# --------------------------------------------------------------------------- rendering


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def _grid(headers: Sequence[str], rows: Sequence[Sequence[str]], align: str = "") -> list[str]:
    """Plain text columns; ``align`` has one "l" or "r" per column (default: first l, others r)."""
    align = align or "l" + "r" * (len(headers) - 1)
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    out = []
    for r in [headers, *rows]:
        cells = [
            str(c).ljust(w) if a == "l" else str(c).rjust(w)
            for c, w, a in zip(r, widths, align, strict=True)
        ]
        out.append("  ".join(cells).rstrip())
    return out


def _show(x: Any, limit: int = 50) -> str:
    if isinstance(x, dict) and "value" in x:
        if x["value"] is None:
            text = "null" if x.get("unit") is None else f"null {x['unit']}"
        else:
            text = _show(x["value"], limit)
            if x.get("unit"):
                text += f" {x['unit']}"
    elif isinstance(x, str):
        text = json.dumps(x, ensure_ascii=False)
    else:
        text = json.dumps(x, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _kind_row(ks: KindScore) -> list[str]:
    return [
        ks.kind,
        str(ks.expected),
        str(ks.extracted),
        str(ks.matched),
        _pct(ks.precision),
        _pct(ks.recall),
        _pct(ks.field_accuracy),
    ]


_KIND_HEAD = ["kind", "expected", "extracted", "matched", "precision", "recall", "field_acc"]


def _render_table(report: EvalReport, mismatches: int) -> str:
    n_err = len(report.errors)
    lines = [f"lkj eval: {len(report.docs)} documents, {n_err} with errors", ""]
    kinds = report.kinds
    lines += _grid(_KIND_HEAD, [_kind_row(k) for k in kinds.values()] + [_kind_row(report.total)])
    unscored = {k: sum(k in d.not_scored for d in report.docs) for k in kinds}
    lines += [
        f"{k}: not scored in {n} of {len(report.docs)} documents (no key in the expected file)"
        for k, n in unscored.items()
        if n
    ]
    lines.append("")
    field_rows = [
        [f"{kind}.{name}", str(t.compared), str(t.correct), _pct(t.accuracy)]
        for kind, ks in kinds.items()
        for name, t in ks.fields.items()
    ]
    ident = report.identity
    field_rows += [
        [f"identity.{name}", str(t.compared), str(t.correct), _pct(t.accuracy)]
        for name, t in ident.items()
    ]
    lines += _grid(["field", "compared", "correct", "accuracy"], field_rows)
    lines.append("")
    compared = sum(t.compared for t in ident.values())
    correct = sum(t.correct for t in ident.values())
    lines.append(
        f"identity accuracy: {_pct(report.identity_accuracy)} ({correct}/{compared} fields)"
    )
    if report.docs:
        lines.append("")
        doc_rows = [
            [
                d.doc,
                str(d.total.expected),
                str(d.total.extracted),
                str(d.total.matched),
                _pct(d.total.precision),
                _pct(d.total.recall),
                _pct(d.total.field_accuracy),
                _pct(d.identity_accuracy),
            ]
            for d in report.docs
        ]
        lines += _grid(["document", *_KIND_HEAD[1:], "identity"], doc_rows)
    if report.errors:
        lines += ["", "errors:"] + [f"  {e['doc']}: {e['error']}" for e in report.errors]
    if report.skipped:
        lines += ["", "skipped:"] + [f"  {s}" for s in report.skipped]
    if mismatches > 0:
        wrong = [m for d in report.docs for m in d.mismatches[:mismatches]]
        lines += [
            "",
            f"mismatches (first {mismatches} per document, {len(report.mismatches)} in all):",
        ]
        if wrong:
            rows = [
                [
                    m.doc,
                    m.kind,
                    "-" if m.line is None else str(m.line),
                    m.field,
                    _show(m.expected),
                    _show(m.got),
                ]
                for m in wrong
            ]
            lines += [
                "  " + s
                for s in _grid(["doc", "kind", "line", "field", "expected", "got"], rows, "llrlll")
            ]
        lost = [u for d in report.docs for u in d.unmatched[:mismatches]]
        lines += [
            "",
            f"unmatched rows (first {mismatches} per document, {len(report.unmatched)} in all):",
        ]
        if lost:
            rows = [
                [
                    u.doc,
                    u.kind,
                    u.side,
                    "-" if u.line is None else str(u.line),
                    u.table or "-",
                    _show(u.label),
                ]
                for u in lost
            ]
            lines += [
                "  " + s
                for s in _grid(["doc", "kind", "side", "line", "table", "label"], rows, "lllrll")
            ]
    return "\n".join(lines) + "\n"


def render(report: EvalReport, fmt: str = "table", mismatches: int = 0) -> str:
    """The report as plain text columns (``table``) or as the full JSON (``json``).

    ``mismatches`` > 0 adds, per document, the first that many wrong fields and the first that
    many unmatched (missed / spurious) rows; JSON always holds all of them.
    """
    if fmt == "json":
        data = report.model_dump(mode="json")
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt == "table":
        return _render_table(report, mismatches)
    raise ValueError(f"unknown format {fmt!r}: use 'table' or 'json'")


# --------------------------------------------------------------------------- CLI hook


def run_eval(
    paths: Sequence[str],
    fmt: str = "table",
    mismatches: int = 0,
    *,
    gold_dir: str | Path | None = None,
    seeds_dir: str | Path | None = None,
    extract: Extractor | None = None,
) -> tuple[str, int]:
    """``lkj eval [PATHS]``: no paths scores the seeds against their gold, paths score generated
    reports against their ``.truth.json``. Returns (text, exit code): 0 when scored, 1 when no
    pair was found (the text says where it looked), 2 for an unknown format.
    """
    if fmt not in ("table", "json"):
        return f"lkj eval: unknown format {fmt!r}: use 'table' or 'json'\n", 2
    if paths:
        pairs, skipped = truth_search(paths)
        if not pairs:
            where = ", ".join(str(p) for p in paths)
            msg = (
                f"lkj eval: no generated report with ground truth found in {where} "
                f"(looked for X{TRUTH_SUFFIX} beside X.txt)\n"
            )
            return msg + "".join(f"  skipped {s}\n" for s in skipped), 1
    else:
        pairs, skipped, gold, seeds = seed_search(gold_dir, seeds_dir)
        if not pairs:
            looked = (
                seeds
                if seeds_dir is not None
                else " or ".join(str(c) for c in seeds_dir_candidates())
            )
            msg = (
                f"lkj eval: no seed gold found: looked for {gold}/<stem>/gold.json "
                f"with <stem>.txt in {looked}\n"
            )
            return msg + "".join(f"  skipped {s}\n" for s in skipped), 1
    report = evaluate(pairs, extract=extract)
    report.skipped = skipped
    # a document that could not be extracted is a failure of the run, not a low score
    return render(report, fmt, mismatches), 1 if report.errors else 0
