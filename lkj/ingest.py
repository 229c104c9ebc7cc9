"""Ingest a batch of report files into the database, whole documents in each transaction.

One broken file never stops the batch: errors the pipeline raises on purpose
(:class:`lkj.errors.LkjError`) and unexpected exceptions alike become a ``failed`` row in
``documents`` with the reason, and the summary counts them. Extraction runs in worker
processes (:mod:`lkj.batch`), each document within a time limit and a memory bound; this
process is the database's one writer, so a run killed at any moment leaves whole documents
only, and the next run skips them.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import duckdb
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from lkj import PIPELINE_VERSION, canon, db, inputs, pipeline
from lkj.batch import Limits, Outcome, WorkerPool, default_workers
from lkj.checks.run import load_and_check, load_and_check_many
from lkj.errors import DatabaseError, LkjError
from lkj.models import Extraction

log = logging.getLogger(__name__)

#: file types a folder is searched for, and ground truth (never a report): see lkj.inputs
REPORT_SUFFIXES = inputs.REPORT_SUFFIXES
TRUTH_SUFFIX = inputs.TRUTH_SUFFIX

Status = Literal["ok", "partial", "failed", "skipped"]


@dataclass
class FileResult:
    path: str
    status: Status
    error: str | None = None
    seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)
    #: pages of the document (PDF); None for text and for files that failed
    pages: int | None = None
    #: peak resident memory of the worker that extracted it so far, bytes (None in-process)
    peak_memory: int | None = None


@dataclass
class IngestSummary:
    """What a run did: one result per file, in the order the files were read."""

    files: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0
    #: worker processes that extracted (0: in this process)
    workers: int = 0

    def count(self, *statuses: Status) -> int:
        return sum(1 for f in self.files if f.status in statuses)

    @property
    def ok(self) -> int:
        """Documents read and stored (partial ones included)."""
        return self.count("ok", "partial")

    @property
    def partial(self) -> int:
        return self.count("partial")

    @property
    def failed(self) -> int:
        return self.count("failed")

    @property
    def skipped(self) -> int:
        return self.count("skipped")

    @property
    def pages(self) -> int:
        """Pages of the documents read during this run (PDF; text files have none)."""
        return sum(f.pages or 0 for f in self.files if f.status in ("ok", "partial"))

    @property
    def failures(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "failed"]

    @property
    def rows(self) -> dict[str, int]:
        """Rows written per record table during this run."""
        total = dict.fromkeys(db.RECORD_TABLES, 0)
        for f in self.files:
            for name, n in f.rows.items():
                total[name] = total.get(name, 0) + n
        return total

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "partial": self.partial,
            "failed": self.failed,
            "skipped": self.skipped,
            "rows": self.rows,
            "pages": self.pages,
            "workers": self.workers,
            "seconds": round(self.seconds, 3),
            "failures": [{"path": f.path, "error": f.error} for f in self.failures],
        }


def is_report(path: Path) -> bool:
    """A file a folder scan picks up (:func:`lkj.inputs.is_report`)."""
    return inputs.is_report(path)


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files to ingest: named files as given, folders searched recursively, globs, manifests
    (:func:`lkj.inputs.expand_paths`; :func:`lkj.inputs.open_inputs` also extracts zip
    archives and reports the inputs that cannot be used). Raises :class:`LkjError` for a path
    that does not exist."""
    return inputs.expand_paths(paths)


