"""Throughput of born-digital PDF ingestion against table-extraction baselines, same files.

    .venv/bin/python bench/pdf_ingest.py [--reports 30] [--min-pages 40] [--seed 3] [--workers 0,2]

Generates an archive of PDF reports with the corpus generator (half ruled, half borderless
tables, each padded to at least --min-pages pages), then times on the same files:

  floor       pypdfium2 text of every page: the least any table pipeline must do
  lkj         ``lkj ingest`` (triage, table extraction on candidate pages, records, checks,
              DuckDB load), in this process and with worker processes (``--workers``)
  plumber     pdfplumber ``extract_tables`` on every page
  camelot     camelot lattice on every page

and prints pages/s for each and each one's time as a multiple of the floor and of lkj. The
floor and lkj are timed ``--repeat`` times, in turns, and the fastest run of each counts (as
``timeit`` does: the slower runs measure the machine's other work, and lkj's first run its
imports); the spread column is the slowest run over the fastest. The baselines, each many
times slower, run once. Row
recall, precision and field accuracy against the generated truth are printed for lkj and for
both baselines: a baseline's tables, kept from its timed run, are handed to lkj's own
interpretation (captions, headers, records) in place of lkj's locators on every page, so the
figure says how good their cell grids are.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import pypdfium2 as pdfium

from lkj import pipeline
from lkj.corpus import generate_archive
from lkj.evaluate import EvalReport, evaluate, truth_pairs
from lkj.extract import pdf_reader
from lkj.extract.pdf_tables import FoundTable, PageTables, _from_camelot, finish
from lkj.ingest import ingest
from lkj.models import Extraction

#: the tables a baseline found: (file, page) -> tables, kept to score them afterwards
Found = dict[tuple[str, int], list[FoundTable]]


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


def plumber(paths: list[Path], found: Found) -> int:
    """pdfplumber's default table finder (``extract_tables``) on every page."""
    import pdfplumber

    raw: dict[tuple[str, int], list[Any]] = {}
    for p in paths:
        with pdfplumber.open(p) as pdf:
            for no, page in enumerate(pdf.pages, 1):
                raw[(str(p), no)] = [
                    (t.extract(), [tuple(r.bbox) for r in t.rows], [list(r.cells) for r in t.rows])
                    for t in page.find_tables()
                ]
    # cleaned into lkj's grid form after the clock stops
    for (p, no), tables in raw.items():
        grids = [finish(no, "pdfplumber-all-pages", *t) for t in tables]
        found[(p, no)] = [g for g in grids if g is not None]
    return len(raw)


def camelot_lattice(paths: list[Path], found: Found) -> int:
    """camelot lattice on every page."""
    import camelot

    raw: dict[str, list[Any]] = {}
    for p in paths:
        raw[str(p)] = list(
            camelot.read_pdf(str(p), pages="all", flavor="lattice", suppress_stdout=True)
        )
    for p, tables in raw.items():
        pdf = pdfium.PdfDocument(p)
        heights = [page.get_size()[1] for page in pdf]
        pdf.close()
        for t in tables:
            no = int(t.page)
            grid = _from_camelot(t, no, "camelot-lattice-all-pages", heights[no - 1])
            found.setdefault((p, no), [])
            if grid is not None:
                found[(p, no)].append(grid)
    return sum(len(t) for t in raw.values())


def lkj_ingest(paths: list[Path], db: Path, workers: int) -> int:
    summary = ingest(paths, db, progress=False, force=True, workers=workers)
    if summary.failed:
        raise SystemExit(f"lkj ingest failed on {summary.failed} files: {summary.failures[:3]}")
    return len(paths)


