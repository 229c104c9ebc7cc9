"""The DuckDB store: open a database, load one document's records, record a failure, store the
findings of the checks.

The schema lives in ``models/schema.sql`` (package data of :mod:`lkj.models`; versions and
upgrades in :mod:`lkj.db_schema`). Every document is keyed by the sha256 of its file's bytes;
loading deletes every row of that ``doc_id`` and inserts the new ones inside one transaction, so
re-ingesting replaces and never duplicates, and a failure half-way leaves the previous rows as
they were. :mod:`lkj.db_read` reads the records back as an :class:`~lkj.models.Extraction`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from lkj import PIPELINE_VERSION
from lkj.db_read import doc_ids, read_extraction, read_findings
from lkj.db_schema import (
    SCHEMA_VERSION,
    comment_statements,
    in_transaction,
    prepare,
    schema_sql,
    transaction,
)
from lkj.errors import DatabaseError
from lkj.models import (
    BudgetLine,
    DipaRevision,
    Extraction,
    Finding,
    PaguHistory,
    PerformanceRow,
    Provenance,
    Statement,
    TableInfo,
    TallyRow,
    TocEntry,
    Value,
)

__all__ = [
    "RECORD_TABLES",
    "SCHEMA_VERSION",
    "comment_statements",
    "doc_ids",
    "in_transaction",
    "is_loaded",
    "ToLoad",
    "load_extraction",
    "load_extractions",
    "open_db",
    "read_extraction",
    "read_findings",
    "record_failure",
    "replace_findings",
    "replace_findings_of",
    "schema_sql",
    "sha256_file",
    "transaction",
]

#: the tables that hold a document's rows, in load order; each has doc_id, a documents column
#: n_<table> counting its rows, and is replaced as a whole when the document is. `findings` is
#: one of them: the checks' findings are about one version of the records and go with it.
RECORD_TABLES = (
    "tables",
    "performance",
    "dipa_revisions",
    "budget_lines",
    "pagu_history",
    "tally_rows",
    "statements",
    "toc_entries",
    "findings",
    "issues",
)

_BIGINT_MAX = 2**63 - 1


# --------------------------------------------------------------------------- opening


def open_db(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (and when new, create) an lkj database.

    A database of an older schema version is upgraded in place when opened with write access
    (see :mod:`lkj.db_schema`). Raises :class:`DatabaseError` when the file is locked by another
    process, is not an lkj database, was written by a newer lkj (higher schema_version), is
    older and ``read_only`` is set, or does not exist and ``read_only`` is set.
    """
    path = Path(path)
    if read_only and not path.exists():
        raise DatabaseError(
            f"{path}: no such database (create it with `lkj ingest ... --db {path}`)"
        )
    if not read_only and path.parent != Path(""):
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as exc:
        raise _open_error(path, exc) from exc
    try:
        prepare(con, path, read_only)
    except BaseException:
        con.close()
        raise
    return con


_LOCK_HOLDER = re.compile(
    r"conflicting lock is held in (?P<program>.*?) \(PID (?P<pid>\d+)\)", re.I
)


def _open_error(path: Path, exc: duckdb.Error) -> DatabaseError:
    """One line saying why the file could not be opened and, for a lock, who holds it."""
    msg = str(exc)
    if "could not set lock" in msg.lower() or "conflicting lock" in msg.lower():
        holder = _LOCK_HOLDER.search(msg)
        who = f" (PID {holder['pid']}, {Path(holder['program']).name})" if holder else ""
        if "read-only mode" in msg:  # the holder only reads: readers could share the file
            return DatabaseError(
                f"{path}: database is in use by another process{who} that reads it; writing "
                "has to wait until it closes the database (reading with lkj sql works meanwhile)"
            )
        return DatabaseError(
            f"{path}: database is in use by another process{who} that writes it; wait until "
            "it closes the database, or stop it"
        )
    if "different configuration" in msg:
        return DatabaseError(
            f"{path}: database is already open in this process with other settings"
        )
    return DatabaseError(f"{path}: cannot open database: {msg.splitlines()[0]}")


# --------------------------------------------------------------------------- loading


def sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def is_loaded(con: duckdb.DuckDBPyConnection, sha256: str, pipeline_version: str) -> bool:
    """True when the document was read successfully (ok or partial) by this pipeline version.

    Failed documents are never "loaded": the next run tries them again.
    """
    row = con.execute(
        "SELECT 1 FROM documents WHERE doc_id = ? AND pipeline_version = ? AND status <> 'failed'",
        [sha256, pipeline_version],
    ).fetchone()
    return row is not None