def ingest(
    paths: Iterable[str | Path],
    db_path: str | Path | None,
    *,
    progress: bool = True,
    force: bool = False,
    workers: int | None = None,
    limits: Limits | None = None,
    worker_init: str | None = None,
    engine: Literal["local", "ray"] = "local",
    address: str | None = None,
    shards: str | Path | None = None,
    load: bool = True,
    commit_every: float = 2.0,
) -> IngestSummary:
    """Extract every report under ``paths`` and store it in the database at ``db_path``.

    Files already stored from the same content by the same :data:`lkj.PIPELINE_VERSION` are
    skipped unless ``force``; so is a file whose content an earlier file of the same run had.
    Returns the summary; never raises for a bad file (only for a database that cannot be opened
    or written, or paths that do not exist).

    ``workers`` processes extract (default :func:`lkj.batch.default_workers`), each document
    within ``limits`` (default 300 s and 2 GiB); this process is the one writer, loading the
    documents as they arrive, several in one transaction, at most ``commit_every`` seconds
    after the first of them arrived (0: each alone, at once; see :class:`_Loader`). ``workers=0`` extracts in this process,
    one file after the other and without limits (for debugging). ``worker_init`` names a
    module every worker imports first (see :class:`lkj.batch.WorkerPool`).

    A run stopped at any moment, even by ``kill -9``, leaves only whole documents behind, and
    the next run carries on where it stopped: the database then holds exactly what one
    uninterrupted run gives.

    ``engine="ray"`` extracts on a Ray cluster (``address``, default local) into Parquet
    shards (kept in ``shards`` when given) and loads them; ``load=False`` writes the shards
    only, and then needs no ``db_path``. See :mod:`lkj.ray_engine`.
    """
    if engine == "ray":
        from lkj.ray_engine import ingest_ray

        return ingest_ray(
            list(paths),
            db_path,
            progress=progress,
            force=force,
            workers=workers,
            limits=limits,
            worker_init=worker_init,
            address=address,
            shards=shards,
            load=load,
        )
    if db_path is None:
        raise ValueError("db_path is needed, except for engine='ray' with load=False")
    started = time.perf_counter()
    # zip members are extracted to a temporary folder that lives until the run ends
    with inputs.open_inputs(paths) as found:
        files = found.paths()
        _LABELS.update({f.path: f.origin for f in found.files if f.origin != str(f.path)})
        n_workers = min(default_workers() if workers is None else workers, len(files))
        summary = IngestSummary(workers=n_workers)
        results: list[FileResult | None] = [None] * len(files)
        con = db.open_db(db_path)
        try:
            # inputs that cannot be used (an unsafe zip, a symlink loop) fail first, alone
            early = [
                _failed(con, f.path, f.reason, time.perf_counter(), sha256=None)
                for f in found.failures
            ]
            with _Bar(len(files), enabled=progress) as bar:

                def settle(i: int, result: FileResult) -> None:
                    results[i] = result
                    bar.done(result)

                loader = _Loader(con, settle, commit_every)
                with loader:
                    if n_workers == 0:
                        for i, path in enumerate(files):
                            bar.start(path)
                            result = _ingest_one(con, i, path, loader, force=force)
                            if result is not None:
                                settle(i, result)
                    else:
                        batch = _Batch(con, files, loader, settle, force=force)
                        with WorkerPool(n_workers, limits, init=worker_init) as pool:
                            for out in pool.imap_unordered(batch.tasks(), idle=loader.due):
                                bar.start(files[out.key])
                                batch.store(out)
            loaded = any(r is not None and r.status in ("ok", "partial") for r in results)
            if loaded or canon.is_stale(con):
                # canonical indicators are clusters over every wording: rebuilt once per run,
                # and by the run that resumes one stopped before its rebuild
                canon.refresh(con)
        finally:
            con.close()
            for f in found.files:
                _LABELS.pop(f.path, None)
    summary.files = early + [r for r in results if r is not None]
    summary.seconds = time.perf_counter() - started
    return summary


def _has_rows(con: duckdb.DuckDBPyConnection, path: Path) -> bool:
    """Whether the database holds a loaded (not failed) document from ``path``."""
    try:
        return bool(
            con.execute(
                "SELECT count(*) FROM documents WHERE path = ? AND status <> 'failed'",
                [str(path.resolve())],
            ).fetchone()[0]  # type: ignore[index]
        )
    except (duckdb.Error, OSError, RuntimeError):
        return False


