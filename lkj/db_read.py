"""Reading the database back: a document's records as an Extraction, and the checks' findings.

:func:`read_extraction` rebuilds what :func:`lkj.db.load_extraction` stored, so the checks can
run again on a database whose report files are gone. What the tables do not keep (see "Reading
back" in docs/schema.md) comes back normalised: a ``Value.confidence`` as None, a number other
than money as a float, the unit and percent of a statement's figure as None, and so on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import duckdb
from pydantic import ValidationError

from lkj.errors import DatabaseError
from lkj.models import (
    SEVERITIES,
    BudgetLine,
    DipaRevision,
    Document,
    Evidence,
    Extraction,
    Finding,
    Involved,
    Issue,
    PaguHistory,
    PerformanceRow,
    Provenance,
    Statement,
    TableInfo,
    TallyRow,
    TocEntry,
    Value,
)


def doc_ids(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The documents that were read (status ok or partial), ordered by path."""
    rows = con.execute(
        "SELECT doc_id FROM documents WHERE status <> 'failed' ORDER BY path, doc_id"
    ).fetchall()
    return [r[0] for r in rows]


def read_extraction(con: duckdb.DuckDBPyConnection, doc_id: str) -> Extraction:
    """The records of one stored document, as the Extraction they were loaded from.

    Raises :class:`DatabaseError` when the document is not in the database, failed to load,
    or has a row the models reject (a database edited by hand).
    """
    docs = _rows(con, "SELECT * FROM documents WHERE doc_id = ?", [doc_id])
    if not docs:
        raise DatabaseError(f"document {doc_id}: not in the database")
    d = docs[0]
    if d["status"] == "failed":
        raise DatabaseError(f"document {doc_id}: failed to load ({d['error']}); no records")
    table = "documents"
    try:
        evidence = json.loads(d["evidence"]) if d["evidence"] else {}
        document = Document(
            source=d["source"],
            sha256=doc_id,
            format=d["format"],
            satker=d["satker"],
            satker_kind=d["satker_kind"],
            region=d["region"],
            province=d["province"],
            year=d["year"],
            title=d["title"],
            n_pages=d["n_pages"],
            n_lines=d["n_lines"],
            evidence={k: Evidence.model_validate(v) for k, v in evidence.items()},
        )
        out = Extraction(document=document, pipeline_version=d["pipeline_version"])
        table = "tables"
        out.tables = [_table(r) for r in _records(con, table, doc_id, "table_index")]
        table = "performance"
        out.performance = [_performance(r) for r in _records(con, table, doc_id)]
        table = "dipa_revisions"
        out.dipa_revisions = [_dipa(r) for r in _records(con, table, doc_id)]
        table = "budget_lines"
        out.budget_lines = [_budget(r) for r in _records(con, table, doc_id)]
        table = "pagu_history"
        out.pagu_history = [_history(r) for r in _records(con, table, doc_id)]
        table = "tally_rows"
        out.tally_rows = [_tally(r) for r in _records(con, table, doc_id)]
        table = "statements"
        out.statements = [_statement(r) for r in _records(con, table, doc_id)]
        table = "toc_entries"
        out.toc = [_toc(r) for r in _records(con, table, doc_id)]
        table = "issues"
        out.issues = [
            Issue(level=r["level"], message=r["message"], line=r["line"], page=r["page"])
            for r in _records(con, table, doc_id)
        ]
    except (ValidationError, ValueError) as exc:
        first = str(exc).splitlines()[0]
        raise DatabaseError(
            f"document {doc_id}: a row of `{table}` cannot be read: {first}"
        ) from exc
    return out


def read_findings(
    con: duckdb.DuckDBPyConnection,
    doc_ids: Iterable[str] | None = None,
    severity: str | Iterable[str] | None = None,
) -> list[Finding]:
    """Stored findings, ordered by document (path) and row_no.

    ``doc_ids`` keeps those of the given documents; ``severity`` (one of ``error``, ``warning``,
    ``info``, or several) keeps those of that severity. None means all.
    """
    where: list[str] = []
    params: list[Any] = []
    if doc_ids is not None:
        where.append("list_contains(?::VARCHAR[], f.doc_id)")
        params.append(list(doc_ids))
    if severity is not None:
        wanted = [severity] if isinstance(severity, str) else list(severity)
        unknown = [s for s in wanted if s not in SEVERITIES]
        if unknown:
            raise ValueError(f"severity must be among {SEVERITIES}, not {unknown}")
        where.append("list_contains(?::VARCHAR[], f.severity)")
        params.append(wanted)
    sql = (
        "SELECT f.* FROM findings AS f JOIN documents AS d USING (doc_id)"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY d.path, f.doc_id, f.row_no"
    )
    return [_finding(r) for r in _rows(con, sql, params)]


# --------------------------------------------------------------------------- rows to records


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cursor = con.execute(sql, params)
    names = [c[0] for c in cursor.description or ()]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


def _records(
    con: duckdb.DuckDBPyConnection, table: str, doc_id: str, order: str = "row_no"
) -> list[dict[str, Any]]:
    return _rows(con, f"SELECT * FROM {table} WHERE doc_id = ? ORDER BY {order}", [doc_id])


def _json(text: str | None, empty: Any) -> Any:
    return json.loads(text) if text is not None else empty


