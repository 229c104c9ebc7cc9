"""Throughput of text-report extraction, as ratios against baselines run in the same process.

    .venv/bin/python bench/text_extract.py [--reports 200] [--seed 3]

Generates an archive with the corpus generator, then times on the same files:
  floor     read the bytes, decode, split lines and tab cells (no table logic at all)
  extract   lkj's full extraction (reader, captions, classification, records, identity)
  load      extraction plus loading into a fresh DuckDB file, one transaction per document
  ingest    extraction, loading and the consistency checks (what `lkj ingest` does)
and prints documents/s, lines/s and each stage's cost as a multiple of the floor, plus the
field accuracy of the extraction against the generated ground truth, so speed is never
bought with accuracy.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from lkj.checks.run import load_and_check
from lkj.corpus import generate_archive
from lkj.db import load_extraction, open_db
from lkj.evaluate import evaluate, truth_pairs
from lkj.pipeline import extract_file


def floor(paths: list[Path]) -> int:
    cells = 0
    for p in paths:
        for line in p.read_bytes().decode("utf-8").split("\n"):
            cells += len(line.split("\t"))
    return cells


def extract(paths: list[Path]) -> int:
    return sum(len(extract_file(p).performance) for p in paths)


def ingest(paths: list[Path], db: Path, load=load_extraction) -> int:  # type: ignore[no-untyped-def]
    """Extract and store each file; ``load=load_and_check`` is what ``lkj ingest`` does
    (records and findings in one transaction per document)."""
    con = open_db(db)
    try:
        for p in paths:
            t0 = time.perf_counter()
            ex = extract_file(p)
            load(con, ex, path=str(p), seconds=time.perf_counter() - t0)
    finally:
        con.close()
    return len(paths)


def timed(fn, *args) -> float:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--reports",
        type=int,
        default=160,
        help="reports to generate, two years per satker (default 160, at most 160)",
    )
    ap.add_argument("--seed", type=int, default=3)
    args = ap.parse_args()
    n_satker = max(1, min(80, args.reports // 2))
    with tempfile.TemporaryDirectory(prefix="lkj-bench-") as tmp:
        out = Path(tmp) / "archive"
        paths = sorted(generate_archive(out, n_satker=n_satker, years=(2019, 2024), seed=args.seed))
        lines = sum(p.read_text(encoding="utf-8").count("\n") + 1 for p in paths)
        floor(paths)  # warm the page cache
        t_floor = min(timed(floor, paths) for _ in range(3))
        t_extract = timed(extract, paths)
        t_ingest = timed(ingest, paths, Path(tmp) / "bench.duckdb")
        t_checked = timed(ingest, paths, Path(tmp) / "checked.duckdb", load_and_check)
        report = evaluate(truth_pairs([out]))

    n = len(paths)
    print(f"archive: {n} generated text reports, {lines} lines")
    print(f"{'stage':<8} {'seconds':>8} {'docs/s':>9} {'lines/s':>10} {'x floor':>8}")
    stages = (
        ("floor", t_floor),
        ("extract", t_extract),
        ("load", t_ingest),
        ("ingest", t_checked),
    )
    for name, t in stages:
        print(f"{name:<8} {t:8.2f} {n / t:9.1f} {lines / t:10.0f} {t / t_floor:8.1f}")
    total = report.total
    print(
        f"accuracy on the same files: recall {total.recall:.3f}, precision {total.precision:.3f}, "
        f"field accuracy {total.field_accuracy:.3f}"
    )


if __name__ == "__main__":
    main()
