"""A database that never loses data: faults between statements, a process killed mid-load,
another process holding the file, read-only SQL, schema versions, and temporary files.

Every test compares the whole database (every row of every table) before and after, so a
change anywhere, to the document being reloaded or to any other, fails it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner, Result
from db_faults import FaultyConnection, Injected, documents, dump
from test_db_helpers import write_report

import lkj
import lkj.ingest
from lkj import db
from lkj.checks.run import load_and_check
from lkj.cli import main
from lkj.errors import DatabaseError
from lkj.models import Extraction

TESTS = Path(__file__).parent

Loader = Callable[[Any, Extraction, Path], object]
LOADERS: dict[str, Loader] = {
    "load_extraction": lambda con, ex, path: db.load_extraction(con, ex, path=path),
    "load_and_check": lambda con, ex, path: load_and_check(con, ex, path=path),
    "record_failure": lambda con, ex, path: db.record_failure(
        con, path, "unreadable now", sha256=ex.document.sha256
    ),
}


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def one_line_error(result: Result) -> str:
    """The error a command printed: exit 1, one line on stderr, no traceback."""
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.output
    return result.stderr


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding two documents (a.txt, b.txt), with their findings, closed."""
    folder = tmp_path_factory.mktemp("template")
    path = folder / "lkj.duckdb"
    first, other, _ = documents()
    con = db.open_db(path)
    load_and_check(con, first, path=folder / "a.txt")
    load_and_check(con, other, path=folder / "b.txt")
    con.close()
    return path


@pytest.fixture
def loaded(template_db: Path, tmp_path: Path) -> Path:
    """A copy of the template database, for the test to change."""
    path = tmp_path / "lkj.duckdb"
    shutil.copyfile(template_db, path)
    return path


@pytest.fixture
def doc_a(template_db: Path) -> Path:
    """The path the first document was loaded from: a reload names the same file."""
    return template_db.parent / "a.txt"


