"""Stage order for one raw document: captions -> views -> classification -> records -> prose.

Reader-independent: the text, PDF and OCR readers all hand over a RawDocument,
and everything after that happens here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lkj.models import (
    BudgetLine,
    DipaRevision,
    Issue,
    PaguHistory,
    PerformanceRow,
    RawDocument,
    Statement,
    TableInfo,
    TallyRow,
    TocEntry,
)
from lkj.normalize.numbers import detect_style
from lkj.normalize.text import clean_cell

from . import records as rec
from .captions import assign_captions, find_captions, read_toc
from .classify import classify
from .prose import prose_revisions
from .statements import read_statements
from .structure import SASARAN_HEAD, TableView, build_view

_SECTION = re.compile(
    r"^[#*\s]*(bab\s+[ivx]+\b|[a-h]\.\s+[A-Z]|\d+\.\s+akuntabilitas)", re.IGNORECASE
)


@dataclass
class Interpretation:
    tables: list[TableInfo] = field(default_factory=list)
    performance: list[PerformanceRow] = field(default_factory=list)
    dipa_revisions: list[DipaRevision] = field(default_factory=list)
    budget_lines: list[BudgetLine] = field(default_factory=list)
    pagu_history: list[PaguHistory] = field(default_factory=list)
    tally_rows: list[TallyRow] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    toc: list[TocEntry] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    views: list[TableView] = field(default_factory=list)


def _sasaran_contexts(doc: RawDocument, views: list[TableView]) -> list[str | None]:
    """The "Sasaran N : ..." heading in force where each table starts."""
    out: list[str | None] = []
    current: str | None = None
    for block in doc.blocks:
        if block.kind == "text":
            for line in block.text.splitlines():
                text = clean_cell(line)
                if _SECTION.match(line) and not SASARAN_HEAD.match(text):
                    current = None
                m = SASARAN_HEAD.match(text)
                heading = clean_cell(m.group("text")).strip("*_ :.") if m else ""
                if m and sum(ch.isalpha() for ch in heading) >= 3 and len(text) <= 250:
                    current = clean_cell(m.group("text"))
        else:
            assert block.table is not None
            out.append(current)
            view = views[block.table]
            if view.lead_sasaran and view.header is None:
                current = view.lead_sasaran
    return out


def interpret(doc: RawDocument) -> Interpretation:
    result = Interpretation()
    result.toc = read_toc(doc)
    captions = find_captions(doc, result.toc)
    assignments = assign_captions(doc, captions)
    toc = {e.number: e for e in result.toc}
    style = detect_style(c.text for t in doc.tables for r in t.rows for c in r.cells)

    views = [build_view(t) for t in doc.tables]
    result.views = views
    contexts = _sasaran_contexts(doc, views)

    for table, view, assignment, sasaran in zip(
        doc.tables, views, assignments, contexts, strict=True
    ):
        cls = classify(view)
        cap = assignment.caption
        ctx = rec.TableContext(
            source=doc.source,
            table_index=table.index,
            caption=cap.text if cap else None,
            number=cap.number if cap else None,
            sasaran=sasaran,
            style=style,
        )
        notes = list(cls.reasons) + view.notes
        n_records = 0
        if cls.kind == "performance":
            use_ket = "target" not in view.roles.cols and "keterangan" in view.roles.cols
            rows = rec.performance_rows(view, ctx, keterangan_as_target=use_ket)
            result.performance += rows
            n_records = len(rows)
        elif cls.kind == "budget":
            lines = rec.budget_lines(view, ctx)
            result.budget_lines += lines
            n_records = len(lines)
        elif cls.kind == "pagu_history":
            hist = rec.pagu_history(view, ctx)
            result.pagu_history += hist
            n_records = len(hist)
        elif cls.kind == "dipa_revisions":
            revs = rec.dipa_revisions(view, ctx)
            result.dipa_revisions += revs
            n_records = len(revs)
        elif cls.kind == "tally":
            tally = rec.tally_rows(view, ctx)
            result.tally_rows += tally
            n_records = len(tally)
        if cap and cap.number and toc and cap.number not in toc:
            notes.append(f"caption {cap.number} is not in the Daftar Tabel")
        repaired = sum(1 for r in view.rows if r.merged)
        if repaired:
            notes.append(f"{repaired} rows repaired (wrapped cells, page breaks, same-as-above)")
        result.tables.append(
            TableInfo(
                index=table.index,
                kind=cls.kind,
                confidence=round(cls.confidence, 3),
                caption=ctx.caption,
                number=ctx.number,
                title=(cap.title if cap else None) or view.title_row,
                caption_position=assignment.position,
                page=table.page,
                line_start=table.line_start,
                line_end=table.line_end,
                n_rows=len(view.rows),
                n_records=n_records,
                header=view.header_texts,
                columns=dict(view.roles.cols),
                method=table.method,
                notes=notes,
            )
        )

    prose = prose_revisions(doc, start_seq=1)
    if prose:
        if result.dipa_revisions:
            # a table already lists the revisions; the prose is kept as a cross-check
            for r in prose:
                r.flags.append("also_in_table")
        result.dipa_revisions += prose
    result.statements = read_statements(doc)
    return result
