"""Findings for people (a table per document) and for scripts (JSON, CSV)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from rich.table import Table

from lkj.models import SEVERITIES, Finding
from lkj.output import render, render_rows, to_json

from .engine import Rule

#: CSV / flat columns, in order
COLUMNS = (
    "source",
    "doc_id",
    "rule",
    "severity",
    "table",
    "row_index",
    "page",
    "line",
    "expected",
    "actual",
    "difference",
    "message",
    "assumption",
    "values",
)


def at_least(findings: Sequence[Finding], severity: str) -> list[Finding]:
    """Findings of ``severity`` or worse (error < warning < info)."""
    limit = SEVERITIES.index(severity)  # type: ignore[arg-type]
    return [f for f in findings if SEVERITIES.index(f.severity) <= limit]


def counts(findings: Sequence[Finding]) -> dict[str, int]:
    return {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}


def _where(f: Finding) -> str:
    parts = []
    if f.table:
        parts.append(f"Tabel {f.table}")
    if f.page is not None:
        parts.append(f"p.{f.page}")
    if f.line is not None:
        parts.append(f"line {f.line}")
    return " ".join(parts)


def _flat(f: Finding) -> list[object]:
    values = [v.model_dump(mode="json", exclude_none=True) for v in f.values]
    return [
        f.source,
        f.doc_id,
        f.rule,
        f.severity,
        f.table,
        f.row_index,
        f.page,
        f.line,
        f.expected,
        f.actual,
        f.difference,
        f.message,
        f.assumption,
        json.dumps(values, ensure_ascii=False),
    ]


def render_findings(findings: Sequence[Finding], fmt: str, checked: Sequence[str] = ()) -> str:
    """``checked``: the sources checked, so documents without findings are listed too."""
    if fmt == "json":
        return to_json([f.model_dump(mode="json") for f in findings])
    if fmt == "csv":
        return render_rows(COLUMNS, [_flat(f) for f in findings], "csv")
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}; expected table, json or csv")
    by_source: dict[str, list[Finding]] = {s: [] for s in checked}
    for f in findings:
        by_source.setdefault(f.source, []).append(f)
    blocks = []
    for source, items in by_source.items():
        c = counts(items)
        title = f"{source}: {c['error']} errors, {c['warning']} warnings, {c['info']} info"
        if not items:
            blocks.append(f"{title}\n")
            continue
        table = Table(title=title, title_justify="left", show_lines=False)
        for name in ("severity", "rule", "where", "expected", "actual", "message"):
            table.add_column(name, overflow="fold")
        for f in items:
            table.add_row(
                f.severity, f.rule, _where(f), f.expected or "", f.actual or "", f.message
            )
        blocks.append(render(table) + "\n")
    return "\n".join(blocks).rstrip("\n")


def render_rules(rules: Sequence[Rule], fmt: str) -> str:
    cols = ("id", "severity", "engine", "description", "tolerance", "origin")
    rows = [[r.id, r.severity, r.engine, r.description, r.tolerance, r.origin] for r in rules]
    return render_rows(cols, rows, fmt)
