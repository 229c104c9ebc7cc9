"""Reading the database back: every stored field of an Extraction returns, and only the lossy
spots listed in docs/schema.md ("Reading back") differ."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest
from test_db_helpers import full_extraction, sample_extraction

from lkj import PIPELINE_VERSION, db
from lkj.errors import DatabaseError
from lkj.models import Extraction, Provenance, Statement, Value
from lkj.pipeline import extract_file

BUDGET_RAW = ("pagu", "realisasi", "sisa", "realisasi_pct")
HISTORY_RAW = ("pagu", "realisasi", "realisasi_pct")
TALLY_RAW = ("laki", "perempuan", "jumlah")


# --------------------------------------------------------------------------- comparison


def _number(x: Any, kind: str) -> Any:
    """Numbers come back as DOUBLE: money as an int, everything else as a float."""
    if isinstance(x, bool) or not isinstance(x, int | float):
        return x
    if kind == "money" and float(x).is_integer():
        return int(x)
    return float(x)


def _value(v: Value) -> Value:
    return v.model_copy(update={"value": _number(v.value, v.kind), "confidence": None})


def _statement(s: Statement) -> Statement:
    v = s.value
    words = None
    if s.words is not None:
        w = s.words.value
        whole = int(w) if isinstance(w, int | float) and float(w).is_integer() else None
        words = Value(raw=s.words.raw, value=whole, kind="money", flags=s.words.flags)
    return s.model_copy(
        update={
            "value": Value(raw=v.raw, value=_number(v.number, v.kind), kind=v.kind, flags=v.flags),
            "words": words,
            "provenance": Provenance(
                source=s.provenance.source, page=s.provenance.page, line=s.provenance.line
            ),
        }
    )


def as_stored(ex: Extraction) -> Extraction:
    """``ex`` as the database keeps it: the lossy spots of docs/schema.md normalised, nothing else.

    (Two more spots need the file's path: an empty ``document.source`` is stored as the file
    name, and an amount beyond BIGINT as NULL with a ``field:out_of_range`` flag; the tests
    below check those directly.)
    """

    def raw(d: dict[str, str | None], keys: tuple[str, ...]) -> dict[str, str | None]:
        return {k: d.get(k) for k in keys}

    return ex.model_copy(
        update={
            "performance": [
                r.model_copy(
                    update={
                        "target": _value(r.target),
                        "realisasi": _value(r.realisasi),
                        "capaian": _value(r.capaian),
                    }
                )
                for r in ex.performance
            ],
            "budget_lines": [
                r.model_copy(update={"raw": raw(r.raw, BUDGET_RAW)}) for r in ex.budget_lines
            ],
            "pagu_history": [
                r.model_copy(update={"raw": raw(r.raw, HISTORY_RAW)}) for r in ex.pagu_history
            ],
            "tally_rows": [
                r.model_copy(update={"raw": raw(r.raw, TALLY_RAW)}) for r in ex.tally_rows
            ],
            "statements": [_statement(s) for s in ex.statements],
            "pipeline_version": ex.pipeline_version or PIPELINE_VERSION,
        }
    )


def differences(a: Any, b: Any, path: str = "") -> list[str]:
    """Where two dumps differ, by path; numbers must agree in type too (5 is not 5.0)."""
    if isinstance(a, Extraction | Statement | Value):
        return differences(a.model_dump(), b.model_dump(), path)
    if isinstance(a, dict) and isinstance(b, dict):
        out = [f"{path}.{k}: only in one" for k in sorted(a.keys() ^ b.keys(), key=str)]
        for k in [k for k in a if k in b]:
            out += differences(a[k], b[k], f"{path}.{k}")
        return out
    if isinstance(a, list | tuple) and isinstance(b, list | tuple) and type(a) is type(b):
        if len(a) != len(b):
            return [f"{path}: {len(a)} items, then {len(b)}"]
        return [
            d
            for i, (x, y) in enumerate(zip(a, b, strict=True))
            for d in differences(x, y, f"{path}[{i}]")
        ]
    if type(a) is not type(b) or a != b:
        return [f"{path}: {a!r} != {b!r}"]
    return []


def test_differences_sees_type_and_value_changes() -> None:
    ex = full_extraction()
    other = ex.model_copy(deep=True)
    assert differences(ex, other) == []
    other.performance[0].target = other.performance[0].target.model_copy(update={"value": 70})
    other.toc[1].title = "Daftar"
    found = differences(ex, other)
    assert found == [".performance[0].target.value: 70.0 != 70", ".toc[1].title: None != 'Daftar'"]


# --------------------------------------------------------------------------- round trips


@pytest.fixture
def con(tmp_path: Path):
    c = db.open_db(tmp_path / "lkj.duckdb")
    yield c
    c.close()


def test_seed_reports_round_trip(seeds: list[Path], con: duckdb.DuckDBPyConnection) -> None:
    originals = {}
    for path in seeds:
        ex = extract_file(path)
        db.load_extraction(con, ex, path=path)
        originals[ex.document.sha256] = ex
    assert sorted(db.doc_ids(con)) == sorted(originals)
    records = 0
    for doc_id, ex in originals.items():
        back = db.read_extraction(con, doc_id)
        assert differences(as_stored(ex), back) == [], ex.document.source
        assert differences(as_stored(back), back) == []  # the read-back is already normal
        records += len(back.performance) + len(back.budget_lines) + len(back.dipa_revisions)
    assert records > 100  # the seeds do exercise the round trip


def test_every_record_kind_round_trips(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    ex = full_extraction()
    counts = db.load_extraction(con, ex, path=tmp_path / "full.txt")
    assert counts["tally_rows"] == 2 and counts["statements"] == 4 and counts["toc_entries"] == 2
    back = db.read_extraction(con, ex.document.sha256)
    assert differences(as_stored(ex), back) == []
    # what the normalisation may not hide: new records come back with their values
    assert back.tally_rows[1].raw == {"laki": "2O.101", "perempuan": "19.876", "jumlah": "39.977"}
    assert back.tally_rows[1].flags == ["laki:malformed"] and back.tally_rows[1].is_total
    pagu = back.statements[0]
    assert pagu.value.value == 14_466_321_000 and isinstance(pagu.value.value, int)
    assert pagu.words is not None and pagu.words.value == 14_466_321_000
    assert pagu.refers_to == "3.6" and pagu.provenance.line == 610
    assert back.statements[1].words is None  # no words printed
    assert back.statements[2].words == Value(
        raw="seribu juta lima", kind="money", flags=("words_malformed",)
    )
    assert back.statements[3].words == Value(kind="money")  # printed but empty: not None
    assert back.toc[0].page_printed == "7" and back.toc[1].title is None
    assert back.tables[-1].notes == ["caption after the table", "Ä non-ASCII note"]
    assert back.issues[0].level == "error"
    assert con.execute(
        "SELECT status, n_tally_rows, n_statements, n_toc_entries FROM documents"
    ).fetchone() == ("partial", 2, 4, 2)
    assert con.execute("SELECT source FROM toc_entries WHERE row_no = 1").fetchone() == (
        "001_full.txt",
    )


def test_lossy_spots_come_back_as_documented(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    ex = full_extraction()
    ex.document.source = ""
    ex.pipeline_version = ""
    ex.performance[0].target = Value(
        raw="5", value=5, kind="number", confidence=61.5, unit="laporan"
    )
    ex.budget_lines[1].raw = {"pagu": "x", "other": "y"}
    ex.budget_lines[1].pagu = 10**20
    ex.statements[1] = ex.statements[1].model_copy(
        update={
            "value": Value(raw="93,86 %", value=93.86, unit="%", kind="percent", percent=1.0),
            "provenance": Provenance(source="001_full.txt", line=612, caption="Tabel 3.6"),
        }
    )
    db.load_extraction(con, ex, path=tmp_path / "renamed.txt")
    back = db.read_extraction(con, ex.document.sha256)
    assert back.document.source == "renamed.txt"
    assert back.pipeline_version == PIPELINE_VERSION
    assert back.performance[0].target == Value(raw="5", value=5.0, kind="number", unit="laporan")
    assert isinstance(back.performance[0].target.value, float)
    assert back.budget_lines[1].raw == {
        "pagu": "x",
        "realisasi": None,
        "sisa": None,
        "realisasi_pct": None,
    }
    assert back.budget_lines[1].pagu is None and "pagu:out_of_range" in back.budget_lines[1].flags
    assert back.statements[1].value == Value(raw="93,86 %", value=93.86, kind="percent")
    assert back.statements[1].provenance == Provenance(source="001_full.txt", line=612)
    # and nothing else: the normalisation of the original (plus the two path-dependent spots)
    expected = as_stored(ex)
    expected.document.source = "renamed.txt"
    expected.budget_lines[1].pagu = None
    expected.budget_lines[1].flags = [*expected.budget_lines[1].flags, "pagu:out_of_range"]
    assert differences(expected, back) == []


def test_int_money_in_performance_stays_int(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    ex = sample_extraction()
    ex.performance[0].target = Value(raw="Rp 1.500.000", value=1_500_000, unit="Rp", kind="money")
    db.load_extraction(con, ex, path=tmp_path / "a.txt")
    value = db.read_extraction(con, ex.document.sha256).performance[0].target.value
    assert value == 1_500_000 and isinstance(value, int)


def test_read_extraction_of_missing_or_failed_document(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    with pytest.raises(DatabaseError, match="not in the database"):
        db.read_extraction(con, "0" * 64)
    f = tmp_path / "bad.txt"
    f.write_bytes(b"\x00")
    doc_id = db.record_failure(con, f, "binary data")
    with pytest.raises(DatabaseError, match="failed to load"):
        db.read_extraction(con, doc_id)
    assert db.doc_ids(con) == []


def test_row_the_models_reject_is_a_database_error(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    ex = sample_extraction()
    db.load_extraction(con, ex, path=tmp_path / "a.txt")
    con.execute("UPDATE performance SET direction = 'sideways' WHERE row_no = 1")
    with pytest.raises(DatabaseError, match="a row of `performance` cannot be read"):
        db.read_extraction(con, ex.document.sha256)


def test_doc_ids_are_loaded_documents_by_path(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    b = sample_extraction(source="b.txt")
    a = sample_extraction(source="a.txt")
    db.load_extraction(con, b, path=tmp_path / "b.txt")
    db.load_extraction(con, a, path=tmp_path / "a.txt")
    db.record_failure(con, tmp_path / "c.txt", "cannot read")
    assert db.doc_ids(con) == [a.document.sha256, b.document.sha256]