def state(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return dump(con)
    finally:
        con.close()


@pytest.fixture
def restore_lkj_logger() -> Iterator[None]:
    """The CLI configures the "lkj" logger; leave it as it was for the other test modules."""
    import logging

    logger = logging.getLogger("lkj")
    level, handlers = logger.level, list(logger.handlers)
    yield
    logger.setLevel(level)
    logger.handlers[:] = handlers


pytestmark = pytest.mark.usefixtures("restore_lkj_logger")


# --------------------------------------------------------------------------- fault injection


def count_writes(con: duckdb.DuckDBPyConnection, loader: Loader, ex: Extraction, path: Path) -> int:
    """How many writes a successful reload makes (run inside a transaction rolled back)."""
    counter = FaultyConnection(con)
    con.begin()
    try:
        loader(counter, ex, path)
    finally:
        con.rollback()
    return counter.writes


FAULTS = {
    "exception": Injected("fault injected"),
    "disk-full": duckdb.IOException("No space left on device"),
    "ctrl-c": KeyboardInterrupt(),
}


@pytest.mark.parametrize("loader", sorted(LOADERS))
@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_fault_before_any_write_leaves_the_database_as_it_was(
    loaded: Path, doc_a: Path, loader: str, fault: str
) -> None:
    """A reload that fails before its 1st, 2nd, ... last write changes nothing: the
    document keeps its previous rows and findings, the other document is untouched.
    Every write is a cut point for one kind of fault; the others take the first, middle
    and last."""
    path = loaded
    before = state(path)
    _, _, changed = documents()
    con = db.open_db(path)
    try:
        n = count_writes(con, LOADERS[loader], changed, doc_a)
        assert n >= 2, "a reload deletes and inserts"
        assert dump(con) == before
        cuts = range(1, n + 1) if fault == "exception" else sorted({1, (n + 1) // 2, n})
        for k in cuts:
            faulty = FaultyConnection(con, fail_at=k, fault=FAULTS[fault])
            with pytest.raises((type(FAULTS[fault]), DatabaseError)) as caught:
                LOADERS[loader](faulty, changed, doc_a)
            if isinstance(caught.value, DatabaseError):
                assert "No space left on device" in str(caught.value)
            assert faulty.writes == k
            assert dump(con) == before, f"fault before write {k} of {n}"
        # the connection is still usable, and a reload without a fault goes through
        LOADERS[loader](con, changed, doc_a)
        after = dump(con)
    finally:
        con.close()
    assert after != before
    doc_a = changed.document.sha256
    docs = {r[0]: r for r in after["documents"]}
    assert set(docs) == {r[0] for r in before["documents"]}
    other_rows = {t: [r for r in rows if doc_a not in r] for t, rows in after.items()}
    assert other_rows == {t: [r for r in rows if doc_a not in r] for t, rows in before.items()}


CHILD = """
import sys
sys.path.insert(0, {tests!r})
from db_faults import FaultyConnection, documents
from lkj import db
from lkj.checks.run import load_and_check

con = db.open_db({db!r})
_, _, changed = documents()
load_and_check(FaultyConnection(con, fail_at=int(sys.argv[1]), pause=True), changed, path={doc!r})
print("finished", flush=True)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_process_killed_mid_load_leaves_the_database_as_it_was(loaded: Path, doc_a: Path) -> None:
    """kill -9 in the middle of a document's transaction: the file reopens with the previous
    rows of that document and every other row as they were."""
    path = loaded
    before = state(path)
    _, _, changed = documents()
    con = db.open_db(path)
    n = count_writes(con, LOADERS["load_and_check"], changed, doc_a)
    con.close()
    script = CHILD.format(tests=str(TESTS), db=str(path), doc=str(doc_a))
    for k in sorted({(n + 1) // 2, n}):
        child = subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(script), str(k)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "paused", f"write {k} of {n}"
        finally:
            os.kill(child.pid, signal.SIGKILL)
            child.communicate(timeout=60)
        assert child.returncode == -signal.SIGKILL
        assert state(path) == before, f"killed before write {k} of {n}"
    con = db.open_db(path)  # writable again after the crash, and the reload goes through
    try:
        load_and_check(con, changed, path=doc_a)
        year = con.execute(
            "SELECT year FROM documents WHERE doc_id = ?", [changed.document.sha256]
        ).fetchone()
    finally:
        con.close()
    assert year == (2030,)


# --------------------------------------------------------------------------- another process


def hold(path: Path, *, read_only: bool) -> subprocess.Popen[str]:
    """A process that holds the database open until its stdin closes."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys\n"
            f"con = duckdb.connect({str(path)!r}, read_only={read_only})\n"
            "print('holding', flush=True)\n"
            "sys.stdin.read()\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
    return holder


def test_database_held_by_another_writer_is_a_clear_error(loaded: Path, tmp_path: Path) -> None:
    path = loaded
    before = state(path)
    report = write_report(tmp_path, "c.txt")
    holder = hold(path, read_only=False)
    try:
        for args in (
            ("ingest", str(report), "--db", str(path)),
            ("sql", "SELECT count(*) FROM documents", "--db", str(path)),
            ("check", "--db", str(path)),
        ):
            error = one_line_error(invoke(*args))
            assert f"{path}: database is in use by another process (PID {holder.pid}" in error
            assert "that writes it; wait until it closes the database" in error
    finally:
        holder.communicate("", timeout=60)
    assert state(path) == before


def test_database_held_by_a_reader_can_be_read_but_not_written(
    loaded: Path, tmp_path: Path
) -> None:
    path = loaded
    before = state(path)
    report = write_report(tmp_path, "c.txt")
    holder = hold(path, read_only=True)
    try:
        read = invoke(
            "sql", "SELECT count(*) AS n FROM documents", "--db", str(path), "--format", "csv"
        )
        assert read.exit_code == 0 and read.stdout.splitlines() == ["n", "2"]
        error = one_line_error(invoke("ingest", str(report), "--db", str(path)))
        assert f"in use by another process (PID {holder.pid}" in error
        assert "that reads it; writing has to wait" in error
    finally:
        holder.communicate("", timeout=60)
    assert state(path) == before
    assert invoke("sql", "SELECT 1", "--db", str(path), "--write").exit_code == 0  # released


# --------------------------------------------------------------------------- lkj sql


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM performance",
        "INSERT INTO meta VALUES ('note', 'x')",
        "UPDATE documents SET year = 1999",
        "DROP TABLE findings",
        "CREATE TABLE mine (i INTEGER)",
        "ALTER TABLE documents ADD COLUMN note VARCHAR",
        "SELECT 1; DELETE FROM performance",
        "TRUNCATE issues",
    ],
)
def test_sql_refuses_writes_without_write_flag(loaded: Path, statement: str) -> None:
    path = loaded
    before, digest = state(path), file_hash(path)
    error = one_line_error(invoke("sql", statement, "--db", str(path)))
    assert error.startswith("error: the database is opened read-only; pass --write to change it")
    assert file_hash(path) == digest  # not a byte of the file changed
    assert state(path) == before


def test_sql_cannot_reopen_its_database_for_writing(loaded: Path) -> None:
    path = loaded
    digest = file_hash(path)
    for statement in (
        f"ATTACH '{path}' AS w (READ_WRITE)",
        f"ATTACH '{path}' AS w; DELETE FROM w.issues",
    ):
        one_line_error(invoke("sql", statement, "--db", str(path)))
    temp = invoke("sql", "CREATE TEMP TABLE scratch AS SELECT * FROM documents", "--db", str(path))
    assert temp.exit_code == 0  # a temporary table lives in memory, never in the file
    assert file_hash(path) == digest


def test_sql_writes_with_write_flag(loaded: Path) -> None:
    path = loaded
    result = invoke("sql", "UPDATE documents SET year = 1999", "--db", str(path), "--write")
    assert result.exit_code == 0, result.output
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute("SELECT DISTINCT year FROM documents").fetchall() == [(1999,)]
    con.close()


# --------------------------------------------------------------------------- schema versions


def set_schema_version(path: Path, value: str) -> None:
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [value])
    con.close()


