"""Throughput of ``lkj ingest`` on a mixed archive, by worker count, with a projection.

    .venv/bin/python bench/batch_ingest.py [--reports 200] [--formats txt=45,pdf=45,scan=10]
                                           [--workers 1,2] [--min-pages 0] [--seed 5]

Generates an archive with the corpus generator, the reports split between the formats in the
shares given (text conversions, born-digital PDFs, scanned PDFs; equal shares where none are
given; each format from its own seed, so the reports differ), then ingests it into a fresh
database once per worker count and prints:

- documents/s and pages/s per worker count, and the speed-up over the first count;
- the peak resident memory of any worker (each worker measures it after every document);
- the slowest 1 % of documents, with their format, pages and seconds;
- seconds per document and per page by format (from the run with the first worker count,
  one worker being the intended first), and a projection for 5,500 reports of the same mix
  and size: the per-format costs, divided by each worker count's measured speed-up.

A format the generator cannot write here is left out with a note.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from lkj.corpus import generate_archive
from lkj.ingest import FileResult, ingest

ARCHIVE_REPORTS = 5500


def build(
    out: Path, n_reports: int, formats: dict[str, float], seed: int, min_pages: int | None
) -> dict[Path, str]:
    """Write the archive, ``formats`` being {format: share}: {report path: format}."""
    total = sum(formats.values())
    paths: dict[Path, str] = {}
    for k, (fmt, share) in enumerate(formats.items()):
        per = max(1, round(n_reports * share / total))
        folder = out / fmt
        n_satker = max(1, (per + 1) // 2)
        made = generate_archive(
            folder,
            n_satker=n_satker,
            years=(2019, 2024),
            seed=seed + k,
            formats=(fmt,),
            min_pages=min_pages,
        )
        for p in made[:per]:
            paths[p] = fmt
    return paths


def parse_formats(spec: str) -> dict[str, float]:
    """``"txt=45,pdf=45,scan=10"`` (or ``"txt,pdf"``: equal shares) -> {format: share}."""
    out: dict[str, float] = {}
    for part in (p.strip() for p in spec.split(",")):
        if part:
            name, _, share = part.partition("=")
            out[name.strip()] = float(share) if share else 1.0
    return out


def supported(formats: dict[str, float]) -> dict[str, float]:
    out = {}
    for fmt, share in formats.items():
        try:
            with tempfile.TemporaryDirectory() as tmp:
                generate_archive(Path(tmp), n_satker=1, years=(2024,), formats=(fmt,))
        except ValueError as exc:
            print(f"note: format {fmt!r} left out: {exc}")
            continue
        out[fmt] = share
    return out


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--reports", type=int, default=200)
    ap.add_argument(
        "--formats",
        default="txt=45,pdf=45,scan=10",
        help="formats and their shares of the archive (default: a tenth scans)",
    )
    ap.add_argument("--workers", default="1,2")
    ap.add_argument(
        "--min-pages", type=int, default=0, help="pad reports to this many pages (0: as generated)"
    )
    ap.add_argument("--seed", type=int, default=5)
    args = ap.parse_args()
    formats = supported(parse_formats(args.formats))
    counts = [int(w) for w in args.workers.split(",") if w.strip()]
    with tempfile.TemporaryDirectory(prefix="lkj-bench-batch-") as tmp:
        t0 = time.perf_counter()
        archive = build(
            Path(tmp) / "archive", args.reports, formats, args.seed, args.min_pages or None
        )
        print(
            f"archive: {len(archive)} reports ("
            + ", ".join(f"{sum(1 for f in archive.values() if f == fmt)} {fmt}" for fmt in formats)
            + f") in {time.perf_counter() - t0:.0f} s"
        )
        files = list(archive)
        runs: dict[int, tuple[float, list[FileResult]]] = {}
        for w in counts:
            t0 = time.perf_counter()
            summary = ingest(files, Path(tmp) / f"w{w}.duckdb", progress=False, workers=w)
            runs[w] = (time.perf_counter() - t0, summary.files)
            if summary.failed:
                print(
                    f"note: {summary.failed} files failed with {w} workers: {summary.failures[:2]}"
                )

    pages = {Path(r.path): r.pages or 0 for r in runs[counts[0]][1]}
    total_pages = sum(pages.values())
    first = runs[counts[0]][0]
    print(
        f"\n{'workers':>7} {'seconds':>8} {'docs/s':>7} {'pages/s':>8} {'speed-up':>8} {'peak MiB/worker':>16}"
    )
    for w, (seconds, results) in runs.items():
        peak = max((r.peak_memory or 0 for r in results), default=0)
        print(
            f"{w:>7} {seconds:8.1f} {len(results) / seconds:7.2f} {total_pages / seconds:8.1f} "
            f"{first / seconds:8.2f} {peak / 2**20:16.0f}"
        )

    results = runs[counts[0]][1]
    slow = sorted(results, key=lambda r: r.seconds, reverse=True)[: max(1, len(results) // 100)]
    print(f"\nslowest 1 % with {counts[0]} worker(s):")
    for r in slow:
        print(
            f"  {Path(r.path).name:<40} {archive.get(Path(r.path), '?'):<5} {r.pages or '-':>5} pages {r.seconds:7.2f} s"
        )

    by_format: dict[str, list[FileResult]] = defaultdict(list)
    for r in results:
        by_format[archive.get(Path(r.path), "?")].append(r)
    print(f"\nper format, {counts[0]} worker(s) (seconds include loading):")
    per_doc: dict[str, float] = {}
    for fmt, rs in by_format.items():
        per_doc[fmt] = statistics.mean(r.seconds for r in rs)
        n_pages = sum(r.pages or 0 for r in rs)
        per_page = sum(r.seconds for r in rs) / n_pages if n_pages else float("nan")
        print(f"  {fmt:<5} {len(rs):4d} docs  {per_doc[fmt]:6.2f} s/doc  {per_page:6.3f} s/page")
    # one worker's cost of an average report of this mix (the formats in the archive's
    # shares), from the per-format figures; more workers divide it by their measured speed-up
    total_share = sum(formats[f] for f in per_doc if f in formats)
    mix = sum(per_doc[f] * formats[f] for f in per_doc if f in formats) / total_share
    print(f"\nprojection for {ARCHIVE_REPORTS} reports of this mix and size ({mix:.2f} s/report):")
    for w, (seconds, _) in runs.items():
        print(f"  {w} worker(s): {ARCHIVE_REPORTS * mix / (first / seconds) / 3600:.2f} h")


if __name__ == "__main__":
    main()
