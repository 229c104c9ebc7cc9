"""The DuckDB store: open a database, load one document's records, record a failure.

The schema lives in ``models/schema.sql`` (package data of :mod:`lkj.models`). Every document is
keyed by the sha256 of its file's bytes; loading deletes every row of that ``doc_id`` and inserts
the new ones inside one transaction, so re-ingesting replaces and never duplicates, and a failure
half-way leaves the previous rows as they were.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from lkj import PIPELINE_VERSION, __version__
from lkj.errors import DatabaseError
from lkj.models import (
    BudgetLine,
    DipaRevision,
    Extraction,
    PaguHistory,
    PerformanceRow,
    Provenance,
    TableInfo,
    Value,
)

#: bump with the INSERT INTO meta at the end of models/schema.sql
SCHEMA_VERSION = 1

#: the record tables, in load order; each has doc_id and is replaced as a whole per document
RECORD_TABLES = (
    "tables",
    "performance",
    "dipa_revisions",
    "budget_lines",
    "pagu_history",
    "issues",
)

_BIGINT_MAX = 2**63 - 1


# --------------------------------------------------------------------------- opening


def schema_sql() -> str:
    """The DDL of the database (models/schema.sql)."""
    return resources.files("lkj.models").joinpath("schema.sql").read_text(encoding="utf-8")


def open_db(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (and when new, create) an lkj database.

    Raises :class:`DatabaseError` when the file is locked by another process, is not an lkj
    database, was written by a newer lkj (higher schema_version), or does not exist and
    ``read_only`` is set.
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
        _check_or_create(con, path, read_only)
    except BaseException:
        con.close()
        raise
    return con


def _open_error(path: Path, exc: duckdb.Error) -> DatabaseError:
    msg = str(exc)
    if "could not set lock" in msg.lower() or "conflicting lock" in msg.lower():
        return DatabaseError(f"{path}: database is in use by another process")
    if "different configuration" in msg:
        return DatabaseError(
            f"{path}: database is already open in this process with other settings"
        )
    return DatabaseError(f"{path}: cannot open database: {msg.splitlines()[0]}")


def _check_or_create(con: duckdb.DuckDBPyConnection, path: Path, read_only: bool) -> None:
    names = {
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
        ).fetchall()
    }
    if "meta" not in names:
        if names:
            raise DatabaseError(f"{path}: not an lkj database (it has tables but no meta table)")
        if read_only:
            raise DatabaseError(
                f"{path}: empty database (create it with `lkj ingest ... --db {path}`)"
            )
        _create(con)
        return
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    try:
        version = int(row[0]) if row else None
    except ValueError:
        version = None
    if version is None:
        raise DatabaseError(f"{path}: not an lkj database (no readable schema_version in meta)")
    if version > SCHEMA_VERSION:
        raise DatabaseError(
            f"{path}: database has schema version {version}, newer than this lkj supports "
            f"({SCHEMA_VERSION}); upgrade lkj"
        )
    if version < SCHEMA_VERSION:
        raise DatabaseError(
            f"{path}: database has schema version {version}, older than this lkj "
            f"({SCHEMA_VERSION}); ingest into a new database file"
        )


def _create(con: duckdb.DuckDBPyConnection) -> None:
    sql = schema_sql()
    with transaction(con):
        con.execute(sql)
        for statement in comment_statements(sql):
            con.execute(statement)
        con.execute("INSERT INTO meta VALUES ('created_with', ?)", [f"lkj {__version__}"])


_CREATE_RE = re.compile(r"^CREATE TABLE (\w+)", re.IGNORECASE)
_COLUMN_RE = re.compile(r"^\s+(\w+)\s+[^-]+?--\s*(.+)$")
_COMMENT_RE = re.compile(r"^\s*--\s?(.*)$")


def comment_statements(sql: str) -> list[str]:
    """COMMENT ON statements from the ``--`` comments of the DDL (see models/schema.sql)."""
    out: list[str] = []
    pending: list[str] = []  # comment lines directly above a CREATE TABLE
    table: str | None = None
    column: tuple[str, list[str]] | None = None

    def flush_column() -> None:
        nonlocal column
        if column and table:
            text = " ".join(column[1])
            out.append(f"COMMENT ON COLUMN {table}.{column[0]} IS {_quote(text)}")
        column = None

    for line in sql.splitlines():
        if table is None:
            if m := _CREATE_RE.match(line):
                table = m.group(1)
                if pending:
                    out.append(f"COMMENT ON TABLE {table} IS {_quote(' '.join(pending))}")
                pending = []
            elif m := _COMMENT_RE.match(line):
                pending.append(m.group(1).strip())
            else:
                pending = []
            continue
        if line.startswith(");"):
            flush_column()
            table = None
        elif m := _COLUMN_RE.match(line):
            flush_column()
            column = (m.group(1), [m.group(2).strip()])
        elif (m := _COMMENT_RE.match(line)) and column:
            column[1].append(m.group(1).strip())
        else:
            flush_column()
    return out


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """BEGIN ... COMMIT, rolled back on any exception (KeyboardInterrupt included)."""
    con.begin()
    try:
        yield
    except BaseException:
        con.rollback()
        raise
    con.commit()


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
) -> dict[str, int]:
    """Store one document's records, replacing whatever the database held for it.

    Returns the number of rows written per record table. Runs in one transaction: on any error
    the previous rows of the document are left intact. Rows of an earlier version of the same
    file (same path, other content) are removed too: the database mirrors the files as they are.
    """
    doc = extraction.document
    if not doc.sha256:
        raise DatabaseError(f"{path}: extraction has no sha256; cannot key the document")
    doc_id = doc.sha256
    abspath = str(Path(path).resolve())

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
        "source": doc.source or Path(path).name,
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
        "seconds": seconds,
        **{f"n_{name}": len(rows[name]) for name in RECORD_TABLES},
        "evidence": json.dumps({k: v.model_dump(mode="json") for k, v in doc.evidence.items()}),
    }
    try:
        with transaction(con):
            _delete_document(con, doc_id, abspath)
            _insert(con, "documents", [document])
            for name in RECORD_TABLES:
                _insert(con, name, rows[name])
    except duckdb.Error as exc:
        raise DatabaseError(f"{path}: could not store the records: {exc}") from exc
    return {name: len(rows[name]) for name in RECORD_TABLES}


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
    abspath = str(p.resolve())
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
            _delete_document(con, doc_id, abspath)
            _insert(con, "documents", [document])
    except duckdb.Error as exc:
        raise DatabaseError(f"{path}: could not record the failure: {exc}") from exc
    return doc_id


def _delete_document(con: duckdb.DuckDBPyConnection, doc_id: str, abspath: str) -> None:
    ids = [doc_id] + [
        r[0]
        for r in con.execute(
            "SELECT doc_id FROM documents WHERE path = ? AND doc_id <> ?", [abspath, doc_id]
        ).fetchall()
    ]
    for table in (*RECORD_TABLES, "documents"):
        con.executemany(f"DELETE FROM {table} WHERE doc_id = ?", [[i] for i in ids])


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[dict[str, Any]]) -> None:
    if not rows:
        return
    cols = list(rows[0])
    sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
    con.executemany(sql, [[r[c] for c in cols] for r in rows])


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


def _money(value: int | None, field: str, flags: list[str]) -> int | None:
    """A rupiah amount that fits BIGINT; anything larger is a misread, kept as raw text only."""
    if value is not None and abs(value) > _BIGINT_MAX:
        flags.append(f"{field}:out_of_range")
        return None
    return value


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
        "amount": _money(r.amount, "amount", flags),
        "amount_raw": r.amount_raw,
        "date": r.date,
        "date_raw": r.date_raw,
        "note": r.note,
        "delta": _money(r.delta, "delta", flags),
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
        "pagu": _money(r.pagu, "pagu", flags),
        "realisasi": _money(r.realisasi, "realisasi", flags),
        "sisa": _money(r.sisa, "sisa", flags),
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
        "pagu": _money(r.pagu, "pagu", flags),
        "realisasi": _money(r.realisasi, "realisasi", flags),
        "realisasi_pct": r.realisasi_pct,
        "pagu_raw": r.raw.get("pagu"),
        "realisasi_raw": r.raw.get("realisasi"),
        "realisasi_pct_raw": r.raw.get("realisasi_pct"),
        "flags": flags,
        **_provenance(r.provenance),
    }
