"""Keeping the canonical satker and indicator tables in step with the records.

``lkj ingest`` matches each document's satker as it loads it (:func:`lkj.satker.assign_document`),
but canonical indicators are clusters over every wording in the database, so they are rebuilt
after loading: by ``lkj indicators``, and by ``lkj report`` and ``lkj export`` whenever the
records changed since the last build. ``lkj query`` only reads, and says when they are stale.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import duckdb

from lkj import indicators, satker
from lkj.db_schema import transaction

log = logging.getLogger(__name__)


@dataclass
class Refreshed:
    documents_matched: int
    wordings: int
    indicators: int


def is_stale(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether a document lacks its satker match or a wording its canonical indicator."""
    return satker.stale(con) or indicators.stale(con)


def refresh(con: duckdb.DuckDBPyConnection, *, rematch: bool = False) -> Refreshed:
    """Match the documents without a satker row (all of them with ``rematch``) and rebuild the
    canonical indicators, in one transaction."""
    with transaction(con):
        n = satker.refresh(con, everything=rematch)
        out = indicators.rebuild(con)
    return Refreshed(n, len(out), len({a.indicator_id for a in out}))


def ensure(db_path: Path) -> Refreshed | None:
    """Refresh a database file when it is stale. Opens it for writing, so an older database is
    upgraded to the current schema on the way (see :mod:`lkj.db_schema`)."""
    from lkj.db import open_db
    from lkj.errors import DatabaseError

    if not Path(db_path).exists():
        raise DatabaseError(
            f"{db_path}: no such database (create it with `lkj ingest ... --db {db_path}`)"
        )
    con = open_db(db_path)
    try:
        if not is_stale(con):
            return None
        done = refresh(con)
    finally:
        con.close()
    log.info(
        "%s: canonical tables refreshed: %d documents matched, %d wordings in %d indicators",
        db_path,
        done.documents_matched,
        done.wordings,
        done.indicators,
    )
    return done