def load_extraction(
    con: duckdb.DuckDBPyConnection,
    extraction: Extraction,
    *,
    path: str | Path,
    seconds: float | None = None,
    findings: Sequence[Finding] | None = None,
    rules_version: str | None = None,
) -> dict[str, int]:
    """Store one document's records, replacing whatever the database held for it.

    Returns the number of rows written per record table. Runs in one transaction (or inside the
    caller's, see :func:`lkj.db_schema.transaction`): on any error the previous rows of the
    document are left intact. Rows of an earlier version of the same file (same path, other
    content) are removed too: the database mirrors the files as they are.

    The document's earlier findings go with its earlier records. ``findings`` (with the
    ``rules_version`` of the checks that produced them) are stored in the same transaction;
    without them the document has no findings until :func:`replace_findings` stores some.
    """
    todo = ToLoad(extraction, path, seconds, findings)
    return load_extractions(con, [todo], rules_version=rules_version)[0]


@dataclass(frozen=True)
class ToLoad:
    """One document for :func:`load_extractions`: its records, the file they were read from,
    the seconds reading took, and the findings of the checks to store with them (None: the
    document has none until :func:`replace_findings` stores some)."""

    extraction: Extraction
    path: str | Path
    seconds: float | None = None
    findings: Sequence[Finding] | None = None


def load_extractions(
    con: duckdb.DuckDBPyConnection, docs: Sequence[ToLoad], *, rules_version: str | None = None
) -> list[dict[str, int]]:
    """Store several documents' records in one transaction, each as :func:`load_extraction`
    stores one; returns the rows written per record table, document by document.

    The rows of every document go in with one statement per table: a statement costs about
    a tenth of a millisecond per column however few its rows, so a document loaded alone
    spends most of its loading time there. On any error nothing of any of them is stored.
    """
    if not docs:
        return []
    if any(d.findings is not None for d in docs) and not rules_version:
        raise ValueError("load_extraction: findings need the rules_version that produced them")
    built = [_rows(d, rules_version or "") for d in docs]
    ids = [b[0]["doc_id"] for b in built]
    if len(set(ids)) < len(ids):
        raise ValueError("load_extractions: the same document twice in one load")
    try:
        with transaction(con):
            _delete_documents(con, ids, [b[0]["path"] for b in built])
            _insert(con, "documents", [document for document, _ in built])
            for name in RECORD_TABLES:
                _insert(con, name, [row for _, rows in built for row in rows[name]])
    except duckdb.Error as exc:
        what = str(docs[0].path) if len(docs) == 1 else f"{len(docs)} documents"
        raise DatabaseError(f"{what}: could not store the records: {exc}") from exc
    return [{name: len(rows[name]) for name in RECORD_TABLES} for _, rows in built]


def _rows(
    todo: ToLoad, rules_version: str
) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """The ``documents`` row of one document and its rows of every record table."""
    extraction, path = todo.extraction, todo.path
    doc = extraction.document
    if not doc.sha256:
        raise DatabaseError(f"{path}: extraction has no sha256; cannot key the document")
    doc_id = doc.sha256
    abspath = str(Path(path).resolve())
    source = doc.source or Path(path).name

    rows: dict[str, list[dict[str, Any]]] = {
        "tables": [_table_row(doc_id, t) for t in extraction.tables],
        "performance": [
            _performance_row(doc_id, i, r) for i, r in enumerate(extraction.performance)
        ],
        "dipa_revisions": [
            _dipa_row(doc_id, i, r) for i, r in enumerate(extraction.dipa_revisions)
        ],
        "budget_lines": [_budget_row(doc_id, i, r) for i, r in enumerate(extraction.budget_lines)],
        "pagu_history": [_history_row(doc_id, i, r) for i, r in enumerate(extraction.pagu_history)],
        "tally_rows": [_tally_row(doc_id, i, r) for i, r in enumerate(extraction.tally_rows)],
        "statements": [_statement_row(doc_id, i, s) for i, s in enumerate(extraction.statements)],
        "toc_entries": [_toc_row(doc_id, i, e, source) for i, e in enumerate(extraction.toc)],
        "findings": [
            _finding_row(doc_id, i, f, rules_version) for i, f in enumerate(todo.findings or ())
        ],
        "issues": [
            {
                "doc_id": doc_id,
                "row_no": i,
                "level": x.level,
                "message": x.message,
                "line": x.line,
                "page": x.page,
            }
            for i, x in enumerate(extraction.issues)
        ],
    }
    errors = [x.message for x in extraction.issues if x.level == "error"]
    document = {
        "doc_id": doc_id,
        "path": abspath,
        "source": source,
        "format": doc.format,
        "satker": doc.satker,
        "satker_kind": doc.satker_kind,
        "region": doc.region,
        "province": doc.province,
        "year": doc.year,
        "title": doc.title,
        "n_pages": doc.n_pages,
        "n_lines": doc.n_lines,
        "status": "partial" if errors else "ok",
        "error": "; ".join(errors) or None,
        "pipeline_version": extraction.pipeline_version or PIPELINE_VERSION,
        "ingested_at": _now(),
        "seconds": todo.seconds,
        **{f"n_{name}": len(rows[name]) for name in RECORD_TABLES},
        "evidence": json.dumps({k: v.model_dump(mode="json") for k, v in doc.evidence.items()}),
    }
    return document, rows


