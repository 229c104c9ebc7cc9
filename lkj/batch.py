"""Extraction in worker processes, each document bounded in time and memory.

DuckDB has one writer, so workers never touch the database: a worker receives a path, runs
:func:`lkj.pipeline.extract_file` and sends back the :class:`~lkj.models.Extraction` (pickled)
or the reason it failed; the parent process loads it (:func:`lkj.ingest.ingest`).

Why a pool of its own rather than :mod:`concurrent.futures`: a ``ProcessPoolExecutor`` cannot
stop one hung task, and one dead worker breaks the whole pool. Here each worker has its own
pipe, so a worker past the time limit is killed and replaced without disturbing the others,
and a worker that dies half-way through sending a result corrupts nothing shared. (pebble
kills hung tasks too, but the memory bound, the forwarding of log records and the peak memory
per document need code inside the worker either way; the rest is the standard library.)

The limits, per document:

- **time**: wall-clock seconds from the moment the worker receives the document. Past it the
  worker is killed (SIGKILL) and replaced; the document fails with "time limit 300 s exceeded".
- **memory**: the worker's address space (``RLIMIT_AS``), set before it reads anything. An
  allocation past it raises ``MemoryError`` (or makes a C library fail, which usually crashes
  the worker); the document fails with "memory limit 2 GiB exceeded" and the worker is
  replaced, its heap being left fragmented.

Workers are started with ``spawn``: the parent holds a DuckDB connection and runs threads
(DuckDB's, the progress bar's), and forking such a process is not safe.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import itertools
import logging
import multiprocessing
import os
import pickle
import re
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from types import TracebackType
from typing import Any

from lkj.errors import LkjError
from lkj.models import Extraction

log = logging.getLogger(__name__)

#: default per-document time limit, seconds
DEFAULT_TIMEOUT = 300.0
#: default per-worker memory bound, bytes
DEFAULT_MAX_MEMORY = 2 << 30
#: most workers chosen by default: the parent loads every document, so past a few workers
#: extraction waits on the loader, and each worker may use up to the memory bound
MAX_DEFAULT_WORKERS = 4
#: libraries that start a thread per core; a worker gets one core, parallelism is across files
THREAD_VARS = ("OMP_THREAD_LIMIT", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")

#: what a worker measured of one document: seconds extracting, its peak resident memory
_Stats = tuple[float | None, int | None]

_UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}


@dataclass(frozen=True)
class Limits:
    """Per-document bounds; ``None`` switches one off."""

    timeout: float | None = DEFAULT_TIMEOUT
    max_memory: int | None = DEFAULT_MAX_MEMORY

    def time_error(self) -> str:
        return f"time limit {self.timeout:g} s exceeded"

    def memory_error(self) -> str:
        return f"memory limit {format_size(self.max_memory or 0)} exceeded"


@dataclass
class Outcome:
    """What a worker made of one document: the extraction, or why there is none."""

    key: int
    path: Path
    extraction: Extraction | None
    error: str | None
    #: seconds the worker spent on it (until it was stopped, when it was)
    seconds: float
    #: the worker's peak resident memory so far, bytes (None when the worker died)
    peak_rss: int | None = None


def default_workers() -> int:
    """Worker processes when none are asked for: the CPUs this process may use, at most 4."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(MAX_DEFAULT_WORKERS, cpus))


def parse_size(text: str) -> int | None:
    """``"2G"``, ``"2GiB"``, ``"512 MB"``, ``"1.5g"`` or bytes -> bytes (binary units);
    ``"0"`` or ``"none"`` -> None (no bound). Raises ValueError for anything else."""
    t = text.strip().lower().replace(" ", "")
    if t in ("0", "none", "off"):
        return None
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([kmgt]?)(?:i?b)?", t)
    if not m:
        raise ValueError(f"not a size: {text!r} (expected e.g. 2G, 512M, 1.5GiB)")
    size = int(float(m.group(1)) * _UNITS[m.group(2)])
    if size < 1 << 20:
        raise ValueError(f"size {text!r} is too small for a worker (at least 1M)")
    return size


