"""Canonical indicators: indicator wordings that name the same measure, under one id.

The same indikator kinerja is worded differently by each satker and each year
("Persentase Partispasi Pemilih dalam Pemilu/Pemilihan", "Persentase partisipasi pemilih
dalam Pemilu"), so comparing capaian across satker needs one id per measure. The wordings of
the ``performance`` table are clustered with rapidfuzz; the result is the ``indicators`` and
``indicator_map`` tables, which the user can read, and ``indicator_overrides``, which the user
writes (from a CSV, ``lkj indicators --overrides FILE``) to merge or split what the clustering
decided.

Two wordings are one measure when their *content words* agree: words that carry no meaning for
the measure (dalam, yang, Pemilu/Pemilihan, Tahun 2019, KPU Kabupaten <region>, ...) are set
aside, and every remaining word of four letters or more on either side must have a partner on
the other side (the same word, or a misspelling of it: partispasi / partisipasi, perengkapan /
perlengkapan). A content word only one side has ("perempuan", "disabilitas", "pemula") makes a
different measure: "Persentase partisipasi pemilih perempuan" is never merged with "Persentase
partisipasi pemilih", however close the letters are. Clusters grow around the most frequent
wording (its leader), in a fixed order, so the same records always give the same clusters.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
from rapidfuzz import fuzz, process

from lkj.errors import LkjError
from lkj.normalize.text import fold

#: words that do not tell one measure from another
_STOPWORD_TEXT = """
    dalam pada yang dan di ke dari untuk oleh serta atau dengan terhadap sebagai bagi guna
    telah akan secara tersebut se masing
    pemilu pemilihan umum serentak tahun kpu kip ri kabupaten kab kota provinsi prov propinsi
    satu dua tiga empat lima enam tujuh delapan sembilan sepuluh
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
#: content words this long or longer must have a partner on the other side
SIGNIFICANT = 4
#: a word this similar (rapidfuzz ratio) to a word of the other side is its partner
WORD_SCORE = 80.0
#: two wordings whose content words all have partners join when this similar (token sort ratio)
JOIN_SCORE = 80.0
#: candidates looked at per wording (the closest leaders by token sort ratio)
CANDIDATES = 8


@dataclass(frozen=True)
class Wording:
    """An indicator wording, folded to its content words."""

    text: str
    key: str  # content words, in order, space-separated
    tokens: tuple[str, ...]

    @classmethod
    def of(cls, text: str) -> Wording:
        tokens = content_tokens(text)
        return cls(text, " ".join(tokens), tokens)


@dataclass
class Assignment:
    wording: str
    indicator_id: str
    name: str
    method: str  # canonical | same | fuzzy | override
    score: float
    n_rows: int
    nearest_other: str | None = None
    nearest_score: float | None = None


@cache
def _region_names() -> frozenset[tuple[str, ...]]:
    """Every reference region name as folded words: ("barito", "selatan"), ("padang",)."""
    from lkj.satker import reference

    return frozenset(tuple(fold(r.name).split()) for r in reference())


_KIND_WORDS = frozenset({"kabupaten", "kab", "kota", "provinsi", "prov"})


def _drop_satker_names(words: list[str]) -> list[str]:
    """The words without a satker named inside a wording ("KPU Kabupaten Barito Selatan",
    "Kota Padang"), so that wordings of different satker compare equal."""
    names = _region_names()
    out: list[str] = []
    i = 0
    while i < len(words):
        out.append(words[i])
        if words[i] in _KIND_WORDS:
            for n in (4, 3, 2, 1):
                if tuple(words[i + 1 : i + 1 + n]) in names:
                    i += n
                    break
        i += 1
    return out


def content_tokens(text: str) -> tuple[str, ...]:
    """The words of a wording that tell its measure: folded, satker names and stopwords out."""
    words = _drop_satker_names(fold(text).split())
    return tuple(t for t in words if t not in STOPWORDS and not t.isdigit())


