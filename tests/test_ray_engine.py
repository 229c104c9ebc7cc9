"""The Ray engine: on a local Ray cluster started on loopback, the same archive gives the same
tables as the local engine; hung and crashing documents fail alone with the reason; shards can
be written without a database; without Ray the command says how to install it."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner
from test_batch_resume import snapshot

from lkj.batch import Limits
from lkj.cli import main
from lkj.corpus.generator import generate_archive
from lkj.ingest import ingest
from lkj.ray_engine import RAY_MISSING, SHARD_TABLES

TESTS = Path(__file__).parent
#: columns that say when and how fast (as in tests/test_batch_resume.py)
TIMING_COLUMNS = {"ingested_at", "seconds"}


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[ModuleType]:
    """A two-CPU Ray instance on this machine. Skipped when Ray is missing, except in CI
    (CI=true), where the Ray extra is installed and a missing Ray is a failure."""
    try:
        import ray
    except ImportError:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip("ray is not installed (pip install 'lkj[ray]')")
    # the actors find tests/batch_hooks.py (worker_init) on their path
    path = os.pathsep.join(p for p in (str(TESTS), os.environ.get("PYTHONPATH")) if p)
    ray.init(
        address="local",
        num_cpus=2,
        include_dashboard=False,
        log_to_driver=False,
        runtime_env={"env_vars": {"PYTHONPATH": path}},
    )
    try:
        yield ray
    finally:
        ray.shutdown()


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("archive")
    generate_archive(out, n_satker=2, years=(2023, 2024), seed=5)
    return out


@pytest.fixture(scope="module")
def local_db(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db_path = tmp_path_factory.mktemp("local") / "local.duckdb"
    summary = ingest([archive], db_path, progress=False, workers=1)
    assert summary.failed == 0
    return db_path


@pytest.fixture(scope="module")
def ray_run(
    ray_cluster: ModuleType, archive: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Path, Any]:
    out = tmp_path_factory.mktemp("ray")
    db_path, shards = out / "ray.duckdb", out / "shards"
    summary = ingest([archive], db_path, progress=False, engine="ray", shards=shards)
    return db_path, shards, summary


def without_timing(rows: list[tuple[Any, ...]], columns: list[str]) -> list[tuple[Any, ...]]:
    keep = [i for i, c in enumerate(columns) if c not in TIMING_COLUMNS]
    return sorted(tuple(r[i] for i in keep) for r in rows)


def test_ray_and_local_engines_give_identical_tables(
    archive: Path, local_db: Path, ray_run: tuple[Path, Path, Any]
) -> None:
    db_path, _, summary = ray_run
    n_files = len(list(archive.glob("*.txt")))
    assert (summary.ok, summary.failed, summary.skipped) == (n_files, 0, 0)
    assert summary.workers == 2
    on_ray, local = snapshot(db_path), snapshot(local_db)
    assert on_ray.keys() == local.keys()
    for name in local:
        assert on_ray[name] == local[name], f"table {name} differs between the engines"
    assert len(local["documents"]) == n_files
    assert all(len(local[name]) > 0 for name in ("performance", "budget_lines", "findings"))


def test_shards_hold_the_loaded_rows(ray_run: tuple[Path, Path, Any]) -> None:
    """Users who query Parquet directly see the rows the database holds."""
    db_path, shards, _ = ray_run
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        for name in ("documents", "performance", "findings", "document_satker"):
            query = f"SELECT * FROM read_parquet('{shards / name}/*.parquet', union_by_name=true)"
            from_shards = con.execute(query)
            columns = [d[0] for d in from_shards.description]
            shard_rows = without_timing(from_shards.fetchall(), columns)
            loaded = con.execute(f"SELECT {', '.join(columns)} FROM {name}").fetchall()
            assert shard_rows == without_timing(loaded, columns), name
            assert shard_rows
    finally:
        con.close()


def test_second_ray_run_skips_loaded_files(archive: Path, ray_run: tuple[Path, Path, Any]) -> None:
    db_path, shards, _ = ray_run
    before = snapshot(db_path)
    summary = ingest([archive], db_path, progress=False, engine="ray", shards=shards)
    assert summary.skipped == len(list(archive.glob("*.txt")))
    assert summary.ok == summary.failed == 0
    assert snapshot(db_path) == before


def test_hung_and_crashing_documents_fail_alone_on_ray(
    ray_cluster: ModuleType, archive: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    reports = sorted(archive.glob("*.txt"))[:2]
    for r in reports:
        shutil.copy(r, folder / r.name)
    for report, name in ((reports[0], "a_hang.txt"), (reports[1], "c_crash.txt")):
        text = report.read_text(encoding="utf-8")
        (folder / name).write_text(text + f"\n{name}\n", encoding="utf-8")
    summary = ingest(
        [folder],
        tmp_path / "x.duckdb",
        progress=False,
        engine="ray",
        limits=Limits(timeout=3, max_memory=1 << 30),
        worker_init="batch_hooks",
    )
    errors = {Path(f.path).name: f.error for f in summary.failures}
    assert errors == {
        "a_hang.txt": "time limit 3 s exceeded",
        "c_crash.txt": "worker crashed (SIGSEGV)",
    }
    assert summary.ok == 2
    con = duckdb.connect(str(tmp_path / "x.duckdb"), read_only=True)
    try:
        rows = con.execute("SELECT source, status, error FROM documents ORDER BY source").fetchall()
    finally:
        con.close()
    assert [(s, st) for s, st, _ in rows] == sorted(
        [(r.name, "ok") for r in reports] + [("a_hang.txt", "failed"), ("c_crash.txt", "failed")]
    )


def test_shards_only_leaves_no_database(
    ray_cluster: ModuleType, archive: Path, local_db: Path, tmp_path: Path
) -> None:
    shards = tmp_path / "shards"
    db_path = tmp_path / "unused.duckdb"
    result = CliRunner().invoke(
        main, ["ingest", str(archive), "--engine", "ray", "--shards", str(shards), "--no-load"]
    )
    assert result.exit_code == 0, result.output
    assert not db_path.exists()
    assert {p.name for p in shards.iterdir()} <= set(SHARD_TABLES)
    con = duckdb.connect(str(local_db), read_only=True)
    try:
        n_local = con.execute("SELECT count(*) FROM performance").fetchone()
        n_shards = con.execute(
            f"SELECT count(*) FROM read_parquet('{shards}/performance/*.parquet', union_by_name=true)"
        ).fetchone()
    finally:
        con.close()
    assert n_shards == n_local
    again = CliRunner().invoke(
        main, ["ingest", str(archive), "--engine", "ray", "--shards", str(shards), "--no-load"]
    )
    assert again.exit_code == 0, again.output
    assert f"{len(list(archive.glob('*.txt')))} skipped" in again.output


def test_ray_engine_without_ray_exits_1_with_the_install_line(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray raises ImportError
    result = CliRunner().invoke(
        main, ["ingest", str(archive), "--db", str(tmp_path / "x.duckdb"), "--engine", "ray"]
    )
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and RAY_MISSING in lines[0]
    assert "pip install 'lkj[ray]'" in lines[0]


@pytest.mark.parametrize(
    "args",
    [["--engine", "ray", "--no-load"], ["--shards", "s"], ["--address", "127.0.0.1:1"]],
    ids=["no-load-without-shards", "shards-on-local", "address-on-local"],
)
def test_ray_options_misused_are_usage_errors(
    archive: Path, tmp_path: Path, args: list[str]
) -> None:
    result = CliRunner().invoke(
        main, ["ingest", str(archive), "--db", str(tmp_path / "x.duckdb"), *args]
    )
    assert result.exit_code == 2
    assert not (tmp_path / "x.duckdb").exists()