def replace_findings(
    con: duckdb.DuckDBPyConnection,
    doc_id: str,
    findings: Sequence[Finding],
    rules_version: str,
) -> int:
    """Store the checks' findings for one loaded document, replacing its earlier findings.

    Sets ``documents.n_findings`` and returns the number of findings stored. Runs in one
    transaction, or inside the caller's: ``with transaction(con): load_extraction(...);
    replace_findings(...)`` writes records and findings together or not at all. Raises
    :class:`DatabaseError` when the document is not in the database or failed to load.
    """
    return replace_findings_of(con, {doc_id: findings}, rules_version)[doc_id]


def replace_findings_of(
    con: duckdb.DuckDBPyConnection, findings: dict[str, Sequence[Finding]], rules_version: str
) -> dict[str, int]:
    """:func:`replace_findings` for several documents (by doc_id) in one transaction, with
    one statement per step for all of them."""
    ids = list(findings)
    if not ids:
        return {}
    rows = [
        _finding_row(doc_id, i, f, rules_version)
        for doc_id in ids
        for i, f in enumerate(findings[doc_id])
    ]
    try:
        with transaction(con):
            status = dict(
                con.execute(
                    "SELECT doc_id, status FROM documents WHERE list_contains(?, doc_id)", [ids]
                ).fetchall()
            )
            for doc_id in ids:
                if doc_id not in status:
                    raise DatabaseError(f"document {doc_id}: not in the database; load it first")
                if status[doc_id] == "failed":
                    raise DatabaseError(
                        f"document {doc_id}: failed to load; it has nothing to check"
                    )
            con.execute("DELETE FROM findings WHERE list_contains(?, doc_id)", [ids])
            _insert(con, "findings", rows)
            con.execute(
                "UPDATE documents SET n_findings = n.n_findings FROM "
                "(SELECT UNNEST(?) AS doc_id, UNNEST(?) AS n_findings) AS n "
                "WHERE documents.doc_id = n.doc_id",
                [ids, [len(findings[d]) for d in ids]],
            )
    except duckdb.Error as exc:
        what = f"document {ids[0]}" if len(ids) == 1 else f"{len(ids)} documents"
        raise DatabaseError(f"{what}: could not store the findings: {exc}") from exc
    return {doc_id: len(findings[doc_id]) for doc_id in ids}


def record_failure(
    con: duckdb.DuckDBPyConnection,
    path: str | Path,
    error: str,
    seconds: float | None = None,
    *,
    sha256: str | None = None,
) -> str:
    """Store a ``failed`` documents row for a file that could not be read; return its doc_id.

    The doc_id is the sha256 of the file's bytes when they can be read, else ``"path:" + path``.
    Any earlier rows of that document (or of an earlier version of the file) are replaced.
    """
    p = Path(path)
    try:
        abspath = str(p.resolve())
    except (OSError, RuntimeError):  # a symlink loop cannot be resolved: name the link itself
        abspath = str(p.parent.resolve() / p.name)
    if sha256 is None:
        try:
            sha256 = sha256_file(p)
        except OSError:
            sha256 = None
    doc_id = sha256 or f"path:{abspath}"
    document = {
        "doc_id": doc_id,
        "path": abspath,
        "source": p.name,
        "format": None,
        "status": "failed",
        "error": error,
        "pipeline_version": PIPELINE_VERSION,
        "ingested_at": _now(),
        "seconds": seconds,
    }
    try:
        with transaction(con):
            _delete_documents(con, [doc_id], [abspath])
            _insert(con, "documents", [document])
    except duckdb.Error as exc:
        raise DatabaseError(f"{path}: could not record the failure: {exc}") from exc
    return doc_id


