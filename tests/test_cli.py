"""The lkj command line: help, exit codes, ingest batches, sql, query, delegation."""

from __future__ import annotations

import csv
import io
import json
import logging
import sys
import types
from pathlib import Path

import click
import duckdb
import pytest
from click.testing import CliRunner
from test_db_helpers import fake_extract_file, sample_extraction, write_report

import lkj.corpus
import lkj.pipeline
from lkj import db
from lkj.cli import main


def all_commands(group: click.Group = main, prefix: tuple[str, ...] = ()):
    yield prefix, group
    for name, cmd in group.commands.items():
        if isinstance(cmd, click.Group):
            yield from all_commands(cmd, (*prefix, name))
        else:
            yield (*prefix, name), cmd


def invoke(*args: str, **kwargs):
    return CliRunner().invoke(main, list(args), catch_exceptions=False, **kwargs)


@pytest.fixture(autouse=True)
def restore_lkj_logger():
    """The CLI configures the "lkj" logger; leave it as it was for the other test modules."""
    logger = logging.getLogger("lkj")
    level, handlers = logger.level, list(logger.handlers)
    yield
    logger.setLevel(level)
    logger.handlers[:] = handlers


@pytest.fixture
def fake_pipeline(monkeypatch):
    monkeypatch.setattr(lkj.pipeline, "extract_file", fake_extract_file)
    monkeypatch.setenv("LKJ_WORKERS", "0")  # extract in this process, where the fake is


@pytest.fixture
def loaded_db(tmp_path: Path) -> Path:
    path = tmp_path / "lkj.duckdb"
    con = db.open_db(path)
    db.load_extraction(con, sample_extraction(source="a.txt"), path=tmp_path / "a.txt")
    db.load_extraction(
        con,
        sample_extraction(source="b.txt", satker="KPU Kabupaten Ogan Ilir", year=2024),
        path=tmp_path / "b.txt",
    )
    con.close()
    return path


# --------------------------------------------------------------------------- help


@pytest.mark.parametrize(
    "path,cmd", list(all_commands()), ids=lambda x: " ".join(x) if isinstance(x, tuple) else ""
)
def test_every_command_has_help_with_example_and_options(path, cmd) -> None:
    result = invoke(*path, "--help")
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output
    assert "lkj " in result.output.split("Example:")[1]
    for param in cmd.params:
        if isinstance(param, click.Option):
            assert any(opt in result.output for opt in param.opts), (path, param.opts)


def test_group_help_lists_exit_codes_and_commands() -> None:
    out = invoke("--help").output
    assert "Exit codes:" in out
    for code in ("0  success", "1  an error", "2  usage error"):
        assert code in out
    for name in ("ingest", "extract", "tables", "sql", "query", "eval", "corpus"):
        assert name in out


def test_usage_error_exits_2() -> None:
    assert invoke("sql").exit_code == 2
    assert invoke("ingest", "--db", "x.duckdb").exit_code == 2  # no PATHS
    assert invoke("nonsense").exit_code == 2


# --------------------------------------------------------------------------- ingest


def make_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    write_report(folder, "b.txt")
    write_report(folder, "a.md", "another report\n")
    write_report(folder, "sub/c.markdown", "third report\n")
    write_report(folder, "sub/c.truth.json", "{}")  # ground truth: skipped
    write_report(folder, "notes.docx", "not a report")  # other type: skipped
    write_report(folder, ".hidden/d.txt", "hidden")  # hidden: skipped
    (folder / "zz_binary.txt").write_bytes(b"\x00\x01\x02binary")
    return folder


