"""A batch killed with SIGKILL at random moments and resumed ends with exactly the rows of one
uninterrupted run, and leaves no worker process behind."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import duckdb
import pytest

from lkj.corpus.generator import generate_archive
from lkj.db import RECORD_TABLES

#: columns that say when and how fast, not what: they differ between any two runs
TIMING_COLUMNS = {"ingested_at", "seconds"}
#: kill plans: (seed, kills before the run that completes). A kill comes once a random number
#: of files are loaded, plus up to 0.3 s: seed 14 kills during start-up, the others mid-batch,
#: mostly inside a document's transaction (loading one takes longer than the extra delay)
PLANS = [(11, 1), (13, 2), (14, 1)]


def snapshot(db_path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, timing columns left out, in a fixed order."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        out = {}
        where = "database_name = current_database() AND schema_name = 'main'"
        names = [
            r[0]
            for r in con.execute(f"SELECT table_name FROM duckdb_tables() WHERE {where}").fetchall()
        ]
        for name in sorted(names):
            cols = [
                r[0]
                for r in con.execute(
                    f"SELECT column_name FROM duckdb_columns() WHERE {where} AND table_name = ? "
                    "ORDER BY column_index",
                    [name],
                ).fetchall()
                if r[0] not in TIMING_COLUMNS
            ]
            select = ", ".join(f'"{c}"' for c in cols)
            out[name] = con.execute(f"SELECT {select} FROM {name} ORDER BY ALL").fetchall()
        return out
    finally:
        con.close()


def whole_documents(db_path: Path) -> int:
    """Documents in the database, after checking that each has all the rows it counts."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        for name in RECORD_TABLES:
            torn = con.execute(
                f"SELECT d.doc_id FROM documents d LEFT JOIN (SELECT doc_id, count(*) AS n "
                f"FROM {name} GROUP BY doc_id) r USING (doc_id) "
                f"WHERE coalesce(r.n, 0) <> d.n_{name}"
            ).fetchall()
            assert not torn, f"{name}: documents with missing or extra rows: {torn}"
        return int(con.execute("SELECT count(*) FROM documents").fetchone()[0])
    finally:
        con.close()


def lkj_ingest(archive: Path, db_path: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "lkj.cli", "-v", "ingest", str(archive), "--db", str(db_path)]
        # each document committed alone: a kill then falls between or inside documents'
        # transactions (a group's transaction holds whole documents the same way)
        + ["--workers", "2", "--commit-every", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def children(pid: int) -> list[int]:
    """Live processes whose parent is ``pid`` (Linux /proc)."""
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            state, ppid = stat.rsplit(")", 1)[1].split()[:2]
            if int(ppid) == pid and state != "Z":
                out.append(int(entry.name))
    return out


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def kill_after(archive: Path, db_path: Path, n_done: int, delay: float) -> list[int]:
    """Run an ingest, SIGKILL it once ``n_done`` files are loaded and ``delay`` s more have
    passed; return the pids of its workers at that moment."""
    proc = lkj_ingest(archive, db_path)
    assert proc.stderr is not None
    done = 0
    while done < n_done:
        line = proc.stderr.readline()
        if not line:
            break
        done += line.startswith("INFO: ok ")
    time.sleep(delay)
    workers = children(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL, "the batch ended before it could be killed"
    return workers


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("archive")
    generate_archive(out, n_satker=3, years=(2023, 2024), seed=5)
    return out


@pytest.fixture(scope="module")
def clean_db(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db_path = tmp_path_factory.mktemp("clean") / "clean.duckdb"
    proc = lkj_ingest(archive, db_path)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    return db_path


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("seed,kills", PLANS, ids=[f"seed{s}x{k}" for s, k in PLANS])
def test_killed_and_resumed_equals_clean_run(
    archive: Path, clean_db: Path, tmp_path: Path, seed: int, kills: int
) -> None:
    rng = random.Random(seed)
    n_files = len(list(archive.glob("*.txt")))
    db_path = tmp_path / "killed.duckdb"
    for _ in range(kills):
        remaining = n_files - (whole_documents(db_path) if db_path.exists() else 0)
        workers = kill_after(archive, db_path, rng.randrange(remaining), rng.uniform(0, 0.3))
        deadline = time.monotonic() + 10
        while any(alive(p) for p in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(alive(p) for p in workers), "workers outlived the killed batch"

    proc = lkj_ingest(archive, db_path)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err

    resumed, clean = snapshot(db_path), snapshot(clean_db)
    assert resumed.keys() == clean.keys()
    for name in clean:
        assert resumed[name] == clean[name], f"table {name} differs after kill and resume"
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        rows = con.execute("SELECT path, status FROM documents ORDER BY path").fetchall()
    finally:
        con.close()
    assert rows == [(str(p.resolve()), "ok") for p in sorted(archive.glob("*.txt"))]


def test_clean_run_loads_every_file_once(archive: Path, clean_db: Path) -> None:
    tables = snapshot(clean_db)
    assert len(tables["documents"]) == len(list(archive.glob("*.txt"))) == 6
    assert all(len(tables[name]) > 0 for name in ("performance", "budget_lines", "tables"))
    assert os.path.getsize(clean_db) > 0