#: the name a file extracted from a zip archive is stored under ("archive.zip:member.pdf"),
#: by its temporary path; filled for the length of one run
_LABELS: dict[Path, str] = {}


def _label(path: Path) -> Path:
    return Path(_LABELS.get(path, path))


def _ingest_one(
    con: duckdb.DuckDBPyConnection, key: int, path: Path, loader: _Loader, *, force: bool
) -> FileResult | None:
    """Hash, skip or extract one file in this process; its records go to ``loader``, which
    settles its result once they are stored (None here), or the result when there is none
    to store (skipped, failed)."""
    t0 = time.perf_counter()
    try:
        sha = db.sha256_file(path)
    except OSError as exc:
        return _failed(con, path, f"cannot read: {exc.strerror or exc}", t0, sha256=None)
    if not force and (sha in loader or db.is_loaded(con, sha, PIPELINE_VERSION)):
        log.info("skipped %s (already loaded by pipeline %s)", path, PIPELINE_VERSION)
        return FileResult(str(path), "skipped")

    try:
        extraction = pipeline.extract_file(path)
    except LkjError as exc:
        return _failed(con, path, str(exc), t0, sha256=sha)
    except Exception as exc:  # one broken file never stops the batch
        log.debug("internal error on %s", path, exc_info=True)
        return _failed(con, path, f"internal error: {type(exc).__name__}: {exc}", t0, sha256=sha)
    loader.add(_Extracted(key, path, sha, extraction, t0))
    return None


class _Batch:
    """The parent's side of a run with workers: it hashes and skips files as workers ask for
    more, and hands each extraction that comes back to the loader, so it is the database's
    one writer."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        files: list[Path],
        loader: _Loader,
        settle: Callable[[int, FileResult], None],
        *,
        force: bool,
    ) -> None:
        self.con, self.files, self.loader, self.settle = con, files, loader, settle
        self.force = force
        self.sha: dict[int, str] = {}
        self.seen: dict[str, Path] = {}

    def tasks(self) -> Iterator[tuple[int, Path]]:
        """The files to extract; files to skip or that cannot be read are settled here."""
        for i, path in enumerate(self.files):
            t0 = time.perf_counter()
            try:
                sha = db.sha256_file(path)
            except OSError as exc:
                error = f"cannot read: {exc.strerror or exc}"
                self.settle(i, _failed(self.con, path, error, t0, sha256=None))
                continue
            if sha in self.seen:
                log.info("skipped %s (same content as %s)", path, self.seen[sha])
                self.settle(i, FileResult(str(path), "skipped"))
                continue
            self.seen[sha] = path
            if not self.force and db.is_loaded(self.con, sha, PIPELINE_VERSION):
                log.info("skipped %s (already loaded by pipeline %s)", path, PIPELINE_VERSION)
                self.settle(i, FileResult(str(path), "skipped"))
                continue
            self.sha[i] = sha
            yield i, path

    def store(self, out: Outcome) -> None:
        """One worker's outcome: its records to the loader, or a failed row with the reason."""
        path, sha = self.files[out.key], self.sha[out.key]
        t0 = time.perf_counter() - out.seconds  # timings cover extraction and loading
        if out.extraction is None:
            result = _failed(self.con, path, out.error or "no records", t0, sha256=sha)
            result.peak_memory = out.peak_rss
            self.settle(out.key, result)
            return
        self.loader.add(_Extracted(out.key, path, sha, out.extraction, t0, out.peak_rss))


@dataclass
class _Extracted:
    """A document read and waiting to be stored."""

    key: int
    path: Path
    sha: str
    extraction: Extraction
    #: when its reading started (``time.perf_counter``)
    t0: float
    peak_memory: int | None = None
    #: seconds from the start of its reading until it was handed to the loader
    seconds: float = 0.0


