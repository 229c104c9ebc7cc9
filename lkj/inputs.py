"""The files a run reads, from what the user names: files, folders, globs, zip archives and
manifests.

Archives from hundreds of offices arrive as folders of mixed files, zips and lists, and some
come from sources nobody trusts. Every path named is turned into :class:`InputFile` items, and
every input that cannot be used into an :class:`InputFailure` with a one-line reason, which
the caller records as a ``failed`` documents row (:func:`record_failures`); the batch goes on.

- **Files** named are always tried (an unsupported type fails when it is read), except
  ``*.truth.json`` ground truth.
- **Folders** are searched recursively for ``*.txt``, ``*.md``, ``*.markdown``, ``*.pdf``
  and ``*.zip``, in path order; hidden files and folders, ``*.truth.json`` and ``README.*``
  are skipped. Symbolic links to folders are followed, once: a link back to a folder being
  searched (a loop) is a failure, not followed; a folder reached twice is searched once.
- **Globs** (``reports/**/*.pdf``), for paths that do not exist literally; ``**`` recurses.
- **Zip archives** are extracted into a temporary folder, removed when :class:`Inputs` is
  closed (or garbage collected). An archive is refused whole, nothing extracted, when a
  member would land outside that folder (an absolute path, ``..``, a symbolic link) or when
  its headers exceed :class:`ZipLimits` (member count, total size, compression ratio: a zip
  bomb); headers that lie are caught while extracting, by counting the bytes written.
  Nested archives are **not** followed: each is a failure saying to extract it first (one
  level keeps the limits simple to state and to enforce).
- **Manifests**: a named ``*.csv`` lists inputs, one a row, in a ``path`` column (relative to
  the manifest's folder), with optional ``satker`` and ``year`` hints. The hints travel on the
  items; the pipeline reads satker and year from the report itself and does not use them yet.
  A manifest without a ``path`` column, or with a year that is not a year, is a usage error
  (:class:`LkjError`); a listed path that does not exist is a failure.
"""

from __future__ import annotations

import csv
import errno
import glob
import io
import logging
import os
import re
import shutil
import stat
import tempfile
import weakref
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

import duckdb

from lkj import db
from lkj.errors import LkjError

log = logging.getLogger(__name__)

#: file types a folder is searched for (explicitly named files are always tried)
REPORT_SUFFIXES = (".txt", ".md", ".markdown", ".pdf")
#: ground truth written beside generated reports: never a report
TRUTH_SUFFIX = ".truth.json"
ARCHIVE_SUFFIX = ".zip"
MANIFEST_SUFFIX = ".csv"
#: reporting years a manifest hint may give
YEARS = range(1990, 2101)

_GLOB = re.compile(r"[*?\[]")
_DRIVE = re.compile(r"^[A-Za-z]:")
_CHUNK = 1 << 20


@dataclass(frozen=True)
class ZipLimits:
    """What an archive may hold before it is refused as a zip bomb.

    Reports compress two to ten times (PDFs barely, text conversions more); a ratio above 100
    on a member of some size is not a report.
    """

    members: int = 10_000
    total_bytes: int = 4 * 1024**3
    ratio: float = 100.0
    #: members smaller than this are not held to ``ratio`` (a short file of blanks may exceed it)
    ratio_from: int = 1024 * 1024


@dataclass(frozen=True)
class InputFile:
    """One file to read."""

    path: Path
    #: the file as the user knows it: its path, or ``archive.zip:folder/member.pdf``
    origin: str
    #: hints from a manifest row; None when not given
    satker: str | None = None
    year: int | None = None


@dataclass(frozen=True)
class InputFailure:
    """An input that cannot be used, and why; recorded as a ``failed`` documents row."""

    path: Path
    reason: str


