"""The DuckDB store: schema, idempotent loads, rollback on failure, failures as rows."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest
from test_db_helpers import sample_extraction, sha_of

from lkj import PIPELINE_VERSION, db
from lkj.db_schema import CANONICAL_TABLES
from lkj.errors import DatabaseError


def counts(con: duckdb.DuckDBPyConnection, doc_id: str | None = None) -> dict[str, int]:
    where = "" if doc_id is None else f" WHERE doc_id = '{doc_id}'"
    return {
        t: con.execute(f"SELECT count(*) FROM {t}{where}").fetchone()[0]
        for t in ("documents", *db.RECORD_TABLES)
    }


@pytest.fixture
def con(tmp_path: Path):
    c = db.open_db(tmp_path / "lkj.duckdb")
    yield c
    c.close()


def test_new_database_has_schema_version_and_documented_columns(con) -> None:
    assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (
        str(db.SCHEMA_VERSION),
    )
    undocumented = con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() "
        "WHERE database_name = current_database() AND (comment IS NULL OR comment = '')"
    ).fetchall()
    assert undocumented == []
    tables = dict(
        con.execute(
            "SELECT table_name, comment FROM duckdb_tables() WHERE database_name = current_database()"
        ).fetchall()
    )
    assert set(tables) == {"meta", "documents", *db.RECORD_TABLES, *CANONICAL_TABLES}
    assert all(tables.values()), tables


def test_load_twice_is_idempotent(con, tmp_path: Path) -> None:
    ex = sample_extraction()
    first = db.load_extraction(con, ex, path=tmp_path / "a.txt", seconds=0.1)
    before = counts(con)
    second = db.load_extraction(con, ex, path=tmp_path / "a.txt", seconds=0.2)
    assert first == second
    assert counts(con) == before
    assert before == {
        "documents": 1,
        "tables": 2,
        "performance": 3,
        "dipa_revisions": 2,
        "budget_lines": 2,
        "pagu_history": 1,
        "tally_rows": 0,
        "statements": 0,
        "toc_entries": 0,
        "findings": 0,
        "issues": 0,
    }


def test_values_keep_raw_text_and_provenance(con, tmp_path: Path) -> None:
    db.load_extraction(con, sample_extraction(), path=tmp_path / "a.txt")
    row = con.execute(
        "SELECT target_raw, target_value, target_unit, realisasi_percent, realisasi_flags, capaian_value, "
        "source, page, line, caption, table_index, bbox, columns->>'target' "
        "FROM performance WHERE row_no = 0"
    ).fetchone()
    assert row == (
        "70%",
        70.0,
        "%",
        100.0,
        ["with_percent"],
        93.86,
        "000_sample.txt",
        12,
        490,
        "Tabel 3.2",
        0,
        [10.0, 20.0, 300.0, 32.5],
        "2",
    )
    qual = con.execute(
        "SELECT target_text, target_value, capaian_kind FROM performance WHERE indikator = 'Opini BPK'"
    ).fetchone()
    assert qual == ("WTP", None, "empty")
    rev = con.execute(
        "SELECT amount, date, date_raw, flags FROM dipa_revisions WHERE seq = 1"
    ).fetchone()
    assert (
        str(rev[1]) == "2019-03-22" and rev[2] == "22 Maret 2019" and rev[3] == ["amount:us_style"]
    )
    doc = con.execute(
        "SELECT status, n_performance, evidence->'year'->>'text', pipeline_version FROM documents"
    ).fetchone()
    assert doc == ("ok", 3, "TAHUN 2019", PIPELINE_VERSION)
    assert con.execute(
        "SELECT pagu_raw, realisasi_pct_raw FROM budget_lines WHERE row_no = 0"
    ).fetchone() == ("2.350.893.000", "98,85")


def test_reload_of_changed_extraction_replaces_rows(con, tmp_path: Path) -> None:
    db.load_extraction(con, sample_extraction(n_performance=5), path=tmp_path / "a.txt")
    assert counts(con)["performance"] == 6
    db.load_extraction(con, sample_extraction(n_performance=1, year=2020), path=tmp_path / "a.txt")
    assert counts(con)["performance"] == 2
    assert con.execute("SELECT year FROM documents").fetchall() == [(2020,)]


def test_other_documents_are_untouched(con, tmp_path: Path) -> None:
    db.load_extraction(con, sample_extraction(source="a.txt"), path=tmp_path / "a.txt")
    db.load_extraction(
        con, sample_extraction(source="b.txt", n_performance=4), path=tmp_path / "b.txt"
    )
    db.load_extraction(
        con, sample_extraction(source="a.txt", n_performance=0), path=tmp_path / "a.txt"
    )
    assert counts(con, sha_of("b.txt"))["performance"] == 5
    assert counts(con, sha_of("a.txt"))["performance"] == 1


def test_changed_file_at_same_path_supersedes_old_version(con, tmp_path: Path) -> None:
    db.load_extraction(con, sample_extraction("1" * 64), path=tmp_path / "a.txt")
    db.load_extraction(con, sample_extraction("2" * 64), path=tmp_path / "a.txt")
    assert con.execute("SELECT doc_id FROM documents").fetchall() == [("2" * 64,)]
    assert con.execute("SELECT DISTINCT doc_id FROM performance").fetchall() == [("2" * 64,)]


def test_fault_mid_load_leaves_previous_rows_intact(con, tmp_path: Path, monkeypatch) -> None:
    db.load_extraction(con, sample_extraction(n_performance=3), path=tmp_path / "a.txt")
    before = counts(con)
    real_insert = db._insert

    def failing_insert(c, table, rows):
        if table == "budget_lines":  # after documents, tables, performance were rewritten
            raise RuntimeError("disk on fire")
        real_insert(c, table, rows)

    monkeypatch.setattr(db, "_insert", failing_insert)
    with pytest.raises(RuntimeError, match="disk on fire"):
        db.load_extraction(
            con, sample_extraction(n_performance=7, year=2030), path=tmp_path / "a.txt"
        )
    assert counts(con) == before
    assert con.execute("SELECT year FROM documents").fetchall() == [(2019,)]
    # the connection is usable afterwards
    monkeypatch.setattr(db, "_insert", real_insert)
    db.load_extraction(con, sample_extraction(n_performance=7), path=tmp_path / "a.txt")
    assert counts(con)["performance"] == 8


def test_duckdb_error_becomes_database_error_and_rolls_back(con, tmp_path: Path) -> None:
    db.load_extraction(con, sample_extraction(), path=tmp_path / "a.txt")
    bad = sample_extraction()
    bad.performance[1].provenance.source = None  # type: ignore[assignment]  # NOT NULL column
    with pytest.raises(DatabaseError, match="could not store"):
        db.load_extraction(con, bad, path=tmp_path / "a.txt")
    assert counts(con)["performance"] == 3


def test_amount_beyond_bigint_is_flagged_not_fatal(con, tmp_path: Path) -> None:
    ex = sample_extraction()
    ex.budget_lines[0].pagu = 10**20
    db.load_extraction(con, ex, path=tmp_path / "a.txt")
    assert con.execute(
        "SELECT pagu, pagu_raw, flags FROM budget_lines WHERE row_no = 0"
    ).fetchone() == (
        None,
        "2.350.893.000",
        ["pagu:out_of_range"],
    )


def test_partial_status_from_error_issues(con, tmp_path: Path) -> None:
    ex = sample_extraction(issues=(("error", "table 3 unreadable"), ("warning", "odd encoding")))
    db.load_extraction(con, ex, path=tmp_path / "a.txt")
    assert con.execute("SELECT status, error, n_issues FROM documents").fetchone() == (
        "partial",
        "table 3 unreadable",
        2,
    )


def test_record_failure_keys_by_content_hash_and_replaces(con, tmp_path: Path) -> None:
    f = tmp_path / "bad.txt"
    f.write_bytes(b"\x00\x01garbage")
    doc_id = db.record_failure(con, f, "binary data", 0.5)
    assert doc_id == sha_of(b"\x00\x01garbage")
    row = con.execute(
        "SELECT doc_id, source, status, error, seconds, n_performance FROM documents"
    ).fetchone()
    assert row == (doc_id, "bad.txt", "failed", "binary data", 0.5, 0)
    db.record_failure(con, f, "still binary", 0.5)
    assert con.execute("SELECT error FROM documents").fetchall() == [("still binary",)]
    assert not db.is_loaded(con, doc_id, PIPELINE_VERSION)


def test_record_failure_replaces_earlier_records_of_the_document(con, tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("report")
    db.load_extraction(con, sample_extraction(sha_of("report")), path=f)
    db.record_failure(con, f, "pipeline now rejects it")
    assert counts(con) == {"documents": 1, **dict.fromkeys(db.RECORD_TABLES, 0)}


def test_record_failure_of_unreadable_path(con, tmp_path: Path) -> None:
    missing = tmp_path / "gone.pdf"
    doc_id = db.record_failure(con, missing, "cannot read")
    assert doc_id == f"path:{missing.resolve()}"
    assert con.execute("SELECT status FROM documents WHERE doc_id = ?", [doc_id]).fetchone() == (
        "failed",
    )


def test_is_loaded_checks_pipeline_version(con, tmp_path: Path) -> None:
    ex = sample_extraction()
    assert not db.is_loaded(con, ex.document.sha256, PIPELINE_VERSION)
    db.load_extraction(con, ex, path=tmp_path / "a.txt")
    assert db.is_loaded(con, ex.document.sha256, PIPELINE_VERSION)
    assert not db.is_loaded(con, ex.document.sha256, "0.0.0-other")


def test_newer_schema_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "lkj.duckdb"
    db.open_db(path).close()
    con = duckdb.connect(str(path))
    con.execute(
        "UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(db.SCHEMA_VERSION + 1)]
    )
    con.close()
    with pytest.raises(DatabaseError, match="newer than this lkj supports"):
        db.open_db(path)
    with pytest.raises(DatabaseError, match="newer"):
        db.open_db(path, read_only=True)


def test_reopening_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "lkj.duckdb"
    con = db.open_db(path)
    db.load_extraction(con, sample_extraction(), path=tmp_path / "a.txt")
    con.close()
    con = db.open_db(path, read_only=True)
    assert counts(con)["documents"] == 1
    con.close()


def test_foreign_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE t (x INTEGER)")
    con.close()
    with pytest.raises(DatabaseError, match="not an lkj database"):
        db.open_db(path)


def test_read_only_missing_database(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="no such database"):
        db.open_db(tmp_path / "nope.duckdb", read_only=True)
    assert not (tmp_path / "nope.duckdb").exists()


def test_lock_held_by_another_process(tmp_path: Path) -> None:
    path = tmp_path / "lkj.duckdb"
    db.open_db(path).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import duckdb, sys, time
            con = duckdb.connect({str(path)!r})
            print("locked", flush=True)
            sys.stdin.read()
        """),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(DatabaseError, match="database is in use by another process"):
            db.open_db(path)
    finally:
        holder.communicate("", timeout=30)


def test_comment_statements_cover_every_column_of_the_ddl() -> None:
    statements = db.comment_statements(db.schema_sql())
    assert "COMMENT ON COLUMN documents.doc_id IS" in "\n".join(statements)
    assert sum(s.startswith("COMMENT ON TABLE") for s in statements) == 1 + 1 + len(
        db.RECORD_TABLES
    ) + len(CANONICAL_TABLES)
