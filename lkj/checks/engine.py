"""The rule engine: what a rule is, how rules are found, and how they run.

A rule is either a Python module in :mod:`lkj.checks.rules` that defines ``RULE`` (a
:class:`Rule`) and ``check(ctx)`` yielding :class:`~lkj.models.Finding` objects, or a SQL
file in ``queries/checks/`` whose header declares the same facts (``-- @rule``,
``-- @severity``, ``-- @description``, ``-- @tolerance``) and whose query returns one row
per finding. Python rules see one document's records (a :class:`Context`); SQL rules are
set operations over the loaded tables and run inside DuckDB.
"""

from __future__ import annotations

import importlib
import json
import logging
import pkgutil
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from typing import Any, Literal

import duckdb

from lkj.db import RECORD_TABLES
from lkj.models import (
    SEVERITIES,
    BudgetLine,
    Extraction,
    Finding,
    Involved,
    PerformanceRow,
    Provenance,
    Severity,
    TableInfo,
    Value,
)

log = logging.getLogger(__name__)

#: bump when a rule is added or changes what it reports; stored with every finding
RULES_VERSION = "2"


@dataclass(frozen=True)
class Rule:
    id: str  # "capaian.formula"
    severity: Severity
    description: str  # one line
    tolerance: str  # how close is close enough, in words
    engine: Literal["python", "sql"] = "python"
    #: the module or SQL file that implements it
    origin: str = ""


Check = Callable[["Context"], Iterable[Finding]]