def test_schema_version_is_stored(loaded: Path) -> None:
    path = loaded
    meta = dict(state(path)["meta"])  # type: ignore[arg-type]
    assert meta["schema_version"] == str(db.SCHEMA_VERSION)
    assert meta["created_with"] == f"lkj {lkj.__version__}"


def test_newer_database_is_refused_by_every_command(loaded: Path, tmp_path: Path) -> None:
    """An older lkj meets a database a newer lkj wrote: one line, nothing changed."""
    path = loaded
    newer = str(db.SCHEMA_VERSION + 1)
    set_schema_version(path, newer)
    before = state(path)
    report = write_report(tmp_path, "c.txt")
    for args in (
        ("ingest", str(report), "--db", str(path)),
        ("sql", "SELECT 1", "--db", str(path)),
        ("sql", "SELECT 1", "--db", str(path), "--write"),
        ("query", "summary", "--db", str(path)),
        ("check", "--db", str(path)),
    ):
        error = one_line_error(invoke(*args))
        assert f"database has schema version {newer}, newer than this lkj supports" in error, args
        assert "upgrade lkj" in error
    assert state(path) == before


def test_older_database_read_only_says_how_to_upgrade(loaded: Path) -> None:
    """A newer lkj meets an older database: reading it first needs the in-place upgrade."""
    path = loaded
    older = str(db.SCHEMA_VERSION - 1)
    set_schema_version(path, older)
    digest = file_hash(path)
    error = one_line_error(invoke("sql", "SELECT 1", "--db", str(path)))
    assert f"database has schema version {older}, older than this lkj" in error
    assert "open it once with write access to upgrade it in place" in error
    assert file_hash(path) == digest


@pytest.mark.parametrize("value", ["two", ""])
def test_unreadable_schema_version_is_refused(loaded: Path, value: str) -> None:
    path = loaded
    set_schema_version(path, value)
    error = one_line_error(invoke("sql", "SELECT 1", "--db", str(path)))
    assert "not an lkj database (no readable schema_version in meta)" in error


# --------------------------------------------------------------------------- temporary files


