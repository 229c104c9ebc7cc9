"""The visual report: one self-contained HTML file comparing satker.

Sections: overview figures, budget absorption by satker (a bar chart per year), DIPA revision
timelines, the capaian distribution per canonical indicator, findings per satker with links to
the page and row, and a page per satker. The figures come from the ready queries of
``queries/`` (the same SQL ``lkj query`` runs), so the report and the query library never
disagree. Charts are inline SVG (:mod:`lkj.report_svg`); the only script is a few lines that
filter the satker index and note script errors on the page; no file or network is needed to
open it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

import duckdb

from lkj import __version__
from lkj.db import open_db
from lkj.errors import LkjError
from lkj.report_svg import Bar, Event, Strip, bar_chart, column_chart, strip_chart, timeline


@dataclass
class ReportStats:
    satker: int
    documents: int
    charts: int
    bytes: int


# --------------------------------------------------------------------------- figures


def fmt_int(value: float | int | None) -> str:
    """Indonesian digit grouping: 16.785.478.000."""
    if value is None:
        return "–"
    return f"{value:,.0f}".replace(",", ".")


def fmt_rp(value: float | int | None) -> str:
    return "–" if value is None else f"Rp {fmt_int(value)}"


def fmt_pct(value: float | None) -> str:
    """Two decimals with a decimal comma: 98,89 %."""
    if value is None:
        return "–"
    return f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".") + " %"


def satker_anchor(key: str) -> str:
    """The id of a satker's section: "s-16-10" for satker id 16.10."""
    return "s-" + re.sub(r"[^A-Za-z0-9]+", "-", key).strip("-").lower()


