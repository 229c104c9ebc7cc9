"""Storing the checks' findings: replaced per document, written with the records in one
transaction, gone when the records they were about are replaced; transactions that nest."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from test_db_helpers import full_extraction, sample_extraction, sample_findings
from test_db_readback import differences

from lkj import db
from lkj.errors import DatabaseError


@pytest.fixture
def con(tmp_path: Path):
    c = db.open_db(tmp_path / "lkj.duckdb")
    yield c
    c.close()


def n_findings(con: duckdb.DuckDBPyConnection, doc_id: str) -> tuple[int, int]:
    """(rows in findings, documents.n_findings) of one document."""
    row = con.execute(
        "SELECT (SELECT count(*) FROM findings WHERE doc_id = $d), n_findings "
        "FROM documents WHERE doc_id = $d",
        {"d": doc_id},
    ).fetchone()
    assert row is not None
    return row[0], row[1]


def test_findings_round_trip_exactly(con, tmp_path: Path) -> None:
    ex = full_extraction()
    doc_id = ex.document.sha256
    db.load_extraction(con, ex, path=tmp_path / "full.txt")
    findings = sample_findings()
    assert db.replace_findings(con, doc_id, findings, rules_version="7") == 3
    back = db.read_findings(con)
    expected = [f.model_copy(update={"doc_id": doc_id}) for f in findings]
    assert [
        differences(e.model_dump(), b.model_dump()) for e, b in zip(expected, back, strict=True)
    ] == [[]] * 3
    assert len(back) == 3
    assert n_findings(con, doc_id) == (3, 3)
    assert con.execute("SELECT DISTINCT rules_version FROM findings").fetchall() == [("7",)]
    assert con.execute(
        "SELECT involved->0->>'role', involved->0->'provenance'->>'line' FROM findings "
        "WHERE row_no = 0"
    ).fetchone() == ("JUMLAH realisasi", "548")


def test_replace_findings_replaces_only_that_document(con, tmp_path: Path) -> None:
    a, b = sample_extraction(source="a.txt"), sample_extraction(source="b.txt")
    db.load_extraction(con, a, path=tmp_path / "a.txt")
    db.load_extraction(con, b, path=tmp_path / "b.txt")
    db.replace_findings(con, a.document.sha256, sample_findings("a.txt", 3), "1")
    db.replace_findings(con, b.document.sha256, sample_findings("b.txt", 2), "1")
    db.replace_findings(con, a.document.sha256, sample_findings("a.txt", 1), "1")
    assert n_findings(con, a.document.sha256) == (1, 1)
    assert n_findings(con, b.document.sha256) == (2, 2)
    db.replace_findings(con, a.document.sha256, [], "1")
    assert n_findings(con, a.document.sha256) == (0, 0)


def test_read_findings_filters_and_orders_by_document(con, tmp_path: Path) -> None:
    b, a = sample_extraction(source="b.txt"), sample_extraction(source="a.txt")
    for ex in (b, a):  # loaded out of path order
        db.load_extraction(con, ex, path=tmp_path / ex.document.source)
        db.replace_findings(con, ex.document.sha256, sample_findings(ex.document.source, 3), "1")
    every = db.read_findings(con)
    assert [(f.source, f.rule) for f in every] == [
        ("a.txt", "rule.0"),
        ("a.txt", "rule.1"),
        ("a.txt", "rule.2"),
        ("b.txt", "rule.0"),
        ("b.txt", "rule.1"),
        ("b.txt", "rule.2"),
    ]
    only_b = db.read_findings(con, doc_ids=[b.document.sha256])
    assert {f.doc_id for f in only_b} == {b.document.sha256} and len(only_b) == 3
    assert db.read_findings(con, doc_ids=[]) == []
    errors = db.read_findings(con, severity="error")
    assert [(f.source, f.severity) for f in errors] == [("a.txt", "error"), ("b.txt", "error")]
    some = db.read_findings(con, doc_ids=[a.document.sha256], severity=["warning", "info"])
    assert [f.rule for f in some] == ["rule.1", "rule.2"]
    with pytest.raises(ValueError, match="severity"):
        db.read_findings(con, severity="fatal")


def test_replace_findings_needs_a_loaded_document(con, tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="not in the database"):
        db.replace_findings(con, "0" * 64, sample_findings(), "1")
    doc_id = db.record_failure(con, tmp_path / "gone.txt", "cannot read")
    with pytest.raises(DatabaseError, match="failed to load"):
        db.replace_findings(con, doc_id, sample_findings(), "1")
    assert con.execute("SELECT count(*) FROM findings").fetchone() == (0,)


def test_finding_about_another_document_is_refused(con, tmp_path: Path) -> None:
    ex = sample_extraction()
    db.load_extraction(con, ex, path=tmp_path / "a.txt")
    stray = sample_findings(n=1)[0].model_copy(update={"doc_id": "f" * 64})
    with pytest.raises(ValueError, match="is about document"):
        db.replace_findings(con, ex.document.sha256, [stray], "1")


def test_load_extraction_stores_findings_in_its_transaction(con, tmp_path: Path) -> None:
    ex = sample_extraction()
    rows = db.load_extraction(
        con, ex, path=tmp_path / "a.txt", findings=sample_findings(n=2), rules_version="1"
    )
    assert rows["findings"] == 2
    assert n_findings(con, ex.document.sha256) == (2, 2)
    with pytest.raises(ValueError, match="rules_version"):
        db.load_extraction(con, ex, path=tmp_path / "a.txt", findings=sample_findings())
    assert n_findings(con, ex.document.sha256) == (2, 2)


def test_reloading_or_failing_a_document_drops_its_findings(con, tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("report")
    ex = sample_extraction(db.sha256_file(f))
    db.load_extraction(con, ex, path=f, findings=sample_findings(n=2), rules_version="1")
    db.load_extraction(con, ex, path=f)  # new records: the old findings were about the old ones
    assert n_findings(con, ex.document.sha256) == (0, 0)
    db.replace_findings(con, ex.document.sha256, sample_findings(n=2), "1")
    db.record_failure(con, f, "pipeline now rejects it")
    assert con.execute("SELECT count(*) FROM findings").fetchone() == (0,)


def test_records_and_findings_in_one_transaction(con, tmp_path: Path) -> None:
    old = sample_extraction(n_performance=2)
    doc_id = old.document.sha256
    db.load_extraction(
        con, old, path=tmp_path / "a.txt", findings=sample_findings(), rules_version="1"
    )
    new = sample_extraction(n_performance=6, year=2030)
    with db.transaction(con):
        db.load_extraction(con, new, path=tmp_path / "a.txt")
        # a SQL check sees the uncommitted records of the same transaction
        assert con.execute("SELECT count(*) FROM performance").fetchone() == (7,)
        db.replace_findings(con, doc_id, sample_findings(n=1), "2")
    assert con.execute("SELECT year, n_performance, n_findings FROM documents").fetchone() == (
        2030,
        7,
        1,
    )

    # a failure after the records were written takes the records back too
    with pytest.raises(ValueError, match="is about document"), db.transaction(con):
        db.load_extraction(
            con, sample_extraction(n_performance=0, year=2040), path=tmp_path / "a.txt"
        )
        stray = sample_findings(n=1)[0].model_copy(update={"doc_id": "f" * 64})
        db.replace_findings(con, doc_id, [stray], "3")
    assert con.execute("SELECT year, n_performance, n_findings FROM documents").fetchone() == (
        2030,
        7,
        1,
    )
    assert con.execute("SELECT DISTINCT rules_version FROM findings").fetchall() == [("2",)]


def test_duckdb_error_inside_a_shared_transaction_rolls_back_all(con, tmp_path: Path) -> None:
    db.load_extraction(con, sample_extraction(), path=tmp_path / "a.txt")
    bad = sample_extraction(n_performance=5, year=2050)
    bad.performance[1].provenance.source = None  # type: ignore[assignment]  # NOT NULL column
    with pytest.raises(DatabaseError, match="could not store"), db.transaction(con):
        db.replace_findings(con, bad.document.sha256, sample_findings(n=1), "1")
        db.load_extraction(con, bad, path=tmp_path / "a.txt")
    assert con.execute("SELECT year, n_performance, n_findings FROM documents").fetchone() == (
        2019,
        3,
        0,
    )
    assert db.load_extraction(con, sample_extraction(), path=tmp_path / "a.txt")  # usable


def test_transaction_joins_a_transaction_the_caller_began(con, tmp_path: Path) -> None:
    assert not db.in_transaction(con)
    con.begin()
    assert db.in_transaction(con)
    db.load_extraction(con, sample_extraction(), path=tmp_path / "a.txt")
    assert db.in_transaction(con)  # load_extraction neither committed nor closed it
    con.rollback()
    assert not db.in_transaction(con)
    assert con.execute("SELECT count(*) FROM documents").fetchone() == (0,)


def test_in_transaction_inside_an_aborted_transaction(con) -> None:
    con.begin()
    with pytest.raises(duckdb.Error):
        con.execute("SELECT * FROM no_such_table")
    assert db.in_transaction(con)
    con.rollback()
    assert not db.in_transaction(con)
