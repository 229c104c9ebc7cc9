"""Ingest a batch of report files into the database, one transaction per document.

One broken file never stops the batch: errors the pipeline raises on purpose
(:class:`lkj.errors.LkjError`) and unexpected exceptions alike become a ``failed`` row in
``documents`` with the reason, and the summary counts them.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import duckdb
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from lkj import PIPELINE_VERSION, db, pipeline
from lkj.checks.run import load_and_check
from lkj.errors import DatabaseError, LkjError

log = logging.getLogger(__name__)

#: file types a folder is searched for (explicitly named files are always tried)
REPORT_SUFFIXES = (".txt", ".md", ".markdown", ".pdf")
#: ground truth written beside generated reports: never a report
TRUTH_SUFFIX = ".truth.json"

Status = Literal["ok", "partial", "failed", "skipped"]


@dataclass
class FileResult:
    path: str
    status: Status
    error: str | None = None
    seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)


@dataclass
class IngestSummary:
    """What a run did: one result per file, in the order the files were read."""

    files: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0

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
            "seconds": round(self.seconds, 3),
            "failures": [{"path": f.path, "error": f.error} for f in self.failures],
        }


def is_report(path: Path) -> bool:
    """A file a folder scan picks up: a report type, not ground truth, not hidden, not a
    folder's README."""
    name = path.name.lower()
    return (
        not name.startswith(".")
        and not name.endswith(TRUTH_SUFFIX)
        and not name.startswith("readme.")
        and name.endswith(REPORT_SUFFIXES)
    )


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files to ingest: named files as given, folders searched recursively, in a fixed order.

    Folders yield their report files (``*.txt``, ``*.md``, ``*.markdown``, ``*.pdf``) sorted by
    path; hidden files and folders and ``*.truth.json`` are skipped. A named file is always
    tried (an unsupported type becomes a failure row) unless it is ``*.truth.json``. Duplicates
    are dropped. Raises :class:`LkjError` for a path that does not exist.
    """
    out: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(
                (
                    f
                    for f in p.rglob("*")
                    if f.is_file()
                    and is_report(f)
                    and not any(part.startswith(".") for part in f.relative_to(p).parts)
                ),
                key=lambda f: f.as_posix(),
            )
        elif p.exists():
            if p.name.lower().endswith(TRUTH_SUFFIX):
                log.info("skipping %s: ground truth, not a report", p)
                continue
            found = [p]
        else:
            raise LkjError(f"{p}: no such file or folder")
        for f in found:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                out.append(f)
    return out


def ingest(
    paths: Iterable[str | Path],
    db_path: str | Path,
    *,
    progress: bool = True,
    force: bool = False,
) -> IngestSummary:
    """Extract every report under ``paths`` and store it in the database at ``db_path``.

    Files already stored from the same content by the same :data:`lkj.PIPELINE_VERSION` are
    skipped unless ``force``. Returns the summary; never raises for a bad file (only for a
    database that cannot be opened or written, or paths that do not exist).
    """
    started = time.perf_counter()
    files = expand_paths(paths)
    summary = IngestSummary()
    con = db.open_db(db_path)
    try:
        with _Bar(len(files), enabled=progress) as bar:
            for path in files:
                bar.start(path)
                result = _ingest_one(con, path, force=force)
                summary.files.append(result)
                bar.done(result.status)
    finally:
        con.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _ingest_one(con: duckdb.DuckDBPyConnection, path: Path, *, force: bool) -> FileResult:
    t0 = time.perf_counter()
    try:
        sha = db.sha256_file(path)
    except OSError as exc:
        error = f"cannot read: {exc.strerror or exc}"
        return _failed(con, path, error, t0, sha256=None)
    if not force and db.is_loaded(con, sha, PIPELINE_VERSION):
        log.info("skipped %s (already loaded by pipeline %s)", path, PIPELINE_VERSION)
        return FileResult(str(path), "skipped")

    try:
        extraction = pipeline.extract_file(path)
    except LkjError as exc:
        return _failed(con, path, str(exc), t0, sha256=sha)
    except Exception as exc:  # one broken file never stops the batch
        log.debug("internal error on %s", path, exc_info=True)
        return _failed(con, path, f"internal error: {type(exc).__name__}: {exc}", t0, sha256=sha)

    if not extraction.document.sha256:
        document = extraction.document.model_copy(update={"sha256": sha})
        extraction = extraction.model_copy(update={"document": document})
    elif extraction.document.sha256 != sha:
        log.warning(
            "%s: pipeline reported sha256 %s, file has %s", path, extraction.document.sha256, sha
        )
    try:
        rows, n_findings = load_and_check(
            con, extraction, path=path, seconds=time.perf_counter() - t0
        )
        rows = {**rows, "findings": n_findings}
    except DatabaseError as exc:
        return _failed(con, path, str(exc), t0, sha256=sha)
    except Exception as exc:
        log.debug("internal error storing %s", path, exc_info=True)
        return _failed(con, path, f"internal error: {type(exc).__name__}: {exc}", t0, sha256=sha)
    status: Status = "partial" if any(i.level == "error" for i in extraction.issues) else "ok"
    seconds = time.perf_counter() - t0
    log.info("%s %s (%.2f s)", status, path, seconds)
    return FileResult(str(path), status, seconds=seconds, rows=rows)


def _failed(
    con: duckdb.DuckDBPyConnection, path: Path, error: str, t0: float, *, sha256: str | None
) -> FileResult:
    seconds = time.perf_counter() - t0
    error = error.removeprefix(f"{path}: ")  # the row and the summary name the file already
    db.record_failure(con, path, error, seconds, sha256=sha256)
    log.warning("failed %s: %s", path, error)
    return FileResult(str(path), "failed", error=error, seconds=seconds)


class _Bar:
    """Progress on stderr: files done, ok / failed / skipped, the file being read."""

    def __init__(self, total: int, *, enabled: bool) -> None:
        self.total = total
        self.enabled = enabled and sys.stderr.isatty()
        self.counts = {"ok": 0, "failed": 0, "skipped": 0}
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
                TimeElapsedColumn(),
                TextColumn("{task.description}"),
                console=Console(stderr=True),
                transient=True,
            )
            self._bar.__enter__()
            self._task = self._bar.add_task("", total=self.total, ok=0, failed=0, skipped=0)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)

    def start(self, path: Path) -> None:
        if self._bar is not None:
            self._bar.update(self._task, description=path.name)

    def done(self, status: Status) -> None:
        self.counts["ok" if status == "partial" else status] += 1
        if self._bar is not None:
            c = self.counts
            self._bar.update(
                self._task, advance=1, ok=c["ok"], failed=c["failed"], skipped=c["skipped"]
            )