def _provenance(r: dict[str, Any]) -> Provenance:
    return Provenance(
        source=r["source"],
        page=r["page"],
        line=r["line"],
        caption=r["caption"],
        table_index=r["table_index"],
        row_index=r["row_index"],
        bbox=tuple(r["bbox"]) if r["bbox"] is not None else None,
        columns=_json(r["columns"], {}),
        ocr=_json(r.get("ocr"), {}),
    )


def _number(x: float | None, kind: str) -> int | float | None:
    """A stored DOUBLE as the model holds it: money is whole rupiah, anything else a float."""
    if x is not None and kind == "money" and x.is_integer():
        return int(x)
    return x


def _value(r: dict[str, Any], prefix: str) -> Value:
    kind = r[f"{prefix}_kind"] or "empty"
    text = r[f"{prefix}_text"]
    return Value(
        raw=r[f"{prefix}_raw"],
        value=text if text is not None else _number(r[f"{prefix}_value"], kind),
        unit=r[f"{prefix}_unit"],
        kind=kind,
        flags=tuple(r[f"{prefix}_flags"] or ()),
        percent=r[f"{prefix}_percent"],
    )


def _raw(r: dict[str, Any], *fields: str) -> dict[str, str | None]:
    return {f: r[f"{f}_raw"] for f in fields}


def _table(r: dict[str, Any]) -> TableInfo:
    return TableInfo(
        index=r["table_index"],
        kind=r["kind"],
        confidence=r["confidence"],
        caption=r["caption"],
        number=r["number"],
        title=r["title"],
        caption_position=r["caption_position"],
        page=r["page"],
        line_start=r["line_start"],
        line_end=r["line_end"],
        n_rows=r["n_rows"],
        n_records=r["n_records"],
        header=_json(r["header"], []),
        columns=_json(r["columns"], {}),
        method=r["method"],
        notes=_json(r["notes"], []),
    )


def _performance(r: dict[str, Any]) -> PerformanceRow:
    return PerformanceRow(
        table=r["table_number"],
        sasaran=r["sasaran"],
        indikator=r["indikator"],
        target=_value(r, "target"),
        realisasi=_value(r, "realisasi"),
        capaian=_value(r, "capaian"),
        direction=r["direction"],
        flags=r["flags"] or [],
        provenance=_provenance(r),
    )


def _dipa(r: dict[str, Any]) -> DipaRevision:
    return DipaRevision(
        seq=r["seq"],
        label_raw=r["label_raw"],
        amount=r["amount"],
        amount_raw=r["amount_raw"],
        date=r["date"],
        date_raw=r["date_raw"],
        note=r["note"],
        delta=r["delta"],
        origin=r["origin"],
        flags=r["flags"] or [],
        provenance=_provenance(r),
    )


def _budget(r: dict[str, Any]) -> BudgetLine:
    return BudgetLine(
        table=r["table_number"],
        level=r["level"],
        code=r["code"],
        name=r["name"],
        pagu=r["pagu"],
        realisasi=r["realisasi"],
        sisa=r["sisa"],
        realisasi_pct=r["realisasi_pct"],
        is_total=r["is_total"],
        raw=_raw(r, "pagu", "realisasi", "sisa", "realisasi_pct"),
        flags=r["flags"] or [],
        provenance=_provenance(r),
    )


def _history(r: dict[str, Any]) -> PaguHistory:
    return PaguHistory(
        table=r["table_number"],
        year=r["year"],
        pagu=r["pagu"],
        realisasi=r["realisasi"],
        realisasi_pct=r["realisasi_pct"],
        raw=_raw(r, "pagu", "realisasi", "realisasi_pct"),
        flags=r["flags"] or [],
        provenance=_provenance(r),
    )


def _tally(r: dict[str, Any]) -> TallyRow:
    return TallyRow(
        table=r["table_number"],
        label=r["label"],
        laki=r["laki"],
        perempuan=r["perempuan"],
        jumlah=r["jumlah"],
        is_total=r["is_total"],
        raw=_raw(r, "laki", "perempuan", "jumlah"),
        flags=r["flags"] or [],
        provenance=_provenance(r),
    )


def _statement(r: dict[str, Any]) -> Statement:
    kind = r["value_kind"] or "empty"
    words = None
    if r["words_flags"] is not None or r["words_raw"] is not None or r["words_value"] is not None:
        words = Value(
            raw=r["words_raw"],
            value=r["words_value"],
            kind="money",  # not stored: an amount in words is money, read or not
            flags=tuple(r["words_flags"] or ()),
        )
    return Statement(
        kind=r["kind"],
        value=Value(
            raw=r["value_raw"],
            value=_number(r["value"], kind),
            kind=kind,
            flags=tuple(r["value_flags"] or ()),
        ),
        words=words,
        refers_to=r["refers_to"],
        sentence=r["sentence"] or "",
        provenance=Provenance(source=r["source"], page=r["page"], line=r["line"]),
    )


def _toc(r: dict[str, Any]) -> TocEntry:
    return TocEntry(
        number=r["number"],
        title=r["title"],
        page_printed=r["page_printed"],
        line=r["line"],
        page=r["page"],
    )


def _finding(r: dict[str, Any]) -> Finding:
    return Finding(
        rule=r["rule"],
        severity=r["severity"],
        source=r["source"],
        doc_id=r["doc_id"],
        table=r["table_number"],
        table_index=r["table_index"],
        row_index=r["row_index"],
        line=r["line"],
        page=r["page"],
        expected=r["expected"],
        actual=r["actual"],
        difference=r["difference"],
        message=r["message"],
        assumption=r["assumption"],
        values=[Involved.model_validate(v) for v in _json(r["involved"], [])],
    )