class _Loader:
    """Stores the documents read, several at a time, and settles their results.

    A document loaded alone spends most of its loading time on the fixed cost of a dozen
    statements and a commit; documents loaded together share them (one statement per table
    for all, :func:`lkj.checks.run.load_and_check_many`). A group is stored once it holds
    :attr:`MAX_DOCS` documents or its first has waited ``max_wait`` seconds, when a
    document took that long to read itself, and at the end of the run, also a run stopped
    by Ctrl-C. A group is one transaction: a run killed outright loses at most the group
    being read, which the next run reads again. When a group cannot be stored, each of its
    documents is stored alone, so a failure stays with the document that causes it.
    """

    MAX_DOCS = 32

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        settle: Callable[[int, FileResult], None],
        max_wait: float = 2.0,
    ) -> None:
        self.con, self.settle, self.max_wait = con, settle, max_wait
        self.pending: list[_Extracted] = []
        self._since = 0.0  # when the first pending document came

    def __contains__(self, sha: str) -> bool:
        return any(d.sha == sha for d in self.pending)

    def __enter__(self) -> _Loader:
        return self

    def __exit__(self, typ: type[BaseException] | None, *_: object) -> None:
        # a run that ends, or is stopped between two stores, keeps what it read; a store
        # that failed half-way was rolled back and is not tried again
        if typ is None or issubclass(typ, KeyboardInterrupt):
            self.flush()

    def add(self, doc: _Extracted) -> None:
        now = time.perf_counter()
        doc.seconds = now - doc.t0
        if doc.sha in self:  # the same content again (force): the earlier goes in first
            self.flush()
        if not self.pending:
            self._since = now
        self.pending.append(doc)
        slow = doc.seconds >= self.max_wait
        if slow or len(self.pending) >= self.MAX_DOCS or now - self._since >= self.max_wait:
            self.flush()

    def due(self) -> float | None:
        """Seconds until the pending documents must be stored (storing them if due now);
        None when none are pending."""
        if not self.pending:
            return None
        left = self._since + self.max_wait - time.perf_counter()
        if left <= 0:
            self.flush()
            return None
        return left

    def flush(self) -> None:
        group, self.pending = self.pending, []
        if not group:
            return
        results = [_store(self.con, group[0])] if len(group) == 1 else _store_group(self.con, group)
        for doc, result in zip(group, results, strict=True):
            result.peak_memory = doc.peak_memory
            self.settle(doc.key, result)


def _checked(path: Path, sha: str, extraction: Extraction) -> Extraction:
    """The extraction keyed by the file's sha256 (the pipeline's own, when it gave one)."""
    if not extraction.document.sha256:
        document = extraction.document.model_copy(update={"sha256": sha})
        return extraction.model_copy(update={"document": document})
    if extraction.document.sha256 != sha:
        log.warning(
            "%s: pipeline reported sha256 %s, file has %s", path, extraction.document.sha256, sha
        )
    return extraction


def _store(con: duckdb.DuckDBPyConnection, doc: _Extracted) -> FileResult:
    """Load one extraction with its findings in one transaction."""
    path, sha = doc.path, doc.sha
    extraction = _checked(path, sha, doc.extraction)
    try:
        rows, n_findings = load_and_check(con, extraction, path=_label(path), seconds=doc.seconds)
    except DatabaseError as exc:
        return _failed(con, path, str(exc), doc.t0, sha256=sha, keep_loaded=True)
    except Exception as exc:
        log.debug("internal error storing %s", path, exc_info=True)
        error = f"internal error: {type(exc).__name__}: {exc}"
        return _failed(con, path, error, doc.t0, sha256=sha, keep_loaded=True)
    return _stored(doc, {**rows, "findings": n_findings}, time.perf_counter() - doc.t0)


