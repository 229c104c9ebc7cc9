"""Documents stored together (one transaction, one statement per table for all of them) give
the database exactly what storing them one by one gives, and lose nothing when one of them,
or the group, cannot be stored."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import duckdb
import pytest
from db_faults import FaultyConnection, Injected, documents, dump
from test_db_helpers import sample_extraction

import lkj.ingest
from lkj import db, pipeline
from lkj.checks.engine import registry
from lkj.checks.run import load_and_check, load_and_check_many
from lkj.corpus import generate_archive
from lkj.errors import DatabaseError
from lkj.models import Extraction


def _comparable(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[Any, ...]]]:
    """Every table, without the load time of the documents rows (it differs by the clock)."""
    out = dump(con)
    cols = [d[0] for d in con.execute("SELECT * FROM documents LIMIT 0").description]
    at = cols.index("ingested_at")
    out["documents"] = sorted(r[:at] + r[at + 1 :] for r in out["documents"])
    return out


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, Extraction]]:
    """Generated reports with every kind of inconsistency planted: Python and SQL rules both
    find something, in some documents and not in others."""
    out = tmp_path_factory.mktemp("planted")
    generate_archive(out, n_satker=4, years=(2019, 2024), seed=41, inject="all")
    return [(p, pipeline.extract_file(p)) for p in sorted(out.glob("*.txt"))]


def test_a_group_stores_what_one_by_one_stores(
    planted: list[tuple[Path, Extraction]], tmp_path: Path
) -> None:
    alone = db.open_db(tmp_path / "alone.duckdb")
    together = db.open_db(tmp_path / "together.duckdb")
    try:
        results = [load_and_check(alone, ex, path=p, seconds=1.0) for p, ex in planted]
        grouped: list[tuple[dict[str, int], int]] = []
        for k in range(0, len(planted), 5):
            todo = [db.ToLoad(ex, p, 1.0) for p, ex in planted[k : k + 5]]
            grouped += load_and_check_many(together, todo)
        assert grouped == results
        state = _comparable(alone)
        assert _comparable(together) == state
    finally:
        alone.close()
        together.close()
    # the comparison means something: findings of both kinds, in some documents only
    rules = {r[2] for r in state["findings"]}
    assert rules & {r.rule.id for r in registry().sql}
    assert rules & {r.id for r, _ in registry().python}
    assert 0 < len({r[0] for r in state["findings"]}) <= len(planted)
    assert sum(n for _, n in results) == len(state["findings"])


def test_a_group_reloads_as_one_by_one_reloads(
    planted: list[tuple[Path, Extraction]], tmp_path: Path
) -> None:
    """Reloading: documents already stored are replaced, and a path that now holds other
    content loses its earlier document, as when each is reloaded alone."""
    first, rest = planted[:4], planted[4:8]
    moved = [(first[0][0], rest[0][1]), *rest[1:]]  # first[0]'s file now holds rest[0]'s text
    again = [first[1], first[2], *moved]
    alone = db.open_db(tmp_path / "alone.duckdb")
    together = db.open_db(tmp_path / "together.duckdb")
    try:
        for con in (alone, together):
            load_and_check_many(con, [db.ToLoad(ex, p, 1.0) for p, ex in first])
        for p, ex in again:
            load_and_check(alone, ex, path=p, seconds=1.0)
        load_and_check_many(together, [db.ToLoad(ex, p, 1.0) for p, ex in again])
        assert _comparable(together) == _comparable(alone)
        paths = together.execute("SELECT path FROM documents").fetchall()
        assert len(paths) == len(set(paths)) == 7  # first[3] stays; rest[0] takes first[0]'s place
    finally:
        alone.close()
        together.close()


def test_a_fault_before_any_write_of_a_group_changes_nothing(tmp_path: Path) -> None:
    """A group of a reload and a new document: a fault before its 1st, 2nd, ... last write
    leaves every row as it was, and the connection goes on."""
    first, other, changed = documents()
    con = db.open_db(tmp_path / "lkj.duckdb")
    try:
        load_and_check(con, first, path=tmp_path / "a.txt")
        load_and_check(con, other, path=tmp_path / "b.txt")
        before = dump(con)
        third = sample_extraction(source="c.txt", satker="KPU Kota Palembang", n_performance=2)
        group = [db.ToLoad(changed, tmp_path / "a.txt"), db.ToLoad(third, tmp_path / "c.txt")]
        counter = FaultyConnection(con)
        con.begin()
        load_and_check_many(counter, group)  # type: ignore[arg-type]
        con.rollback()
        assert counter.writes >= 4 and dump(con) == before
        for k in range(1, counter.writes + 1):
            faulty = FaultyConnection(con, fail_at=k)
            with pytest.raises(Injected):
                load_and_check_many(faulty, group)  # type: ignore[arg-type]
            assert dump(con) == before, f"fault before write {k} of {counter.writes}"
        load_and_check_many(con, group)
        docs = {r[0] for r in con.execute("SELECT doc_id FROM documents").fetchall()}
    finally:
        con.close()
    assert docs == {d.document.sha256 for d in (changed, other, third)}


def test_the_same_document_twice_in_a_group_is_refused(tmp_path: Path) -> None:
    first, _, _ = documents()
    con = db.open_db(tmp_path / "lkj.duckdb")
    try:
        twice = [db.ToLoad(first, tmp_path / "a.txt"), db.ToLoad(first, tmp_path / "b.txt")]
        with pytest.raises(ValueError, match="same document twice"):
            db.load_extractions(con, twice)
        assert con.execute("SELECT count(*) FROM documents").fetchone() == (0,)
    finally:
        con.close()


# --------------------------------------------------------------------------- ingest


@pytest.fixture
def reports(planted: list[tuple[Path, Extraction]], tmp_path: Path) -> list[Path]:
    folder = tmp_path / "in"
    folder.mkdir()
    out = []
    for p, _ in planted[:7]:
        target = folder / p.name
        target.write_bytes(p.read_bytes())
        out.append(target)
    return out


def _group_sizes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    sizes: list[int] = []
    real = lkj.ingest.load_and_check_many

    def spy(con: Any, docs: Any) -> Any:
        sizes.append(len(docs))
        return real(con, docs)

    monkeypatch.setattr(lkj.ingest, "load_and_check_many", spy)
    return sizes


def test_ingest_stores_documents_in_groups_and_gets_what_one_by_one_gets(
    reports: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lkj.ingest._Loader, "MAX_DOCS", 3)
    sizes = _group_sizes(monkeypatch)
    grouped = lkj.ingest.ingest(
        reports, tmp_path / "g.duckdb", progress=False, workers=0, commit_every=1000.0
    )
    assert sizes == [3, 3]  # and the seventh alone, at the end
    assert grouped.ok == 7 and [f.path for f in grouped.files] == [str(p) for p in reports]
    assert all(f.rows and f.seconds > 0 for f in grouped.files)
    alone = lkj.ingest.ingest(
        reports, tmp_path / "a.duckdb", progress=False, workers=0, commit_every=0.0
    )
    assert sizes == [3, 3]
    assert [f.rows for f in alone.files] == [f.rows for f in grouped.files]
    states = []
    for name in ("g", "a"):
        con = db.open_db(tmp_path / f"{name}.duckdb", read_only=True)
        try:
            state = _comparable(con)
        finally:
            con.close()
        # the runs' own paths and timings differ; the records and findings must not
        state.pop("documents")
        states.append(state)
    assert states[0] == states[1]


def test_a_document_that_cannot_be_stored_fails_alone(
    reports: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The group it is in is stored again document by document: the others go in."""
    bad = pipeline.extract_file(reports[2]).document.sha256
    real = db._rows

    def rows(todo: db.ToLoad, rules_version: str) -> Any:
        if todo.extraction.document.sha256 == bad:
            raise DatabaseError(f"{todo.path}: could not store the records: disk full")
        return real(todo, rules_version)

    monkeypatch.setattr(db, "_rows", rows)
    summary = lkj.ingest.ingest(
        reports, tmp_path / "lkj.duckdb", progress=False, workers=0, commit_every=1000.0
    )
    assert summary.ok == 6 and summary.failed == 1
    assert summary.files[2].status == "failed" and "disk full" in (summary.files[2].error or "")
    con = db.open_db(tmp_path / "lkj.duckdb", read_only=True)
    try:
        status = dict(con.execute("SELECT source, status FROM documents").fetchall())
    finally:
        con.close()
    assert status == {p.name: "failed" if i == 2 else "ok" for i, p in enumerate(reports)}


