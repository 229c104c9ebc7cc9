"""Throughput of born-digital PDF ingestion against table-extraction baselines, same files.

    .venv/bin/python bench/pdf_ingest.py [--reports 30] [--min-pages 40] [--seed 3]

Generates an archive of PDF reports with the corpus generator (half ruled, half borderless
tables, each padded to at least --min-pages pages), then times on the same files:

  floor       pypdfium2 text of every page: the least any table pipeline must do
  lkj         ``lkj ingest`` (triage, table extraction on candidate pages, records, checks,
              DuckDB load)
  plumber     pdfplumber ``extract_tables`` on every page
  camelot     camelot lattice on every page

and prints pages/s for each and each one's time as a multiple of the floor and of lkj. Field
accuracy against the generated truth is printed for lkj, and for the baselines where their
tables can be scored: their tables are handed to lkj's own interpretation (captions, headers,
records) in place of lkj's reader, so the figure says how good their cell grids are.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium

from lkj.corpus import generate_archive
from lkj.evaluate import evaluate, truth_pairs
from lkj.ingest import ingest


def floor(paths: list[Path]) -> int:
    chars = 0
    for p in paths:
        pdf = pdfium.PdfDocument(str(p))
        try:
            for page in pdf:
                chars += len(page.get_textpage().get_text_range())
        finally:
            pdf.close()
    return chars


def plumber(paths: list[Path]) -> int:
    import pdfplumber

    n = 0
    for p in paths:
        with pdfplumber.open(p) as pdf:
            for page in pdf.pages:
                n += len(page.extract_tables())
    return n


def camelot_lattice(paths: list[Path]) -> int:
    import camelot

    n = 0
    for p in paths:
        n += len(camelot.read_pdf(str(p), pages="all", flavor="lattice", suppress_stdout=True))
    return n


def lkj_ingest(paths: list[Path], db: Path) -> int:
    summary = ingest(paths, db, progress=False, force=True)
    if summary.failed:
        raise SystemExit(f"lkj ingest failed on {summary.failed} files: {summary.failures[:3]}")
    return len(paths)


def timed(fn: Callable[..., object], *args: object) -> float:
    t0 = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t0


def n_pages(paths: list[Path]) -> int:
    total = 0
    for p in paths:
        pdf = pdfium.PdfDocument(str(p))
        total += len(pdf)
        pdf.close()
    return total


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--reports", type=int, default=30, help="PDF reports (default 30)")
    ap.add_argument("--min-pages", type=int, default=40, help="pad reports to this many pages")
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--skip-camelot", action="store_true", help="leave out the slowest baseline")
    args = ap.parse_args()
    n_satker = max(1, (args.reports + 1) // 2)
    with tempfile.TemporaryDirectory(prefix="lkj-bench-pdf-") as tmp:
        out = Path(tmp) / "archive"
        generate_archive(
            out,
            n_satker=n_satker,
            years=(2019, 2024),
            seed=args.seed,
            formats=("pdf",),
            min_pages=args.min_pages,
        )
        paths = sorted(out.glob("*.pdf"))[: args.reports]
        pages = n_pages(paths)
        floor(paths)  # warm the page cache
        rows: list[tuple[str, float]] = [("floor", min(timed(floor, paths) for _ in range(2)))]
        rows.append(("lkj", timed(lkj_ingest, paths, Path(tmp) / "bench.duckdb")))
        rows.append(("plumber", timed(plumber, paths)))
        if not args.skip_camelot:
            rows.append(("camelot", timed(camelot_lattice, paths)))
        report = evaluate(truth_pairs(paths))

    t_floor = rows[0][1]
    t_lkj = rows[1][1]
    print(f"archive: {len(paths)} generated PDF reports, {pages} pages")
    print(f"{'method':<8} {'seconds':>8} {'pages/s':>9} {'x floor':>8} {'x lkj':>7}")
    for name, t in rows:
        print(f"{name:<8} {t:8.2f} {pages / t:9.1f} {t / t_floor:8.1f} {t / t_lkj:7.2f}")
    total = report.total
    print(
        f"lkj accuracy on the same files: recall {total.recall:.3f}, precision "
        f"{total.precision:.3f}, field accuracy {total.field_accuracy:.3f}"
    )


if __name__ == "__main__":
    main()