def _store_group(con: duckdb.DuckDBPyConnection, group: list[_Extracted]) -> list[FileResult]:
    """Load several extractions in one transaction; each alone where that fails."""
    t0 = time.perf_counter()
    todo = [
        db.ToLoad(_checked(d.path, d.sha, d.extraction), _label(d.path), d.seconds) for d in group
    ]
    try:
        stored = load_and_check_many(con, todo)
    except Exception:
        log.debug("storing %d documents together failed; storing each alone", len(group))
        return [_store(con, d) for d in group]
    share = (time.perf_counter() - t0) / len(group)  # each document's part of the loading
    return [
        _stored(d, {**rows, "findings": n}, d.seconds + share)
        for d, (rows, n) in zip(group, stored, strict=True)
    ]


def _stored(doc: _Extracted, rows: dict[str, int], seconds: float) -> FileResult:
    extraction = doc.extraction
    status: Status = "partial" if any(i.level == "error" for i in extraction.issues) else "ok"
    log.info("%s %s (%.2f s)", status, doc.path, seconds)
    return FileResult(
        str(_label(doc.path)), status, seconds=seconds, rows=rows, pages=extraction.document.n_pages
    )


def _failed(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    error: str,
    t0: float,
    *,
    sha256: str | None,
    keep_loaded: bool = False,
) -> FileResult:
    """Record a file that could not be read or stored. With ``keep_loaded`` (storing failed)
    a document this file already has in the database keeps its rows: the failure is in the
    summary and the log, and the rows loaded before stay as they were."""
    seconds = time.perf_counter() - t0
    error = error.removeprefix(f"{path}: ")  # the row and the summary name the file already
    if keep_loaded and _has_rows(con, _label(path)):
        error += " (the rows loaded before are kept)"
        log.warning("failed %s: %s", _label(path), error)
        return FileResult(str(_label(path)), "failed", error=error, seconds=seconds)
    if sha256 is None and path in _LABELS:  # the stored name is not a file to hash
        with contextlib.suppress(OSError):
            sha256 = db.sha256_file(path)
    db.record_failure(con, _label(path), error, seconds, sha256=sha256)
    log.warning("failed %s: %s", _label(path), error)
    return FileResult(str(_label(path)), "failed", error=error, seconds=seconds)


class _Bar:
    """Progress on stderr: files done, ok / failed / skipped, pages/s, time left, the last file.

    Shown only when stderr is a terminal, so logs and pipes stay clean.
    """

    def __init__(self, total: int, *, enabled: bool) -> None:
        self.total = total
        self.enabled = enabled and sys.stderr.isatty()
        self.counts = {"ok": 0, "failed": 0, "skipped": 0}
        self.pages = 0
        self._t0 = time.perf_counter()
        self._bar: Progress | None = None

    def __enter__(self) -> _Bar:
        if self.enabled:
            self._bar = Progress(
                TextColumn("ingest"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn(
                    "ok {task.fields[ok]}  failed {task.fields[failed]}  skipped {task.fields[skipped]}"
                ),
                TextColumn("{task.fields[rate]}"),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                TextColumn("{task.description}"),
                console=Console(stderr=True),
                transient=True,
            )
            self._bar.__enter__()
            self._task = self._bar.add_task(
                "", total=self.total, ok=0, failed=0, skipped=0, rate=""
            )
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)

    def start(self, path: Path) -> None:
        if self._bar is not None:
            self._bar.update(self._task, description=path.name)

    def done(self, result: FileResult) -> None:
        self.counts["ok" if result.status == "partial" else result.status] += 1
        self.pages += result.pages or 0
        if self._bar is not None:
            c = self.counts
            elapsed = max(time.perf_counter() - self._t0, 1e-9)
            rate = f"{(c['ok'] + c['failed']) / elapsed:.2f} files/s"
            if self.pages:
                rate += f"  {self.pages / elapsed:.1f} pages/s"
            self._bar.update(
                self._task,
                advance=1,
                ok=c["ok"],
                failed=c["failed"],
                skipped=c["skipped"],
                rate=rate,
            )