class Inputs:
    """The files and failures of one run, and the temporary folder archives went to.

    Use as a context manager: the folder is removed on leaving it, and at the latest when the
    object is garbage collected or the interpreter exits.
    """

    def __init__(self) -> None:
        self.files: list[InputFile] = []
        self.failures: list[InputFailure] = []
        self.tmpdir: Path | None = None
        self._cleanup: weakref.finalize | None = None

    def paths(self) -> list[Path]:
        return [f.path for f in self.files]

    def workdir(self) -> Path:
        """The temporary folder, created on first use."""
        if self.tmpdir is None:
            self.tmpdir = Path(tempfile.mkdtemp(prefix="lkj-inputs-"))
            self._cleanup = weakref.finalize(self, shutil.rmtree, self.tmpdir, True)
        return self.tmpdir

    def close(self) -> None:
        """Remove the temporary folder and what was extracted into it."""
        if self._cleanup is not None:
            self._cleanup()

    def __enter__(self) -> Inputs:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def is_report(path: Path | PurePosixPath) -> bool:
    """A file a folder scan picks up as a report: a report type, not ground truth, not hidden,
    not a folder's README."""
    name = path.name.lower()
    return (
        not name.startswith(".")
        and not name.endswith(TRUTH_SUFFIX)
        and not name.startswith("readme.")
        and name.endswith(REPORT_SUFFIXES)
    )


