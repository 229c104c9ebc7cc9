"""Rendering rows for the terminal and for scripts: rich tables, CSV, JSON.

Every function returns text; the CLI decides where it goes (data to stdout).
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
import shutil
import sys
import uuid
from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table

from lkj.models import Extraction, Value

FORMATS = ("table", "csv", "json")


def jsonable(value: Any) -> Any:
    """A value DuckDB returned, as something json.dumps accepts."""
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, uuid.UUID | dt.timedelta):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value


def to_json(data: Any) -> str:
    return json.dumps(jsonable(data), ensure_ascii=False, indent=2)


def _cell(value: Any) -> str:
    """A value as table/CSV text: NULL stays distinguishable from an empty string in tables."""
    if value is None:
        return ""
    if isinstance(value, list | tuple | dict):
        return json.dumps(jsonable(value), ensure_ascii=False)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


def render_rows(
    columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str, title: str | None = None
) -> str:
    """Rows as a rich table, CSV (header line first) or JSON (a list of objects)."""
    if fmt == "json":
        return to_json([dict(zip(columns, row, strict=True)) for row in rows])
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([_cell(v) for v in row] for row in rows)
        return buf.getvalue().rstrip("\n")
    if fmt == "table":
        table = Table(title=title, title_justify="left", show_lines=False)
        for name in columns:
            table.add_column(name, overflow="fold")
        for row in rows:
            table.add_row(*("[dim]NULL[/dim]" if v is None else _escape(_cell(v)) for v in row))
        return render(table)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def render(*renderables: Any) -> str:
    """Rich renderables as text, as wide as the terminal (or 160 columns when piped)."""
    width = shutil.get_terminal_size((160, 24)).columns if sys.stdout.isatty() else 160
    console = Console(file=io.StringIO(), width=width, force_terminal=False, color_system=None)
    for r in renderables:
        console.print(r)
    out = console.file.getvalue()  # type: ignore[attr-defined]
    return out.rstrip("\n")


# --------------------------------------------------------------------------- extraction views


def _v(value: Value) -> str:
    """A value as raw text and what it was read as: '70%  → 70.0 %'."""
    if value.raw is None:
        return ""
    parsed = value.value
    unit = f" {value.unit}" if value.unit else ""
    extra = f" ({value.percent}%)" if value.percent is not None else ""
    if parsed is None:
        return f"{value.raw} → ?"
    return f"{value.raw} → {parsed}{unit}{extra}"


def _where(page: int | None, line: int | None) -> str:
    parts = []
    if page is not None:
        parts.append(f"p.{page}")
    if line is not None:
        parts.append(f"l.{line}")
    return " ".join(parts)


def _money(n: int | None) -> str:
    return "" if n is None else f"{n:,}".replace(",", ".")


def tables_view(extraction: Extraction) -> Table:
    """The located tables: where, caption and its position, kind, confidence, columns, notes."""
    t = Table(title=f"Tables found in {extraction.document.source}", title_justify="left")
    for name in (
        "#",
        "kind",
        "conf",
        "caption (as printed)",
        "pos",
        "title",
        "lines",
        "page",
        "rows",
        "records",
        "columns",
        "method",
        "notes",
    ):
        t.add_column(name, overflow="fold")
    for x in extraction.tables:
        lines = f"{x.line_start}-{x.line_end}" if x.line_start is not None else ""
        t.add_row(
            str(x.index),
            x.kind,
            f"{x.confidence:.2f}",
            _escape(x.caption or ""),
            x.caption_position,
            _escape(x.title or ""),
            lines,
            "" if x.page is None else str(x.page),
            str(x.n_rows),
            str(x.n_records),
            ", ".join(f"{role}={i}" for role, i in x.columns.items()),
            x.method,
            _escape("; ".join(x.notes)),
        )
    return t


def pdf_pages_view(report: Any) -> Table:
    """A PDF's pages: why each was searched for tables, what was kept and what was tried."""
    t = Table(title="Pages (PDF)", title_justify="left")
    for name in ("page", "size", "text", "candidate because", "tables kept", "tried", "s"):
        t.add_column(name, overflow="fold")
    for p in report.pages:
        if not p.searched and not p.reasons and p.has_text:
            continue
        orientation = "landscape" if p.width > p.height else "portrait"
        rotation = f" /Rotate {p.rotation}" if p.rotation else ""
        kept = "; ".join(
            f"{x.method} {x.score:.2f} ({len(x.rows)}x{x.n_cols}, top {x.bbox[1]:.0f})"
            for x in p.tables
        )
        tried = ", ".join(f"{m} {s:.2f}" for m, s in p.tried)
        t.add_row(
            str(p.no),
            f"{p.width:.0f}x{p.height:.0f} {orientation}{rotation}",
            "yes" if p.has_text else "no (scan?)",
            ", ".join(p.reasons) or ("neighbour" if p.searched else ""),
            _escape(kept),
            _escape(tried),
            f"{p.seconds:.2f}" if p.searched else "",
        )
    return t


