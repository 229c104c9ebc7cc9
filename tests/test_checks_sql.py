"""The SQL rules of queries/checks/, each on a small database that breaks it and one that does not."""

from __future__ import annotations

from pathlib import Path

import pytest
from checks_helpers import budget, doc, revision

from lkj import db, pipeline
from lkj.checks import run_sql
from lkj.checks.engine import SQL_PRECHECKS, registry
from lkj.corpus import generate_archive
from lkj.models import Extraction, Finding


def run(tmp_path: Path, ext: Extraction, rule: str) -> list[Finding]:
    con = db.open_db(tmp_path / "t.duckdb")
    try:
        db.load_extraction(con, ext, path=tmp_path / "fixture.txt")
        doc_id = ext.document.sha256
        found = run_sql(con, [doc_id], only=[rule])[doc_id]
        # the rule's test of the records (SQL_PRECHECKS) never hides what its query finds
        assert run_sql(con, [doc_id], only=[rule], extractions=[ext])[doc_id] == found
        assert not found or SQL_PRECHECKS.get(rule, lambda _: True)(ext)
        return found
    finally:
        con.close()


def test_prechecks_belong_to_sql_rules() -> None:
    assert set(SQL_PRECHECKS) <= {r.rule.id for r in registry().sql}


def test_prechecks_hold_wherever_the_queries_find(tmp_path: Path) -> None:
    """On generated reports with every kind of inconsistency planted, each SQL rule's
    precheck holds for every document its query reports on."""
    generate_archive(tmp_path / "gen", n_satker=6, years=(2019, 2024), seed=41, inject="all")
    con = db.open_db(tmp_path / "t.duckdb")
    found_any: set[str] = set()
    try:
        for path in sorted((tmp_path / "gen").glob("*.txt")):
            ext = pipeline.extract_file(path)
            db.load_extraction(con, ext, path=path)
            doc_id = ext.document.sha256
            for rule, precheck in SQL_PRECHECKS.items():
                if run_sql(con, [doc_id], only=[rule])[doc_id]:
                    found_any.add(rule)
                    assert precheck(ext), (rule, path.name)
    finally:
        con.close()
    assert found_any == set(SQL_PRECHECKS)  # every rule found something to hold its test to


def test_budget_duplicate_code(tmp_path: Path) -> None:
    rows = [
        budget("Tahapan Pemilihan", "100.000", line=638, code="3.364.034", level="output"),
        budget("Pemungutan Suara", "18.644.000", line=639, code="3364.054", level="output"),
        budget("Dana Hibah", "200.000.000", line=647, code="3.364.034", level="output"),
        budget("Dana Hibah", "200.000.000", line=700, code="3364.999", level="output", table=2),
        budget("Dana Hibah", "200.000.000", line=701, code="3364.999", level="output", table=2),
    ]
    out = run(tmp_path, doc(budget_lines=rows), "budget.duplicate_code")
    assert [(f.line, f.actual, f.severity) for f in out] == [(647, "3.364.034", "warning")]
    assert {v.provenance.line for v in out[0].values} == {638, 647}
    assert out[0].values[0].provenance.columns == {"code": 1}


def test_table_mixed_styles(tmp_path: Path) -> None:
    us = [revision(i, f"REVISI {i}", "14,989,199,000", None, line=530 + i) for i in (1, 2)]
    for r in us:
        r.flags.append("amount:us_style")
    idn = revision(0, "AWAL", "14.466.321.000", None, line=530)
    lines = [budget("Belanja Pegawai", "2.350.893.000", "2.323.822.650", line=545, table=3)]
    out = run(tmp_path, doc(dipa_revisions=[idn, *us], budget_lines=lines), "table.mixed_styles")
    assert [(f.line, f.actual) for f in out] == [(530, "1 Indonesian, 2 US")]
    assert {v.raw for v in out[0].values} == {"14.466.321.000", "14,989,199,000"}


def test_value_malformed_and_mixed_marks(tmp_path: Path) -> None:
    bad = budget("Belanja Barang", "1.328.8070", "4.135,440.127", line=12)
    bad.flags += ["pagu:malformed", "realisasi:mixed_marks"]
    good = budget("Belanja Modal", "715.862.000", "708.309.250", line=13)
    out = run(tmp_path, doc(budget_lines=[bad, good]), "value.malformed")
    assert sorted((f.line, f.actual) for f in out) == [(12, "1.328.8070"), (12, "4.135,440.127")]
    assert all(f.severity == "warning" and f.values[0].provenance.line == 12 for f in out)


@pytest.mark.parametrize("rule", ["budget.duplicate_code", "table.mixed_styles", "value.malformed"])
def test_sql_rules_are_quiet_on_a_clean_table(tmp_path: Path, rule: str) -> None:
    rows = [
        budget("Belanja Pegawai", "2.350.893.000", "2.323.822.650", line=1, code="3355.994"),
        budget("Belanja Barang", "13.137.151.000", "12.176.953.649", line=2, code="3356.001"),
    ]
    assert run(tmp_path, doc(budget_lines=rows), rule) == []
