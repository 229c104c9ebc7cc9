"""Schema upgrades: a version-1 database is upgraded in place to the current layout, in one
transaction; read-only, unknown and newer versions are refused with a message saying what to do.

The version-1 database is built from the version-1 DDL, derived from the current schema by
taking away what version 2 added (the test checks the derivation took away exactly that).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import duckdb
import pytest
from test_db_helpers import full_extraction, sample_extraction, sample_findings

import lkj
from lkj import db, db_schema
from lkj.errors import DatabaseError

V2_TABLES = ("tally_rows", "statements", "toc_entries", "findings")
V2_COUNTS = tuple(f"n_{t}" for t in V2_TABLES)
V1_TABLES = ("tables", "performance", "dipa_revisions", "budget_lines", "pagu_history", "issues")


def v1_schema() -> str:
    """The version-1 DDL: the current one without the tables and columns version 2 added."""
    sql = db.schema_sql()
    for table in (*V2_TABLES, *db_schema.CANONICAL_TABLES):  # version 3's tables go too
        sql, n = re.subn(rf"(?ms)^-- [^\n]*\nCREATE TABLE {table} \(.*?^\);\n\n", "", sql)
        assert n == 1, table
    sql, n = re.subn(rf"(?m)^    ({'|'.join(V2_COUNTS)}) .*\n", "", sql)
    assert n == len(V2_COUNTS)
    sql = without_ocr(sql)  # version 4's column goes too
    return sql.replace(
        f"VALUES ('schema_version', '{db.SCHEMA_VERSION}')", "VALUES ('schema_version', '1')"
    )


def without_ocr(sql: str) -> str:
    """The DDL without the ``ocr`` column version 4 added to the record tables."""
    present = sum(f"CREATE TABLE {t} (" in sql for t in db_schema.OCR_TABLES)
    sql, n = re.subn(r"(?m)^    ocr JSON,.*\n", "", sql)
    assert n == present
    return sql


def make_v1_database(path: Path) -> str:
    """A version-1 database holding one document with a performance row; returns its doc_id."""
    sql = v1_schema()
    ex = sample_extraction()
    doc_id = ex.document.sha256
    con = duckdb.connect(str(path))
    con.execute(sql)
    for statement in db.comment_statements(sql):
        con.execute(statement)
    con.execute("INSERT INTO meta VALUES ('created_with', 'lkj 0.1.0')")
    con.execute(
        "INSERT INTO documents (doc_id, path, source, format, satker, year, status, "
        "pipeline_version, ingested_at, n_performance, n_issues, evidence) VALUES "
        "(?, '/reports/a.txt', '000_sample.txt', 'text', 'KPU Kabupaten Dharmasraya', 2019, "
        "'ok', '0.1.0', TIMESTAMP '2024-05-01 10:00:00', 1, 0, '{}')",
        [doc_id],
    )
    row = db._performance_row(doc_id, 0, ex.performance[0])
    del row["ocr"]  # a version-4 column
    db._insert(con, "performance", [row])
    con.close()
    return doc_id


def layout(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """Every table and column with its position, type, default, nullability and comment."""
    columns = con.execute(
        "SELECT table_name, column_index, column_name, data_type, column_default, is_nullable, "
        "comment FROM duckdb_columns() WHERE database_name = current_database() ORDER BY ALL"
    ).fetchall()
    tables = con.execute(
        "SELECT table_name, comment FROM duckdb_tables() "
        "WHERE database_name = current_database() ORDER BY ALL"
    ).fetchall()
    keys = con.execute(
        "SELECT table_name, constraint_type, constraint_column_names FROM duckdb_constraints() "
        "WHERE database_name = current_database() ORDER BY ALL"
    ).fetchall()
    return [*columns, *tables, *keys]


def test_v1_schema_is_the_current_one_without_version_2(tmp_path: Path) -> None:
    sql = v1_schema()
    assert not any(f"CREATE TABLE {t} (" in sql for t in V2_TABLES)
    assert not any(c in sql for c in V2_COUNTS)
    assert all(f"CREATE TABLE {t} (" in sql for t in ("meta", "documents", *V1_TABLES))
    make_v1_database(tmp_path / "v1.duckdb")
    con = duckdb.connect(str(tmp_path / "v1.duckdb"))
    assert db_schema.schema_version(con) == 1
    con.close()


def test_v1_database_is_upgraded_in_place(tmp_path: Path, caplog) -> None:
    path = tmp_path / "v1.duckdb"
    doc_id = make_v1_database(path)
    raw = duckdb.connect(str(path))
    before_doc = raw.execute("SELECT * FROM documents").fetchall()
    before_perf = raw.execute("SELECT * FROM performance").fetchall()
    raw.close()

    with caplog.at_level(logging.WARNING, logger="lkj"):
        con = db.open_db(path)
    assert f"upgraded the database from schema version 1 to {db.SCHEMA_VERSION}" in caplog.text
    assert db_schema.schema_version(con) == db.SCHEMA_VERSION
    assert con.execute("SELECT value FROM meta WHERE key = 'upgraded_with'").fetchone() == (
        f"lkj {lkj.__version__} (from schema version 1)",
    )
    # the rows survive: the v1 columns unchanged, the new counts 0
    doc = con.execute("SELECT * EXCLUDE (" + ", ".join(V2_COUNTS) + ") FROM documents").fetchall()
    assert doc == before_doc
    assert con.execute("SELECT " + ", ".join(V2_COUNTS) + " FROM documents").fetchone() == (
        0,
        0,
        0,
        0,
    )
    assert con.execute("SELECT * EXCLUDE (ocr) FROM performance").fetchall() == before_perf
    # the layout is that of a new database, comments included
    fresh = db.open_db(tmp_path / "fresh.duckdb")
    assert layout(con) == layout(fresh)
    fresh.close()
    # and the database works as a version-2 one
    back = db.read_extraction(con, doc_id)
    assert [p.indikator for p in back.performance] == ["Persentase indikator 0"]
    assert back.tally_rows == [] and back.statements == [] and back.toc == []
    db.replace_findings(con, doc_id, sample_findings("000_sample.txt", 2), "1")
    full = full_extraction()
    db.load_extraction(con, full, path=tmp_path / "full.txt")
    assert db.read_extraction(con, full.document.sha256).statements[0].kind == "pagu_final"
    con.close()

    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="lkj"):
        con = db.open_db(path, read_only=True)  # once upgraded, read-only opens work
    assert caplog.text == ""
    assert con.execute(
        "SELECT n_findings FROM documents WHERE doc_id = ?", [doc_id]
    ).fetchone() == (2,)
    con.close()


def test_read_only_open_of_v1_database_says_how_to_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "v1.duckdb"
    make_v1_database(path)
    with pytest.raises(DatabaseError, match="open it once with write access to upgrade it"):
        db.open_db(path, read_only=True)
    con = duckdb.connect(str(path), read_only=True)
    assert db_schema.schema_version(con) == 1
    con.close()


def test_failed_upgrade_leaves_the_database_as_it_was(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "v1.duckdb"
    make_v1_database(path)
    raw = duckdb.connect(str(path))
    before = layout(raw)
    before_rows = [
        raw.execute(f"SELECT * FROM {t}").fetchall() for t in ("documents", "performance")
    ]
    raw.close()
    real_step = db_schema.UPGRADES[1]

    def step_then_fail(con: duckdb.DuckDBPyConnection, sql: str) -> None:
        real_step(con, sql)  # new tables created, documents rebuilt ...
        con.execute("SELECT * FROM no_such_table")  # ... then the disk fills up

    monkeypatch.setitem(db_schema.UPGRADES, 1, step_then_fail)
    with pytest.raises(DatabaseError, match="could not upgrade .* left unchanged"):
        db.open_db(path)
    raw = duckdb.connect(str(path))
    assert layout(raw) == before
    assert [raw.execute(f"SELECT * FROM {t}").fetchall() for t in ("documents", "performance")] == (
        before_rows
    )
    assert db_schema.schema_version(raw) == 1
    raw.close()
    monkeypatch.setitem(db_schema.UPGRADES, 1, real_step)
    db.open_db(path).close()  # the next open upgrades it


def test_upgrade_refused_when_a_new_table_name_is_taken(tmp_path: Path) -> None:
    path = tmp_path / "v1.duckdb"
    make_v1_database(path)
    raw = duckdb.connect(str(path))
    raw.execute("CREATE TABLE findings (note VARCHAR)")  # someone's own table
    raw.close()
    with pytest.raises(DatabaseError, match="could not upgrade the database from schema version 1"):
        db.open_db(path)
    raw = duckdb.connect(str(path))
    assert db_schema.schema_version(raw) == 1
    assert raw.execute("SELECT count(*) FROM documents").fetchone() == (1,)
    raw.close()


def test_version_without_an_upgrade_path_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "v0.duckdb"
    make_v1_database(path)
    raw = duckdb.connect(str(path))
    raw.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    raw.close()
    with pytest.raises(
        DatabaseError, match=f"cannot upgrade to {db.SCHEMA_VERSION}; ingest into a new database"
    ):
        db.open_db(path)
    with pytest.raises(DatabaseError, match="cannot upgrade"):
        db.open_db(path, read_only=True)


def test_every_older_version_has_an_upgrade_step() -> None:
    assert sorted(db_schema.UPGRADES) == list(range(1, db.SCHEMA_VERSION))
    assert f"VALUES ('schema_version', '{db.SCHEMA_VERSION}')" in db.schema_sql()


def test_v3_database_gains_the_ocr_column(tmp_path: Path) -> None:
    """Version 4: the record tables get ``ocr`` (how OCR read each field) as their last
    column; old rows keep NULL there and a scanned document's readings load and read back."""
    from lkj.models import OcrRead

    path = tmp_path / "v3.duckdb"
    sql = without_ocr(db.schema_sql()).replace(
        f"VALUES ('schema_version', '{db.SCHEMA_VERSION}')", "VALUES ('schema_version', '3')"
    )
    raw = duckdb.connect(str(path))
    raw.execute(sql)
    for statement in db.comment_statements(sql):
        raw.execute(statement)
    ex = sample_extraction()
    row = db._performance_row(ex.document.sha256, 0, ex.performance[0])
    del row["ocr"]
    db._insert(raw, "performance", [row])
    raw.close()

    con = db.open_db(path)
    assert db_schema.schema_version(con) == db.SCHEMA_VERSION
    assert con.execute("SELECT ocr FROM performance").fetchall() == [(None,)]
    fresh = db.open_db(tmp_path / "fresh.duckdb")
    assert layout(con) == layout(fresh)
    fresh.close()

    scanned = sample_extraction(source="scan.pdf")
    perf = scanned.performance[0]
    read = {"target": OcrRead(confidence=41.0, read="7O%")}
    scanned.performance[0] = perf.model_copy(
        update={"provenance": perf.provenance.model_copy(update={"ocr": read})}
    )
    db.load_extraction(con, scanned, path=tmp_path / "scan.pdf")
    back = db.read_extraction(con, scanned.document.sha256)
    assert back.performance[0].provenance.ocr == read
    con.close()
