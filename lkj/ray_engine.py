"""``lkj ingest --engine ray``: extraction as Ray actors, one Parquet shard per table and document.

The design keeps the local engine's guarantees (one writer, one transaction per document,
resumable, failures as rows) and moves only extraction out of the machine:

- **Extractors are Ray actors, one per CPU of the cluster**, rather than one task per file or
  Ray Data. Each actor keeps a :class:`lkj.batch.WorkerPool` of one process, so a document is
  bounded exactly as in the local engine: a document past ``--timeout`` has its process killed
  and replaced, a document past ``--max-memory`` hits ``RLIMIT_AS``, and the reason comes back
  as text. A Ray worker cannot bound itself that way (it maps several GiB of address space
  before it runs anything, and ``ray.cancel(force=True)`` would lose the reason and restart the
  worker with every import); a plain task spawning a bounded process per file would pay about
  a second of imports per document. Ray Data adds pyarrow and pandas for a list of paths.
- **Shards**: an actor loads the extraction into an in-memory database with
  :func:`lkj.checks.run.load_and_check`, exactly as the local engine loads it (records, satker
  match, findings), and ``COPY``s every table's rows of that document to Parquet. The bytes
  come back through Ray's object store, so no node needs to reach the shard folder; the
  parent writes them to ``SHARDS/<table>/<doc_id>.parquet``.
- **Loading**: the parent is the one writer. Per document, in one transaction, it deletes the
  document's earlier rows and inserts each shard (``INSERT INTO t BY NAME SELECT * FROM
  read_parquet(...)``); canonical indicators are rebuilt once at the end, as locally. With
  ``load=False`` the database is not touched and the shards are the output: query them with
  ``read_parquet('SHARDS/performance/*.parquet', union_by_name=true)``.

Input files are read by the actors by path, so on a cluster of several machines the archive
must be at the same path on every node (a shared filesystem), and the same lkj version must be
installed there. A document's clock starts when its actor's process receives it.
"""

from __future__ import annotations

import contextlib
import logging
import re
import shutil
import socket
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import duckdb

from lkj import PIPELINE_VERSION, canon, db, inputs
from lkj.batch import Limits, WorkerPool
from lkj.db import RECORD_TABLES
from lkj.db_schema import transaction
from lkj.errors import DatabaseError, LkjError

log = logging.getLogger(__name__)

#: the one line printed when Ray is not installed
RAY_MISSING = "the ray engine needs Ray, which is not installed: pip install 'lkj[ray]'"
#: the tables a document's shards hold, in load order (satker_ref and the canonical indicator
#: tables are not per document: the parent builds them)
SHARD_TABLES = ("documents", *RECORD_TABLES, "document_satker")

if TYPE_CHECKING:
    from lkj.ingest import FileResult, IngestSummary, Status

_SHA = re.compile(r"[0-9a-f]{64}")


def require_ray() -> ModuleType:
    """The ``ray`` module, or :class:`LkjError` with the install command."""
    try:
        import ray
    except ImportError as exc:
        raise LkjError(RAY_MISSING) from exc
    return ray


# --------------------------------------------------------------------------- the actor side


@dataclass
class Shards:
    """What an actor made of one document: Parquet bytes per table, or why there are none."""

    key: int
    #: table -> Parquet file contents (tables without rows are left out)
    tables: dict[str, bytes] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    status: str = "ok"
    error: str | None = None
    #: the error is about storing, not reading (the document's earlier rows are kept)
    store_error: bool = False
    seconds: float = 0.0
    pages: int | None = None
    peak_rss: int | None = None
    #: log records of the extraction, as (logger name, level, message)
    logs: list[tuple[str, int, str]] = field(default_factory=list)