def test_ingest_records_failure_and_loads_the_rest(tmp_path: Path, fake_pipeline) -> None:
    folder = make_folder(tmp_path)
    dbfile = tmp_path / "lkj.duckdb"
    result = invoke("ingest", str(folder), "--db", str(dbfile))
    assert result.exit_code == 1, result.output
    assert "files: 3 ok, 1 failed, 0 skipped" in result.stdout
    assert "zz_binary.txt" in result.stdout and "binary data" in result.stdout
    assert "1 of 4 files failed" in result.stderr

    con = db.open_db(dbfile, read_only=True)
    rows = con.execute("SELECT source, status, error FROM documents ORDER BY source").fetchall()
    assert [(s, st) for s, st, _ in rows] == [
        ("a.md", "ok"),
        ("b.txt", "ok"),
        ("c.markdown", "ok"),
        ("zz_binary.txt", "failed"),
    ]
    assert "binary data" in rows[3][2]
    assert con.execute("SELECT count(*) FROM performance").fetchone() == (9,)
    con.close()

    again = invoke("ingest", str(folder), "--db", str(dbfile), "--allow-failures")
    assert again.exit_code == 0, again.output
    assert "files: 0 ok, 1 failed, 3 skipped" in again.stdout  # failed files are retried

    forced = invoke("ingest", str(folder), "--db", str(dbfile), "--force", "--allow-failures")
    assert "files: 3 ok, 1 failed, 0 skipped" in forced.stdout
    con = db.open_db(dbfile, read_only=True)
    n_findings = con.execute("SELECT count(*) FROM findings").fetchone()[0]
    assert (
        "rows:  tables 6, performance 9, dipa_revisions 6, budget_lines 6, pagu_history 3, "
        f"tally_rows 0, statements 0, toc_entries 0, findings {n_findings}, issues 0"
    ) in forced.stdout
    assert con.execute("SELECT count(*) FROM documents").fetchone() == (4,)
    assert con.execute("SELECT count(*) FROM performance").fetchone() == (9,)
    con.close()


def test_ingest_survives_unexpected_exceptions(tmp_path: Path, fake_pipeline) -> None:
    folder = tmp_path / "r"
    write_report(folder, "a.txt", "BROKEN")
    write_report(folder, "b.txt", "fine")
    result = invoke("ingest", str(folder), "--db", str(tmp_path / "x.duckdb"), "--allow-failures")
    assert result.exit_code == 0
    assert "files: 1 ok, 1 failed" in result.stdout
    assert "internal error: RuntimeError: boom" in result.stdout


def test_ingest_quiet_hides_warnings(tmp_path: Path, fake_pipeline) -> None:
    folder = make_folder(tmp_path)
    loud = invoke("ingest", str(folder), "--db", str(tmp_path / "1.duckdb"))
    quiet = invoke("-q", "ingest", str(folder), "--db", str(tmp_path / "2.duckdb"))
    assert "WARNING: failed" in loud.stderr
    assert "WARNING" not in quiet.stderr
    assert quiet.exit_code == 1


def test_ingest_with_real_pipeline_never_crashes(tmp_path: Path) -> None:
    """Whatever state the pipeline is in, a batch ends with a summary, not a traceback."""
    folder = tmp_path / "r"
    write_report(folder, "a.txt", "LAPORAN KINERJA\nKPU Kabupaten Ogan Ilir\nTAHUN 2019\n")
    (folder / "b.txt").write_bytes(b"\x00\xff\x00\xfe")
    result = invoke("ingest", str(folder), "--db", str(tmp_path / "x.duckdb"))
    assert result.exit_code in (0, 1)
    assert "files:" in result.stdout


def test_ingest_locked_database_is_one_line_error(tmp_path: Path, fake_pipeline) -> None:
    dbfile = tmp_path / "x.duckdb"
    con = duckdb.connect(str(dbfile))  # same process, other configuration
    try:
        result = invoke("sql", "SELECT 1", "--db", str(dbfile))
    finally:
        con.close()
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1


# --------------------------------------------------------------------------- extract / tables


def test_extract_json_contract(tmp_path: Path, fake_pipeline) -> None:
    f = write_report(tmp_path, "ogan.txt")
    result = invoke("extract", str(f))
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data["document"]) >= {
        "source",
        "sha256",
        "format",
        "satker",
        "satker_kind",
        "region",
        "province",
        "year",
    }
    perf = data["performance"][0]
    assert set(perf) >= {
        "table",
        "sasaran",
        "indikator",
        "target",
        "realisasi",
        "capaian",
        "provenance",
    }
    assert set(perf["target"]) >= {"raw", "value", "unit"}
    assert set(perf["provenance"]) >= {"source", "page", "line", "caption"}
    assert set(data["dipa_revisions"][1]) >= {
        "seq",
        "label_raw",
        "amount",
        "date",
        "note",
        "provenance",
    }
    assert data["dipa_revisions"][1]["date"] == "2019-03-22"
    assert set(data["budget_lines"][0]) >= {
        "table",
        "level",
        "code",
        "name",
        "pagu",
        "realisasi",
        "sisa",
        "realisasi_pct",
        "is_total",
    }


def test_extract_table_format(tmp_path: Path, fake_pipeline) -> None:
    f = write_report(tmp_path, "ogan.txt")
    out = invoke("extract", str(f), "--format", "table").stdout
    for title in (
        "Document ogan.txt",
        "performance",
        "dipa_revisions",
        "budget_lines",
        "pagu_history",
    ):
        assert title in out
    assert "70% → 70.0 %" in out
    assert "14.466.321.000" in out