def format_size(n: int) -> str:
    """Bytes as the largest binary unit that keeps a short number: ``2 GiB``, ``1.5 GiB``."""
    for unit, name in ((1 << 40, "TiB"), (1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")):
        if n >= unit:
            return f"{n / unit:.3g} {name}"
    return f"{n} B"


# --------------------------------------------------------------------------- the pool


class WorkerPool:
    """``workers`` processes that extract documents, each within ``limits``.

    ``init`` names a module each worker imports before its first document (after the limits
    are set): a plugin can register or wrap pipeline stages there, and the tests use it to make
    chosen documents hang or allocate. Use as a context manager; :meth:`imap_unordered` hands
    out the documents.
    """

    def __init__(self, workers: int, limits: Limits | None = None, init: str | None = None):
        if workers < 1:
            raise ValueError("a worker pool needs at least one worker")
        if init is not None and importlib.util.find_spec(init) is None:
            raise LkjError(f"worker init module {init!r} not found")
        self.limits = limits or Limits()
        self.init = init
        #: workers replaced after a time limit, a memory limit or a crash
        self.replaced = 0
        self.size = workers
        self._ctx = multiprocessing.get_context("spawn")
        #: started with the first task, so a run that skips every file starts none
        self._workers: list[_Worker] = []

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(
        self, typ: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def imap_unordered(
        self,
        tasks: Iterable[tuple[int, Path]],
        idle: Callable[[], float | None] | None = None,
    ) -> Iterator[Outcome]:
        """Extract each ``(key, path)``; yield an :class:`Outcome` per task as it completes.

        ``tasks`` is read lazily, one task whenever a worker is free, so it may do work of its
        own (hashing, skipping) as the batch goes. A document's clock starts when a worker
        that has started up takes it. Deadlines are checked between yields: while the caller
        loads a result, a hung worker waits a little longer to be killed. ``idle`` is called
        before each wait for the workers, and says in how many seconds it wants to be called
        again (None: not before the next outcome): the caller's own work while workers read
        (storing the documents read so far).
        """
        pending = iter(tasks)
        first = next(pending, None)
        if first is None:
            return
        pending = itertools.chain([first], pending)
        if not self._workers:
            self._workers = [self._start() for _ in range(self.size)]
        exhausted = False
        while True:
            for w in self._workers:
                if exhausted:
                    break
                if w.task is not None or not w.ready:
                    continue
                if not w.process.is_alive():  # died while idle: its successor takes the next
                    self._replace(w)
                    continue
                nxt = next(pending, None)
                if nxt is None:
                    exhausted = True
                    break
                w.assign(*nxt)
            busy = [w for w in self._workers if w.task is not None]
            if exhausted and not busy:
                return
            waiting = [w for w in self._workers if w.task is not None or not w.ready]
            handles = [h for w in waiting for h in w.handles()]
            timeout = self._next_deadline(busy)
            again = idle() if idle is not None else None
            if again is not None:
                timeout = again if timeout is None else min(timeout, again)
            ready = set(wait(handles, timeout))
            for w in waiting:
                out = self._check(w, ready)
                if out is not None:
                    yield out

    def close(self) -> None:
        """Stop every worker: idle ones are told to exit, busy or stuck ones are killed."""
        for w in self._workers:
            w.stop()
        self._workers = []

    # ------------------------------------------------------------------ internals

    def _start(self) -> _Worker:
        level = logging.getLogger("lkj").getEffectiveLevel()
        return _Worker(self._ctx, (self.limits, self.init, level, os.getpid()))

    def _replace(self, w: _Worker) -> None:
        w.stop()
        self.replaced += 1
        self._workers[self._workers.index(w)] = self._start()

    def _next_deadline(self, busy: list[_Worker]) -> float | None:
        if self.limits.timeout is None or not busy:
            return None
        now = time.monotonic()
        return max(0.0, min(w.started + self.limits.timeout for w in busy) - now)

    def _check(self, w: _Worker, ready: set[Any]) -> Outcome | None:
        """The outcome of a worker's task when it has one: an answer, a death, a timeout; a
        worker that is starting up may have become ready."""
        answered = w.conn in ready or w.process.sentinel in ready or w.conn.poll()
        if w.task is None:
            if answered:
                self._started(w)
            return None
        key, path = w.task
        if answered:
            answer = w.receive()
            seconds = time.monotonic() - w.started
            w.task = None
            if answer is None:  # died without answering
                error = _death(w.process.exitcode)
                self._replace(w)
                return Outcome(key, path, None, error, seconds)
            kind, payload, (worked, peak) = answer
            seconds = worked if worked is not None else seconds
            if kind == "memory":
                self._replace(w)
                return Outcome(key, path, None, self.limits.memory_error(), seconds, peak)
            if kind == "error":
                return Outcome(key, path, None, payload, seconds, peak)
            return Outcome(key, path, payload, None, seconds, peak)
        timeout = self.limits.timeout
        if timeout is not None and time.monotonic() - w.started >= timeout:
            seconds = time.monotonic() - w.started
            w.task = None
            self._replace(w)
            log.debug("killed the worker on %s after %.1f s", path, seconds)
            return Outcome(key, path, None, self.limits.time_error(), seconds)
        return None

    def _started(self, w: _Worker) -> None:
        """Read a new worker's ready signal; a worker that cannot start stops the batch, as
        every worker after it would fail the same way."""
        answer = w.receive()
        if answer is not None and answer[0] == "ready":
            w.ready = True
            return
        reason = answer[1] if answer is not None else _death(w.process.exitcode)
        bound = self.limits.max_memory
        hint = f" (is --max-memory {format_size(bound)} too small?)" if bound is not None else ""
        raise LkjError(f"a worker process could not start: {reason}{hint}")


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, ctx: Any, args: tuple[Any, ...]) -> None:
        parent_end, child_end = ctx.Pipe(duplex=True)
        self.process: BaseProcess = ctx.Process(
            target=_worker_main, args=(child_end, *args), name="lkj-worker", daemon=True
        )
        self.process.start()
        child_end.close()
        self.conn: Connection = parent_end
        #: set once the worker has started up and said so
        self.ready = False
        self.task: tuple[int, Path] | None = None
        self.started = 0.0

    def handles(self) -> list[Any]:
        return [self.conn, self.process.sentinel]

    def assign(self, key: int, path: Path) -> None:
        self.task = (key, path)
        self.started = time.monotonic()
        # a worker that died just now: receive() sees it, and the task fails with the reason
        with contextlib.suppress(OSError):
            self.conn.send(str(path))

    def receive(self) -> tuple[str, Any, _Stats] | None:
        """The worker's answer, relaying its log records; None when it died before answering."""
        try:
            kind, payload, stats, records = pickle.loads(self.conn.recv_bytes())
        except (EOFError, OSError, pickle.UnpicklingError):
            self.process.join(timeout=5)
            return None
        for rec in records:
            logging.getLogger(rec.name).handle(rec)
        return kind, payload, stats

    def stop(self) -> None:
        if self.process.is_alive() and self.task is None and self.ready:
            with contextlib.suppress(OSError):
                self.conn.send(None)
            self.process.join(timeout=2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout=5)
        self.conn.close()


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return f"worker crashed ({name})"
    return f"worker exited with code {exitcode}"


# --------------------------------------------------------------------------- the worker side


class _Collect(logging.Handler):
    """Keeps the worker's log records to send with its answer: the parent prints them, so
    they neither garble its progress bar nor escape its log level."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.msg = f"{record.getMessage()}\n{record.exc_text}"
        else:
            record.msg = record.getMessage()
        record.args, record.exc_info, record.exc_text = None, None, None
        self.records.append(record)

    def take(self) -> list[logging.LogRecord]:
        out, self.records = self.records, []
        return out


def _worker_main(
    conn: Connection, limits: Limits, init: str | None, log_level: int, parent: int
) -> None:
    """Loop of one worker: say ``ready``, then receive a path and answer ``(kind, payload,
    (seconds, peak_rss), log records)`` with kind ``ok`` (payload: the Extraction), ``error``
    (the reason) or ``memory``."""
    for var in THREAD_VARS:
        os.environ[var] = "1"
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it stops the workers
    _die_with_parent(parent)
    collect = _Collect()
    logger = logging.getLogger("lkj")
    logger.setLevel(log_level)
    logger.handlers[:] = [collect]
    logger.propagate = False
    try:
        if limits.max_memory is not None:
            _limit_memory(limits.max_memory)
        if init is not None:
            importlib.import_module(init)
        importlib.import_module("lkj.pipeline")
    except BaseException as exc:  # the parent stops the batch with this reason
        reason = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        conn.send_bytes(pickle.dumps(("failed", reason, (None, None), [])))
        return
    conn.send_bytes(pickle.dumps(("ready", None, (None, _peak_rss()), collect.take())))
    while True:
        try:
            path = conn.recv()
        except (EOFError, OSError):
            return
        if path is None:
            return
        t0 = time.perf_counter()
        kind, payload = _extract(path)
        stats = (time.perf_counter() - t0, _peak_rss())
        try:
            data = pickle.dumps((kind, payload, stats, collect.take()))
        except MemoryError:
            kind = "memory"
            data = pickle.dumps((kind, None, stats, []))
        except Exception as exc:  # an unpicklable record: the document fails with the reason
            kind = "error"
            reason = f"internal error: cannot send the records: {exc}"
            data = pickle.dumps((kind, reason, stats, []))
        try:
            conn.send_bytes(data)
        except OSError:  # the parent is gone
            return
        if kind == "memory":  # the parent replaces this worker: a fresh heap for the next file
            return


def _extract(path: str) -> tuple[str, Any]:
    from lkj import pipeline  # looked up per call, so an init module can wrap it

    try:
        return "ok", pipeline.extract_file(path)
    except MemoryError:
        return "memory", None
    except LkjError as exc:
        return "error", str(exc)
    except Exception as exc:  # one broken file never stops the batch
        log.debug("internal error on %s", path, exc_info=True)
        return "error", f"internal error: {type(exc).__name__}: {exc}"


def _limit_memory(max_bytes: int) -> None:
    try:
        import resource
    except ImportError:  # not on a POSIX system: no bound
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        max_bytes = min(max_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (max_bytes, hard))


def _peak_rss() -> int | None:
    try:
        import resource
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)


def _die_with_parent(parent: int) -> None:
    """On Linux, have the kernel kill this worker when the parent dies (``kill -9`` included),
    so an interrupted batch leaves no worker running on; elsewhere the worker exits when it
    next finds its pipe closed."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)