class _Logs(logging.Handler):
    """Keeps an actor's log records to send back with the document, so they reach the parent's
    stderr at its log level instead of Ray's worker log files."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))

    def take(self) -> list[tuple[str, int, str]]:
        out, self.records = self.records, []
        return out


class Extractor:
    """One Ray actor: extracts a document in its bounded process and returns Parquet shards.

    Wrapped with ``ray.remote`` when the engine starts, so this module imports without Ray.
    """

    def __init__(self, limits: Limits, init: str | None, log_level: int) -> None:
        self.logs = _Logs()
        logger = logging.getLogger("lkj")
        logger.setLevel(log_level)
        logger.handlers[:] = [self.logs]
        logger.propagate = False
        self.pool = WorkerPool(1, limits, init=init)

    def run(self, key: int, path: str, label: str, sha: str) -> Shards:
        """Extract ``path``, store it under the name ``label`` (absolute) keyed by ``sha``."""
        out = next(self.pool.imap_unordered([(key, Path(path))]))
        if out.extraction is None:
            error = out.error or "no records"
            failed = Shards(key, status="failed", error=error, seconds=out.seconds)
            failed.peak_rss, failed.logs = out.peak_rss, self.logs.take()
            return failed
        t0 = time.perf_counter()
        try:
            shards = to_shards(key, out.extraction, label, sha, out.seconds)
        except Exception as exc:  # stored as a failure by the parent, the batch goes on
            log.debug("internal error storing %s", path, exc_info=True)
            error = str(exc) if isinstance(exc, LkjError) else f"internal error: {exc}"
            shards = Shards(key, status="failed", error=error, store_error=True)
        shards.seconds = out.seconds + time.perf_counter() - t0
        shards.peak_rss = out.peak_rss
        shards.logs = self.logs.take()
        return shards

    def close(self) -> None:
        self.pool.close()


def to_shards(key: int, extraction: Any, label: str, sha: str, seconds: float) -> Shards:
    """Load one extraction into an in-memory database as the local engine loads it, and
    ``COPY`` each table's rows to Parquet."""
    from lkj.checks.run import load_and_check

    if not extraction.document.sha256:
        document = extraction.document.model_copy(update={"sha256": sha})
        extraction = extraction.model_copy(update={"document": document})
    con = db.open_db(":memory:")
    try:
        rows, n_findings = load_and_check(con, extraction, path=label, seconds=seconds)
        out = Shards(key, rows={**rows, "findings": n_findings})
        out.status = "partial" if any(i.level == "error" for i in extraction.issues) else "ok"
        out.pages = extraction.document.n_pages
        out.tables = _copy_tables(con)
    finally:
        con.close()
    return out


def _copy_tables(con: duckdb.DuckDBPyConnection) -> dict[str, bytes]:
    """Every non-empty shard table of the in-memory database (one document) as Parquet."""
    tables: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="lkj-shard-") as tmp:
        for name in SHARD_TABLES:
            row = con.execute(f"SELECT count(*) FROM {name}").fetchone()
            if not row or not row[0]:
                continue
            target = Path(tmp) / f"{name}.parquet"
            con.execute(f"COPY {name} TO '{target}' (FORMAT parquet)")
            tables[name] = target.read_bytes()
    return tables


# --------------------------------------------------------------------------- the parent side


def ingest_ray(
    paths: list[Any],
    db_path: str | Path | None,
    *,
    progress: bool,
    force: bool,
    workers: int | None,
    limits: Limits | None,
    worker_init: str | None,
    address: str | None,
    shards: str | Path | None,
    load: bool,
) -> IngestSummary:
    """:func:`lkj.ingest.ingest` on Ray; see the module docstring. Returns an
    :class:`lkj.ingest.IngestSummary`. ``workers`` actors (default: the cluster's CPUs);
    ``address`` of a running cluster (default: ``RAY_ADDRESS``, else a local one is started);
    ``shards`` keeps the Parquet shards in that folder (default: a temporary one);
    ``load=False`` writes the shards only and needs ``shards``."""
    from lkj import ingest as local

    ray = require_ray()
    if not load and shards is None:
        raise LkjError("writing shards without loading them needs a shard folder (--shards DIR)")
    if load and db_path is None:
        raise LkjError("loading the shards needs a database (--db FILE)")
    started = time.perf_counter()
    with inputs.open_inputs(paths) as found, _shard_dir(shards) as shard_dir:
        files = found.paths()
        local._LABELS.update({f.path: f.origin for f in found.files if f.origin != str(f.path)})
        con = db.open_db(db_path) if load and db_path is not None else db.open_db(":memory:")
        writer = _Writer(con, shard_dir, load=load)
        results: list[FileResult | None] = [None] * len(files)
        try:
            early = [
                writer.failed(f.path, f.reason, time.perf_counter(), sha256=None)
                for f in found.failures
            ]
            todo = _todo(files, writer, results, force=force)
            n_actors = 0
            with local._Bar(len(files), enabled=progress) as bar:
                for r in results:  # skipped and unreadable files, settled already
                    if r is not None:
                        bar.done(r)
                if todo:
                    _connect(ray, address)
                    n_actors = min(len(todo), workers or _cluster_cpus(ray))
                    for done in _run(ray, todo, files, n_actors, limits, worker_init):
                        path, sha = files[done.key], todo[done.key]
                        results[done.key] = result = writer.store(path, sha, done)
                        bar.start(path)
                        bar.done(result)
            loaded = any(r is not None and r.status in ("ok", "partial") for r in results)
            if load and (loaded or canon.is_stale(con)):
                canon.refresh(con)
        finally:
            con.close()
            for f in found.files:
                local._LABELS.pop(f.path, None)
    summary = local.IngestSummary(workers=n_actors)
    summary.files = early + [r for r in results if r is not None]
    summary.seconds = time.perf_counter() - started
    return summary


