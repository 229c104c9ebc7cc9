"""Pictures of what the PDF reader found: one PNG per searched page.

Each picture shows the page with pdfplumber's view of its ruling lines and cells (its
``debug_tablefinder``), and over it the cells of the tables the reader kept, coloured by the
method that won (see :data:`COLOURS`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .pdf_reader import PdfReport

#: outline colour of the kept tables' cells, by method prefix
COLOURS = {
    "pdfplumber-lines": (0, 160, 0),
    "pdfplumber-text": (0, 90, 220),
    "camelot": (220, 0, 160),
}


def _colour(method: str) -> tuple[int, int, int]:
    for prefix, colour in COLOURS.items():
        if method.startswith(prefix):
            return colour
    return (220, 120, 0)


def draw_pages(
    path: str | Path, report: PdfReport, out_dir: str | Path, *, resolution: int = 100
) -> list[Path]:
    """Write ``page-NNN.png`` for every page the table locators searched; the paths written."""
    import pdfplumber

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with pdfplumber.open(path) as pdf:
        for page_report in report.pages:
            if not page_report.searched:
                continue
            page = pdf.pages[page_report.no - 1]
            image = page.to_image(resolution=resolution)
            image.debug_tablefinder()
            for table in page_report.tables:
                colour = _colour(table.method)
                image.draw_rect(table.bbox, fill=(*colour, 20), stroke=colour, stroke_width=3)
                for row in table.cell_boxes:
                    boxes = [b for b in row if b is not None]
                    if boxes:
                        image.draw_rects(boxes, fill=(0, 0, 0, 0), stroke=colour, stroke_width=1)
            target = out / f"page-{page_report.no:03d}.png"
            image.save(target)
            written.append(target)
            page.close()
    return written
