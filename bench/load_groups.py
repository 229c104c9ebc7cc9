"""Loading time per document: stored alone against stored in groups, same extractions.

    .venv/bin/python bench/load_groups.py [--reports 30] [--min-pages 40] [--repeat 3]

Generates an archive of PDF reports with the corpus generator (as bench/pdf_ingest.py does),
extracts each once, then stores the extractions into fresh DuckDB files with
``load_and_check`` one document at a time and with ``load_and_check_many`` in groups of 6 and
of all of them (what ``lkj ingest`` does, see ``--commit-every``), each way ``--repeat``
times in turns, and prints the fastest run of each in milliseconds per document and as a
ratio to loading alone.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from lkj import db, pipeline
from lkj.checks.run import load_and_check, load_and_check_many
from lkj.corpus import generate_archive
from lkj.models import Extraction
from lkj.satker import reference


def store(extractions: list[tuple[Path, Extraction]], folder: Path, group: int) -> float:
    """Seconds to store every extraction in a new database, ``group`` documents at a time
    (1: ``load_and_check`` per document)."""
    con = db.open_db(Path(tempfile.mkdtemp(dir=folder)) / "bench.duckdb")
    try:
        t0 = time.perf_counter()
        for k in range(0, len(extractions), group):
            part = extractions[k : k + group]
            if group == 1:
                load_and_check(con, part[0][1], path=part[0][0], seconds=0.0)
            else:
                load_and_check_many(con, [db.ToLoad(ex, p, 0.0) for p, ex in part])
        return time.perf_counter() - t0
    finally:
        con.close()


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--reports", type=int, default=30, help="PDF reports (default 30)")
    ap.add_argument("--min-pages", type=int, default=40, help="pad reports to this many pages")
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--repeat", type=int, default=3, help="runs of each way, fastest kept")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="lkj-bench-load-") as tmp:
        out = Path(tmp) / "archive"
        generate_archive(
            out,
            n_satker=max(1, (args.reports + 1) // 2),
            years=(2019, 2024),
            seed=args.seed,
            formats=("pdf",),
            min_pages=args.min_pages,
        )
        paths = sorted(out.glob("*.pdf"))[: args.reports]
        extractions = []
        for p in paths:
            ex = pipeline.extract_file(p)
            assert ex.document.sha256, p
            extractions.append((p, ex))
        reference()  # the satker reference, read once per process, outside the clock
        groups = {"alone": 1, "groups of 6": 6, f"one group of {len(paths)}": len(paths)}
        runs: dict[str, list[float]] = {name: [] for name in groups}
        for _ in range(max(1, args.repeat)):
            for name, size in groups.items():
                runs[name].append(store(extractions, Path(tmp), size))
    n = len(extractions)
    alone = min(runs["alone"])
    print(f"{n} generated PDF reports, stored into a new database; fastest of {args.repeat}")
    print(f"{'way':<22} {'seconds':>8} {'ms/doc':>8} {'x alone':>8}")
    for name, times in runs.items():
        t = min(times)
        print(f"{name:<22} {t:8.3f} {1000 * t / n:8.1f} {t / alone:8.2f}")


if __name__ == "__main__":
    main()