def _todo(
    files: list[Path], writer: _Writer, results: list[FileResult | None], *, force: bool
) -> dict[int, str]:
    """The files to extract, by index, with their sha256; files to skip, files that cannot be
    read and second copies of one content are settled in ``results``."""
    from lkj.ingest import FileResult

    todo: dict[int, str] = {}
    seen: dict[str, Path] = {}
    for i, path in enumerate(files):
        t0 = time.perf_counter()
        try:
            sha = db.sha256_file(path)
        except OSError as exc:
            results[i] = writer.failed(path, f"cannot read: {exc.strerror or exc}", t0, None)
            continue
        if sha in seen:
            log.info("skipped %s (same content as %s)", path, seen[sha])
            results[i] = FileResult(str(path), "skipped")
            continue
        seen[sha] = path
        if not force and writer.is_loaded(sha):
            log.info("skipped %s (already loaded by pipeline %s)", path, PIPELINE_VERSION)
            results[i] = FileResult(str(path), "skipped")
            continue
        todo[i] = sha
    return todo


def _connect(ray: ModuleType, address: str | None) -> None:
    """Join the cluster at ``address`` (or ``RAY_ADDRESS``, or a new local one); a caller that
    started Ray already (a test, a notebook) keeps its own."""
    if ray.is_initialized():
        return
    hostport = re.fullmatch(r"([\w.\-]+):(\d+)", address or "")
    if hostport:  # Ray retries an unreachable address for minutes: say it at once
        try:
            socket.create_connection((hostport[1], int(hostport[2])), timeout=10).close()
        except OSError as exc:
            raise LkjError(f"cannot reach a Ray cluster at {address}: {exc}") from exc
    quiet = logging.getLogger("lkj").getEffectiveLevel() > logging.INFO
    try:
        ray.init(
            address=address,
            include_dashboard=False,
            logging_level=logging.WARNING if quiet else logging.INFO,
            log_to_driver=False,
        )
    except (ConnectionError, RuntimeError, ValueError) as exc:
        where = address or "a local Ray instance"
        raise LkjError(f"cannot start or reach {where}: {str(exc).splitlines()[0]}") from exc


def _cluster_cpus(ray: ModuleType) -> int:
    return max(1, int(ray.cluster_resources().get("CPU", 1)))


def _run(
    ray: ModuleType,
    todo: dict[int, str],
    files: list[Path],
    n_actors: int,
    limits: Limits | None,
    worker_init: str | None,
) -> Iterator[Shards]:
    """Hand the files to ``n_actors`` actors, one at a time each; yield shards as they come."""
    from lkj.ingest import _label

    level = logging.getLogger("lkj").getEffectiveLevel()
    remote = ray.remote(num_cpus=1)(Extractor)
    actors = [remote.remote(limits or Limits(), worker_init, level) for _ in range(n_actors)]
    pending = iter(todo.items())
    running: dict[Any, tuple[Any, int]] = {}

    def submit(actor: Any) -> bool:
        nxt = next(pending, None)
        if nxt is None:
            return False
        key, sha = nxt
        path = files[key]
        label = str(_label(path).resolve())
        running[actor.run.remote(key, str(path.resolve()), label, sha)] = (actor, key)
        return True

    try:
        for actor in actors:
            submit(actor)
        while running:
            ready, _ = ray.wait(list(running), num_returns=1)
            actor, key = running.pop(ready[0])
            try:
                shards: Shards = ray.get(ready[0])
            except ray.exceptions.RayError as exc:  # the actor died: a new one goes on
                reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc)
                shards = Shards(key, status="failed", error=f"ray worker lost: {reason}")
                with contextlib.suppress(Exception):
                    ray.kill(actor)
                actor = remote.remote(limits or Limits(), worker_init, level)
                actors.append(actor)
            for name, levelno, message in shards.logs:
                logging.getLogger(name).log(levelno, "%s", message)
            yield shards
            submit(actor)
    finally:
        for actor in actors:
            with contextlib.suppress(Exception):
                ray.kill(actor)


