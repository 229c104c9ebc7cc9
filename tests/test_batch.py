"""The worker pool: documents that hang, exhaust memory or crash their worker fail alone with
the reason while the rest load; workers and in-process extraction give the same tables."""

from __future__ import annotations

import logging
import re
import shutil
import time
from pathlib import Path

import duckdb
import pytest
from test_batch_resume import snapshot

from lkj.batch import Limits, WorkerPool, default_workers, format_size, parse_size
from lkj.corpus.generator import generate_archive
from lkj.errors import LkjError
from lkj.ingest import ingest

HOOKS = "batch_hooks"  # tests/batch_hooks.py, imported by every worker


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("reports")
    return generate_archive(out, n_satker=2, years=(2023, 2024), seed=3)


def variant(report: Path, folder: Path, name: str) -> Path:
    """A copy of ``report`` under another name, one line longer so that its sha256 differs."""
    folder.mkdir(parents=True, exist_ok=True)
    dest = folder / name
    dest.write_text(report.read_text(encoding="utf-8") + f"\n{name}\n", encoding="utf-8")
    return dest


def documents(db_path: Path) -> dict[str, tuple[str, str | None, float]]:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        rows = con.execute("SELECT source, status, error, seconds FROM documents").fetchall()
    finally:
        con.close()
    return {r[0]: (r[1], r[2], r[3]) for r in rows}


def test_hung_hungry_and_crashing_documents_fail_alone(reports: list[Path], tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    for r in reports:
        shutil.copy(r, folder / r.name)
    variant(reports[0], folder, "a_hang.txt")
    variant(reports[1], folder, "b_hog.txt")
    variant(reports[2], folder, "c_crash.txt")
    limits = Limits(timeout=4, max_memory=1 << 30)

    started = time.monotonic()
    summary = ingest(
        [folder], tmp_path / "x.duckdb", progress=False, workers=2, limits=limits, worker_init=HOOKS
    )
    assert time.monotonic() - started < 60  # the hung document did not hold up the batch

    assert (summary.ok, summary.failed) == (len(reports), 3)
    docs = documents(tmp_path / "x.duckdb")
    assert docs["a_hang.txt"][:2] == ("failed", "time limit 4 s exceeded")
    assert docs["a_hang.txt"][2] >= 4
    assert docs["b_hog.txt"][:2] == ("failed", "memory limit 1 GiB exceeded")
    assert docs["c_crash.txt"][:2] == ("failed", "worker crashed (SIGSEGV)")
    assert all(docs[r.name][0] == "ok" for r in reports)
    loaded = [f for f in summary.files if f.status == "ok"]
    assert all(f.rows["performance"] > 0 and f.peak_memory for f in loaded)
    assert all(f.peak_memory < 1 << 30 for f in loaded if f.peak_memory)

    # the next run retries the failed documents only (they fail again), skipping the rest
    again = ingest(
        [folder], tmp_path / "x.duckdb", progress=False, workers=1, limits=limits, worker_init=HOOKS
    )
    assert (again.skipped, again.failed) == (len(reports), 3)


def test_workers_give_the_tables_of_in_process_extraction(
    reports: list[Path], tmp_path: Path
) -> None:
    pooled = ingest(reports, tmp_path / "pool.duckdb", progress=False, workers=2)
    inline = ingest(reports, tmp_path / "inline.duckdb", progress=False, workers=0)
    assert pooled.ok == inline.ok == len(reports)
    assert (pooled.workers, inline.workers) == (2, 0)
    assert [f.path for f in pooled.files] == [str(r) for r in reports]  # input order
    assert snapshot(tmp_path / "pool.duckdb") == snapshot(tmp_path / "inline.duckdb")


def test_same_content_twice_in_one_run_loads_once(reports: list[Path], tmp_path: Path) -> None:
    folder = tmp_path / "dup"
    folder.mkdir()
    shutil.copy(reports[0], folder / "a.txt")
    shutil.copy(reports[0], folder / "b.txt")
    summary = ingest([folder], tmp_path / "x.duckdb", progress=False, workers=2)
    assert [f.status for f in summary.files] == ["ok", "skipped"]
    assert list(documents(tmp_path / "x.duckdb")) == ["a.txt"]


def test_worker_log_records_reach_the_parent(
    reports: list[Path], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    report = variant(reports[0], tmp_path / "w", "a_warn.txt")
    with caplog.at_level(logging.WARNING, logger="lkj"):
        summary = ingest(
            [report], tmp_path / "x.duckdb", progress=False, workers=1, worker_init=HOOKS
        )
    assert summary.ok == 1
    assert [r.getMessage() for r in caplog.records if r.name == "lkj.tests.hooks"] == [
        "hook warning for a_warn.txt"
    ]


def test_a_worker_that_cannot_start_stops_the_batch_with_the_reason(tmp_path: Path) -> None:
    with pytest.raises(LkjError, match="worker init module 'no_such_module' not found"):
        WorkerPool(1, init="no_such_module")
    with (
        WorkerPool(1, Limits(max_memory=8 << 20)) as pool,
        pytest.raises(LkjError, match=r"could not start: .*\(is --max-memory 8 MiB too small\?\)"),
    ):
        list(pool.imap_unordered([(0, tmp_path / "a.txt")]))


@pytest.mark.parametrize(
    "text,size",
    [
        ("2G", 2 << 30),
        ("2GiB", 2 << 30),
        ("512m", 512 << 20),
        ("1.5 GB", 3 << 29),
        ("1048576", 1 << 20),
        ("0", None),
        ("none", None),
    ],
)
def test_parse_size(text: str, size: int | None) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "2X", "G", "-1G", "12"])
def test_parse_size_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_size(text)