def _partnered(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    for t in a:
        if len(t) < SIGNIFICANT or t in b:
            continue
        if len(t) == SIGNIFICANT or not any(fuzz.ratio(t, u) >= WORD_SCORE for u in b):
            return False
    return True


def same_measure(a: Wording, b: Wording) -> float | None:
    """How alike two wordings are (0..100) when they name the same measure, else None."""
    if a.key == b.key:
        return 100.0
    if not a.tokens or not b.tokens:
        return None
    if not (_partnered(a.tokens, b.tokens) and _partnered(b.tokens, a.tokens)):
        return None
    score = float(fuzz.token_sort_ratio(a.key, b.key))
    return score if score >= JOIN_SCORE else None


def indicator_id(name: str) -> str:
    """A stable id for a canonical name: the same content words give the same id."""
    key = Wording.of(name).key or fold(name)
    return "IND-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]


# --------------------------------------------------------------------------- clustering


@dataclass
class _Cluster:
    indicator_id: str
    name: str
    leader: Wording
    forced: bool  # named by an override


def cluster(
    counts: Mapping[str, int],
    overrides: Mapping[str, str] | None = None,
    previous: Mapping[str, str] | None = None,
) -> list[Assignment]:
    """Put every wording (with its row count) under a canonical indicator.

    ``overrides``: wording -> canonical name (wordings compared folded). ``previous``: wording
    -> indicator_id of an earlier run, so that a cluster keeps its id when it gains wordings.
    """
    folded_overrides = {fold(k): v for k, v in (overrides or {}).items()}
    clusters: list[_Cluster] = []
    by_name: dict[str, _Cluster] = {}
    out: list[Assignment] = []
    order = sorted(counts, key=lambda w: (-counts[w], fold(w), w))
    rest: list[str] = []
    for text in order:  # overrides first: they name clusters the others may join
        target = folded_overrides.get(fold(text))
        if target is None:
            rest.append(text)
            continue
        c = by_name.get(fold(target))
        if c is None:
            c = _Cluster(indicator_id(target), target, Wording.of(target), True)
            by_name[fold(target)] = c
            clusters.append(c)
        out.append(Assignment(text, c.indicator_id, c.name, "override", 100.0, counts[text]))
    for text in rest:
        w = Wording.of(text)
        best: tuple[float, _Cluster] | None = None
        for c in _candidates(w, clusters):
            score = same_measure(w, c.leader)
            if score is not None and (best is None or score > best[0]):
                best = (score, c)
        if best is None:
            c = _Cluster(indicator_id(text), text, w, False)
            clusters.append(c)
            out.append(Assignment(text, c.indicator_id, text, "canonical", 100.0, counts[text]))
            continue
        score, c = best
        method = "same" if w.key == c.leader.key else "fuzzy"
        out.append(Assignment(text, c.indicator_id, c.name, method, score, counts[text]))
    _keep_previous_ids(out, previous or {})
    _nearest_others(out, clusters)
    return out


def _candidates(w: Wording, clusters: list[_Cluster]) -> list[_Cluster]:
    if not clusters:
        return []
    keys = [c.leader.key for c in clusters]
    hits = process.extract(
        w.key, keys, scorer=fuzz.token_sort_ratio, limit=CANDIDATES, score_cutoff=JOIN_SCORE
    )
    exact = [c for c in clusters if c.leader.key == w.key]
    return exact + [clusters[i] for _, _, i in hits]


def _keep_previous_ids(out: list[Assignment], previous: Mapping[str, str]) -> None:
    """A cluster takes the id most of its rows had before (when no other cluster took it)."""
    members: dict[str, list[Assignment]] = {}
    for a in out:
        members.setdefault(a.indicator_id, []).append(a)
    taken: set[str] = set()
    for new_id, group in sorted(members.items(), key=lambda kv: -sum(a.n_rows for a in kv[1])):
        votes: Counter[str] = Counter()
        for a in group:
            if a.wording in previous and a.method != "override":
                votes[previous[a.wording]] += a.n_rows
        keep = next((old for old, _ in votes.most_common() if old not in taken), None)
        final = keep or new_id
        n = 1
        while final in taken:  # a kept id equal to this new one
            final, n = f"{new_id}-{n}", n + 1
        taken.add(final)
        for a in group:
            a.indicator_id = final


def _nearest_others(out: list[Assignment], clusters: list[_Cluster]) -> None:
    """For each wording, the closest leader of another cluster: what to look at to merge."""
    ids = {a.name: a.indicator_id for a in out}
    keys = [c.leader.key for c in clusters]
    for a in out:
        w = Wording.of(a.wording)
        for _, score, i in process.extract(w.key, keys, scorer=fuzz.token_sort_ratio, limit=2):
            other = ids.get(clusters[i].name)
            if other is not None and other != a.indicator_id:
                a.nearest_other, a.nearest_score = other, float(score)
                break


# --------------------------------------------------------------------------- overrides


def read_overrides(path: str | Path) -> list[tuple[str, str, str | None]]:
    """Overrides from a CSV with the columns ``wording`` and ``indicator`` (``note`` optional;
    other columns are ignored, so the CSV of ``lkj indicators --format csv`` can be edited and
    read back). Raises :class:`LkjError` with the file and line on a malformed file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise LkjError(f"{p}: cannot read the overrides: {exc}") from exc
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    fields = {f.strip().lower(): f for f in reader.fieldnames or []}
    missing = [c for c in ("wording", "indicator") if c not in fields]
    if missing:
        raise LkjError(
            f"{p}: the overrides need the columns wording and indicator (missing: {', '.join(missing)})"
        )
    out: list[tuple[str, str, str | None]] = []
    seen: dict[str, str] = {}
    for n, row in enumerate(reader, start=2):
        wording = (row.get(fields["wording"]) or "").strip()
        target = (row.get(fields["indicator"]) or "").strip()
        note = (row.get(fields["note"]) or "").strip() or None if "note" in fields else None
        if not wording and not target:
            continue
        if not wording or not target:
            raise LkjError(f"{p}:{n}: a row needs both a wording and an indicator")
        key = fold(wording)
        if key in seen and seen[key] != fold(target):
            raise LkjError(f"{p}:{n}: {wording!r} is put under two indicators")
        seen[key] = fold(target)
        out.append((wording, target, note))
    return out


def store_overrides(
    con: duckdb.DuckDBPyConnection, rows: Iterable[tuple[str, str, str | None]]
) -> int:
    """Replace the ``indicator_overrides`` table with ``rows``."""
    rows = list(rows)
    con.execute("DELETE FROM indicator_overrides")
    if rows:
        con.executemany("INSERT OR REPLACE INTO indicator_overrides VALUES (?, ?, ?)", rows)
    return len(rows)


# --------------------------------------------------------------------------- the database


def rebuild(con: duckdb.DuckDBPyConnection) -> list[Assignment]:
    """Cluster every wording of ``performance`` again and replace ``indicators`` and
    ``indicator_map``; stored overrides apply, and clusters keep their earlier ids."""
    counts = dict(
        con.execute("SELECT indikator, count(*) FROM performance GROUP BY indikator").fetchall()
    )
    overrides = dict(con.execute("SELECT wording, indicator FROM indicator_overrides").fetchall())
    previous = dict(con.execute("SELECT wording, indicator_id FROM indicator_map").fetchall())
    out = cluster(counts, overrides, previous)
    con.execute("DELETE FROM indicator_map")
    con.execute("DELETE FROM indicators")
    if out:
        con.executemany(
            "INSERT INTO indicator_map VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                [
                    a.wording,
                    a.indicator_id,
                    a.method,
                    a.score,
                    a.nearest_other,
                    a.nearest_score,
                    a.n_rows,
                ]
                for a in out
            ],
        )
        names = {a.indicator_id: a.name for a in out}
        con.executemany(
            "INSERT INTO indicators (indicator_id, name, n_wordings, n_rows, n_documents) VALUES (?, ?, 0, 0, 0)",
            [[k, v] for k, v in names.items()],
        )
        con.execute(
            """
            UPDATE indicators AS i SET
                n_wordings = s.n_wordings, n_rows = s.n_rows, n_documents = s.n_documents
            FROM (
                SELECT m.indicator_id, count(DISTINCT m.wording) AS n_wordings,
                       count(*) AS n_rows, count(DISTINCT p.doc_id) AS n_documents
                FROM performance AS p JOIN indicator_map AS m ON m.wording = p.indikator
                GROUP BY m.indicator_id
            ) AS s
            WHERE s.indicator_id = i.indicator_id
            """
        )
    return out


def stale(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether some wording of ``performance`` is not in ``indicator_map``, or the map holds a
    wording no longer there."""
    row = con.execute(
        """
        SELECT
            (SELECT count(*) FROM (SELECT DISTINCT indikator FROM performance) AS p
             WHERE p.indikator NOT IN (SELECT wording FROM indicator_map))
          + (SELECT count(*) FROM indicator_map
             WHERE wording NOT IN (SELECT indikator FROM performance))
        """
    ).fetchone()
    return bool(row and row[0])
