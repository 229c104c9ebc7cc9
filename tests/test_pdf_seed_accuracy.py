"""The seeds rendered as born-digital PDFs give the records their text gives.

Each seed is rendered ruled and borderless (tests/pdf_fixtures.py), read by the PDF reader and
scored against the hand gold of the seed (corpus/seeds/<stem>/gold.json), rows matched by the
page the renderer drew them on. The acceptance figure is per table style over the four seeds:
row recall and field accuracy of at least 0.97; each document stays above 0.9.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import GOLD_DIR
from pdf_fixtures import STYLES, seed_key, seed_layout

from lkj.evaluate import DocScore, KindScore, load_expected, score
from lkj.pipeline import extract_file


@pytest.fixture(scope="module")
def scores(
    seeds: list[Path], seed_pdfs: dict[tuple[str, str], Path]
) -> dict[tuple[str, str], DocScore]:
    out = {}
    for seed in seeds:
        gold = load_expected(GOLD_DIR / seed.stem / "gold.json")
        for style in STYLES:
            layout = seed_layout(seed, style)
            pages = {line: box.page for line, box in layout.lines.items()}
            extraction = extract_file(seed_pdfs[(seed_key(seed), style)])
            out[(seed_key(seed), style)] = score(extraction, gold, pages=pages)
    return out


@pytest.mark.parametrize("style", STYLES)
def test_each_style_reaches_97_percent_over_the_seeds(
    scores: dict[tuple[str, str], DocScore], style: str
) -> None:
    total = KindScore(kind="all")
    for (_, s), doc in scores.items():
        if s == style:
            total.merge(doc.total)
    assert total.expected >= 250
    assert total.recall is not None and total.recall >= 0.97, total
    assert total.precision is not None and total.precision >= 0.97, total
    assert total.field_accuracy is not None and total.field_accuracy >= 0.97, total


def test_every_document_stays_above_90_percent(scores: dict[tuple[str, str], DocScore]) -> None:
    low = {
        key: (round(d.total.recall or 0, 3), round(d.total.field_accuracy or 0, 3))
        for key, d in scores.items()
        if (d.total.recall or 0) < 0.9 or (d.total.field_accuracy or 0) < 0.9
    }
    assert low == {}


def test_identity_is_read_from_the_pdf(scores: dict[tuple[str, str], DocScore]) -> None:
    for key, doc in scores.items():
        assert doc.identity_accuracy == 1.0, key