def test_ctrl_c_keeps_the_documents_read_before_it(
    reports: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = pipeline.extract_file

    def extract(path: Any) -> Extraction:
        if Path(path) == reports[4]:
            raise KeyboardInterrupt
        return real(path)

    monkeypatch.setattr(pipeline, "extract_file", extract)
    target = tmp_path / "lkj.duckdb"
    with pytest.raises(KeyboardInterrupt):
        lkj.ingest.ingest(reports, target, progress=False, workers=0, commit_every=1000.0)
    con = db.open_db(target, read_only=True)
    try:
        stored = {r[0] for r in con.execute("SELECT source FROM documents").fetchall()}
    finally:
        con.close()
    assert stored == {p.name for p in reports[:4]}
    monkeypatch.setattr(pipeline, "extract_file", real)
    resumed = lkj.ingest.ingest(reports, target, progress=False, workers=0)
    assert (resumed.skipped, resumed.ok) == (4, 3)


def test_a_slow_document_is_stored_at_once(
    reports: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A document whose reading took ``commit_every`` seconds or more is stored as soon as
    it is read (with any that waited before it)."""
    sizes = _group_sizes(monkeypatch)
    real = pipeline.extract_file

    def extract(path: Any) -> Extraction:
        if Path(path) == reports[1]:
            time.sleep(0.3)
        return real(path)

    monkeypatch.setattr(pipeline, "extract_file", extract)
    summary = lkj.ingest.ingest(
        reports[:4], tmp_path / "lkj.duckdb", progress=False, workers=0, commit_every=0.25
    )
    assert summary.ok == 4
    # the first two go together once the slow second is read; the last two at the end
    assert sizes == [2, 2]


def test_commit_every_0_stores_each_document_alone(
    reports: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sizes = _group_sizes(monkeypatch)
    summary = lkj.ingest.ingest(
        reports[:3], tmp_path / "lkj.duckdb", progress=False, workers=0, commit_every=0.0
    )
    assert summary.ok == 3 and sizes == []  # never a group: load_and_check, one by one