class _Writer:
    """The one writer: a document's shards go to the shard folder and, when loading, into the
    database in one transaction; a failure is a ``failed`` documents row (a shard of its own
    when only shards are written)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, shard_dir: Path, *, load: bool) -> None:
        self.con, self.dir, self.load = con, shard_dir, load

    def is_loaded(self, sha: str) -> bool:
        if self.load:
            return db.is_loaded(self.con, sha, PIPELINE_VERSION)
        shard = self.dir / "documents" / f"{sha}.parquet"
        if not shard.exists():
            return False
        row = self.con.execute(
            "SELECT count(*) FROM read_parquet(?) WHERE status <> 'failed' "
            "AND pipeline_version = ?",
            [str(shard), PIPELINE_VERSION],
        ).fetchone()
        return bool(row and row[0])

    def store(self, path: Path, sha: str, shards: Shards) -> FileResult:
        from lkj.ingest import FileResult, _label

        t0 = time.perf_counter() - shards.seconds
        if shards.status == "failed":
            result = self.failed(path, shards.error or "no records", t0, sha, shards.store_error)
        else:
            try:
                self._write(sha, shards.tables)
            except (DatabaseError, OSError, duckdb.Error) as exc:
                return self.failed(path, f"could not store the shards: {exc}", t0, sha, True)
            seconds = time.perf_counter() - t0
            log.info("%s %s (%.2f s)", shards.status, path, seconds)
            status: Status = "partial" if shards.status == "partial" else "ok"
            result = FileResult(
                str(_label(path)), status, seconds=seconds, rows=shards.rows, pages=shards.pages
            )
        result.peak_memory = shards.peak_rss
        return result

    def failed(
        self, path: Path, error: str, t0: float, sha256: str | None, keep_loaded: bool = False
    ) -> FileResult:
        from lkj.ingest import _failed

        if self.load:
            return _failed(self.con, path, error, t0, sha256=sha256, keep_loaded=keep_loaded)
        mem = db.open_db(":memory:")
        try:
            result = _failed(mem, path, error, t0, sha256=sha256)
            (doc_id,) = mem.execute("SELECT doc_id FROM documents").fetchone() or ("",)
            if _SHA.fullmatch(doc_id):  # an unreadable file has no sha256 to name its shard
                self._write(doc_id, _copy_tables(mem))
        finally:
            mem.close()
        return result

    def _write(self, sha: str, tables: dict[str, bytes]) -> None:
        """Write the shards of one document, then (when loading) replace its rows with them."""
        if not _SHA.fullmatch(sha):
            raise DatabaseError(f"not a document id: {sha!r}")
        files: dict[str, Path] = {}
        for name in SHARD_TABLES:
            target = self.dir / name / f"{sha}.parquet"
            if name in tables:
                target.parent.mkdir(parents=True, exist_ok=True)
                tmp = target.with_suffix(".parquet.tmp")
                tmp.write_bytes(tables[name])
                tmp.replace(target)  # a reader never sees half a shard
                files[name] = target
            else:  # an earlier run's shard of this document is stale
                target.unlink(missing_ok=True)
        if not self.load:
            return
        row = self.con.execute(
            "SELECT path FROM read_parquet(?)", [str(files["documents"])]
        ).fetchone()
        abspath = str(row[0]) if row else ""
        with transaction(self.con):
            db._delete_documents(self.con, [sha], [abspath])
            self.con.execute("DELETE FROM document_satker WHERE doc_id = ?", [sha])
            for name, target in files.items():
                self.con.execute(
                    f"INSERT INTO {name} BY NAME SELECT * FROM read_parquet(?)", [str(target)]
                )


@contextlib.contextmanager
def _shard_dir(shards: str | Path | None) -> Iterator[Path]:
    """The folder given, or a temporary one removed when the run ends."""
    if shards is not None:
        path = Path(shards)
        path.mkdir(parents=True, exist_ok=True)
        yield path
        return
    tmp = Path(tempfile.mkdtemp(prefix="lkj-shards-"))
    try:
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
