"""The seed reports rendered as scans, for tests of OCR.

Each seed is rendered as a born-digital PDF (tests/pdf_fixtures.py) and that PDF scanned
(lkj.corpus.render_scan): both table styles and both resolutions are covered across the
four seeds. The files are built in a temporary folder each session; the seeds' text never
enters the repository.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pdf_fixtures import seed_key, seed_pdf

from lkj.corpus.render_scan import scan_pdf
from lkj.models import Extraction

#: per seed: table style and scan resolution
SCANS: dict[str, tuple[str, int]] = {
    "000": ("ruled", 300),
    "001": ("borderless", 150),
    "002": ("ruled", 150),
    "004": ("borderless", 300),
}
#: the scanner's seed (angles, noise, JPEG quality)
SCAN_SEED = 0


def seed_scan(seed_path: Path, tmp_dir: Path) -> Path:
    """The seed as a scan in ``tmp_dir`` (built once per path); returns the file."""
    style, dpi = SCANS[seed_key(seed_path)]
    out = Path(tmp_dir) / f"{seed_key(seed_path)}.{style}.{dpi}.scan.pdf"
    if not out.exists():
        born = seed_pdf(seed_path, tmp_dir, style)  # type: ignore[arg-type]
        data, _ = scan_pdf(born.read_bytes(), dpi=dpi, seed=SCAN_SEED)
        out.write_bytes(data)
    return out


def extract_scan(path: Path) -> Extraction:
    """The records of a scanned seed (a top-level function: it runs in worker processes)."""
    from lkj.pipeline import extract_file

    return extract_file(path)


def require_tesseract() -> None:
    """Tesseract with its Indonesian model: skip without it, fail in CI (make test installs it)."""
    from lkj.extract.ocr import OcrUnavailable, engine_languages

    try:
        engine_languages()
    except OcrUnavailable as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Tesseract missing in CI: {exc}")
        pytest.skip(str(exc))
