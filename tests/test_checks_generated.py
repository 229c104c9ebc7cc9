"""Precision and recall of the checks on generated reports with every kind of injection.

The corpus generator plants inconsistencies of every rule's kind and records their lines;
``lkj.checks.score`` ingests the reports and matches findings to injections. A clean archive
must give no error and no warning at all.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lkj.checks.score import KIND_RULES, CheckScore, score_checks
from lkj.corpus import generate_archive


@pytest.fixture(scope="module")
def dirty(tmp_path_factory: pytest.TempPathFactory) -> CheckScore:
    out = tmp_path_factory.mktemp("dirty")
    generate_archive(out, n_satker=16, years=(2019, 2024), seed=41, inject="all")
    return score_checks([out])


def test_every_injection_kind_is_in_the_archive(dirty: CheckScore) -> None:
    injected = {k for r in dirty.rules.values() if r.injected for k in r.kinds}
    assert injected == set(KIND_RULES)
    assert dirty.documents == 32 and not dirty.failed


def test_precision_and_recall_per_rule(dirty: CheckScore) -> None:
    low = {
        r.rule: (r.recall, r.precision)
        for r in dirty.rules.values()
        if (r.recall is not None and r.recall < 0.95)
        or (r.precision is not None and r.precision < 0.95)
    }
    assert low == {}, (low, dirty.missed[:5], [f.message for f in dirty.unexplained[:5]])
    total = dirty.total()
    assert total.injected >= 100
    assert total.recall is not None and total.recall >= 0.95
    assert total.precision is not None and total.precision >= 0.95


def test_a_clean_archive_gives_no_error_and_no_warning(tmp_path: Path) -> None:
    generate_archive(tmp_path, n_satker=8, years=(2019, 2024), seed=42)
    score = score_checks([tmp_path])
    assert score.documents == score.clean_documents == 16
    assert [f.message for f in score.clean_findings] == []