def test_extract_unreadable_file_is_one_line_error(tmp_path: Path, fake_pipeline) -> None:
    f = tmp_path / "bin.txt"
    f.write_bytes(b"\x00\x00")
    result = invoke("extract", str(f))
    assert result.exit_code == 1
    assert result.stderr == f"error: {f}: binary data, not a text report\n"


def test_tables_command(tmp_path: Path, fake_pipeline) -> None:
    f = write_report(tmp_path, "ogan.txt")
    out = invoke("tables", str(f)).stdout
    assert "Tabel 3.2" in out and "before" in out and "performance" in out and "0.90" in out
    assert "488-500" in out and "indikator=1" in out and "no caption" in out
    data = json.loads(invoke("tables", str(f), "--format", "json").stdout)
    assert [t["caption_position"] for t in data] == ["before", "none"]


# --------------------------------------------------------------------------- sql / query


def test_sql_formats(loaded_db: Path) -> None:
    q = "SELECT d.source, d.year, b.pagu FROM budget_lines b JOIN documents d USING (doc_id) WHERE is_total ORDER BY 1"
    as_json = json.loads(invoke("sql", q, "--db", str(loaded_db), "--format", "json").stdout)
    assert as_json == [
        {"source": "a.txt", "year": 2019, "pagu": 14466321000},
        {"source": "b.txt", "year": 2024, "pagu": 14466321000},
    ]
    as_csv = list(
        csv.reader(io.StringIO(invoke("sql", q, "--db", str(loaded_db), "--format", "csv").stdout))
    )
    assert as_csv == [
        ["source", "year", "pagu"],
        ["a.txt", "2019", "14466321000"],
        ["b.txt", "2024", "14466321000"],
    ]
    table = invoke("sql", q, "--db", str(loaded_db))
    assert "source" in table.stdout and "14466321000" in table.stdout and "2 rows" in table.stderr


def test_sql_json_handles_dates_lists_and_nulls(loaded_db: Path) -> None:
    q = "SELECT date, flags, note FROM dipa_revisions ORDER BY doc_id, seq LIMIT 2"
    data = json.loads(invoke("sql", q, "--db", str(loaded_db), "--format", "json").stdout)
    assert data[0] == {"date": None, "flags": [], "note": None}
    assert data[1] == {"date": "2019-03-22", "flags": ["amount:us_style"], "note": "REVISI KPA"}


def test_sql_is_read_only_unless_write(loaded_db: Path) -> None:
    refused = invoke("sql", "DELETE FROM performance", "--db", str(loaded_db))
    assert refused.exit_code == 1
    assert refused.stderr.startswith("error: the database is opened read-only; pass --write")
    count = "SELECT count(*) AS n FROM performance"
    assert json.loads(invoke("sql", count, "--db", str(loaded_db), "--format", "json").stdout) == [
        {"n": 6}
    ]
    allowed = invoke("sql", "DELETE FROM performance", "--db", str(loaded_db), "--write")
    assert allowed.exit_code == 0
    assert json.loads(invoke("sql", count, "--db", str(loaded_db), "--format", "json").stdout) == [
        {"n": 0}
    ]


def test_sql_errors_are_one_line(loaded_db: Path, tmp_path: Path) -> None:
    bad = invoke("sql", "SELECT nope FROM documents", "--db", str(loaded_db))
    assert bad.exit_code == 1 and bad.stderr.startswith("error: ") and bad.stderr.count("\n") == 1
    missing = invoke("sql", "SELECT 1", "--db", str(tmp_path / "missing.duckdb"))
    assert missing.exit_code == 1 and "no such database" in missing.stderr
    assert not (tmp_path / "missing.duckdb").exists()


def test_sql_on_newer_schema_is_refused(loaded_db: Path) -> None:
    con = duckdb.connect(str(loaded_db))
    con.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    con.close()
    result = invoke("sql", "SELECT 1", "--db", str(loaded_db))
    assert result.exit_code == 1
    assert "schema version 999, newer than this lkj supports" in result.stderr