@pytest.mark.parametrize(
    "size,text", [(2 << 30, "2 GiB"), (3 << 29, "1.5 GiB"), (512 << 20, "512 MiB"), (10, "10 B")]
)
def test_format_size(size: int, text: str) -> None:
    assert format_size(size) == text


def test_default_workers_is_bounded() -> None:
    assert 1 <= default_workers() <= 4


@pytest.fixture
def restore_lkj_logger():
    """The CLI configures the "lkj" logger; leave it as it was for the other tests."""
    logger = logging.getLogger("lkj")
    level, handlers = logger.level, list(logger.handlers)
    yield
    logger.setLevel(level)
    logger.handlers[:] = handlers


@pytest.mark.usefixtures("restore_lkj_logger")
def test_cli_options_and_summary(reports: list[Path], tmp_path: Path) -> None:
    from click.testing import CliRunner

    from lkj.cli import main

    def run(*args: str):
        return CliRunner().invoke(main, ["ingest", str(reports[0]), "--db", str(db), *args])

    db = tmp_path / "x.duckdb"
    bad = run("--max-memory", "lots")
    assert bad.exit_code == 2 and "--max-memory" in bad.output and "not a size" in bad.output
    assert run("--workers", "-1").exit_code == 2
    ok = run("--workers", "3", "--timeout", "60", "--max-memory", "1G")
    assert ok.exit_code == 0, ok.output
    # one file needs one worker, however many are allowed
    assert re.search(
        r"^files: 1 ok, 0 failed, 0 skipped in [\d.]+ s \(1 worker, [\d.]+ files/s\)$",
        ok.stdout,
        re.M,
    )
    again = run("--workers", "0")
    assert "files: 0 ok, 0 failed, 1 skipped" in again.stdout and "(in-process)" in again.stdout


def test_a_run_that_resumes_after_a_lost_rebuild_rebuilds_the_canonical_indicators(
    reports: list[Path], tmp_path: Path
) -> None:
    """A run killed after its last document loaded but before the canonical indicators were
    rebuilt: the next run loads nothing, and still rebuilds them, as a clean run would."""
    target = tmp_path / "lkj.duckdb"
    ingest(reports[:2], target, progress=False, workers=0)
    clean = snapshot(target)
    con = duckdb.connect(str(target))
    con.execute("DELETE FROM indicator_map")
    con.execute("DELETE FROM indicators")
    con.close()
    again = ingest(reports[:2], target, progress=False, workers=0)
    assert again.skipped == 2
    assert snapshot(target) == clean
    assert clean["indicator_map"]


def test_a_local_ingest_without_a_database_is_refused(reports: list[Path]) -> None:
    """Only the Ray engine's shards-only run goes without a database file."""
    with pytest.raises(ValueError, match="db_path is needed"):
        ingest(reports[:1], None, progress=False, workers=0)
