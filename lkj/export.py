"""Export the database: one file per table, parquet, csv or xlsx, provenance columns included.

Parquet and CSV are written by DuckDB itself (``COPY ... TO``), so they need nothing beyond
DuckDB and keep every column's type (parquet) or its text (CSV). XLSX is written with
openpyxl, in its streaming mode; a spreadsheet cell holds no list or JSON, so those columns
(flags, bbox, columns, involved, evidence) become JSON text there, as in CSV.

Rows keep the order of their keys (doc_id, then row_no or table_index), so two exports of the
same database are the same files.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from lkj.db import RECORD_TABLES, open_db
from lkj.db_schema import CANONICAL_TABLES
from lkj.errors import LkjError

#: every table, in the order they are written
TABLES: tuple[str, ...] = ("meta", "documents", *RECORD_TABLES, *CANONICAL_TABLES)
#: columns that say where a row was read; kept in every export
PROVENANCE = ("source", "page", "line", "caption", "table_index", "row_index", "bbox", "columns")
#: an xlsx sheet holds at most this many rows, the header included
XLSX_MAX_ROWS = 1_048_576

_ORDER = {
    "meta": "key",
    "documents": "path, doc_id",
    "tables": "doc_id, table_index",
    "satker_ref": "satker_id",
    "document_satker": "doc_id",
    "indicators": "indicator_id",
    "indicator_map": "wording",
    "indicator_overrides": "wording",
}


@dataclass
class Written:
    table: str
    rows: int
    path: Path


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    return [
        (r[0], r[1])
        for r in con.execute(
            "SELECT column_name, data_type FROM duckdb_columns() "
            "WHERE database_name = current_database() AND table_name = ? ORDER BY column_index",
            [table],
        ).fetchall()
    ]


def _select(con: duckdb.DuckDBPyConnection, table: str, text_for_nested: bool) -> str:
    """SELECT of a whole table in key order; lists and JSON as JSON text when asked."""
    cols = []
    for name, dtype in _columns(con, table):
        if text_for_nested and (dtype.endswith("[]") or dtype == "JSON"):
            cols.append(f"CAST(to_json({name}) AS VARCHAR) AS {name}")
        else:
            cols.append(name)
    order = _ORDER.get(table, "doc_id, row_no")
    return f"SELECT {', '.join(cols)} FROM {table} ORDER BY {order}"


def export_tables(
    db_path: str | Path, out_dir: str | Path, fmt: str, tables: list[str] | None = None
) -> list[Written]:
    """Write ``tables`` (default: all) of the database to ``out_dir``/<table>.<fmt>."""
    if fmt not in ("parquet", "csv", "xlsx"):
        raise LkjError(f"unknown export format {fmt!r} (parquet, csv or xlsx)")
    wanted = list(tables or TABLES)
    unknown = [t for t in wanted if t not in TABLES]
    if unknown:
        raise LkjError(f"no table {', '.join(unknown)}; tables: {', '.join(TABLES)}")
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LkjError(f"{out}: cannot create the folder: {exc.strerror}") from exc
    con = open_db(db_path, read_only=True)
    con.execute("SET enable_progress_bar = false")
    written: list[Written] = []
    try:
        for table in wanted:
            path = out / f"{table}.{fmt}"
            row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
            n = int(row[0]) if row else 0
            if fmt == "xlsx":
                _write_xlsx(con, table, path, n)
            else:
                options = "FORMAT parquet" if fmt == "parquet" else "FORMAT csv, HEADER true"
                sql = _select(con, table, text_for_nested=fmt == "csv")
                con.execute(f"COPY ({sql}) TO '{_quote_path(path)}' ({options})")
            written.append(Written(table, n, path))
    except duckdb.Error as exc:
        raise LkjError(f"export failed: {str(exc).splitlines()[0]}") from exc
    finally:
        con.close()
    return written


def _quote_path(path: Path) -> str:
    return str(path).replace("'", "''")


_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _cell(value: Any) -> Any:
    """A value openpyxl can store: numbers, dates and booleans as they are, text without the
    control characters a spreadsheet refuses."""
    if isinstance(value, str):
        return _ILLEGAL.sub("\ufffd", value)
    if value is None or isinstance(value, bool | int | float | dt.date | dt.datetime):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def _write_xlsx(con: duckdb.DuckDBPyConnection, table: str, path: Path, n: int) -> None:
    try:
        from openpyxl import Workbook
    except ImportError as exc:  # pragma: no cover - a dependency of lkj
        raise LkjError("xlsx export needs openpyxl (pip install openpyxl)") from exc
    if n + 1 > XLSX_MAX_ROWS:
        raise LkjError(
            f"{table} has {n} rows, more than an xlsx sheet holds ({XLSX_MAX_ROWS - 1}); "
            "export it as parquet or csv"
        )
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(table[:31])
    cur = con.execute(_select(con, table, text_for_nested=True))
    ws.append([d[0] for d in cur.description])
    while batch := cur.fetchmany(5000):
        for row in batch:
            ws.append([_cell(v) for v in row])
    wb.save(path)