def test_query_list_and_run(loaded_db: Path) -> None:
    listing = invoke("query", "--list", "--format", "csv").stdout
    names = [row[0] for row in csv.reader(io.StringIO(listing))][1:]
    assert names == sorted(p.stem for p in (Path(__file__).parents[1] / "queries").glob("*.sql"))
    assert "year: only this reporting year" in listing
    out = json.loads(
        invoke(
            "query",
            "performance_by_satker",
            "--db",
            str(loaded_db),
            "--param",
            "year=2024",
            "--format",
            "json",
        ).stdout
    )
    assert [r["satker"] for r in out] == ["KPU Kabupaten Ogan Ilir"]
    out = json.loads(
        invoke(
            "query",
            "performance_by_satker",
            "--db",
            str(loaded_db),
            "--param",
            "satker=dharmas",
            "--format",
            "json",
        ).stdout
    )
    assert [(r["satker"], r["year"], r["indicators"]) for r in out] == [
        ("KPU Kabupaten Dharmasraya", 2019, 3)
    ]


def test_query_usage_errors(loaded_db: Path) -> None:
    assert invoke("query", "nope", "--db", str(loaded_db)).exit_code == 2
    assert (
        invoke("query", "summary", "--db", str(loaded_db), "--param", "year=2019").exit_code == 2
    )  # no such parameter
    assert (
        invoke("query", "dipa_revisions", "--db", str(loaded_db), "--param", "year").exit_code == 2
    )  # not NAME=VALUE
    assert invoke("query", "summary").exit_code == 2  # no --db
    assert invoke("query").exit_code == 2


# --------------------------------------------------------------------------- delegation


def test_eval_delegates_to_run_eval(monkeypatch, tmp_path: Path) -> None:
    calls = []

    def run_eval(paths, fmt, mismatches):
        calls.append((paths, fmt, mismatches))
        return "precision 0.9\n", 1

    monkeypatch.setitem(sys.modules, "lkj.evaluate", types.SimpleNamespace(run_eval=run_eval))
    result = invoke("eval", str(tmp_path), "--format", "json", "--mismatches", "3")
    assert result.exit_code == 1
    assert result.stdout == "precision 0.9\n"
    assert calls == [([str(tmp_path)], "json", 3)]
    assert invoke("eval").exit_code == 1 and calls[-1] == ([], "table", 5)


def test_corpus_generate_delegates(monkeypatch, tmp_path: Path) -> None:
    calls = []

    def generate_archive(out_dir, **kwargs):
        calls.append((out_dir, kwargs))
        return [out_dir / "a.txt", out_dir / "b.txt"]

    monkeypatch.setattr(lkj.corpus, "generate_archive", generate_archive, raising=False)
    out = tmp_path / "gen"
    result = invoke(
        "corpus",
        "generate",
        "--out",
        str(out),
        "--satker",
        "3",
        "--years",
        "2019,2024",
        "--seed",
        "7",
        "--inject",
        "total_mismatch=0.5,mixed_styles=0.1",
    )
    assert result.exit_code == 0, result.output
    assert "wrote 2 reports" in result.stdout
    assert calls == [
        (
            out,
            {
                "n_satker": 3,
                "years": [2019, 2024],
                "seed": 7,
                "inject": {"total_mismatch": 0.5, "mixed_styles": 0.1},
            },
        )
    ]
    invoke("corpus", "generate", "--out", str(out), "--years", "2019-2021", "--inject", "all")
    assert calls[-1][1] == {"years": [2019, 2020, 2021], "inject": "all"}
    assert (
        invoke("corpus", "generate", "--out", str(out), "--inject", "mixed_styles=2").exit_code == 2
    )
    unknown = invoke("corpus", "generate", "--out", str(out), "--inject", "no_such_kind=0.5")
    assert unknown.exit_code == 2 and "known: " in unknown.stderr
    assert invoke("corpus", "generate", "--out", str(out), "--years", "twenty").exit_code == 2


def test_expand_paths_order_and_filters(tmp_path: Path) -> None:
    from lkj.errors import LkjError
    from lkj.ingest import expand_paths

    folder = make_folder(tmp_path)
    (folder / "README.md").write_text("# About this archive\n")  # a folder's README is no report
    found = [p.relative_to(folder).as_posix() for p in expand_paths([folder, folder / "b.txt"])]
    assert found == ["a.md", "b.txt", "sub/c.markdown", "zz_binary.txt"]  # sorted, deduplicated
    assert expand_paths([folder / "sub/c.truth.json"]) == []
    assert expand_paths([folder / "notes.docx"]) == [folder / "notes.docx"]  # named: tried
    with pytest.raises(LkjError, match="no such file or folder"):
        expand_paths([tmp_path / "missing"])
