"""Every ready query (queries/*.sql) runs against a small database and has the expected columns."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_db_helpers import sample_extraction, sample_findings

from lkj import canon, db
from lkj.cli import query_files, query_header

QUERIES = Path(__file__).resolve().parents[1] / "queries"

EXPECTED_COLUMNS = {
    "summary": [
        "satker",
        "year",
        "documents",
        "ok",
        "partial",
        "failed",
        "tables",
        "performance",
        "dipa_revisions",
        "budget_lines",
        "pagu_history",
        "issues",
    ],
    "performance_by_satker": [
        "satker",
        "year",
        "documents",
        "indicators",
        "with_capaian",
        "avg_capaian",
        "min_capaian",
        "below_100",
        "doubtful",
    ],
    "budget_absorption": [
        "satker",
        "year",
        "pagu",
        "realisasi",
        "sisa",
        "absorption_pct",
        "printed_pct",
        "table_number",
        "source",
        "page",
        "line",
    ],
    "dipa_revisions": [
        "satker",
        "year",
        "seq",
        "label_raw",
        "amount",
        "change",
        "stated_delta",
        "date",
        "note",
        "origin",
        "source",
        "page",
        "line",
    ],
    "findings": [
        "satker",
        "year",
        "source",
        "rule",
        "severity",
        "findings",
        "first_line",
        "example",
    ],
    "failed_documents": [
        "status",
        "source",
        "error",
        "path",
        "pipeline_version",
        "ingested_at",
        "doc_id",
    ],
    "capaian_by_indicator": [
        "satker_id", "satker", "province", "year", "indicator_id", "indicator", "wording",
        "direction", "target_raw", "target_value", "realisasi_raw", "realisasi_value",
        "capaian_raw", "capaian_value", "capaian_text", "n_rows", "table_number", "source",
        "page", "line",
    ],
    "absorption_ranking": [
        "year", "rank", "satker_ranked", "satker_id", "satker", "province", "pagu", "realisasi",
        "sisa", "absorption_pct", "printed_pct", "table_number", "source", "page", "line",
    ],
    "dipa_revision_summary": [
        "satker_id", "satker", "province", "year", "revisions", "first_amount", "last_amount",
        "change", "change_pct", "first_date", "last_date", "by_month", "active_months",
        "mean_days_between", "origin", "source", "page", "line",
    ],
    "pagu_trend": [
        "satker_id", "satker", "province", "fiscal_year", "pagu", "realisasi", "absorption_pct",
        "pagu_change", "pagu_change_pct", "origin", "report_year", "source", "page", "line",
    ],
    "indicators_below_target": [
        "satker_id", "satker", "province", "year", "indicator_id", "indicator", "wording",
        "direction", "target_raw", "realisasi_raw", "capaian_raw", "capaian_value", "shortfall",
        "table_number", "source", "page", "line",
    ],
    "findings_by_satker": [
        "satker_id", "satker", "province", "year", "documents", "errors", "warnings", "info",
        "rules", "first_source", "first_line", "first_message",
    ],
    "canonical_indicators": [
        "indicator_id", "indicator", "wordings", "rows", "documents", "satker", "years",
        "mean_capaian", "min_capaian",
    ],
    "satker_matches": [
        "status", "satker_id", "canonical", "province", "satker_read", "province_read", "score",
        "note", "year", "source",
    ],
}  # fmt: skip


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("q")
    c = db.open_db(tmp / "lkj.duckdb")
    db.load_extraction(c, sample_extraction(source="a.txt"), path=tmp / "a.txt")
    db.load_extraction(
        c,
        sample_extraction(source="b.txt", satker="KPU Kabupaten Ogan Ilir", year=2024, pagu=1_000),
        path=tmp / "b.txt",
    )
    db.load_extraction(
        c, sample_extraction(source="c.txt", issues=(("error", "table lost"),)), path=tmp / "c.txt"
    )
    doc_a = c.execute("SELECT doc_id FROM documents WHERE source = 'a.txt'").fetchone()[0]
    db.replace_findings(c, doc_a, sample_findings("a.txt"), "test")
    db.record_failure(c, tmp / "broken.pdf", "encrypted PDF")
    canon.refresh(c)  # canonical satker and indicators, as lkj report / lkj indicators do
    yield c
    c.close()


def run(con, name: str, **params):
    text = (QUERIES / f"{name}.sql").read_text(encoding="utf-8")
    _, declared = query_header(text)
    cur = con.execute(text, {k: params.get(k) for k in declared}) if declared else con.execute(text)
    columns = [d[0] for d in cur.description]
    return columns, [dict(zip(columns, r, strict=True)) for r in cur.fetchall()]


def test_every_query_is_covered() -> None:
    assert sorted(p.stem for p in QUERIES.glob("*.sql")) == sorted(EXPECTED_COLUMNS)
    assert sorted(query_files()) == sorted(EXPECTED_COLUMNS)  # installed as package data


@pytest.mark.parametrize("name", sorted(EXPECTED_COLUMNS))
def test_query_runs_with_expected_columns(con, name: str) -> None:
    columns, rows = run(con, name)
    assert columns == EXPECTED_COLUMNS[name]
    assert rows, f"{name} returned nothing on the sample database"


@pytest.mark.parametrize("name", sorted(EXPECTED_COLUMNS))
def test_query_header_documents_its_parameters(name: str) -> None:
    text = (QUERIES / f"{name}.sql").read_text(encoding="utf-8")
    description, declared = query_header(text)
    assert len(description) > 40, "the header comment says what the query answers"
    used = set(re.findall(r"\$(\w+)", text))
    assert used == set(declared), f"parameters used {used} vs declared {set(declared)}"


def test_summary_counts_and_total(con) -> None:
    _, rows = run(con, "summary")
    total = rows[-1]
    assert total["satker"] == "TOTAL"
    assert (total["documents"], total["ok"], total["partial"], total["failed"]) == (4, 2, 1, 1)
    assert total["performance"] == 9
    assert any(r["satker"] == "(not identified)" and r["failed"] == 1 for r in rows)


def test_performance_by_satker_filters(con) -> None:
    _, rows = run(con, "performance_by_satker", year="2019")
    assert [(r["satker"], r["documents"], r["indicators"], r["with_capaian"]) for r in rows] == [
        ("KPU Kabupaten Dharmasraya", 2, 6, 4)
    ]
    assert rows[0]["avg_capaian"] == pytest.approx(93.86)
    assert rows[0]["below_100"] == 4 and rows[0]["doubtful"] == 2
    _, rows = run(con, "performance_by_satker", satker="OGAN")
    assert [r["year"] for r in rows] == [2024]


def test_budget_absorption_uses_the_largest_total_row(con) -> None:
    _, rows = run(con, "budget_absorption", satker="ogan")
    assert len(rows) == 1
    r = rows[0]
    # b.txt: the total row has pagu 1000, realisasi 1000 - 900_000_000; the line item is larger
    # but not a total, so it is ignored
    assert r["pagu"] == 1_000 and r["absorption_pct"] == round(
        100 * (1_000 - 900_000_000) / 1_000, 2
    )
    assert r["printed_pct"] == 93.78 and r["table_number"] == "3.6" and r["line"] == 548


def test_dipa_revisions_change_from_previous(con) -> None:
    _, rows = run(con, "dipa_revisions", year="2024")
    assert [(r["seq"], r["change"]) for r in rows] == [(0, None), (1, 1_000_000)]


def test_failed_documents_lists_failed_and_partial(con) -> None:
    _, rows = run(con, "failed_documents")
    assert [(r["status"], r["source"], r["error"]) for r in rows] == [
        ("failed", "broken.pdf", "encrypted PDF"),
        ("partial", "c.txt", "table lost"),
    ]


def test_findings_counts_per_rule_and_severity_filter(con) -> None:
    _, rows = run(con, "findings")
    assert [(r["source"], r["rule"], r["severity"], r["findings"]) for r in rows] == [
        ("a.txt", "rule.0", "error", 1),
        ("a.txt", "rule.1", "warning", 1),
        ("a.txt", "rule.2", "info", 1),
    ]
    _, errors = run(con, "findings", severity="error")
    assert [r["rule"] for r in errors] == ["rule.0"]


def test_canonical_queries_on_the_sample(con) -> None:
    _, rows = run(con, "satker_matches")
    assert {(r["satker_read"], r["satker_id"], r["status"]) for r in rows} == {
        ("KPU Kabupaten Dharmasraya", "13.10", "matched"),
        ("KPU Kabupaten Ogan Ilir", "16.10", "matched"),
    }
    _, rows = run(con, "findings_by_satker", satker="13.10")
    assert {r["satker"] for r in rows} == {"KPU Kabupaten Dharmasraya"}
    assert sum(r["errors"] for r in rows) == 1 and sum(r["documents"] for r in rows) == 2
    _, ranking = run(con, "absorption_ranking", year="2019")
    assert [r["rank"] for r in ranking] == sorted(r["rank"] for r in ranking)


def test_query_cli_warns_when_canonical_tables_are_stale(tmp_path) -> None:
    from click.testing import CliRunner
    from test_db_helpers import sample_extraction

    from lkj.cli import main

    path = tmp_path / "s.duckdb"
    c = db.open_db(path)
    db.load_extraction(c, sample_extraction(source="a.txt"), path=tmp_path / "a.txt")
    c.close()
    result = CliRunner().invoke(main, ["query", "capaian_by_indicator", "--db", str(path)])
    assert result.exit_code == 0
    assert "lkj indicators --db" in result.stderr
    assert CliRunner().invoke(main, ["indicators", "--db", str(path)]).exit_code == 0
    again = CliRunner().invoke(main, ["query", "capaian_by_indicator", "--db", str(path)])
    assert "warning" not in again.stderr and "IND-" in again.stdout
