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


#: satker in the generated comparison archive (reports: satker x 3 years); LKJ_ARCHIVE_SATKER
#: makes it smaller for a quick local run (the acceptance figure is measured on 50)
ARCHIVE_SATKER = int(os.environ.get("LKJ_ARCHIVE_SATKER", "50"))
ARCHIVE_YEARS = (2022, 2023, 2024)


@pytest.fixture(scope="session")
def comparison_archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A generated archive of ARCHIVE_SATKER satker x 3 years, ingested once per session with its
    canonical tables built: (archive folder, database file)."""
    from lkj import canon, db
    from lkj.corpus import generate_archive
    from lkj.ingest import ingest

    root = tmp_path_factory.mktemp("comparison")
    folder = root / "archive"
    generate_archive(folder, n_satker=ARCHIVE_SATKER, years=ARCHIVE_YEARS, seed=6)
    path = root / "archive.duckdb"
    summary = ingest([folder], path, progress=False, workers=2)
    assert summary.failed == 0
    con = db.open_db(path)
    try:
        canon.refresh(con)
    finally:
        con.close()
    return folder, path