@dataclass
class Context:
    """One document's records, as the Python rules see them."""

    extraction: Extraction
    doc_id: str | None = None
    _severity: dict[str, Severity] = field(default_factory=dict)

    @property
    def source(self) -> str:
        return self.extraction.document.source

    @property
    def year(self) -> int | None:
        return self.extraction.document.year

    @cached_property
    def tables(self) -> dict[int, TableInfo]:
        return {t.index: t for t in self.extraction.tables}

    @cached_property
    def budget_by_table(self) -> dict[int, list[BudgetLine]]:
        out: dict[int, list[BudgetLine]] = {}
        for line in self.extraction.budget_lines:
            key = line.provenance.table_index
            if key is not None:
                out.setdefault(key, []).append(line)
        return out

    @cached_property
    def performance_by_table(self) -> dict[int, list[PerformanceRow]]:
        out: dict[int, list[PerformanceRow]] = {}
        for row in self.extraction.performance:
            key = row.provenance.table_index
            if key is not None:
                out.setdefault(key, []).append(row)
        return out

    def realisation_tables(self) -> list[int]:
        """Budget tables that report spending (not allocation-only tables)."""
        return [
            t
            for t, lines in self.budget_by_table.items()
            if any(ln.realisasi is not None for ln in lines)
        ]

    def realisation_totals(self, field: str | None = None) -> list[tuple[int, BudgetLine]]:
        """The last total row of each realisation table (the last one printing ``field``,
        when given), with the table's index."""
        out = []
        for t in self.realisation_tables():
            totals = [
                ln
                for ln in self.budget_by_table[t]
                if ln.is_total and (field is None or getattr(ln, field) is not None)
            ]
            if totals:
                out.append((t, totals[-1]))
        return out

    def table_name(self, t: int, unnamed: str) -> str:
        """ "Tabel 3.6" for a captioned table, else ``unnamed``."""
        number = self.tables[t].number if t in self.tables else None
        return f"Tabel {number}" if number else unnamed

    def finding(
        self,
        rule: Rule,
        message: str,
        *,
        values: Sequence[Involved] = (),
        expected: object = None,
        actual: object = None,
        assumption: str | None = None,
        at: Provenance | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        """A finding of ``rule`` located at ``at`` (default: the first involved value)."""
        where = at or (values[0].provenance if values else None)
        table = (
            self.tables.get(where.table_index) if where and where.table_index is not None else None
        )
        diff = None
        if _is_num(expected) and _is_num(actual):
            diff = round(float(actual) - float(expected), 6)  # type: ignore[arg-type]
        return Finding(
            rule=rule.id,
            severity=severity or rule.severity,
            source=self.source,
            doc_id=self.doc_id,
            table=table.number if table else None,
            table_index=where.table_index if where else None,
            row_index=where.row_index if where else None,
            line=where.line if where else None,
            page=where.page if where else None,
            expected=plain(expected),
            actual=plain(actual),
            difference=diff,
            message=message,
            assumption=assumption,
            values=list(values),
        )


def _is_num(x: object) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def plain(x: object) -> str | None:
    """A figure written plainly for the expected/actual columns: 16203906000, 86.45."""
    if x is None:
        return None
    if isinstance(x, bool):
        return str(x).lower()
    if isinstance(x, int):
        return str(x)
    if isinstance(x, float):
        return f"{x:.4f}".rstrip("0").rstrip(".") if x != int(x) else str(int(x))
    return str(x)


def involved(
    role: str, raw: str | None, value: object, prov: Provenance, column: str | None = None
) -> Involved:
    """An involved value; ``column`` narrows the provenance to the field's grid column."""
    if column is not None and column in prov.columns:
        prov = prov.model_copy(update={"columns": {column: prov.columns[column]}})
    v = value if isinstance(value, int | float | str) or value is None else str(value)
    return Involved(role=role, raw=raw, value=v, provenance=prov)


def value_of(role: str, v: Value, prov: Provenance, column: str) -> Involved:
    return involved(role, v.raw, v.value, prov, column)


def budget_value(role: str, line: BudgetLine, field_name: str) -> Involved:
    return involved(
        role, line.raw.get(field_name), getattr(line, field_name), line.provenance, field_name
    )


# --------------------------------------------------------------------------- registry

_HEADER = re.compile(r"^--\s*@(\w+)\s+(.*?)\s*$")


@dataclass(frozen=True)
class SqlRule:
    rule: Rule
    sql: str


def _python_rules() -> list[tuple[Rule, Check]]:
    from lkj.checks import rules as pkg

    out: list[tuple[Rule, Check]] = []
    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        mod = importlib.import_module(f"{pkg.__name__}.{info.name}")
        rule: Rule = mod.RULE
        out.append(
            (Rule(**{**rule.__dict__, "origin": f"lkj/checks/rules/{info.name}.py"}), mod.check)
        )
    return out


def parse_sql_rule(name: str, text: str) -> SqlRule:
    meta: dict[str, str] = {}
    for line in text.splitlines():
        m = _HEADER.match(line.strip())
        if m:
            key, val = m.groups()
            meta[key] = f"{meta[key]} {val}" if key in meta else val
        elif line.strip() and not line.strip().startswith("--"):
            break
    missing = [k for k in ("rule", "severity", "description", "tolerance") if k not in meta]
    if missing:
        raise ValueError(f"queries/checks/{name}: header lacks @{', @'.join(missing)}")
    if meta["severity"] not in SEVERITIES:
        raise ValueError(f"queries/checks/{name}: unknown severity {meta['severity']!r}")
    rule = Rule(
        id=meta["rule"],
        severity=meta["severity"],  # type: ignore[arg-type]
        description=meta["description"],
        tolerance=meta["tolerance"],
        engine="sql",
        origin=f"queries/checks/{name}",
    )
    return SqlRule(rule, text)


def _sql_rules() -> list[SqlRule]:
    root = resources.files("lkj.queries").joinpath("checks")
    files = sorted((p for p in root.iterdir() if p.name.endswith(".sql")), key=lambda p: p.name)
    return [parse_sql_rule(p.name, p.read_text(encoding="utf-8")) for p in files]


@dataclass
class Registry:
    python: list[tuple[Rule, Check]]
    sql: list[SqlRule]

    @property
    def rules(self) -> list[Rule]:
        return sorted([r for r, _ in self.python] + [s.rule for s in self.sql], key=lambda r: r.id)

    def get(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)


_REGISTRY: Registry | None = None


def registry() -> Registry:
    global _REGISTRY
    if _REGISTRY is None:
        reg = Registry(_python_rules(), _sql_rules())
        ids = [r.id for r in reg.rules]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"rule ids defined twice: {', '.join(dupes)}")
        _REGISTRY = reg
    return _REGISTRY


def matches(rule_id: str, only: Sequence[str] | None) -> bool:
    """Whether ``rule_id`` is selected by ids or prefixes (``dipa`` selects ``dipa.*``)."""
    return not only or any(rule_id == o or rule_id.startswith(o.rstrip(".") + ".") for o in only)


def _wanted(rule: Rule, only: Sequence[str] | None) -> bool:
    return matches(rule.id, only)


# --------------------------------------------------------------------------- running


