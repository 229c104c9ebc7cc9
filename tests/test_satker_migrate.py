"""Schema version 3: a version-2 database is upgraded in place with the canonical satker and
indicator tables, empty; `lkj satker` and `lkj indicators` then fill them from its records."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
from click.testing import CliRunner
from test_db_helpers import sample_extraction

from lkj import db, db_schema
from lkj.cli import main


def v2_schema() -> str:
    sql = db.schema_sql()
    for table in db_schema.CANONICAL_TABLES:
        sql, n = re.subn(rf"(?ms)^-- [^\n]*\nCREATE TABLE {table} \(.*?^\);\n\n", "", sql)
        assert n == 1, table
    sql, n = re.subn(r"(?m)^    ocr JSON,.*\n", "", sql)  # version 4's column
    assert n == len(db_schema.OCR_TABLES)
    return sql.replace(
        f"VALUES ('schema_version', '{db.SCHEMA_VERSION}')", "VALUES ('schema_version', '2')"
    )


def make_v2_database(path: Path) -> None:
    sql = v2_schema()
    con = duckdb.connect(str(path))
    con.execute(sql)
    for statement in db.comment_statements(sql):
        con.execute(statement)
    con.close()
    # records as version 2 wrote them: load with the current loader into the v2 layout
    con = duckdb.connect(str(path))
    ex = sample_extraction(source="a.txt", satker="KPU Kabupaten Ogan Ilir")
    for table, rows in (
        (
            "performance",
            [
                {
                    k: v
                    for k, v in db._performance_row(ex.document.sha256, i, r).items()
                    if k != "ocr"
                }
                for i, r in enumerate(ex.performance)
            ],
        ),
    ):
        db._insert(con, table, rows)
    con.execute(
        "INSERT INTO documents (doc_id, path, source, format, satker, satker_kind, region, year, "
        "status, pipeline_version, ingested_at, n_performance, evidence) VALUES (?, '/r/a.txt', "
        "'a.txt', 'text', 'KPU Kabupaten Ogan Ilir', 'kabupaten', 'Ogan Ilir', 2019, 'ok', '0.2.0', "
        "TIMESTAMP '2025-01-01 00:00:00', ?, '{}')",
        [ex.document.sha256, len(ex.performance)],
    )
    con.close()


def test_v2_database_is_upgraded_and_canonicalised(tmp_path: Path) -> None:
    path = tmp_path / "v2.duckdb"
    make_v2_database(path)
    con = db.open_db(path)
    assert db_schema.schema_version(con) == db.SCHEMA_VERSION
    assert all(
        con.execute(f"SELECT count(*) FROM {t}").fetchone() == (0,)
        for t in db_schema.CANONICAL_TABLES
    )
    fresh = db.open_db(tmp_path / "fresh.duckdb")
    cols = "SELECT table_name, column_name, data_type, comment FROM duckdb_columns() WHERE database_name = current_database() ORDER BY ALL"
    assert con.execute(cols).fetchall() == fresh.execute(cols).fetchall()
    fresh.close()
    con.close()

    result = CliRunner().invoke(main, ["satker", "--db", str(path), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert (
        "a.txt,2019,KPU Kabupaten Ogan Ilir,matched,16.10,KPU Kabupaten Ogan Ilir" in result.stdout
    )
    result = CliRunner().invoke(main, ["indicators", "--db", str(path), "--format", "csv"])
    assert result.exit_code == 0, result.output
    con = db.open_db(path, read_only=True)
    n_words = con.execute("SELECT count(DISTINCT indikator) FROM performance").fetchone()[0]
    assert con.execute("SELECT count(*) FROM indicator_map").fetchone() == (n_words,)
    con.close()
