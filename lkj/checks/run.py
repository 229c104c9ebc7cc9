"""Running the checks: on a loaded database, on one document while it loads, on files.

Python rules read one document's records; SQL rules read the loaded tables. Both need the
document in a database, so checking files without a database the user made loads them
into an in-memory one first.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import duckdb

from lkj import db, db_read, satker
from lkj.db_schema import transaction
from lkj.models import Extraction, Finding

from .engine import RULES_VERSION, order, run_python, run_sql, sql_rules_for

log = logging.getLogger(__name__)


def check_extraction(
    con: duckdb.DuckDBPyConnection,
    extraction: Extraction,
    doc_id: str,
    only: Sequence[str] | None = None,
) -> list[Finding]:
    """Every rule over one document that is already loaded in ``con``."""
    found = run_python(extraction, doc_id, only)
    found += run_sql(con, [doc_id], only, extractions=[extraction]).get(doc_id, [])
    return order(found)


def load_and_check(
    con: duckdb.DuckDBPyConnection,
    extraction: Extraction,
    *,
    path: str | Path,
    seconds: float | None = None,
) -> tuple[dict[str, int], int]:
    """Store one document's records and its findings in one transaction.

    Returns the rows written per record table and the number of findings. The document's
    canonical satker (:mod:`lkj.satker`) is matched and stored in the same transaction.
    """
    return load_and_check_many(con, [db.ToLoad(extraction, path, seconds)])[0]


def load_and_check_many(
    con: duckdb.DuckDBPyConnection, docs: Sequence[db.ToLoad]
) -> list[tuple[dict[str, int], int]]:
    """:func:`load_and_check` for several documents in one transaction: the records of all
    of them go in with one statement per table, and each SQL rule runs once over all of
    them. Each document gets exactly the rows and findings it gets loaded alone; on any
    error none of them is stored. Returns (rows per record table, findings) per document."""
    if not docs:
        return []
    extractions = [d.extraction for d in docs]
    ids = [ex.document.sha256 for ex in extractions]
    python = [run_python(ex, doc_id) for ex, doc_id in zip(extractions, ids, strict=True)]
    with transaction(con):
        if sql_rules_for(extractions):  # SQL rules read the loaded records: load first
            rows = db.load_extractions(con, [replace(d, findings=None) for d in docs])
            satker.assign_documents(
                con, [(doc_id, ex.document) for doc_id, ex in zip(ids, extractions, strict=True)]
            )
            found = run_sql(con, ids, extractions=extractions)
            findings: dict[str, Sequence[Finding]] = {
                doc_id: order(own + found.get(doc_id, []))
                for doc_id, own in zip(ids, python, strict=True)
            }
            n = db.replace_findings_of(con, findings, RULES_VERSION)
            return [({**r, "findings": n[d]}, n[d]) for r, d in zip(rows, ids, strict=True)]
        # the Python rules alone: their findings go in with the records
        ordered = [order(own) for own in python]
        rows = db.load_extractions(
            con,
            [replace(d, findings=f) for d, f in zip(docs, ordered, strict=True)],
            rules_version=RULES_VERSION,
        )
        satker.assign_documents(
            con, [(doc_id, ex.document) for doc_id, ex in zip(ids, extractions, strict=True)]
        )
    return [(r, len(f)) for r, f in zip(rows, ordered, strict=True)]


def check_database(
    con: duckdb.DuckDBPyConnection,
    doc_ids: Sequence[str] | None = None,
    only: Sequence[str] | None = None,
    store: bool = True,
) -> list[Finding]:
    """Run the rules again over loaded documents (all by default), from their stored records.

    With ``store`` (and no ``only`` filter) the findings replace the stored ones, so a
    database ingested with older rules catches up without its source files.
    """
    ids = list(doc_ids) if doc_ids is not None else db_read.doc_ids(con)
    if store and not only:
        satker.refresh(con, everything=True)
    sql_found = run_sql(con, ids, only)
    out: list[Finding] = []
    for doc_id in ids:
        extraction = db_read.read_extraction(con, doc_id)
        found = order(run_python(extraction, doc_id, only) + sql_found.get(doc_id, []))
        if store and not only:
            db.replace_findings(con, doc_id, found, RULES_VERSION)
        out.extend(found)
    return out


def check_files(
    paths: Sequence[str | Path], *, progress: bool = False
) -> tuple[list[Finding], list[str], list[tuple[str, str]]]:
    """Check report files without a database of the user's: they are loaded into a
    temporary one that is removed afterwards.

    Returns the findings, the sources checked, and (path, error) for files that could not be read.
    """
    import tempfile

    from lkj.ingest import ingest

    with tempfile.TemporaryDirectory(prefix="lkj-check-") as tmp:
        db_path = Path(tmp) / "check.duckdb"
        summary = ingest(paths, db_path, progress=progress, force=True)
        con = db.open_db(db_path, read_only=True)
        try:
            findings = db_read.read_findings(con, db_read.doc_ids(con))
            sources = checked_sources(con)
        finally:
            con.close()
    failures = [(f.path, f.error or "") for f in summary.failures]
    return order(findings), sources, failures


def checked_sources(con: duckdb.DuckDBPyConnection) -> list[str]:
    """File names of the documents that were read, in path order."""
    rows = con.execute(
        "SELECT source FROM documents WHERE status <> 'failed' ORDER BY path"
    ).fetchall()
    return [r[0] for r in rows]


def check_db_file(
    db_path: Path, only: Sequence[str] = (), *, stored: bool = False
) -> tuple[list[Finding], list[str]]:
    """The findings of a database file: re-run and stored again, or (``stored``) as stored.

    Returns the findings and the sources of the documents checked.
    """
    from lkj.errors import DatabaseError

    from .engine import matches

    if not Path(db_path).exists():
        raise DatabaseError(f"{db_path}: no such database (create one with lkj ingest)")
    con = db.open_db(db_path, read_only=stored)
    try:
        ids = db_read.doc_ids(con)
        if stored:
            findings = [f for f in db_read.read_findings(con, ids) if matches(f.rule, only)]
        else:
            findings = check_database(con, ids, only=list(only) or None)
        sources = checked_sources(con)
    finally:
        con.close()
    return order(findings), sources