def run_python(
    extraction: Extraction, doc_id: str | None = None, only: Sequence[str] | None = None
) -> list[Finding]:
    """The Python rules over one document's records."""
    ctx = Context(extraction, doc_id)
    out: list[Finding] = []
    for rule, check in registry().python:
        if not _wanted(rule, only):
            continue
        try:
            out.extend(check(ctx))
        except Exception as exc:  # a rule's bug must not cost the document its records
            log.warning("rule %s failed on %s", rule.id, ctx.source, exc_info=True)
            out.append(
                Finding(
                    rule=rule.id,
                    severity="warning",
                    source=ctx.source,
                    doc_id=doc_id,
                    message=f"the check could not run: {type(exc).__name__}: {exc}"[:300],
                )
            )
    return out


def run_sql(
    con: duckdb.DuckDBPyConnection,
    doc_ids: Sequence[str],
    only: Sequence[str] | None = None,
    *,
    extractions: Sequence[Extraction] | None = None,
) -> dict[str, list[Finding]]:
    """The SQL rules over the loaded records of ``doc_ids``; findings per document.

    With the documents' ``extractions`` at hand (the records just loaded), a rule whose
    query cannot return a row for any of them (:func:`sql_rules_for`) is not run."""
    out: dict[str, list[Finding]] = {d: [] for d in doc_ids}
    if not doc_ids:
        return out
    if extractions is not None:
        rules = [r for r in sql_rules_for(extractions) if _wanted(r.rule, only)]
    else:
        rules = [r for r in registry().sql if _wanted(r.rule, only)]
    if not rules:
        return out
    _scope(con, doc_ids)
    for sql_rule in rules:
        body = _SCOPED_NAME.sub(r"_lkj_scope_\1", sql_rule.sql.strip().rstrip(";"))
        cur = con.execute(f"SELECT * FROM ({body}) AS f")
        names = [d[0] for d in cur.description]
        for row in cur.fetchall():
            rec = dict(zip(names, row, strict=True))
            out.setdefault(rec["doc_id"], []).append(_sql_finding(sql_rule.rule, rec))
    return out


def sql_rules_for(extractions: Sequence[Extraction]) -> list[SqlRule]:
    """The SQL rules whose query may return a row for one of these documents: every rule,
    but those of :data:`SQL_PRECHECKS` whose test fails on every one of them.

    DuckDB binds and plans each query afresh, tens of milliseconds for a rule's query even
    on one document's rows, which made the SQL rules the costliest part of loading a
    document; most documents give them nothing to find, and a test of the records in
    Python says so at once."""
    out = []
    for sql_rule in registry().sql:
        test = SQL_PRECHECKS.get(sql_rule.rule.id)
        if test is None or any(test(ex) for ex in extractions):
            out.append(sql_rule)
    return out


def _may_duplicate_code(ex: Extraction) -> bool:
    """``budget.duplicate_code`` (queries/checks/budget_duplicate_code.sql): a code printed
    on two rows of one table (not totals) under two names. The names are compared as
    printed, so every pair the query tells apart (lower-cased, trimmed) is told apart here."""
    names: dict[tuple[int | None, str], set[str | None]] = {}
    for line in ex.budget_lines:
        if line.code is None or line.is_total:
            continue
        key = (line.provenance.table_index, line.code.replace(" ", ""))
        names.setdefault(key, set()).add(line.name)
    return any(len(v) > 1 for v in names.values())


#: a rupiah amount in Indonesian style for ``table.mixed_styles`` (the query's
#: ``regexp_matches(raw, '\d\.\d{3}')``; Python's ``\d`` takes every digit RE2's does)
_ID_STYLE = re.compile(r"\d\.\d{3}")


def _may_mix_styles(ex: Extraction) -> bool:
    """``table.mixed_styles`` (queries/checks/table_mixed_styles.sql): one table holding a
    rupiah amount flagged US style and another in Indonesian style, among the budget lines'
    pagu / realisasi / sisa, the table DIPA revisions' amounts and the pagu history."""
    styles: dict[int, set[str]] = {}

    def add(table: int | None, raw: str | None, flags: list[str], field: str) -> None:
        if table is None or raw is None:
            return
        if f"{field}:us_style" in flags:
            styles.setdefault(table, set()).add("US")
        elif _ID_STYLE.search(raw):
            styles.setdefault(table, set()).add("ID")

    for b in ex.budget_lines:
        for name in ("pagu", "realisasi", "sisa"):
            add(b.provenance.table_index, b.raw.get(name), b.flags, name)
    for d in ex.dipa_revisions:
        if d.origin == "table":
            add(d.provenance.table_index, d.amount_raw, d.flags, "amount")
    for h in ex.pagu_history:
        for name in ("pagu", "realisasi"):
            add(h.provenance.table_index, h.raw.get(name), h.flags, name)
    return any(len(s) > 1 for s in styles.values())