@pytest.fixture
def temp_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Python's temporary folder, pointed at an empty folder of the test's own."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_check_files_leaves_no_temporary_files(tmp_path: Path, temp_dir: Path) -> None:
    good = write_report(tmp_path / "in", "a.txt")
    (tmp_path / "in" / "b.txt").write_bytes(b"\x00\x01binary")
    result = invoke("check", str(tmp_path / "in"))
    assert "1 documents checked" in result.stderr and "b.txt" in result.stderr
    assert result.exit_code == 1  # one file could not be read
    assert good.exists() and list(temp_dir.iterdir()) == []


@pytest.mark.parametrize("fault", [RuntimeError("disk on fire"), KeyboardInterrupt()])
def test_check_files_cleans_up_when_interrupted(
    tmp_path: Path, temp_dir: Path, monkeypatch: pytest.MonkeyPatch, fault: BaseException
) -> None:
    real_ingest = lkj.ingest.ingest
    seen: list[Path] = []

    def ingest_then_fail(paths: Any, db_path: Path, **kw: Any) -> Any:
        real_ingest(paths, db_path, **kw)
        seen.append(Path(db_path))
        raise fault

    monkeypatch.setattr(lkj.ingest, "ingest", ingest_then_fail)
    from lkj.checks.run import check_files

    with pytest.raises(type(fault)):
        check_files([write_report(tmp_path, "a.txt")])
    assert seen and seen[0].is_relative_to(temp_dir)  # the database was made in the temp folder
    assert list(temp_dir.iterdir()) == []


def test_check_scoring_cleans_up_when_interrupted(
    tmp_path: Path, temp_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lkj.checks.score import score_checks

    def ingest_then_fail(paths: Any, db_path: Path, **kw: Any) -> Any:
        Path(db_path).write_bytes(b"half a database")
        raise KeyboardInterrupt

    monkeypatch.setattr(lkj.ingest, "ingest", ingest_then_fail)
    report = write_report(tmp_path, "a.txt")
    (tmp_path / "a.truth.json").write_text("{}")
    with pytest.raises(KeyboardInterrupt):
        score_checks([report])
    assert list(temp_dir.iterdir()) == []


def test_pdf_reading_leaves_no_temporary_files(
    seeds: list[Path], tmp_path: Path, temp_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """camelot renders pages to images in temporary folders it removes only at exit; lkj's
    use of it must leave nothing behind while a long batch runs."""
    import camelot

    calls: list[object] = []
    real = camelot.read_pdf

    def spy(*args: Any, **kw: Any) -> Any:
        calls.append(args)
        return real(*args, **kw)

    monkeypatch.setattr(camelot, "read_pdf", spy)
    from pdf_fixtures import seed_pdf

    from lkj.pipeline import extract_file

    pdf = seed_pdf(seeds[0], tmp_path, "ruled")
    before = set(temp_dir.iterdir())
    extraction = extract_file(pdf)
    assert extraction.budget_lines and calls, "camelot was asked for tables"
    assert set(temp_dir.iterdir()) == before


def test_a_store_that_fails_during_ingest_keeps_the_rows_loaded_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Re-ingesting a file whose load fails (disk full, a constraint) must not replace its
    good rows with a failed row: the failure is in the summary, the old rows stay."""
    demo = Path(__file__).parent.parent / "corpus" / "demo" / "kpu-kab-barito-selatan_2019.txt"
    report = write_report(tmp_path / "in", "a.txt", demo.read_text(encoding="utf-8"))
    target = tmp_path / "lkj.duckdb"
    first = lkj.ingest.ingest([report], target, progress=False, workers=0)
    assert first.ok == 1
    before = state(target)
    assert before["performance"]

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise DatabaseError(f"{report}: could not store the records: disk full")

    monkeypatch.setattr(lkj.ingest, "load_and_check", broken)
    again = lkj.ingest.ingest([report], target, progress=False, workers=0, force=True)
    assert again.failed == 1
    assert "disk full" in (again.files[0].error or "")
    assert "rows loaded before are kept" in (again.files[0].error or "")
    after = state(target)
    assert after["documents"] == before["documents"]
    assert after["performance"] == before["performance"]