def _query(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> list[dict[str, Any]]:
    from lkj.cli import query_files, query_header

    files = query_files()
    text = files[name].read_text(encoding="utf-8")
    _, declared = query_header(text)
    values = {k: params.get(k) for k in declared}
    cur = con.execute(text, values) if declared else con.execute(text)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def _rows(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None
) -> list[dict[str, Any]]:
    cur = con.execute(sql, params or [])
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def _key(row: dict[str, Any]) -> str:
    return str(row.get("satker_id") or row.get("satker") or "(not identified)")


def _where(row: dict[str, Any], path: str | None) -> str:
    """A link to the page or line a row was read from (a PDF opens at its page)."""
    parts = []
    if row.get("page") is not None:
        parts.append(f"page {row['page']}")
    if row.get("line") is not None:
        parts.append(f"line {row['line']}")
    if row.get("row_index") is not None:
        parts.append(f"row {row['row_index']}")
    label = escape(f"{row.get('source', '')} " + ", ".join(parts))
    if not path:
        return label
    href = Path(path).resolve().as_uri()
    if row.get("page") is not None:
        href += f"#page={row['page']}"
    return f'<a class="src" href="{escape(href, quote=True)}">{label}</a>'


# --------------------------------------------------------------------------- sections


@dataclass
class Data:
    docs: list[dict[str, Any]]
    absorption: list[dict[str, Any]]
    dipa: list[dict[str, Any]]
    revisions: list[dict[str, Any]]
    capaian: list[dict[str, Any]]
    below: list[dict[str, Any]]
    trend: list[dict[str, Any]]
    findings: list[dict[str, Any]]
    satker: dict[str, dict[str, Any]]
    n_indicators: int


def load(con: duckdb.DuckDBPyConnection) -> Data:
    docs = _rows(
        con,
        "SELECT d.doc_id, d.source, d.path, d.year, d.status, d.satker AS satker_read, "
        "ds.satker_id, ds.status AS match_status, coalesce(r.label, d.satker, '(not identified)') AS satker, "
        "r.province FROM documents AS d LEFT JOIN document_satker AS ds USING (doc_id) "
        "LEFT JOIN satker_ref AS r ON r.satker_id = ds.satker_id WHERE d.status <> 'failed' "
        "ORDER BY satker, d.year, d.source",
    )
    revisions = _rows(
        con,
        "SELECT ds.satker_id, coalesce(r.label, d.satker) AS satker, d.year, v.seq, v.amount, "
        "v.date, v.label_raw, v.note, v.delta, v.source, v.page, v.line, v.row_index, d.path, "
        "v.amount - lag(v.amount) OVER (PARTITION BY v.doc_id ORDER BY v.seq, v.row_no) AS change "
        "FROM dipa_revisions AS v JOIN documents AS d USING (doc_id) "
        "LEFT JOIN document_satker AS ds USING (doc_id) "
        "LEFT JOIN satker_ref AS r ON r.satker_id = ds.satker_id ORDER BY satker, d.year, v.seq",
    )
    findings = _rows(
        con,
        "SELECT ds.satker_id, coalesce(r.label, d.satker, '(not identified)') AS satker, d.year, "
        "f.rule, f.severity, f.message, f.source, f.page, f.line, f.row_index, f.table_number, "
        "d.path FROM findings AS f JOIN documents AS d USING (doc_id) "
        "LEFT JOIN document_satker AS ds USING (doc_id) "
        "LEFT JOIN satker_ref AS r ON r.satker_id = ds.satker_id "
        "ORDER BY CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, "
        "satker, d.year, f.source, f.line",
    )
    satker: dict[str, dict[str, Any]] = {}
    for d in docs:
        satker.setdefault(
            _key(d), {"satker": d["satker"], "satker_id": d["satker_id"], "province": d["province"]}
        )
    row = con.execute("SELECT count(*) FROM indicators").fetchone()
    return Data(
        docs=docs,
        absorption=_query(con, "absorption_ranking"),
        dipa=_query(con, "dipa_revision_summary"),
        revisions=revisions,
        capaian=_query(con, "capaian_by_indicator"),
        below=_query(con, "indicators_below_target"),
        trend=_query(con, "pagu_trend"),
        findings=findings,
        satker=satker,
        n_indicators=int(row[0]) if row else 0,
    )


def _overview(data: Data) -> str:
    years = sorted({d["year"] for d in data.docs if d["year"] is not None})
    latest = years[-1] if years else None
    latest_rows = [a for a in data.absorption if a["year"] == latest]
    pagu = sum(a["pagu"] for a in latest_rows)
    real = sum(a["realisasi"] for a in latest_rows)
    sev: dict[str, int] = defaultdict(int)
    for f in data.findings:
        sev[f["severity"]] += 1
    unmatched = sum(1 for d in data.docs if d["match_status"] != "matched")
    cards = [
        ("satker", fmt_int(len(data.satker)), "satker"),
        ("documents", fmt_int(len(data.docs)), "reports read"),
        ("years", ", ".join(map(str, years)) or "–", "reporting years"),
        ("indicators", fmt_int(data.n_indicators), "canonical indicators"),
        ("pagu", fmt_rp(pagu), f"pagu {latest}, all satker" if latest else "pagu"),
        (
            "absorption",
            fmt_pct(100.0 * real / pagu if pagu else None),
            f"absorption {latest}" if latest else "absorption",
        ),
        ("below", fmt_int(len(data.below)), "indicators below target"),
        ("errors", fmt_int(sev["error"]), "error findings"),
        ("warnings", fmt_int(sev["warning"]), "warning findings"),
        ("unmatched", fmt_int(unmatched), "reports without a satker id"),
    ]
    items = "".join(
        f'<div class="card" data-figure="{k}"><b>{escape(v)}</b><span>{escape(t)}</span></div>'
        for k, v, t in cards
    )
    return f'<section id="overview"><h2>Overview</h2><div class="cards">{items}</div></section>'


def _absorption(data: Data) -> str:
    by_year: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for a in data.absorption:
        by_year[a["year"]].append(a)
    charts = []
    for year in sorted(by_year, reverse=True):
        bars = [
            Bar(
                a["satker"],
                a["absorption_pct"],
                f"{a['satker']} {year}: {fmt_pct(a['absorption_pct'])} "
                f"(realisasi {fmt_rp(a['realisasi'])} of pagu {fmt_rp(a['pagu'])}; rank {a['rank']})",
                "#" + satker_anchor(_key(a)),
                alert=a["absorption_pct"] is not None and a["absorption_pct"] < 90,
            )
            for a in by_year[year]
        ]
        charts.append(
            bar_chart(bars, label=f"Absorption {year}: realisasi / pagu", scale_max=100.0)
        )
    body = "".join(charts) or "<p>No realisation totals in the database.</p>"
    return (
        '<section id="absorption"><h2>Budget absorption by satker</h2>'
        "<p>Realisasi / pagu of each report's realisation total, highest first; red under 90 %.</p>"
        f"{body}</section>"
    )


def _dipa(data: Data) -> str:
    names = sorted({(r["satker"] or "?", _key(r)) for r in data.revisions})
    rows = [(name, "#" + satker_anchor(key)) for name, key in names]
    largest = max((abs(r["change"] or 0) for r in data.revisions), default=0) or 1
    events = [
        Event(
            r["satker"] or "?",
            r["date"],
            f"{r['satker']}: {r['label_raw'] or 'revision ' + str(r['seq'])} on {r['date']:%d %b %Y}, "
            f"DIPA {fmt_rp(r['amount'])}"
            + (f", change {fmt_rp(r['change'])}" if r["change"] else ""),
            abs(r["change"] or 0) / largest,
        )
        for r in data.revisions
        if r["date"] is not None and r["seq"] >= 1
    ]
    chart = timeline(
        rows, events, label="DIPA revisions: one dot per dated revision, size = change"
    )
    n_undated = sum(1 for r in data.revisions if r["date"] is None and r["seq"] >= 1)
    note = (
        f" {n_undated} revisions stated without a date are counted in the satker pages."
        if n_undated
        else ""
    )
    return (
        '<section id="dipa"><h2>DIPA revision timelines</h2>'
        f"<p>Each line is a satker; each dot a revision of its DIPA.{note}</p>"
        f"{chart or '<p>No dated DIPA revisions in the database.</p>'}</section>"
    )


def _capaian(data: Data) -> str:
    per: dict[tuple[str, str], list[tuple[float, str]]] = defaultdict(list)
    for c in data.capaian:
        if c["capaian_value"] is None:
            continue
        per[(c["indicator"], c["indicator_id"] or "")].append(
            (c["capaian_value"], f"{c['satker']} {c['year']}: {c['capaian_raw']}")
        )
    strips = [
        Strip(f"{name} ({iid})" if iid else name, values)
        for (name, iid), values in sorted(per.items(), key=lambda kv: (-len(kv[1]), kv[0][0]))
    ]
    chart = strip_chart(
        strips, label="Capaian per canonical indicator (dots: satker-years; bar: median)"
    )
    return (
        '<section id="capaian"><h2>Capaian per canonical indicator</h2>'
        "<p>Every satker-year that measures the indicator; red dots fall short of 100 %, values beyond 150 % are drawn at 150 %.</p>"
        f"{chart if strips else '<p>No capaian in the database.</p>'}</section>"
    )


def _findings_table(rows: list[dict[str, Any]], link_satker: bool) -> str:
    if not rows:
        return "<p>No findings.</p>"
    head = "<tr><th>satker</th><th>year</th><th>severity</th><th>rule</th><th>finding</th><th>where</th></tr>"
    body = []
    for f in rows:
        name = escape(f["satker"] or "")
        if link_satker:
            name = f'<a href="#{satker_anchor(_key(f))}">{name}</a>'
        body.append(
            f'<tr class="{escape(f["severity"])}"><td>{name}</td><td>{f["year"] or ""}</td>'
            f"<td>{escape(f['severity'])}</td><td><code>{escape(f['rule'])}</code></td>"
            f"<td>{escape(f['message'])}</td><td>{_where(f, f.get('path'))}</td></tr>"
        )
    return f'<table class="findings">{head}{"".join(body)}</table>'


def _findings(data: Data) -> str:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for f in data.findings:
        counts[_key(f)][f["severity"]] += 1
    bars = [
        Bar(
            data.satker.get(k, {}).get("satker", k),
            float(c["error"] + c["warning"]),
            f"{data.satker.get(k, {}).get('satker', k)}: {c['error']} errors, {c['warning']} warnings, {c['info']} info",
            "#" + satker_anchor(k),
            alert=c["error"] > 0,
        )
        for k, c in sorted(
            counts.items(), key=lambda kv: (-kv[1]["error"], -kv[1]["warning"], kv[0])
        )
        if c["error"] + c["warning"]
    ]
    chart = bar_chart(bars, label="Errors and warnings per satker", unit="") if bars else ""
    shown = [f for f in data.findings if f["severity"] != "info"]
    return (
        '<section id="findings"><h2>Findings per satker</h2>'
        f"<p>{len(data.findings)} findings ({len(shown)} errors and warnings listed; info in the satker pages). "
        "Each links to the report at the page, with the line and table row.</p>"
        f"{chart}{_findings_table(shown, True)}</section>"
    )


def _satker_page(key: str, info: dict[str, Any], data: Data) -> str:
    docs = [d for d in data.docs if _key(d) == key]
    absorption = {a["year"]: a for a in data.absorption if _key(a) == key}
    dipa = {d["year"]: d for d in data.dipa if _key(d) == key}
    below = [b for b in data.below if _key(b) == key]
    capaian = [c for c in data.capaian if _key(c) == key]
    trend = [t for t in data.trend if _key(t) == key]
    findings = [f for f in data.findings if _key(f) == key]
    rows = []
    for d in docs:
        a: dict[str, Any] = absorption.get(d["year"]) or {}
        r: dict[str, Any] = dipa.get(d["year"]) or {}
        n_below = sum(1 for b in below if b["year"] == d["year"])
        rows.append(
            f'<tr data-year="{d["year"]}"><td>{d["year"] or ""}</td><td>{fmt_rp(a.get("pagu"))}</td>'
            f'<td>{fmt_rp(a.get("realisasi"))}</td><td data-value="{a.get("absorption_pct")}">{fmt_pct(a.get("absorption_pct"))}</td>'
            f"<td>{a.get('rank', '–')}</td><td>{r.get('revisions', 0)}</td>"
            f"<td>{fmt_rp(r.get('change'))}</td><td>{escape(str(r.get('by_month') or '–'))}</td>"
            f"<td>{n_below}</td><td>{_where(a, d['path']) if a else escape(d['source'])}</td></tr>"
        )
    table = (
        '<table class="years"><tr><th>year</th><th>pagu</th><th>realisasi</th><th>absorption</th>'
        "<th>rank</th><th>DIPA revisions</th><th>DIPA change</th><th>revisions by month</th>"
        f"<th>below target</th><th>report</th></tr>{''.join(rows)}</table>"
    )
    chart = column_chart(
        [
            (
                str(t["fiscal_year"]),
                float(t["pagu"]),
                f"{t['fiscal_year']}: pagu {fmt_rp(t['pagu'])} ({t['origin']}, report {t['report_year']})",
            )
            for t in trend
        ],
        label="Pagu per fiscal year",
    )
    years = sorted({c["year"] for c in capaian if c["year"] is not None})
    grid: dict[str, dict[int, dict[str, Any]]] = defaultdict(dict)
    for c in capaian:
        grid[c["indicator"]][c["year"]] = c
    cap_rows = []
    for name in sorted(grid):
        cells = []
        for y in years:
            cell = grid[name].get(y)
            if cell is None:
                cells.append("<td></td>")
                continue
            c = cell
            low = c["capaian_value"] is not None and c["capaian_value"] < 100
            cells.append(
                f'<td class="{"low" if low else ""}" title="target {escape(str(c["target_raw"]))}, realisasi '
                f'{escape(str(c["realisasi_raw"]))}; {escape(c["source"])} line {c["line"]}">'
                f"{escape(str(c['capaian_raw'] or '–'))}</td>"
            )
        cap_rows.append(f"<tr><td>{escape(name)}</td>{''.join(cells)}</tr>")
    cap_table = (
        f'<table class="capaian"><tr><th>canonical indicator</th>{"".join(f"<th>{y}</th>" for y in years)}</tr>'
        f"{''.join(cap_rows)}</table>"
        if cap_rows
        else "<p>No measured indicators.</p>"
    )
    sid = info.get("satker_id")
    head = escape(info["satker"]) + (
        f" <small>{escape(sid)} · {escape(info.get('province') or '')}</small>"
        if sid
        else " <small>not matched to the reference</small>"
    )
    return (
        f'<section class="satker" id="{satker_anchor(key)}" data-satker-id="{escape(sid or "", quote=True)}">'
        f'<h2>{head}</h2><p class="back"><a href="#index">index</a></p>{table}{chart}'
        f"<h3>Capaian</h3>{cap_table}<h3>Findings</h3>{_findings_table(findings, False)}</section>"
    )


_CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a202c;margin:0 auto;max-width:1100px;padding:0 24px 48px}
h1{margin:24px 0 4px}h2{border-bottom:2px solid #2b6cb0;padding-bottom:4px;margin-top:36px}h2 small{color:#4a5568;font-weight:normal;font-size:14px}
nav a{margin-right:14px}.cards{display:flex;flex-wrap:wrap;gap:10px}
.card{border:1px solid #e2e8f0;border-radius:6px;padding:10px 14px;min-width:150px}.card b{display:block;font-size:20px;color:#2b6cb0}.card span{color:#4a5568;font-size:12px}
table{border-collapse:collapse;margin:10px 0;font-size:12px;width:100%}th,td{border:1px solid #e2e8f0;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f7fafc}tr.error td{background:#fff5f5}tr.warning td{background:#fffff0}td.low{color:#c53030;font-weight:bold}
svg.chart{display:block;margin:12px 0;max-width:100%;height:auto}#index ul{columns:3;padding-left:18px}
section.satker{page-break-before:always;break-before:page}.back{float:right;margin-top:-34px}
@media print{nav,#filter,.back{display:none}}
"""

_JS = """
(function(){var errors=[];window.addEventListener('error',function(e){errors.push(String(e.message));document.body.setAttribute('data-js-errors',errors.join(' | '));});
var box=document.getElementById('filter');if(box){box.addEventListener('input',function(){var q=box.value.toLowerCase();
document.querySelectorAll('#index li').forEach(function(li){li.style.display=li.textContent.toLowerCase().indexOf(q)<0?'none':'';});});}
document.body.setAttribute('data-charts',String(document.querySelectorAll('svg.chart').length));
document.body.setAttribute('data-ready','1');})();
"""


def render(data: Data, *, title: str, db_label: str) -> str:
    keys = sorted(data.satker, key=lambda k: (data.satker[k]["satker"] or "", k))
    index = "".join(
        f'<li><a href="#{satker_anchor(k)}">{escape(data.satker[k]["satker"] or k)}</a></li>'
        for k in keys
    )
    pages = "".join(_satker_page(k, data.satker[k], data) for k in keys)
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{escape(title)}</h1><p>{escape(db_label)} · lkj {__version__} · {now}</p>"
        '<nav><a href="#overview">Overview</a><a href="#absorption">Absorption</a>'
        '<a href="#dipa">DIPA revisions</a><a href="#capaian">Capaian</a>'
        '<a href="#findings">Findings</a><a href="#index">Satker</a></nav>'
        f"{_overview(data)}{_absorption(data)}{_dipa(data)}{_capaian(data)}{_findings(data)}"
        f'<section id="index"><h2>Satker</h2><input id="filter" placeholder="filter satker" '
        f'aria-label="filter satker"><ul>{index}</ul></section>{pages}'
        f"<script>{_JS}</script></body></html>"
    )


def write_report(
    db_path: str | Path, out_path: str | Path, *, title: str = "LKj satker comparison"
) -> ReportStats:
    """Render the report of a database to ``out_path``."""
    con = open_db(db_path, read_only=True)
    try:
        data = load(con)
    finally:
        con.close()
    html = render(data, title=title, db_label=Path(db_path).name)
    out = Path(out_path)
    try:
        if out.parent != Path(""):
            out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise LkjError(f"{out}: cannot write the report: {exc.strerror}") from exc
    return ReportStats(
        satker=len(data.satker),
        documents=len(data.docs),
        charts=html.count('class="chart"'),
        bytes=len(html.encode("utf-8")),
    )
