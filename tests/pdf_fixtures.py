"""The seed reports rendered as born-digital PDFs, for tests of PDF reading.

The PDFs are built from the seeds' text (which never enters the repository) in a
temporary folder each session; see the ``seed_pdfs`` fixture in conftest.py.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from lkj.corpus.render_pdf import PdfLayout, PdfStyle, build_pdf

STYLES: tuple[PdfStyle, ...] = ("ruled", "borderless")
#: the render seed the fixtures use (header repetition, landscape choices, footer style)
RENDER_SEED = 0


def seed_key(seed_path: Path) -> str:
    """'000' for 000_e42b510b6b27a236.txt."""
    return seed_path.name.split("_")[0]


@lru_cache(maxsize=16)
def _render(seed_path: Path, style: PdfStyle, seed: int) -> tuple[bytes, PdfLayout]:
    return build_pdf(seed_path.read_text(encoding="utf-8"), style=style, seed=seed)


def seed_layout(seed_path: Path, style: PdfStyle, seed: int = RENDER_SEED) -> PdfLayout:
    """Where each line of the seed was drawn in its PDF."""
    return _render(seed_path, style, seed)[1]


def seed_pdf(seed_path: Path, tmp_dir: Path, style: PdfStyle, seed: int = RENDER_SEED) -> Path:
    """Render a seed report as a PDF in ``tmp_dir`` (once per path); returns the file."""
    out = Path(tmp_dir) / f"{seed_key(seed_path)}.{style}.pdf"
    if not out.exists():
        out.write_bytes(_render(seed_path, style, seed)[0])
    return out
