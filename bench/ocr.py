"""OCR throughput, triage and accuracy on a generated archive of scanned reports.

    .venv/bin/python bench/ocr.py [--reports 4] [--min-pages 60] [--seed 5] [--workers 1]

Generates ``--reports`` reports with the corpus generator, each padded to at least
``--min-pages`` pages and written as a scan (``lkj corpus generate --format scan``: page
images at 150 or 300 dpi, crooked, noisy, JPEG, no text layer), then reads each one with
``lkj.extract.pdf_reader.read_pdf`` and prints, per report and in total:

  pages       pages in the file; ``full``: read again at full resolution, and their share
  s/page      seconds per page of the low-resolution pass and of the full pass
  pages/s     pages per second per core (one Tesseract thread, ``OMP_THREAD_LIMIT=1``;
              with ``--workers N`` the reports are read N at a time and the figure is
              pages over (wall seconds x N))
  rows        performance and DIPA revision rows of the truth matched by an extracted row
  fields      field accuracy against the generated truth (rows matched by page): the
              performance target / realisasi / capaian and the DIPA amount / date
  flagged     wrong values that carry a flag saying they are doubtful (``low_confidence``,
              ``ocr_repaired``, ``column_missing``, or a parser flag: ``unparsed``,
              ``malformed``, ``ambiguous``, ``mixed_marks``); ``unfl``: wrong values without

and, per report, every page read at full resolution with the reason it was read, as the
reader decided it from the low-resolution text:

  candidate       the PDF triage's own rules: a caption, header words, figures in columns,
                  ruling lines
  neighbour       next to a candidate, and may carry its table on
  cover-identity  one of the first three pages (satker and year); a candidate by the PDF
                  triage's definition (``cover``), read for its text
  Daftar Tabel    the list of tables; a candidate by the PDF triage's definition, read for its
                  text
  other           any other reason (none now: prose pages stating rupiah amounts were read at
                  full resolution for the checks until they were measured to read as well at
                  low resolution; the PDF triage has no such reason)

A page read for one of the first four is within the issue's criterion ("no more than the
candidate pages and their neighbours"); any other is listed as outside it. A candidate that
its own full reading no longer makes one (its figures read merged with the text beside them)
is marked ``*``.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lkj.corpus import generate_archive
from lkj.evaluate import load_expected, pdf_pages
from lkj.evaluate_match import compare_row, match_rows
from lkj.extract.ocr_values import field_flags

#: flags that say a value is doubtful: OCR's, and the parser's
DOUBT = (
    "low_confidence",
    "ocr_repaired",
    "column_missing",
    "unparsed",
    "malformed",
    "ambiguous",
    "mixed_marks",
)
#: the triage's reasons that make a page a candidate for tables
CANDIDATE = ("caption", "header words", "figures in columns", "rulings")
#: reason classes, in the order a page's main reason is taken
CLASSES = ("candidate", "neighbour", "cover-identity", "Daftar Tabel", "other")
WITHIN = ("candidate", "neighbour", "cover-identity", "Daftar Tabel")
SCORED = (
    ("performance", ("target", "realisasi", "capaian")),
    ("dipa_revisions", ("amount", "date")),
)


@dataclass
class FullPage:
    no: int
    #: reason classes, main one first
    classes: list[str]
    #: the reader's reasons, as recorded
    reasons: list[str]
    #: a candidate at low resolution that its own full reading no longer makes one
    lost: bool = False

    @property
    def within(self) -> bool:
        return self.classes[0] in WITHIN


@dataclass
class Result:
    name: str
    dpi: int
    pages: int
    full: list[FullPage]
    triage_s: float
    full_s: float
    seconds: float
    rows_expected: int = 0
    rows_matched: int = 0
    compared: int = 0
    correct: int = 0
    flagged: int = 0
    unflagged: int = 0
    wrong: list[str] = field(default_factory=list)


def classes(reasons: list[str]) -> list[str]:
    """The reason classes of a page read at full resolution (see the module doc)."""
    got = set()
    if set(reasons) & set(CANDIDATE):
        got.add("candidate")
    if "neighbour" in reasons:
        got.add("neighbour")
    if "cover" in reasons:
        got.add("cover-identity")
    if "daftar tabel" in reasons:
        got.add("Daftar Tabel")
    if not got or set(reasons) - {*CANDIDATE, "neighbour", "cover", "daftar tabel"}:
        got.add("other")
    return [c for c in CLASSES if c in got]


def read_one(path: Path) -> Result:
    """Read one scanned report and score it against its truth (runs in a worker)."""
    from lkj.extract.pdf_reader import PdfReport, read_pdf
    from lkj.pipeline import extract_document

    truth_path = path.with_name(path.stem + ".truth.json")
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    report = PdfReport()
    start = time.perf_counter()
    doc = read_pdf(path, report=report)
    ex = extract_document(doc)
    seconds = time.perf_counter() - start
    assert report.ocr is not None
    final = {p.no: set(p.reasons) & set(CANDIDATE) for p in report.pages}
    full = [
        FullPage(
            p.no,
            classes(p.reasons),
            p.reasons,
            lost=bool(set(p.reasons) & set(CANDIDATE)) and not final.get(p.no),
        )
        for p in report.ocr.pages
        if p.pass_ == "full"
    ]
    result = Result(
        path.name,
        int(truth["scan"]["dpi"]),
        len(report.pages),
        full,
        report.ocr.triage_seconds,
        report.ocr.full_seconds,
        seconds,
    )
    expected = load_expected(truth_path)
    pages = pdf_pages(truth_path)
    for kind, names in SCORED:
        e_rows, x_rows = getattr(expected, kind), getattr(ex, kind)
        matches = match_rows(kind, e_rows, x_rows, pages=pages)
        result.rows_expected += len(e_rows)
        result.rows_matched += len(matches)
        for m in matches:
            x = x_rows[m.extracted]
            for fr in compare_row(kind, e_rows[m.expected], x):
                if fr.field not in names:
                    continue
                result.compared += 1
                result.correct += fr.ok
                if fr.ok:
                    continue
                doubtful = _flagged(kind, fr.field, x)
                result.flagged += doubtful
                result.unflagged += not doubtful
                mark = "flagged" if doubtful else "UNFLAGGED"
                result.wrong.append(
                    f"{kind}.{fr.field}: expected {fr.expected!r}, got {fr.got!r} ({mark})"
                )
    return result


def _flagged(kind: str, name: str, rec: Any) -> bool:
    return any(f in DOUBT for f in field_flags(kind, rec, name))


def _ranges(nos: list[int]) -> str:
    out: list[str] = []
    for n in sorted(nos):
        if out and out[-1].split("-")[-1] == str(n - 1):
            out[-1] = out[-1].split("-")[0] + f"-{n}"
        else:
            out.append(str(n))
    return ", ".join(out)


def _full_pages(r: Result) -> list[str]:
    """Lines listing the report's full-resolution pages by main reason."""
    by_class: dict[str, list[FullPage]] = {}
    for p in r.full:
        by_class.setdefault(p.classes[0], []).append(p)
    out = []
    for cls in CLASSES:
        pages = by_class.get(cls, [])
        if not pages:
            continue
        shown = []
        for p in pages:
            extra = p.classes[1:]
            detail = [x for x in p.reasons if x in CANDIDATE] if cls == "candidate" else []
            note = "; ".join(detail + extra)
            shown.append(f"{p.no}{'*' if p.lost else ''}" + (f" ({note})" if note else ""))
        within = "" if cls in WITHIN else "  <- outside candidates and neighbours"
        out.append(f"    {cls:15} {len(pages):>2}: " + ", ".join(shown) + within)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--reports", type=int, default=4)
    ap.add_argument("--min-pages", type=int, default=60)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--out", type=Path, help="keep the archive here (default: a temporary folder)")
    ap.add_argument("--wrong", action="store_true", help="list every wrong value")
    args = ap.parse_args()
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")

    with tempfile.TemporaryDirectory() as tmp:
        folder = args.out or Path(tmp)
        n_satker = max(1, (args.reports + 1) // 2)
        start = time.perf_counter()
        paths = generate_archive(
            folder,
            n_satker=n_satker,
            years=(2019, 2024),
            seed=args.seed,
            formats=("scan",),
            min_pages=args.min_pages,
        )[: args.reports]
        print(f"generated {len(paths)} scanned reports in {time.perf_counter() - start:.0f} s")

        start = time.perf_counter()
        if args.workers > 1:
            with ProcessPoolExecutor(max_workers=args.workers) as pool:
                results = list(pool.map(read_one, paths))
        else:
            results = [read_one(p) for p in paths]
        wall = time.perf_counter() - start

    head = f"{'report':30} {'dpi':>4} {'pages':>5} {'full':>9} {'triage s/p':>10} {'full s/p':>8} "
    print(head + f"{'pages/s':>7} {'rows':>7} {'fields':>9} {'flagged':>7} {'unfl':>4}")
    for r in results:
        print(
            f"{r.name:30} {r.dpi:>4} {r.pages:>5} {len(r.full):>4} ({len(r.full) / r.pages:>3.0%}) "
            f"{r.triage_s / r.pages:>10.2f} {r.full_s / max(len(r.full), 1):>8.2f} "
            f"{r.pages / r.seconds:>7.2f} {r.rows_matched:>3}/{r.rows_expected:<3} "
            f"{r.correct:>4}/{r.compared:<4} {r.flagged:>7} {r.unflagged:>4}"
        )
        print("  pages read at full resolution, by reason:")
        for line in _full_pages(r):
            print(line)
        if any(p.lost for p in r.full):
            print("    (* a candidate at low resolution, not after its own full reading)")
        if args.wrong:
            for w in r.wrong:
                print(f"    wrong: {w}")

    pages = sum(r.pages for r in results)
    full = [p for r in results for p in r.full]
    compared = sum(r.compared for r in results)
    correct = sum(r.correct for r in results)
    outside = [f"{r.name}:{p.no}" for r in results for p in r.full if not p.within]
    shares = Counter(p.classes[0] for p in full)
    print(
        f"total: {pages} pages, {len(full)} at full resolution ({len(full) / pages:.0%}: "
        + ", ".join(f"{shares[c]} {c}" for c in CLASSES if shares[c])
        + f"); {pages / (wall * max(args.workers, 1)):.2f} pages/s per core "
        f"({wall:.0f} s wall, {max(args.workers, 1)} worker(s), one Tesseract thread each)"
    )
    print(
        f"rows matched {sum(r.rows_matched for r in results)}/"
        f"{sum(r.rows_expected for r in results)}; field accuracy {correct}/{compared} "
        f"({correct / max(compared, 1):.1%}); wrong and flagged "
        f"{sum(r.flagged for r in results)}, wrong and unflagged "
        f"{sum(r.unflagged for r in results)}"
    )
    print(
        "full-resolution pages within candidates (cover and Daftar Tabel included) and "
        f"neighbours: {'yes' if not outside else 'no, ' + ', '.join(outside)}"
    )


if __name__ == "__main__":
    main()
