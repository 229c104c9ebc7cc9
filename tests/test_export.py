"""lkj export: one file per table in parquet, csv or xlsx, every row with its provenance."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from test_db_helpers import sample_extraction

from lkj import canon, db
from lkj.cli import main
from lkj.export import PROVENANCE, TABLES


@pytest.fixture(scope="module")
def dbp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("export")
    path = tmp / "x.duckdb"
    con = db.open_db(path)
    db.load_extraction(con, sample_extraction(source="a.txt"), path=tmp / "a.txt")
    db.load_extraction(
        con, sample_extraction(source="b.txt", satker="KPU Kabupaten Ogan Ilir"), path=tmp / "b.txt"
    )
    canon.refresh(con)
    con.close()
    return path


def db_rows(path: Path, sql: str) -> list[tuple]:
    con = db.open_db(path, read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("fmt", ["parquet", "csv", "xlsx"])
def test_one_file_per_table_with_every_row(dbp: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / fmt
    result = CliRunner().invoke(
        main, ["export", "--db", str(dbp), "--format", fmt, "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{t}.{fmt}" for t in TABLES)
    for table in TABLES:
        (n,) = db_rows(dbp, f"SELECT count(*) FROM {table}")[0]
        f = out / f"{table}.{fmt}"
        if fmt == "xlsx":
            sheet = load_workbook(f, read_only=True).active
            header, *rows = list(sheet.iter_rows(values_only=True))
        elif fmt == "csv":
            with f.open(encoding="utf-8", newline="") as fh:
                header, *rows = list(csv.reader(fh))
        else:
            cur = duckdb.sql(f"SELECT * FROM '{f}'")
            header, rows = [d[0] for d in cur.description], cur.fetchall()
        assert len(rows) == n, (table, fmt)
        columns = db_rows(
            dbp,
            "SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() "
            f"AND table_name = '{table}' ORDER BY column_index",
        )
        assert list(header) == [r[0] for r in columns], (table, fmt)
    assert (
        f"performance\t{db_rows(dbp, 'SELECT count(*) FROM performance')[0][0]}\t" in result.stdout
    )


@pytest.mark.parametrize("fmt", ["parquet", "csv", "xlsx"])
def test_provenance_and_raw_text_survive(dbp: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / fmt
    CliRunner().invoke(
        main,
        ["export", "--db", str(dbp), "--format", fmt, "--out", str(out), "--table", "performance"],
    )
    assert [p.name for p in out.iterdir()] == [f"performance.{fmt}"]
    want = db_rows(
        dbp,
        "SELECT source, page, line, caption, table_index, row_index, target_raw, columns "
        "FROM performance ORDER BY doc_id, row_no",
    )
    f = out / f"performance.{fmt}"
    if fmt == "parquet":
        got = duckdb.sql(
            f"SELECT source, page, line, caption, table_index, row_index, target_raw, columns FROM '{f}'"
        ).fetchall()
        assert got == want
        return
    if fmt == "xlsx":
        header, *rows = list(load_workbook(f, read_only=True).active.iter_rows(values_only=True))
    else:
        with f.open(encoding="utf-8", newline="") as fh:
            header, *rows = list(csv.reader(fh))
    assert set(PROVENANCE) <= set(header)
    idx = {c: header.index(c) for c in header}
    for row, w in zip(rows, want, strict=True):
        assert str(row[idx["source"]]) == w[0] and str(row[idx["line"]]) == str(w[2])
        assert str(row[idx["caption"]] or "") == (w[3] or "") and (
            row[idx["target_raw"]] or ""
        ) == (w[6] or "")
        assert json.loads(row[idx["columns"]]) == json.loads(w[7])
        assert json.loads(row[idx["bbox"]]) == [10.0, 20.0, 300.0, 32.5]


def test_unknown_table_and_missing_database_are_one_line_errors(dbp: Path, tmp_path: Path) -> None:
    r = CliRunner().invoke(
        main, ["export", "--db", str(dbp), "--out", str(tmp_path), "--table", "nope"]
    )
    assert r.exit_code == 1 and r.stderr.startswith("error: no table nope")
    r = CliRunner().invoke(
        main, ["export", "--db", str(tmp_path / "no.duckdb"), "--out", str(tmp_path)]
    )
    assert (
        r.exit_code == 1
        and "no such database" in r.stderr
        and not (tmp_path / "no.duckdb").exists()
    )
