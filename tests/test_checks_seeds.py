"""Every inconsistency ../shared/DOMAIN.md lists for the seeds is found, at the right place.

The four seeds are ingested once (records and findings, as ``lkj ingest`` does); each test
looks for one finding by rule, file, table and line, and checks the figures side by side.
Lines and figures were read off the seed pages.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lkj import db, db_read
from lkj.ingest import ingest
from lkj.models import Finding


@pytest.fixture(scope="module")
def findings(seeds: list[Path], tmp_path_factory: pytest.TempPathFactory) -> list[Finding]:
    path = tmp_path_factory.mktemp("checks") / "seeds.duckdb"
    summary = ingest(seeds, path, progress=False)
    assert summary.failed == 0
    con = db.open_db(path, read_only=True)
    try:
        return db_read.read_findings(con)
    finally:
        con.close()


def one(findings: list[Finding], seed: str, rule: str, line: int, **want: object) -> Finding:
    hits = [f for f in findings if f.source.startswith(seed) and f.rule == rule and f.line == line]
    assert len(hits) >= 1, f"no {rule} finding in seed {seed} at line {line}"
    hit = hits[0]
    for key, value in want.items():
        assert getattr(hit, key) == value, (key, getattr(hit, key), value)
    return hit


def value_lines(f: Finding) -> set[int | None]:
    return {v.provenance.line for v in f.values}


# --------------------------------------------------------------------------- seed 000


def test_000_tabel_3_3_capaian_100_for_realisasi_0(findings: list[Finding]) -> None:
    f = one(findings, "000", "capaian.formula", 505, table="3.3", expected="0", actual="100")
    assert f.severity == "error" and f.row_index == 0


def test_000_pk_target_86_against_tabel_3_1_87(findings: list[Finding]) -> None:
    f = one(findings, "000", "performance.target", 468, table="3.1", expected="86", actual="87")
    assert 438 in value_lines(f)  # the Perjanjian Kinerja row in Tabel 2.5


def test_000_tabel_3_5_two_number_styles(findings: list[Finding]) -> None:
    f = one(findings, "000", "table.mixed_styles", 530, table="3.5")
    raws = {v.raw for v in f.values}
    assert "14.466.321.000" in raws and "14,989,199,000" in raws


def test_000_daftar_tabel_lists_3_6_twice(findings: list[Finding]) -> None:
    f = one(findings, "000", "toc.caption", 557, table="3.7", expected="3.6", actual="3.7")
    assert 77 in value_lines(f)  # the second "Tabel 3.6" of the Daftar Tabel


def test_000_tabel_4_code_on_two_kegiatan_rows(findings: list[Finding]) -> None:
    f = one(findings, "000", "budget.duplicate_code", 647, table="4", actual="3.364.034")
    assert value_lines(f) == {638, 647}


def test_000_words_do_not_spell_the_realisasi(findings: list[Finding]) -> None:
    f = one(findings, "000", "words.amount", 550, expected="15209085549")
    assert "Sembilan rupiah" in (f.actual or "")


# --------------------------------------------------------------------------- seed 001


def test_001_total_row_is_not_the_sum_of_its_45_rows(findings: list[Finding]) -> None:
    hits = [f for f in findings if f.source.startswith("001") and f.rule == "budget.total"]
    got = {(f.line, f.expected, f.actual) for f in hits}
    assert got == {
        (590, "11649900000", "30151427000"),
        (590, "10800681204", "28643714199"),
    }
    assert len(value_lines(hits[0])) == 46  # the total and the 45 rows it should sum


def test_001_row_24_prints_89_89_where_figures_give_89_74(findings: list[Finding]) -> None:
    one(findings, "001", "budget.pct", 567, expected="89.74", actual="89.89", row_index=23)


def test_001_capaian_85_for_realisasi_5_19(findings: list[Finding]) -> None:
    one(findings, "001", "capaian.formula", 493, expected="5.19", actual="85")


def test_001_capaian_98_for_target_49_realisasi_99_66(findings: list[Finding]) -> None:
    one(findings, "001", "capaian.formula", 507, actual="98")


# --------------------------------------------------------------------------- seed 002 and 004


def test_002_text_counts_15_indicators_next_to_a_9_row_tabel_3_2(findings: list[Finding]) -> None:
    f = one(findings, "002", "prose.indicator_count", 512, expected="9", actual="15")
    assert len(value_lines(f) - {512}) == 9  # the nine rows of Tabel 3.2


def test_004_mixed_marks_in_the_pagu_history(findings: list[Finding]) -> None:
    f = one(findings, "004", "value.malformed", 650, actual="4.135,440.127")
    assert f.values[0].provenance.columns == {"realisasi": 3}


# --------------------------------------------------------------------------- found beyond DOMAIN.md


@pytest.mark.parametrize(
    ("seed", "rule", "line", "expected", "actual"),
    [
        ("000", "budget.total", 560, "16003906000", "16203906000"),  # Tabel 3.7 lacks the hibah row
        ("000", "budget.pct", 559, "86.45", "93.82"),
        (
            "000",
            "words.amount",
            522,
            "14466321000",
            "14466000321",
        ),  # "... dua puluh satu rupiah", no ribu
        ("000", "prose.indicator_count", 473, "9", "11"),
        ("001", "dipa.prose_delta", 536, "30151413000", "30151427000"),
        ("002", "budget.total", 733, "110004626000", "110004781000"),
        ("002", "budget.pct", 742, "99.62", "95"),
        ("004", "performance.target", 686, "100", "19"),  # one indicator, three targets
    ],
)
def test_more_contradictions_the_seeds_hold(
    findings: list[Finding], seed: str, rule: str, line: int, expected: str, actual: str
) -> None:
    one(findings, seed, rule, line, expected=expected, actual=actual)


def test_seed_errors_are_only_the_known_ones(findings: list[Finding]) -> None:
    """No rule fires an error on a seed beyond the listed contradictions (guards precision)."""
    errors = {(f.source[:3], f.rule) for f in findings if f.severity == "error"}
    assert errors <= {
        ("000", "capaian.formula"),
        ("000", "performance.target"),
        ("000", "words.amount"),
        ("000", "budget.pct"),
        ("000", "budget.total"),
        ("001", "capaian.formula"),
        ("001", "performance.target"),
        ("001", "budget.pct"),
        ("001", "budget.total"),
        ("002", "performance.target"),
        ("002", "budget.pct"),
        ("002", "budget.total"),
    }
