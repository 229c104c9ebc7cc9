"""The query library on a generated archive of 50 satker x 3 years: every query returns the
figures the generator's ground truth implies.

Each expected figure is computed here from the *.truth.json files alone (never from the
database), by the rule the query's header states; the database side is the query as
``lkj query`` runs it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import ARCHIVE_SATKER, ARCHIVE_YEARS

from lkj import db
from lkj.cli import main, query_files, query_header

Truth = dict[str, dict[str, Any]]


@pytest.fixture(scope="module")
def truth(comparison_archive: tuple[Path, Path]) -> Truth:
    folder, _ = comparison_archive
    out = {}
    for p in sorted(folder.glob("*.truth.json")):
        t = json.loads(p.read_text(encoding="utf-8"))
        out[t["source"]] = t
    assert len(out) == ARCHIVE_SATKER * len(ARCHIVE_YEARS)
    return out


def run(db_path: Path, name: str, **params: Any) -> list[dict[str, Any]]:
    text = query_files()[name].read_text(encoding="utf-8")
    _, declared = query_header(text)
    con = db.open_db(db_path, read_only=True)
    try:
        cur = (
            con.execute(text, {k: params.get(k) for k in declared})
            if declared
            else con.execute(text)
        )
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    finally:
        con.close()


@pytest.fixture(scope="module")
def dbp(comparison_archive: tuple[Path, Path]) -> Path:
    return comparison_archive[1]


def realisation_total(t: dict[str, Any]) -> dict[str, Any]:
    """The total row with a realisasi and the largest pagu, first in the text on a tie."""
    totals = [
        b for b in t["budget_lines"] if b["is_total"] and b["realisasi"] is not None and b["pagu"]
    ]
    return sorted(totals, key=lambda b: (-b["pagu"], b["line"]))[0]


def measured(t: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        p
        for p in t["performance"]
        if p["realisasi"]["raw"] is not None or p["capaian"]["raw"] is not None
    ]


# --------------------------------------------------------------------------- satker and indicators


def test_every_report_is_matched_to_its_satker_and_province(dbp: Path, truth: Truth) -> None:
    rows = run(dbp, "satker_matches")
    assert len(rows) == len(truth)
    for r in rows:
        doc = truth[r["source"]]["document"]
        assert (r["status"], r["canonical"], r["province"]) == (
            "matched",
            doc["satker"],
            doc["province"],
        )
    assert len({r["satker_id"] for r in rows}) == ARCHIVE_SATKER


def test_one_canonical_indicator_per_generated_wording(dbp: Path, truth: Truth) -> None:
    wordings: dict[str, int] = defaultdict(int)
    for t in truth.values():
        for p in t["performance"]:
            wordings[p["indikator"]] += 1
    rows = run(dbp, "canonical_indicators")
    assert {r["indicator"]: r["rows"] for r in rows} == dict(wordings)
    assert all(r["wordings"] == 1 for r in rows)


# --------------------------------------------------------------------------- the library


def test_capaian_by_indicator(dbp: Path, truth: Truth) -> None:
    rows = run(dbp, "capaian_by_indicator")
    got = {(r["source"], r["wording"]): r for r in rows}
    expected = {}
    for source, t in truth.items():
        per: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for p in measured(t):
            per[p["indikator"]].append(p)
        for wording, ps in per.items():
            first = next((p for p in ps if p["capaian"]["raw"] is not None), ps[0])
            expected[(source, wording)] = (
                first["capaian"]["value"],
                first["capaian"]["raw"],
                first["line"],
                len(ps),
            )
    assert set(got) == set(expected)
    for key, (value, raw, line, n) in expected.items():
        r = got[key]
        parsed = r["capaian_value"] if isinstance(value, int | float) else r["capaian_text"]
        assert (parsed, r["line"], r["n_rows"]) == (value, line, n), key
        assert r["capaian_raw"] == raw and r["indicator_id"].startswith("IND-")
    # one indicator across every satker: the filter by id returns its rows only
    some = rows[0]["indicator_id"]
    only = run(dbp, "capaian_by_indicator", indicator=some)
    assert only and {r["indicator_id"] for r in only} == {some}
    assert len(only) == sum(1 for r in rows if r["indicator_id"] == some)


def test_absorption_ranking(dbp: Path, truth: Truth) -> None:
    rows = run(dbp, "absorption_ranking")
    assert len(rows) == len(truth)
    for r in rows:
        total = realisation_total(truth[r["source"]])
        assert (r["pagu"], r["realisasi"], r["line"]) == (
            total["pagu"],
            total["realisasi"],
            total["line"],
        )
        assert r["absorption_pct"] == round(100 * total["realisasi"] / total["pagu"], 2)
        assert r["satker_ranked"] == ARCHIVE_SATKER
    for year in ARCHIVE_YEARS:
        ranked = [r for r in rows if r["year"] == year]
        pct = [r["absorption_pct"] for r in ranked]
        assert pct == sorted(pct, reverse=True)
        assert [r["rank"] for r in ranked][0] == 1
        assert all(r["rank"] == 1 + sum(p > r["absorption_pct"] for p in pct) for r in ranked)


def test_dipa_revision_summary(dbp: Path, truth: Truth) -> None:
    rows = {r["source"]: r for r in run(dbp, "dipa_revision_summary")}
    assert set(rows) == {s for s, t in truth.items() if t["dipa_revisions"]}
    for source, r in rows.items():
        revs = sorted(truth[source]["dipa_revisions"], key=lambda v: v["seq"])
        later = [v for v in revs if v["seq"] >= 1]
        initial = (
            revs[0]["amount"] if revs[0]["seq"] == 0 else later[0]["amount"] - later[0]["delta"]
        )
        dates = sorted(v["date"] for v in later if v["date"])
        months: dict[str, int] = defaultdict(int)
        for d in dates:
            months[d[:7]] += 1
        assert r["revisions"] == len(later), source
        assert (r["first_amount"], r["last_amount"]) == (initial, revs[-1]["amount"]), source
        assert r["change"] == revs[-1]["amount"] - initial
        assert (str(r["first_date"]) if r["first_date"] else None) == (dates[0] if dates else None)
        assert (str(r["last_date"]) if r["last_date"] else None) == (dates[-1] if dates else None)
        assert r["by_month"] == (", ".join(f"{m}: {n}" for m, n in sorted(months.items())) or None)


def test_pagu_trend(dbp: Path, truth: Truth) -> None:
    expected: dict[tuple[str, int], tuple[int, str, int]] = {}
    by_satker: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for t in truth.values():
        by_satker[t["document"]["satker"]].append(t)
    for satker, reports in by_satker.items():
        for t in reports:  # a year's own report first
            total = realisation_total(t)
            expected[(satker, t["document"]["year"])] = (
                total["pagu"],
                "report total",
                t["document"]["year"],
            )
        for t in sorted(reports, key=lambda t: -t["document"]["year"]):  # then the latest table
            for h in t["pagu_history"]:
                expected.setdefault(
                    (satker, h["year"]), (h["pagu"], "history table", t["document"]["year"])
                )
    rows = run(dbp, "pagu_trend")
    got = {
        (r["satker"], r["fiscal_year"]): (r["pagu"], r["origin"], r["report_year"]) for r in rows
    }
    assert got == expected
    for r in rows:
        before = expected.get((r["satker"], r["fiscal_year"] - 1))
        prev = [y for (s, y) in expected if s == r["satker"] and y < r["fiscal_year"]]
        if prev:
            assert r["pagu_change"] == r["pagu"] - expected[(r["satker"], max(prev))][0]
        else:
            assert r["pagu_change"] is None and before is None


def test_indicators_below_target(dbp: Path, truth: Truth) -> None:
    expected = {
        (source, p["line"])
        for source, t in truth.items()
        for p in measured(t)
        if isinstance(p["capaian"]["value"], int | float) and p["capaian"]["value"] < 100
    }
    rows = run(dbp, "indicators_below_target")
    assert {(r["source"], r["line"]) for r in rows} == expected
    assert all(r["shortfall"] == round(100 - r["capaian_value"], 2) for r in rows)
    strict = run(dbp, "indicators_below_target", threshold="90")
    assert {(r["source"], r["line"]) for r in strict} == {
        (source, p["line"])
        for source, t in truth.items()
        for p in measured(t)
        if isinstance(p["capaian"]["value"], int | float) and p["capaian"]["value"] < 90
    }


def test_findings_by_satker_counts_every_satker_year(dbp: Path, truth: Truth) -> None:
    """A clean archive: the truth injects nothing, so no satker has an error or a warning."""
    rows = run(dbp, "findings_by_satker")
    assert {(r["satker"], r["year"]) for r in rows} == {
        (t["document"]["satker"], t["document"]["year"]) for t in truth.values()
    }
    assert all(r["documents"] == 1 and r["errors"] == 0 and r["warnings"] == 0 for r in rows)
    con = db.open_db(dbp, read_only=True)
    try:
        (info,) = con.execute("SELECT count(*) FROM findings WHERE severity = 'info'").fetchone()
    finally:
        con.close()
    assert sum(r["info"] for r in rows) == info


def test_cli_query_with_param_and_json(dbp: Path, truth: Truth) -> None:
    result = CliRunner().invoke(
        main,
        [
            "query",
            "absorption_ranking",
            "--db",
            str(dbp),
            "--param",
            "year=2024",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == ARCHIVE_SATKER and {r["year"] for r in rows} == {2024}
    best = max(
        (t for t in truth.values() if t["document"]["year"] == 2024),
        key=lambda t: realisation_total(t)["realisasi"] / realisation_total(t)["pagu"],
    )
    assert rows[0]["satker"] == best["document"]["satker"] and rows[0]["rank"] == 1
