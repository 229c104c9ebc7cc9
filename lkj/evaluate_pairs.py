"""Finding (report, expected) pairs for ``lkj eval``.

- seeds: each ``corpus/seeds/<stem>/gold.json`` with ``<seeds_dir>/<stem>.txt``;
- generated reports: each ``X.txt`` with ``X.truth.json`` beside it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import lkj

#: the repository root: the parent of the ``lkj/`` package directory
REPO_ROOT = Path(lkj.__file__).resolve().parents[1]
TRUTH_SUFFIX = ".truth.json"

Pair = tuple[Path, Path]


def seeds_dir_candidates() -> list[Path]:
    """Where the seed reports may be, in order of preference."""
    env = os.environ.get("LKJ_SEEDS_DIR")
    if env:
        return [Path(env)]
    return [REPO_ROOT.parent / "shared" / "seeds", Path.cwd().parent / "shared" / "seeds"]


def default_seeds_dir() -> Path:
    """``$LKJ_SEEDS_DIR``, else ``../shared/seeds`` beside the repository, else beside the cwd."""
    candidates = seeds_dir_candidates()
    for c in candidates:
        if c.is_dir():
            return c
    return candidates[0]


def default_gold_dir() -> Path:
    """``<repo>/corpus/seeds``: one folder per seed, each holding a gold.json."""
    return REPO_ROOT / "corpus" / "seeds"


def seed_search(
    gold_dir: str | Path | None, seeds_dir: str | Path | None
) -> tuple[list[Pair], list[str], Path, Path]:
    """Seed pairs, the gold left out (with why), and the gold and seeds folders searched."""
    gold = Path(gold_dir) if gold_dir is not None else default_gold_dir()
    seeds = Path(seeds_dir) if seeds_dir is not None else default_seeds_dir()
    pairs: list[Pair] = []
    skipped: list[str] = []
    for g in sorted(gold.glob("*/gold.json")):
        source = seeds / f"{g.parent.name}.txt"
        if source.is_file():
            pairs.append((source, g))
        else:
            skipped.append(f"{g}: no source {source}")
    return pairs, skipped, gold, seeds


def seed_pairs(
    gold_dir: str | Path | None = None, seeds_dir: str | Path | None = None
) -> list[Pair]:
    """(seed report, gold) pairs: each ``<gold_dir>/<stem>/gold.json`` with ``<seeds_dir>/<stem>.txt``.

    ``gold_dir`` defaults to ``<repo>/corpus/seeds``, ``seeds_dir`` to :func:`default_seeds_dir`.
    Gold whose source is missing is left out.
    """
    return seed_search(gold_dir, seeds_dir)[0]


def _source_for(truth: Path) -> Path | None:
    stem = truth.name[: -len(TRUTH_SUFFIX)]
    txt = truth.with_name(stem + ".txt")
    if txt.is_file():
        return txt
    others = sorted(
        p
        for p in truth.parent.glob(f"{stem}.*")
        if p.is_file() and p.suffix != ".json" and p.name[len(stem) :].count(".") == 1
    )
    return others[0] if others else None


def truth_search(paths: Iterable[str | Path]) -> tuple[list[Pair], list[str]]:
    """Truth pairs, and the paths left out (with why)."""
    pairs: list[Pair] = []
    skipped: list[str] = []
    seen: set[Path] = set()

    def add(truth: Path) -> None:
        if truth in seen:
            return
        seen.add(truth)
        source = _source_for(truth)
        if source is None:
            skipped.append(f"{truth}: no report beside it")
        else:
            pairs.append((source, truth))

    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for truth in sorted(p.rglob(f"*{TRUTH_SUFFIX}")):
                add(truth)
        elif p.name.endswith(TRUTH_SUFFIX):
            if p.is_file():
                add(p)
            else:
                skipped.append(f"{p}: not found")
        else:
            truth = p.with_name(p.stem + TRUTH_SUFFIX)
            if truth.is_file():
                add(truth)
            else:
                skipped.append(f"{p}: no {truth.name} beside it")
    return pairs, skipped


def truth_pairs(paths: Iterable[str | Path]) -> list[Pair]:
    """(generated report, truth) pairs from folders (searched recursively) and files.

    A report ``X.txt`` pairs with ``X.truth.json`` beside it (a report in another format, ``X.pdf``,
    is used when there is no ``X.txt``); either file of the pair may be named.
    """
    return truth_search(paths)[0]
