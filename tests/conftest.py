"""Shared test fixtures: the seed reports live in ../shared/seeds beside the checkout."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = ROOT.parent / "shared" / "seeds"
GOLD_DIR = ROOT / "corpus" / "seeds"


def seed_paths() -> list[Path]:
    return sorted(SEEDS_DIR.glob("*.txt"))


@pytest.fixture(scope="session")
def seeds() -> list[Path]:
    """The four seed reports. Missing seeds fail in CI and skip elsewhere."""
    paths = seed_paths()
    if not paths:
        if os.environ.get("CI") == "true":
            pytest.fail(f"seed reports missing from {SEEDS_DIR} (CI=true)")
        pytest.skip(f"seed reports not found in {SEEDS_DIR}")
    return paths


@pytest.fixture(scope="session")
def seed_pdfs(
    seeds: list[Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, str], Path]:
    """Every seed report rendered as a PDF in both table styles: {("000", "ruled"): path, ...}."""
    from pdf_fixtures import STYLES, seed_key, seed_pdf

    folder = tmp_path_factory.mktemp("seed_pdfs")
    return {(seed_key(p), style): seed_pdf(p, folder, style) for p in seeds for style in STYLES}