def _delete_documents(con: duckdb.DuckDBPyConnection, ids: list[str], paths: list[str]) -> None:
    """Delete every row of the documents ``ids`` and of the documents loaded before from
    ``paths``.

    A document's rows are written with its ``documents`` row in one transaction, so the
    documents without one (new files, the usual case) have nothing to delete, and only those
    found are deleted from the record tables."""
    if len(ids) == 1:  # one document: the key's index finds it
        query = "SELECT doc_id FROM documents WHERE doc_id = ? OR path = ?"
        params: list[Any] = [ids[0], paths[0]]
    else:
        query = (
            "SELECT doc_id FROM documents WHERE list_contains(?, doc_id) OR list_contains(?, path)"
        )
        params = [ids, paths]
    found = [r[0] for r in con.execute(query, params).fetchall()]
    if not found:
        return
    for table in (*RECORD_TABLES, "documents"):
        if len(found) == 1:
            con.execute(f"DELETE FROM {table} WHERE doc_id = ?", found)
        else:
            con.execute(f"DELETE FROM {table} WHERE list_contains(?, doc_id)", [found])


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[dict[str, Any]]) -> None:
    """One statement for all rows: each column goes in as one list, unnested side by side
    (``executemany`` runs a statement per row, ten times slower on a document's rows)."""
    if not rows:
        return
    cols = list(rows[0])
    select = ", ".join(f"UNNEST(?) AS {c}" for c in cols)
    con.execute(
        f"INSERT INTO {table} ({', '.join(cols)}) SELECT {select}",
        [[r[c] for r in rows] for c in cols],
    )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


# --------------------------------------------------------------------------- row builders


def _provenance(p: Provenance) -> dict[str, Any]:
    return {
        "source": p.source,
        "page": p.page,
        "line": p.line,
        "caption": p.caption,
        "table_index": p.table_index,
        "row_index": p.row_index,
        "bbox": list(p.bbox) if p.bbox else None,
        "columns": json.dumps(p.columns),
        "ocr": json.dumps({k: v.model_dump() for k, v in p.ocr.items()}) if p.ocr else None,
    }


def _value(prefix: str, v: Value) -> dict[str, Any]:
    return {
        f"{prefix}_raw": v.raw,
        f"{prefix}_value": v.number,
        f"{prefix}_text": v.value if isinstance(v.value, str) else None,
        f"{prefix}_unit": v.unit,
        f"{prefix}_percent": v.percent,
        f"{prefix}_kind": v.kind,
        f"{prefix}_flags": list(v.flags),
    }


def _bigint(value: int | None, field: str, flags: list[str]) -> int | None:
    """An amount or count that fits BIGINT; anything larger is a misread, kept as raw text only."""
    if value is not None and abs(value) > _BIGINT_MAX:
        flags.append(f"{field}:out_of_range")
        return None
    return value


def _whole(v: Value) -> int | None:
    """The value as an int when it is a whole number (an amount in words always is)."""
    x = v.value
    if isinstance(x, bool) or not isinstance(x, int | float):
        return None
    if isinstance(x, float):
        return int(x) if x.is_integer() else None
    return x


def _table_row(doc_id: str, t: TableInfo) -> dict[str, Any]:
    return {
        "doc_id": doc_id,
        "table_index": t.index,
        "kind": t.kind,
        "confidence": t.confidence,
        "caption": t.caption,
        "number": t.number,
        "title": t.title,
        "caption_position": t.caption_position,
        "page": t.page,
        "line_start": t.line_start,
        "line_end": t.line_end,
        "n_rows": t.n_rows,
        "n_records": t.n_records,
        "header": json.dumps(t.header, ensure_ascii=False),
        "columns": json.dumps(t.columns),
        "method": t.method,
        "notes": json.dumps(t.notes, ensure_ascii=False),
    }


def _performance_row(doc_id: str, i: int, r: PerformanceRow) -> dict[str, Any]:
    return {
        "doc_id": doc_id,
        "row_no": i,
        "table_number": r.table,
        "sasaran": r.sasaran,
        "indikator": r.indikator,
        "direction": r.direction,
        **_value("target", r.target),
        **_value("realisasi", r.realisasi),
        **_value("capaian", r.capaian),
        "flags": list(r.flags),
        **_provenance(r.provenance),
    }


def _dipa_row(doc_id: str, i: int, r: DipaRevision) -> dict[str, Any]:
    flags = list(r.flags)
    return {
        "doc_id": doc_id,
        "row_no": i,
        "seq": r.seq,
        "label_raw": r.label_raw,
        "amount": _bigint(r.amount, "amount", flags),
        "amount_raw": r.amount_raw,
        "date": r.date,
        "date_raw": r.date_raw,
        "note": r.note,
        "delta": _bigint(r.delta, "delta", flags),
        "origin": r.origin,
        "flags": flags,
        **_provenance(r.provenance),
    }