def _may_be_malformed(ex: Extraction) -> bool:
    """``value.malformed`` (queries/checks/value_malformed.sql): a value flagged malformed or
    mixed_marks, in the budget lines, pagu history, DIPA revisions, tallies or the
    performance rows' target, realisasi and capaian."""
    flags = [
        *(f for r in ex.budget_lines for f in r.flags),
        *(f for r in ex.pagu_history for f in r.flags),
        *(f for r in ex.dipa_revisions for f in r.flags),
        *(f for r in ex.tally_rows for f in r.flags),
        *(f for r in ex.performance for v in (r.target, r.realisasi, r.capaian) for f in v.flags),
    ]
    return any("malformed" in f or "mixed_marks" in f for f in flags)


#: per SQL rule, a test of one document's records that holds whenever the rule's query can
#: return a row for that document (a necessary condition, never narrower than the query:
#: tests/test_checks_sql.py holds each to its rule); a rule without one always runs
SQL_PRECHECKS: dict[str, Callable[[Extraction], bool]] = {
    "budget.duplicate_code": _may_duplicate_code,
    "table.mixed_styles": _may_mix_styles,
    "value.malformed": _may_be_malformed,
}


#: the tables SQL rules may read; each is read through a temporary view that shows only the
#: documents being checked, so checking one document costs the same in a database of ten
#: documents or of ten thousand (a filter around the rule's query is not pushed into its
#: unions and unnests, and would scan every loaded row for every document)
SCOPED_TABLES = ("documents", *RECORD_TABLES)
_SCOPED_NAME = re.compile(r"\b(" + "|".join(SCOPED_TABLES) + r")\b")


def _scope(con: duckdb.DuckDBPyConnection, doc_ids: Sequence[str]) -> None:
    """Point the ``_lkj_scope_<table>`` views of this connection at ``doc_ids``."""
    present = con.execute(
        "SELECT count(*) FROM duckdb_views() WHERE temporary AND starts_with(view_name, '_lkj_scope_')"
    ).fetchone()
    if not present or present[0] < len(SCOPED_TABLES):
        # temporary objects live as long as the connection (and go with a rolled-back
        # transaction): made again when missing
        catalog = con.execute("SELECT current_database()").fetchone()
        assert catalog is not None
        con.execute("CREATE TEMP TABLE IF NOT EXISTS _lkj_scope (doc_id VARCHAR)")
        for table in SCOPED_TABLES:
            con.execute(
                f"CREATE OR REPLACE TEMP VIEW _lkj_scope_{table} AS SELECT * FROM "
                f'"{catalog[0]}".main.{table} WHERE doc_id IN (SELECT doc_id FROM _lkj_scope)'
            )
    con.execute("DELETE FROM _lkj_scope")
    con.execute("INSERT INTO _lkj_scope SELECT unnest($docs)", {"docs": list(doc_ids)})


def _sql_finding(rule: Rule, rec: dict[str, Any]) -> Finding:
    raw_values = rec.get("involved")
    items = json.loads(raw_values) if isinstance(raw_values, str) else (raw_values or [])
    values = [
        Involved(
            role=str(v.get("role")),
            raw=v.get("raw"),
            value=v.get("value"),
            provenance=Provenance(
                source=rec["source"],
                page=v.get("page"),
                line=v.get("line"),
                caption=v.get("caption"),
                table_index=v.get("table_index"),
                row_index=v.get("row_index"),
                columns={v["column"]: v["column_index"]}
                if v.get("column") is not None and v.get("column_index") is not None
                else {},
            ),
        )
        for v in items
    ]
    return Finding(
        rule=rule.id,
        severity=rule.severity,
        source=rec["source"],
        doc_id=rec["doc_id"],
        table=rec.get("table_number"),
        table_index=rec.get("table_index"),
        row_index=rec.get("row_index"),
        line=rec.get("line"),
        page=rec.get("page"),
        expected=plain(rec.get("expected")),
        actual=plain(rec.get("actual")),
        difference=rec.get("difference"),
        message=rec["message"],
        assumption=rec.get("assumption") or rule.tolerance,
        values=values,
    )


def order(findings: Iterable[Finding]) -> list[Finding]:
    """Document order: by source, line, then rule."""
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(
        findings,
        key=lambda f: (f.source, f.line if f.line is not None else 10**9, rank[f.severity], f.rule),
    )


def iter_rules() -> Iterator[Rule]:
    yield from registry().rules
