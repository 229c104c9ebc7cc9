"""Corpus-level scores on the four real seed reports against hand-checked gold.

The thresholds are the project's acceptance bar (>= 98 % field accuracy and row
recall per record kind); the seeds are read from ../shared/seeds and a missing
seed fails in CI.
"""

from __future__ import annotations

import json

import pytest
from conftest import GOLD_DIR, SEEDS_DIR

from lkj.evaluate import evaluate, seed_pairs
from lkj.pipeline import extract_file

KINDS = ["performance", "dipa_revisions", "budget_lines", "pagu_history"]


@pytest.fixture(scope="module")
def report(seeds):
    pairs = seed_pairs(GOLD_DIR, SEEDS_DIR)
    assert len(pairs) == 4, pairs
    return evaluate(pairs)


def test_every_seed_has_gold():
    stems = sorted(p.name for p in GOLD_DIR.iterdir() if (p / "gold.json").exists())
    assert stems == [
        "000_e42b510b6b27a236",
        "001_a7be4417ce4c14a3",
        "002_6cdf7905ac5549be",
        "004_1360a54374f1f03e",
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_seed_accuracy_thresholds(report, kind):
    assert not report.errors
    k = report.kinds[kind]
    assert k.expected > 0
    assert k.recall >= 0.98, k
    assert k.precision >= 0.98, k
    assert k.field_accuracy >= 0.98, k


def test_seed_identity(seeds):
    expected = {
        "000_e42b510b6b27a236": ("KPU Kabupaten Dharmasraya", "Sumatera Barat", 2019),
        "001_a7be4417ce4c14a3": ("KPU Kabupaten Ogan Ilir", "Sumatera Selatan", 2019),
        "002_6cdf7905ac5549be": ("KPU Kabupaten Muara Enim", "Sumatera Selatan", 2024),
        "004_1360a54374f1f03e": ("KPU Kabupaten Barito Selatan", "Kalimantan Tengah", 2024),
    }
    for path in seeds:
        doc = extract_file(path).document
        assert (doc.satker, doc.province, doc.year) == expected[path.stem]
        assert doc.evidence["satker"].text and doc.evidence["year"].text


def test_json_contract_names(seeds):
    """Other tools script against these names: they are only ever added to."""
    data = json.loads(extract_file(seeds[0]).model_dump_json())
    assert {
        "source",
        "sha256",
        "format",
        "satker",
        "satker_kind",
        "region",
        "province",
        "year",
    } <= set(data["document"])
    rev = data["dipa_revisions"][1]
    assert {"seq", "label_raw", "amount", "date", "note", "provenance"} <= set(rev)
    assert rev["date"] == "2019-03-22" and rev["amount"] == 14_466_321_000
    perf = data["performance"][0]
    assert {"table", "sasaran", "indikator", "target", "realisasi", "capaian", "provenance"} <= set(
        perf
    )
    assert {"raw", "value", "unit"} <= set(perf["target"])
    line = data["budget_lines"][0]
    assert {
        "table",
        "level",
        "code",
        "name",
        "pagu",
        "realisasi",
        "sisa",
        "realisasi_pct",
        "is_total",
    } <= set(line)
    assert {"source", "page", "line", "caption"} <= set(line["provenance"])
    p32 = next(p for p in data["performance"] if p["table"] == "3.2")
    assert p32["target"] == {**p32["target"], "raw": "70%", "value": 70.0, "unit": "%"}
    assert p32["provenance"]["caption"] == "Tabel. 3.2"
