"""lkj check: on files, on a database, formats, severity filter, exit codes."""

from __future__ import annotations

import csv
import io
import json
import logging
from pathlib import Path

import pytest
from click.testing import CliRunner

from lkj.checks import iter_rules
from lkj.checks.report import COLUMNS
from lkj.cli import main
from lkj.corpus import generate_archive


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(autouse=True)
def restore_lkj_logger():
    logger = logging.getLogger("lkj")
    level, handlers = logger.level, list(logger.handlers)
    yield
    logger.setLevel(level)
    logger.handlers[:] = handlers


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("reports")
    clean = generate_archive(root / "clean", n_satker=1, years=(2019,), seed=3)[0]
    dirty = generate_archive(
        root / "dirty", n_satker=1, years=(2019,), seed=3, inject={"sisa_mismatch": 1.0}
    )[0]
    return {"clean": clean, "dirty": dirty}


def _injected_lines(report: Path) -> set[int]:
    truth = json.loads(report.with_suffix(".truth.json").read_text(encoding="utf-8"))
    return {i["line"] for i in truth["injected"]}


def test_check_files_reports_the_injected_rows(reports: dict[str, Path]) -> None:
    result = invoke("check", str(reports["dirty"]), "--format", "json")
    assert result.exit_code == 0
    found = json.loads(result.stdout)
    sisa = [f for f in found if f["rule"] == "budget.sisa"]
    assert {f["line"] for f in sisa} == _injected_lines(reports["dirty"])
    for f in sisa:
        assert {v["role"] for v in f["values"]} == {"sisa", "pagu", "realisasi"}
        assert all(v["provenance"]["line"] == f["line"] for v in f["values"])
    assert "documents checked" in result.stderr


def test_fail_on_and_severity(reports: dict[str, Path]) -> None:
    assert invoke("check", str(reports["dirty"]), "--fail-on", "error").exit_code == 1
    clean = invoke("check", str(reports["clean"]), "--fail-on", "warning")
    assert clean.exit_code == 0, clean.stdout
    assert "0 errors, 0 warnings" in clean.stdout
    quiet = invoke("check", str(reports["dirty"]), "--severity", "error", "--format", "json")
    assert {f["severity"] for f in json.loads(quiet.stdout)} == {"error"}


def test_csv_has_one_row_per_finding_with_flat_columns(reports: dict[str, Path]) -> None:
    result = invoke("check", str(reports["dirty"]), "--format", "csv", "--rule", "budget.sisa")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert tuple(rows[0]) == COLUMNS
    assert {r["rule"] for r in rows} == {"budget.sisa"}
    assert all(json.loads(r["values"]) for r in rows)


def test_check_a_database_reruns_and_stored_reads(reports: dict[str, Path], tmp_path: Path) -> None:
    path = tmp_path / "lkj.duckdb"
    assert invoke("ingest", str(reports["dirty"]), "--db", str(path)).exit_code == 0
    stored = invoke("check", "--db", str(path), "--stored", "--format", "json")
    rerun = invoke("check", "--db", str(path), "--format", "json")
    assert stored.exit_code == rerun.exit_code == 0
    key = lambda f: (f["rule"], f["line"], f["expected"], f["actual"])  # noqa: E731
    assert sorted(map(key, json.loads(stored.stdout))) == sorted(map(key, json.loads(rerun.stdout)))
    table = invoke("check", "--db", str(path))
    assert reports["dirty"].name in table.stdout and "budget.sisa" in table.stdout


def test_usage_errors_exit_2(tmp_path: Path, reports: dict[str, Path]) -> None:
    assert invoke("check").exit_code == 2
    assert invoke("check", str(reports["clean"]), "--db", str(tmp_path / "x.duckdb")).exit_code == 2
    assert invoke("check", str(reports["clean"]), "--stored").exit_code == 2
    missing = invoke("check", "--db", str(tmp_path / "none.duckdb"))
    assert missing.exit_code == 1 and "no such database" in missing.stderr


def test_rules_lists_every_rule() -> None:
    result = invoke("check", "--rules", "--format", "csv")
    ids = {r["id"] for r in csv.DictReader(io.StringIO(result.stdout))}
    assert ids == {r.id for r in iter_rules()}


def test_a_file_that_cannot_be_read_is_reported_and_exits_1(
    tmp_path: Path, reports: dict[str, Path]
) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    result = invoke("check", str(bad), str(reports["clean"]))
    assert result.exit_code == 1
    assert "empty.txt" in result.stderr and "could not be read" in result.stderr
