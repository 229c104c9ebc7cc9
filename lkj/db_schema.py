"""The database layout: its DDL and comments, its version, and the upgrades between versions.

The DDL lives in ``models/schema.sql`` (package data of :mod:`lkj.models`); its ``--`` comments
become DuckDB COMMENTs. ``meta.schema_version`` says which layout a file has. A file of an
older version is upgraded in place, in one transaction, the first time it is opened with write
access; a read-only open of an older file, or any open of a newer one, is refused with a message
that says what to do.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import duckdb

from lkj import __version__
from lkj.errors import DatabaseError

log = logging.getLogger(__name__)

#: bump with the INSERT INTO meta at the end of models/schema.sql, and add to UPGRADES
SCHEMA_VERSION = 4

#: the tables version 3 added: canonical satker and indicators, derived from the records by
#: lkj.satker and lkj.indicators (not replaced with a document, unlike lkj.db.RECORD_TABLES)
CANONICAL_TABLES = (
    "satker_ref",
    "document_satker",
    "indicators",
    "indicator_map",
    "indicator_overrides",
)


def schema_sql() -> str:
    """The DDL of the database (models/schema.sql)."""
    return resources.files("lkj.models").joinpath("schema.sql").read_text(encoding="utf-8")


_CREATE_RE = re.compile(r"^CREATE TABLE (\w+)", re.IGNORECASE)
_COLUMN_RE = re.compile(r"^\s+(\w+)\s+[^-]+?--\s*(.+)$")
_COMMENT_RE = re.compile(r"^\s*--\s?(.*)$")


def table_ddl(sql: str, table: str) -> str:
    """The ``CREATE TABLE`` statement of one table of the DDL, comments included."""
    lines = sql.splitlines()
    for i, line in enumerate(lines):
        m = _CREATE_RE.match(line)
        if m and m.group(1) == table:
            end = next(j for j in range(i, len(lines)) if lines[j].startswith(");"))
            return "\n".join(lines[i : end + 1])
    raise KeyError(f"no CREATE TABLE {table} in the schema")


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


# --------------------------------------------------------------------------- transactions


def in_transaction(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the connection is inside a transaction opened with BEGIN (by anyone).

    Outside one, every statement runs in a transaction of its own, so two reads of
    ``txid_current()`` differ; inside one they agree. (A second BEGIN cannot serve as the
    test: DuckDB aborts the open transaction when it fails.)
    """
    try:
        first = con.execute("SELECT txid_current()").fetchone()
        second = con.execute("SELECT txid_current()").fetchone()
    except duckdb.TransactionException:  # "current transaction is aborted": still inside one
        return True
    return first == second


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """BEGIN ... COMMIT, rolled back on any exception (KeyboardInterrupt included).

    Nests: inside a transaction the caller already holds (from an outer ``transaction`` or its
    own BEGIN) the block joins it and neither commits nor rolls back; an exception propagates
    and the owner of the transaction rolls the whole of it back. So several writes, e.g.
    :func:`lkj.db.load_extraction` and :func:`lkj.db.replace_findings`, can share one
    transaction by running inside ``with transaction(con):``.
    """
    if id(con) in _OWNED or in_transaction(con):
        yield
        return
    con.begin()
    _OWNED.add(id(con))
    try:
        yield
    except BaseException:
        con.rollback()
        raise
    finally:
        _OWNED.discard(id(con))
    con.commit()


#: connections inside a transaction this module began (by ``id``, for as long as it lasts):
#: the blocks nested in it join it without asking DuckDB (two queries each)
_OWNED: set[int] = set()


# --------------------------------------------------------------------------- versions


def prepare(con: duckdb.DuckDBPyConnection, path: Path, read_only: bool) -> None:
    """Create the schema in an empty database, upgrade an older one, refuse anything else."""
    names = _table_names(con)
    if "meta" not in names:
        if names:
            raise DatabaseError(f"{path}: not an lkj database (it has tables but no meta table)")
        if read_only:
            raise DatabaseError(
                f"{path}: empty database (create it with `lkj ingest ... --db {path}`)"
            )
        create(con)
        return
    version = schema_version(con)
    if version is None:
        raise DatabaseError(f"{path}: not an lkj database (no readable schema_version in meta)")
    if version > SCHEMA_VERSION:
        raise DatabaseError(
            f"{path}: database has schema version {version}, newer than this lkj supports "
            f"({SCHEMA_VERSION}); upgrade lkj"
        )
    if version < SCHEMA_VERSION:
        if not all(v in UPGRADES for v in range(version, SCHEMA_VERSION)):
            raise DatabaseError(
                f"{path}: database has schema version {version}, which this lkj cannot upgrade "
                f"to {SCHEMA_VERSION}; ingest into a new database file"
            )
        if read_only:
            raise DatabaseError(
                f"{path}: database has schema version {version}, older than this lkj "
                f"({SCHEMA_VERSION}); open it once with write access to upgrade it in place "
                f'(e.g. `lkj sql "SELECT 1" --write --db {path}`)'
            )
        upgrade(con, path, version)