def open_inputs(
    paths: Iterable[str | Path], *, limits: ZipLimits | None = None, archives: bool = True
) -> Inputs:
    """The files to read under ``paths`` and the inputs that cannot be used.

    Files keep the order the paths were given in (a folder's in path order), each once.
    ``archives=False`` leaves zip archives alone: a named one is listed as a file, those in
    folders are skipped. Raises :class:`LkjError` for a path that does not exist, a glob that
    matches nothing, or a malformed manifest; close the result (or use ``with``) to remove
    what was extracted.
    """
    inputs = Inputs()
    collector = _Collector(inputs, limits or ZipLimits(), archives=archives)
    try:
        for raw in paths:
            collector.add(raw, named=True)
    except BaseException:
        inputs.close()
        raise
    return inputs


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files to ingest, without extracting archives (see :func:`open_inputs`); inputs that
    cannot be used are logged, not returned."""
    with open_inputs(paths, archives=False) as inputs:
        for failure in inputs.failures:
            log.warning("%s: %s", failure.path, failure.reason)
        return inputs.paths()


def record_failures(con: duckdb.DuckDBPyConnection, failures: Iterable[InputFailure]) -> list[str]:
    """A ``failed`` documents row for each input that cannot be used; returns their doc_ids."""
    return [db.record_failure(con, f.path, f.reason) for f in failures]


# --------------------------------------------------------------------------- collecting


@dataclass(frozen=True)
class _Hints:
    satker: str | None = None
    year: int | None = None


class _Collector:
    def __init__(self, inputs: Inputs, limits: ZipLimits, *, archives: bool) -> None:
        self.inputs = inputs
        self.limits = limits
        self.archives = archives
        self.seen: dict[Path, int] = {}  # resolved path -> index in inputs.files
        self.failed: set[Path] = set()
        self.n_archives = 0

    def fail(self, path: Path, reason: str) -> None:
        key = Path(os.path.abspath(path))
        if key in self.failed:  # a glob or a manifest reached it again
            return
        self.failed.add(key)
        log.warning("%s: %s", path, reason)
        self.inputs.failures.append(InputFailure(path, reason))

    def add(self, raw: str | Path, *, named: bool, hints: _Hints | None = None) -> None:
        hints = hints or _Hints()
        p = Path(raw)
        if os.path.lexists(p):
            self.add_existing(p, hints)
        elif _GLOB.search(str(raw)):
            matches = sorted(glob.glob(str(raw), recursive=True))
            if not matches:
                raise LkjError(f"{raw}: no file or folder matches")
            for m in matches:
                self.add_existing(Path(m), hints)
        elif named:
            raise LkjError(f"{p}: no such file or folder")

    def add_existing(self, p: Path, hints: _Hints) -> None:
        try:
            st = p.stat()
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                self.fail(p, f"symlink loop: {p.name} -> {os.readlink(p)} (the links never end)")
            else:
                self.fail(p, f"broken link: {p.name} -> {os.readlink(p)} (target missing)")
            return
        name = p.name.lower()
        if stat.S_ISDIR(st.st_mode):
            self.scan(p, hints)
        elif name.endswith(TRUTH_SUFFIX):
            log.info("skipping %s: ground truth, not a report", p)
        elif name.endswith(ARCHIVE_SUFFIX) and self.archives:
            self.add_zip(p, hints)
        elif name.endswith(MANIFEST_SUFFIX):
            self.add_manifest(p)
        else:
            self.add_file(p, str(p), hints)

    def add_file(self, p: Path, origin: str, hints: _Hints) -> None:
        key = p.resolve()
        if key in self.seen:  # first wins; a later manifest row may add the hints it lacks
            i = self.seen[key]
            old = self.inputs.files[i]
            self.inputs.files[i] = replace(
                old, satker=old.satker or hints.satker, year=old.year or hints.year
            )
            return
        self.seen[key] = len(self.inputs.files)
        self.inputs.files.append(InputFile(p, origin, hints.satker, hints.year))

    # ------------------------------------------------------------------- folders

    def scan(self, root: Path, hints: _Hints) -> None:
        """Every report (and archive) under ``root``, in path order; loops become failures."""
        found: list[Path] = []
        visited: set[tuple[int, int]] = set()

        def walk(folder: Path, ancestors: dict[tuple[int, int], Path]) -> None:
            try:
                entries = sorted(os.scandir(folder), key=lambda e: e.name)
            except OSError as exc:
                self.fail(folder, f"cannot read folder ({exc.strerror or exc})")
                return
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                path = Path(entry.path)
                try:
                    st = entry.stat()  # follows symbolic links
                except OSError as exc:
                    if entry.is_symlink() and exc.errno == errno.ELOOP:
                        target = os.readlink(path)
                        self.fail(
                            path, f"symlink loop: {entry.name} -> {target} (the links never end)"
                        )
                    elif entry.is_symlink() and _wanted(entry.name, self.archives):
                        self.fail(
                            path,
                            f"broken link: {entry.name} -> {os.readlink(path)} (target missing)",
                        )
                    continue
                if stat.S_ISDIR(st.st_mode):
                    key = (st.st_dev, st.st_ino)
                    if key in ancestors:
                        target = os.readlink(path) if entry.is_symlink() else entry.name
                        self.fail(
                            path,
                            f"symlink loop: {entry.name} -> {target} leads back to "
                            f"{ancestors[key]}; not followed",
                        )
                    elif key not in visited:
                        visited.add(key)
                        walk(path, {**ancestors, key: path})
                elif stat.S_ISREG(st.st_mode) and _wanted(entry.name, self.archives):
                    found.append(path)

        st = root.stat()
        visited.add((st.st_dev, st.st_ino))
        walk(root, {(st.st_dev, st.st_ino): root})
        for path in sorted(found, key=lambda f: f.as_posix()):
            if path.name.lower().endswith(ARCHIVE_SUFFIX):
                self.add_zip(path, hints)
            else:
                self.add_file(path, str(path), hints)

    # ------------------------------------------------------------------- archives

    def add_zip(self, path: Path, hints: _Hints) -> None:
        try:
            zf = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            self.fail(path, f"not a zip archive or damaged ({exc})")
            return
        with zf:
            members = zf.infolist()
            unsafe = unsafe_reason(members, self.limits)
            if unsafe:
                self.fail(path, f"unsafe zip: {unsafe}; nothing extracted")
                return
            self.n_archives += 1
            dest = self.inputs.workdir() / f"{self.n_archives:03d}_{_slug(path.stem)}"
            extracted: list[tuple[Path, str]] = []
            failed: list[InputFailure] = []
            budget = self.limits.total_bytes
            for info in members:
                member = PurePosixPath(info.filename.replace("\\", "/"))
                if info.is_dir() or any(
                    part.startswith((".", "__MACOSX")) for part in member.parts
                ):
                    continue
                inner = Path(f"{path}/{member}")
                if member.name.lower().endswith(ARCHIVE_SUFFIX):
                    failed.append(
                        InputFailure(inner, f"archive inside {path.name}: extract it first")
                    )
                    continue
                if not is_report(member):
                    continue
                target = dest.joinpath(*member.parts)
                try:
                    budget -= _extract(zf, info, target, budget)
                except _TooLarge as exc:
                    shutil.rmtree(dest, ignore_errors=True)
                    self.fail(path, f"unsafe zip: {exc}; nothing extracted")
                    return
                except RuntimeError as exc:  # zipfile: an encrypted member
                    failed.append(InputFailure(inner, f"cannot extract from {path.name}: {exc}"))
                    continue
                except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
                    failed.append(InputFailure(inner, f"damaged member of {path.name}: {exc}"))
                    continue
                extracted.append((target, f"{path}:{member}"))
        for failure in failed:
            self.fail(failure.path, failure.reason)
        for target, origin in extracted:
            self.add_file(target, origin, hints)

    # ------------------------------------------------------------------- manifests

    def add_manifest(self, path: Path) -> None:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise LkjError(f"{path}: manifest is not UTF-8 text") from exc
        except OSError as exc:
            raise LkjError(f"{path}: cannot read manifest ({exc.strerror or exc})") from exc
        first = text.split("\n", 1)[0]
        delimiter = max(",;\t", key=first.count)  # Indonesian spreadsheets save with ";"
        reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
        columns = {(c or "").strip().lower(): c for c in reader.fieldnames or []}
        if "path" not in columns:
            raise LkjError(
                f"{path}: a manifest needs a 'path' column (found: {', '.join(columns) or 'none'})"
            )
        rows: list[tuple[int, str, _Hints]] = []
        for row in reader:
            line = reader.line_num
            cells = {name: (row.get(col) or "").strip() for name, col in columns.items()}
            raw_year = cells.get("year", "")
            year: int | None = None
            if raw_year:
                if not raw_year.isdigit() or int(raw_year) not in YEARS:
                    raise LkjError(f"{path} line {line}: year {raw_year!r} is not a year")
                year = int(raw_year)
            if cells["path"]:
                rows.append((line, cells["path"], _Hints(cells.get("satker") or None, year)))
        for line, listed, hints in rows:
            target = Path(os.path.normpath(path.parent / listed))
            if target.name.lower().endswith(MANIFEST_SUFFIX):
                self.fail(target, f"a manifest listed in {path.name} line {line}: not followed")
            elif not os.path.lexists(target) and not _GLOB.search(listed):
                self.fail(target, f"listed in {path.name} line {line} but not found")
            else:
                try:
                    self.add(target, named=False, hints=hints)
                except LkjError:
                    self.fail(target, f"listed in {path.name} line {line}: no file matches")


class _TooLarge(Exception):
    """An archive unpacks to more than it may."""


def unsafe_reason(members: list[zipfile.ZipInfo], limits: ZipLimits) -> str | None:
    """Why an archive must not be extracted, from its headers alone; None when it may."""
    if len(members) > limits.members:
        return f"{len(members):,} members (> limit {limits.members:,})"
    total = 0
    for info in members:
        name = info.filename.replace("\\", "/")
        if name.startswith("/") or _DRIVE.match(name):
            return f"member {info.filename!r} has an absolute path"
        if ".." in PurePosixPath(name).parts:
            return f"member {info.filename!r} would be written outside the archive's folder"
        if "\x00" in name:
            return f"member {info.filename!r} has a NUL byte in its name"
        if stat.S_ISLNK(info.external_attr >> 16):
            return f"member {info.filename!r} is a symbolic link"
        total += info.file_size
        if info.file_size >= limits.ratio_from:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.ratio:
                return (
                    f"member {info.filename!r} is compressed {ratio:,.0f} to 1 "
                    f"(> limit {limits.ratio:,.0f}): a zip bomb"
                )
    if total > limits.total_bytes:
        return f"unpacks to {total:,} bytes (> limit {limits.total_bytes:,})"
    return None


def _extract(zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, budget: int) -> int:
    """Copy one member to ``target`` and return the bytes written.

    zipfile stops at the size a member's header declares (and fails its CRC check when the
    data runs on), so the sizes :func:`unsafe_reason` checked bound what is written; counting
    against the archive's remaining ``budget`` is the second guard.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with zf.open(info) as src, target.open("wb") as out:
        while chunk := src.read(_CHUNK):
            written += len(chunk)
            if written > budget:
                raise _TooLarge(f"member {info.filename!r} unpacks past the size limit")
            out.write(chunk)
    return written


def _wanted(name: str, archives: bool) -> bool:
    """A folder entry the scan keeps: a report, or an archive when archives are extracted."""
    lower = name.lower()
    if lower.endswith(ARCHIVE_SUFFIX):
        return archives
    return is_report(Path(name))


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text)[:60] or "archive"