def extraction_views(extraction: Extraction) -> list[Any]:
    """One rich table per record kind (kinds without records are left out)."""
    d = extraction.document
    doc = Table(title=f"Document {d.source}", title_justify="left", show_header=False)
    doc.add_column("field")
    doc.add_column("value", overflow="fold")
    for name in (
        "sha256",
        "format",
        "satker",
        "satker_kind",
        "region",
        "province",
        "year",
        "title",
        "n_pages",
        "n_lines",
    ):
        value = getattr(d, name)
        doc.add_row(name, "" if value is None else _escape(str(value)))
    views: list[Any] = [doc]

    if extraction.performance:
        t = Table(title="performance", title_justify="left")
        for name in (
            "table",
            "sasaran",
            "indikator",
            "target",
            "realisasi",
            "capaian",
            "flags",
            "where",
        ):
            t.add_column(name, overflow="fold")
        for r in extraction.performance:
            t.add_row(
                r.table or "",
                _escape(r.sasaran or ""),
                _escape(r.indikator),
                _escape(_v(r.target)),
                _escape(_v(r.realisasi)),
                _escape(_v(r.capaian)),
                ", ".join(r.flags),
                _where(r.provenance.page, r.provenance.line),
            )
        views.append(t)

    if extraction.dipa_revisions:
        t = Table(title="dipa_revisions", title_justify="left")
        for name in ("seq", "label", "amount", "date", "note", "delta", "origin", "flags", "where"):
            t.add_column(name, overflow="fold")
        for r in extraction.dipa_revisions:
            t.add_row(
                str(r.seq),
                _escape(r.label_raw or ""),
                _money(r.amount),
                r.date.isoformat() if r.date else _escape(r.date_raw or ""),
                _escape(r.note or ""),
                _money(r.delta),
                r.origin,
                ", ".join(r.flags),
                _where(r.provenance.page, r.provenance.line),
            )
        views.append(t)

    if extraction.budget_lines:
        t = Table(title="budget_lines", title_justify="left")
        for name in (
            "table",
            "level",
            "code",
            "name",
            "pagu",
            "realisasi",
            "sisa",
            "%",
            "total",
            "flags",
            "where",
        ):
            t.add_column(name, overflow="fold")
        for r in extraction.budget_lines:
            t.add_row(
                r.table or "",
                r.level,
                _escape(r.code or ""),
                _escape(r.name or ""),
                _money(r.pagu),
                _money(r.realisasi),
                _money(r.sisa),
                "" if r.realisasi_pct is None else f"{r.realisasi_pct:g}",
                "yes" if r.is_total else "",
                ", ".join(r.flags),
                _where(r.provenance.page, r.provenance.line),
            )
        views.append(t)

    if extraction.pagu_history:
        t = Table(title="pagu_history", title_justify="left")
        for name in ("table", "year", "pagu", "realisasi", "%", "flags", "where"):
            t.add_column(name, overflow="fold")
        for r in extraction.pagu_history:
            t.add_row(
                r.table or "",
                str(r.year),
                _money(r.pagu),
                _money(r.realisasi),
                "" if r.realisasi_pct is None else f"{r.realisasi_pct:g}",
                ", ".join(r.flags),
                _where(r.provenance.page, r.provenance.line),
            )
        views.append(t)

    if extraction.issues:
        t = Table(title="issues", title_justify="left")
        for name in ("level", "message", "where"):
            t.add_column(name, overflow="fold")
        for x in extraction.issues:
            t.add_row(x.level, _escape(x.message), _where(x.page, x.line))
        views.append(t)
    return views
