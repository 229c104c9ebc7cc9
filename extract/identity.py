"""Who wrote the report and for which year, each with the text it was read from.

The satker is read from the cover and title lines first ("LAPORAN KINERJA ...
KOMISI PEMILIHAN UMUM KABUPATEN DHARMASRAYA TAHUN 2019"), falling back to the
satker the text names most often. The reporting year comes from the title, not
from the signing date ("Buntok, 16 Januari 2025") or a Renstra period.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator

from lkj.models import Document, Evidence, RawDocument
from lkj.normalize.text import clean_cell

#: the 38 provinces, for recognising a province named in the text
PROVINCES = [
    "Aceh", "Sumatera Utara", "Sumatera Barat", "Riau", "Jambi", "Sumatera Selatan", "Bengkulu",
    "Lampung", "Kepulauan Bangka Belitung", "Kepulauan Riau", "DKI Jakarta", "Jawa Barat",
    "Jawa Tengah", "DI Yogyakarta", "Jawa Timur", "Banten", "Bali", "Nusa Tenggara Barat",
    "Nusa Tenggara Timur", "Kalimantan Barat", "Kalimantan Tengah", "Kalimantan Selatan",
    "Kalimantan Timur", "Kalimantan Utara", "Sulawesi Utara", "Sulawesi Tengah",
    "Sulawesi Selatan", "Sulawesi Tenggara", "Gorontalo", "Sulawesi Barat", "Maluku",
    "Maluku Utara", "Papua Barat", "Papua Barat Daya", "Papua", "Papua Selatan", "Papua Tengah",
    "Papua Pegunungan",
]  # fmt: skip
_PROVINCE_ALIASES = {
    "Daerah Istimewa Yogyakarta": "DI Yogyakarta",
    "Jakarta": "DKI Jakarta",
    "Bangka Belitung": "Kepulauan Bangka Belitung",
}

_BODY = r"(?:sekretariat\s+)?(?:komisi\s+pemilihan\s+umum|kpu|komisi\s+independen\s+pemilihan|kip)"
_KIND = r"(?P<kind>kabupaten|kab\.?|kota|provinsi|propinsi|prov\.?)"
_STOP = {
    "tahun", "dalam", "yang", "sebagai", "pada", "untuk", "dan", "telah", "adalah", "nomor", "jl",
    "secara", "dengan", "kepada", "di", "ke", "dari", "selaku", "tentang", "periode", "laporan",
    "kinerja", "sekretaris", "ketua", "jalan", "jln", "telp", "alamat", "kantor", "mendapatkan", "memiliki", "menetapkan", "merupakan",
}  # fmt: skip
_SATKER = re.compile(
    _BODY + r"\s+" + _KIND + r"\s+(?P<name>[A-Za-z][A-Za-z'\-]*(?:\s+[A-Za-z][A-Za-z'\-]*){0,3})",
    re.IGNORECASE,
)
_TITLE_YEAR = re.compile(
    r"\b(?:tahun(?:\s+anggaran)?|lkj|lakip|laporan\s+kinerja)\s*[:\-]?\s*(20\d\d|19\d\d)\b",
    re.IGNORECASE,
)
_ANY_YEAR = re.compile(r"\btahun\s+(20\d\d)\b", re.IGNORECASE)

#: how many non-blank lines count as the cover and title
COVER_LINES = 25


def _kind(word: str) -> str:
    w = word.lower().rstrip(".")
    if w in {"kab", "kabupaten"}:
        return "kabupaten"
    if w == "kota":
        return "kota"
    return "provinsi"


def _region(name: str) -> str | None:
    words: list[str] = []
    for w in name.split():
        if w.lower() in _STOP:
            break
        if not words and not w[:1].isalpha():
            return None
        if w[:1].islower() and words:
            break
        words.append(w)
    if not words:
        return None
    return " ".join(w.capitalize() if w.isupper() or w.islower() else w for w in words)


def _cover_text(doc: RawDocument) -> tuple[str, list[int]]:
    """The first non-blank lines joined by spaces, with the line number of each character run."""
    parts: list[str] = []
    nos: list[int] = []
    for line in doc.lines:
        text = clean_cell(line.text)
        if not text:
            continue
        parts.append(text)
        nos.append(line.no)
        if len(parts) >= COVER_LINES:
            break
    return " ".join(parts), nos


def _line_of(doc: RawDocument, needle: str, limit: int | None = None) -> int | None:
    low = needle.lower()
    for line in doc.lines[: limit or len(doc.lines)]:
        if low in clean_cell(line.text).lower():
            return line.no
    return None


def read_identity(doc: RawDocument) -> Document:
    ident = Document(
        source=doc.source,
        sha256=doc.sha256,
        format=doc.format,
        n_pages=doc.n_pages,
        n_lines=len(doc.lines),
    )
    cover, _ = _cover_text(doc)

    found = None
    for m in _SATKER.finditer(cover):
        region = _region(m.group("name"))
        if region:
            found = (m, _kind(m.group("kind")), region, "cover")
            break
    if found is None:
        full = "\n".join(clean_cell(line.text) for line in doc.lines)
        counts: Counter[tuple[str, str]] = Counter()
        first: dict[tuple[str, str], re.Match[str]] = {}
        for m in _SATKER.finditer(full):
            region = _region(m.group("name"))
            if region:
                key = (_kind(m.group("kind")), region)
                counts[key] += 1
                first.setdefault(key, m)
        if counts:
            (kind, region), _ = counts.most_common(1)[0]
            found = (first[(kind, region)], kind, region, "body")
    if found is not None:
        m, kind, region, where = found
        ident.satker_kind = kind  # type: ignore[assignment]
        ident.region = region
        label = {"kabupaten": "Kabupaten", "kota": "Kota", "provinsi": "Provinsi"}[kind]
        ident.satker = f"KPU {label} {region}"
        if kind == "provinsi":
            ident.province = _province(region) or region
        text = " ".join(m.group(0).split())
        ident.evidence["satker"] = Evidence(text=text, line=_line_of(doc, region, 200))
        if where == "body":
            ident.evidence["satker"].text += " (most frequent in the text)"

    year = _year(doc, cover)
    if year is not None:
        ident.year, ev = year
        ident.evidence["year"] = ev

    if ident.province is None:
        prov = _province_mention(doc, ident.region)
        if prov is not None:
            ident.province, ident.evidence["province"] = prov
    title = _title(cover)
    ident.title = title
    return ident


def _year(doc: RawDocument, cover: str) -> tuple[int, Evidence] | None:
    m = _TITLE_YEAR.search(cover)
    if m:
        y = int(m.group(1))
        return y, Evidence(text=m.group(0), line=_line_of(doc, m.group(1), 200))
    years = Counter(int(y) for y in _ANY_YEAR.findall("\n".join(line.text for line in doc.lines)))
    if years:
        y, n = years.most_common(1)[0]
        return y, Evidence(text=f"'Tahun {y}' ({n} mentions in the text)")
    return None


def _province(name: str) -> str | None:
    low = name.lower()
    for alias, canon in _PROVINCE_ALIASES.items():
        if alias.lower() == low:
            return canon
    for p in PROVINCES:
        if p.lower() == low:
            return p
    return None


_PROV_MENTION = re.compile(
    r"\b(?:provinsi|propinsi|prov\.)\s+("
    + "|".join(
        re.escape(p) for p in sorted(PROVINCES + list(_PROVINCE_ALIASES), key=len, reverse=True)
    )
    + r")\b",
    re.IGNORECASE,
)


_PRO = re.compile(r"pro[vp]")


def _province_mentions(text: str) -> Iterator[re.Match[str]]:
    """``_PROV_MENTION.finditer(text)``, tried only where a mention can start.

    A mention starts with "prov" or "prop" in any case, and these letters have no case forms
    but their ASCII capitals, so it starts where ``text.lower()`` (of the same length unless
    a dotted capital I grew in it) holds "prov" or "prop": a search that matches case is
    many times faster than the case-blind pattern tried at every character."""
    low = text.lower()
    if len(low) != len(text):
        yield from _PROV_MENTION.finditer(text)
        return
    end = 0
    for hint in _PRO.finditer(low):
        if hint.start() < end:
            continue
        m = _PROV_MENTION.match(text, hint.start())
        if m is not None:
            end = m.end()
            yield m


def _province_mention(doc: RawDocument, region: str | None) -> tuple[str, Evidence] | None:
    """The province the text names most often ("KPU Provinsi Sumatera Selatan",
    "Kanwil DJPB Propinsi Sumatera Barat")."""
    counts: Counter[str] = Counter()
    where: dict[str, tuple[str, int]] = {}
    # the lines searched as one text, each line's start remembered: a NUL between two lines
    # is neither a word character nor a space, so no mention runs over it and a line's ends
    # are word boundaries as they are alone
    starts: list[int] = []
    size = 0
    for line in doc.lines:
        starts.append(size)
        size += len(line.text) + 1
    text = "\0".join(line.text for line in doc.lines)
    for m in _province_mentions(text):
        prov = _province(m.group(1))
        if prov is None:
            continue
        counts[prov] += 1
        where.setdefault(prov, (m.group(0), doc.lines[bisect_right(starts, m.start()) - 1].no))
    if not counts:
        # a province named without the word "Provinsi" ("se-Kalimantan Tengah", photo captions)
        for line in doc.lines:
            for p in PROVINCES:
                if len(p.split()) > 1 and p.lower() in line.text.lower():
                    counts[p] += 1
                    where.setdefault(p, (p, line.no))
    if not counts:
        return None
    prov, _ = counts.most_common(1)[0]
    text, no = where[prov]
    return prov, Evidence(text=text, line=no)


def _title(cover: str) -> str | None:
    m = re.search(
        r"(laporan\s+(?:akuntabilitas\s+)?kinerja.{0,160}?(?:20\d\d))", cover, re.IGNORECASE
    )
    return " ".join(m.group(1).split()) if m else None