def schema_version(con: duckdb.DuckDBPyConnection) -> int | None:
    """``meta.schema_version`` as a number; None when it is missing or not a number."""
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    try:
        return int(row[0]) if row else None
    except ValueError:
        return None


def _table_names(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
        ).fetchall()
    }


def create(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table of the current schema, with its comments, in an empty database."""
    sql = schema_sql()
    with transaction(con):
        con.execute(sql)
        for statement in comment_statements(sql):
            con.execute(statement)
        con.execute("INSERT INTO meta VALUES ('created_with', ?)", [f"lkj {__version__}"])


def upgrade(con: duckdb.DuckDBPyConnection, path: Path, version: int) -> None:
    """Bring a database of schema ``version`` to :data:`SCHEMA_VERSION`, in one transaction.

    On any error nothing changes: the file keeps its old version and its rows, and the error
    says so. Comments are re-applied from the current DDL, so an upgraded database documents
    itself exactly as a new one does.
    """
    sql = schema_sql()
    try:
        with transaction(con):
            for v in range(version, SCHEMA_VERSION):
                UPGRADES[v](con, sql)
            for statement in comment_statements(sql):
                con.execute(statement)
            con.execute(
                "UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION)]
            )
            con.execute(
                "INSERT OR REPLACE INTO meta VALUES ('upgraded_with', ?)",
                [f"lkj {__version__} (from schema version {version})"],
            )
    except duckdb.Error as exc:
        raise DatabaseError(
            f"{path}: could not upgrade the database from schema version {version} to "
            f"{SCHEMA_VERSION} ({str(exc).splitlines()[0]}); it was left unchanged: "
            "ingest into a new database file"
        ) from exc
    log.warning(
        "%s: upgraded the database from schema version %d to %d; older lkj versions "
        "can no longer open it",
        path,
        version,
        SCHEMA_VERSION,
    )


def _rebuild(con: duckdb.DuckDBPyConnection, table: str, ddl: str) -> None:
    """Recreate ``table`` from its current DDL and copy its rows over by column name.

    Used instead of ALTER TABLE ADD COLUMN so that an upgraded table has the same column order
    as a new one; columns the old table lacks take their defaults.
    """
    old = f"{table}__before_upgrade"
    con.execute(f"ALTER TABLE {table} RENAME TO {old}")
    con.execute(ddl)
    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {old}")
    con.execute(f"DROP TABLE {old}")


def _upgrade_1_to_2(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Version 2 adds tally_rows, statements, toc_entries, findings and their documents counts.

    The DDL is taken from the current schema; should a later version change these tables,
    this step must keep their version-2 DDL here instead.
    """
    for table in ("tally_rows", "statements", "toc_entries", "findings"):
        con.execute(_without_ocr(table_ddl(sql, table)))  # version 4 adds it
    _rebuild(con, "documents", table_ddl(sql, "documents"))


def _upgrade_2_to_3(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Version 3 adds the canonical satker and indicator tables; no existing table changes.

    They start empty: ``lkj satker`` / ``lkj indicators`` (or ``lkj report``) fill them from
    the stored records, so an upgraded database needs none of its source files.
    """
    for table in CANONICAL_TABLES:
        con.execute(table_ddl(sql, table))


#: the tables version 4 gave an ``ocr`` column (provenance of records read from scanned pages)
OCR_TABLES = ("performance", "dipa_revisions", "budget_lines", "pagu_history", "tally_rows")


def _without_ocr(ddl: str) -> str:
    """A table's DDL as it was before version 4: without its ``ocr`` column."""
    return re.sub(r"(?m)^    ocr JSON,.*\n", "", ddl)


def _upgrade_3_to_4(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Version 4 adds ``ocr`` (how OCR read each field) as the last column of the record
    tables; older rows were read from text layers and keep NULL there."""
    for table in OCR_TABLES:
        con.execute(f"ALTER TABLE {table} ADD COLUMN ocr JSON")


#: version -> the step that upgrades a database of that version to the next one
UPGRADES: dict[int, Callable[[duckdb.DuckDBPyConnection, str], None]] = {
    1: _upgrade_1_to_2,
    2: _upgrade_2_to_3,
    3: _upgrade_3_to_4,
}