def _budget_row(doc_id: str, i: int, r: BudgetLine) -> dict[str, Any]:
    flags = list(r.flags)
    return {
        "doc_id": doc_id,
        "row_no": i,
        "table_number": r.table,
        "level": r.level,
        "code": r.code,
        "name": r.name,
        "pagu": _bigint(r.pagu, "pagu", flags),
        "realisasi": _bigint(r.realisasi, "realisasi", flags),
        "sisa": _bigint(r.sisa, "sisa", flags),
        "realisasi_pct": r.realisasi_pct,
        "is_total": r.is_total,
        "pagu_raw": r.raw.get("pagu"),
        "realisasi_raw": r.raw.get("realisasi"),
        "sisa_raw": r.raw.get("sisa"),
        "realisasi_pct_raw": r.raw.get("realisasi_pct"),
        "flags": flags,
        **_provenance(r.provenance),
    }


def _history_row(doc_id: str, i: int, r: PaguHistory) -> dict[str, Any]:
    flags = list(r.flags)
    return {
        "doc_id": doc_id,
        "row_no": i,
        "table_number": r.table,
        "year": r.year,
        "pagu": _bigint(r.pagu, "pagu", flags),
        "realisasi": _bigint(r.realisasi, "realisasi", flags),
        "realisasi_pct": r.realisasi_pct,
        "pagu_raw": r.raw.get("pagu"),
        "realisasi_raw": r.raw.get("realisasi"),
        "realisasi_pct_raw": r.raw.get("realisasi_pct"),
        "flags": flags,
        **_provenance(r.provenance),
    }


def _tally_row(doc_id: str, i: int, r: TallyRow) -> dict[str, Any]:
    flags = list(r.flags)
    return {
        "doc_id": doc_id,
        "row_no": i,
        "table_number": r.table,
        "label": r.label,
        "laki": _bigint(r.laki, "laki", flags),
        "perempuan": _bigint(r.perempuan, "perempuan", flags),
        "jumlah": _bigint(r.jumlah, "jumlah", flags),
        "is_total": r.is_total,
        "laki_raw": r.raw.get("laki"),
        "perempuan_raw": r.raw.get("perempuan"),
        "jumlah_raw": r.raw.get("jumlah"),
        "flags": flags,
        **_provenance(r.provenance),
    }


def _statement_row(doc_id: str, i: int, s: Statement) -> dict[str, Any]:
    words = s.words
    # NULL flags (not an empty list) say the statement has no amount in words at all
    words_flags: list[str] | None = None
    words_value: int | None = None
    if words is not None:
        words_flags = list(words.flags)
        words_value = _whole(words)
        if words_value is not None and abs(words_value) > _BIGINT_MAX:
            words_flags.append("out_of_range")
            words_value = None
    return {
        "doc_id": doc_id,
        "row_no": i,
        "kind": s.kind,
        "value_raw": s.value.raw,
        "value": s.value.number,
        "value_kind": s.value.kind,
        "value_flags": list(s.value.flags),
        "words_raw": words.raw if words is not None else None,
        "words_value": words_value,
        "words_flags": words_flags,
        "refers_to": s.refers_to,
        "sentence": s.sentence,
        "source": s.provenance.source,
        "page": s.provenance.page,
        "line": s.provenance.line,
    }


def _toc_row(doc_id: str, i: int, e: TocEntry, source: str) -> dict[str, Any]:
    return {
        "doc_id": doc_id,
        "row_no": i,
        "number": e.number,
        "title": e.title,
        "page_printed": e.page_printed,
        "source": source,
        "page": e.page,
        "line": e.line,
    }


def _finding_row(doc_id: str, i: int, f: Finding, rules_version: str) -> dict[str, Any]:
    if f.doc_id is not None and f.doc_id != doc_id:
        raise ValueError(f"finding {f.rule!r} is about document {f.doc_id}, not {doc_id}")
    return {
        "doc_id": doc_id,
        "row_no": i,
        "rule": f.rule,
        "severity": f.severity,
        "table_number": f.table,
        "table_index": f.table_index,
        "row_index": f.row_index,
        "expected": f.expected,
        "actual": f.actual,
        "difference": f.difference,
        "message": f.message,
        "assumption": f.assumption,
        "involved": json.dumps([v.model_dump(mode="json") for v in f.values], ensure_ascii=False),
        "source": f.source,
        "page": f.page,
        "line": f.line,
        "rules_version": rules_version,
    }