@contextmanager
def replayed(found: Found) -> Iterator[None]:
    """lkj's reader with a baseline's tables in place of its own locators, on every page."""

    def every_page(pages: list[Any]) -> set[int]:
        return {pg.no for pg in pages if pg.has_text}

    def baseline_tables(path: Path, page: Any, objects: Any, **_: Any) -> PageTables:
        return PageTables(tables=list(found.get((str(path), page.no), [])))

    with (
        mock.patch.object(pdf_reader, "triage", every_page),
        mock.patch.object(pdf_reader, "locate_tables", baseline_tables),
    ):
        yield


def score_baseline(paths: list[Path], found: Found) -> EvalReport:
    def extract(path: Path) -> Extraction:
        with replayed(found):
            return pipeline.extract_file(path)

    return evaluate(truth_pairs(paths), extract=extract)


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


def _accuracy(report: EvalReport | None) -> str:
    if report is None:
        return ""
    t = report.total
    return f"{t.recall or 0:.3f} / {t.precision or 0:.3f} / {t.field_accuracy or 0:.3f}"


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--reports", type=int, default=30, help="PDF reports (default 30)")
    ap.add_argument("--min-pages", type=int, default=40, help="pad reports to this many pages")
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument(
        "--workers",
        default="0,2",
        help="worker counts to time lkj ingest with, comma-separated; 0 extracts in this "
        "process (default 0,2)",
    )
    ap.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs of the floor and of each lkj row, fastest kept (default 3)",
    )
    ap.add_argument("--skip-camelot", action="store_true", help="leave out the slowest baseline")
    ap.add_argument(
        "--lkj-only", action="store_true", help="leave out both baselines (floor and lkj only)"
    )
    args = ap.parse_args()
    n_satker = max(1, (args.reports + 1) // 2)
    worker_counts = [int(w) for w in args.workers.split(",") if w.strip()]
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
        # the floor and every lkj row in turns, so the machine's slow spells fall on all
        runs: dict[str, list[float]] = {}
        order: list[tuple[str, Callable[[], object]]] = [
            ("pypdfium2 text (floor)", lambda: floor(paths))
        ]
        for w in worker_counts:
            label = "lkj ingest, in process" if w == 0 else f"lkj ingest, {w} workers"
            db = Path(tmp) / f"bench-{w}.duckdb"
            order.append((label, lambda db=db, w=w: lkj_ingest(paths, db, w)))
        for _ in range(max(1, args.repeat)):
            for label, fn in order:
                runs.setdefault(label, []).append(timed(fn))
        report = evaluate(truth_pairs(paths))
        rows: list[tuple[str, float, float, EvalReport | None]] = [
            (label, min(runs[label]), max(runs[label]) / min(runs[label]), None)
            for label, _ in order
        ]
        rows[1:] = [(label, t, spread, report) for label, t, spread, _ in rows[1:]]
        found: Found = {}
        if not args.lkj_only:
            t = timed(plumber, paths, found)
            rows.append(
                ("pdfplumber extract_tables, all pages", t, 1.0, score_baseline(paths, found))
            )
        if not (args.skip_camelot or args.lkj_only):
            found = {}
            t = timed(camelot_lattice, paths, found)
            rows.append(("camelot lattice, all pages", t, 1.0, score_baseline(paths, found)))

    t_floor = rows[0][1]
    t_lkj = rows[1][1]
    print(f"archive: {len(paths)} generated PDF reports, {pages} pages")
    print(
        f"{'method':<38} {'seconds':>8} {'spread':>6} {'pages/s':>8} {'x floor':>8} {'x lkj':>6}  "
        "recall / precision / field accuracy"
    )
    for name, t, spread, rep in rows:
        print(
            f"{name:<38} {t:8.2f} {spread:6.2f} {pages / t:8.1f} {t / t_floor:8.1f} "
            f"{t / t_lkj:6.2f}  {_accuracy(rep)}"
        )
    print(
        "x lkj: each method's time over the first lkj row's. Baselines are scored by handing "
        "their tables to lkj's interpretation (captions, headers, records) on every page."
    )


if __name__ == "__main__":
    main()
