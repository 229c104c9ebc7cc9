"""Fault injection for the database tests: a connection that fails (or stops) at its Nth write.

The proxy stands in for a DuckDB connection and counts the statements that change the database
(INSERT, DELETE, UPDATE, CREATE, ...) whatever code issues them, so the tests do not depend on
how :mod:`lkj.db` batches its rows. Imported by tests/test_db_safety.py and by the child process
it starts and kills mid-load.
"""

from __future__ import annotations

import re
import sys
from typing import Any

import duckdb
from test_db_helpers import full_extraction, sample_extraction

from lkj.models import Extraction

_WRITE = re.compile(r"^\s*(?:INSERT|DELETE|UPDATE|CREATE|DROP|ALTER|COPY|MERGE)\b", re.I)


class Injected(Exception):
    """The fault a test injects (an error no lkj code expects)."""


class FaultyConnection:
    """A DuckDB connection that raises ``fault`` just before its ``fail_at``-th write
    (1-based), or, with ``pause`` set, prints "paused" and waits forever there, for a parent
    process to kill it. With neither it only counts the writes."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        fail_at: int | None = None,
        fault: BaseException | None = None,
        *,
        pause: bool = False,
    ) -> None:
        self._con = con
        self.fail_at = fail_at
        self.fault = fault if fault is not None else Injected("fault injected")
        self.pause = pause
        self.writes = 0

    def _step(self, sql: object) -> None:
        if not isinstance(sql, str) or not _WRITE.match(sql):
            return
        self.writes += 1
        if self.writes != self.fail_at:
            return
        if self.pause:
            print("paused", flush=True)
            sys.stdin.read()  # until killed
        raise self.fault

    def execute(self, sql: object, *args: Any, **kwargs: Any) -> Any:
        self._step(sql)
        return self._con.execute(sql, *args, **kwargs)  # type: ignore[arg-type]

    def executemany(self, sql: object, *args: Any, **kwargs: Any) -> Any:
        self._step(sql)
        return self._con.executemany(sql, *args, **kwargs)  # type: ignore[arg-type]

    def sql(self, sql: object, *args: Any, **kwargs: Any) -> Any:
        self._step(sql)
        return self._con.sql(sql, *args, **kwargs)  # type: ignore[arg-type]

    def append(self, table: str, *args: Any, **kwargs: Any) -> Any:
        self._step(f"INSERT INTO {table}")
        return self._con.append(table, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)


def dump(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the database, in a fixed order: the state to compare."""
    tables = [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "AND NOT temporary ORDER BY table_name"
        ).fetchall()
    ]
    return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in tables}


def documents() -> tuple[Extraction, Extraction, Extraction]:
    """Two documents to load first, and a changed version of the first to reload over it."""
    first = full_extraction(source="a.txt")
    other = sample_extraction(source="b.txt", satker="KPU Kabupaten Ogan Ilir", n_performance=4)
    changed = first.model_copy(deep=True)
    changed.performance = changed.performance * 3
    changed.budget_lines = changed.budget_lines[:1]
    changed.document.year = 2030
    return first, other, changed
