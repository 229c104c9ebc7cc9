"""Header semantics: which rows of a table are its header, and what each column means.

Column roles are decided from the header words, matched fuzzily (rapidfuzz) against
a small Indonesian vocabulary so that typos and abbreviations ("REALISAI",
"INDIKATOR KERJA", "TAPKIN", "% REALISASI") still land on the right role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from lkj.normalize.text import clean_cell, fold

#: canonical header words; a printed word maps to the closest one (ratio >= 85)
VOCAB = [
    "no", "nomor", "indikator", "kinerja", "kerja", "utama", "kegiatan", "sasaran", "strategis",
    "program", "target", "tapkin", "realisasi", "capaian", "persentase", "prosentase", "keterangan",
    "pagu", "anggaran", "sisa", "jumlah", "tanggal", "dipa", "revisi", "tahun", "uraian", "jenis",
    "belanja", "akun", "kode", "satuan", "volume", "output", "rencana", "aksi", "kategori",
    "rentang", "penanggung", "jawab", "outcome", "nilai", "bulan", "rincian", "tujuan",
]  # fmt: skip

#: header words of count breakdowns by sex (DPT recaps), matched exactly (never fuzzily: "LAKIP"
#: is not "laki", "pemilihan" is not "pemilih"). "JUMLAH" stays in VOCAB: in a budget table it is
#: an amount, and only a header that also has L and P columns makes it the sum L + P.
TALLY_WORDS = {
    "kecamatan", "kelurahan", "desa", "nagari", "tps", "dapil", "wilayah", "laki", "perempuan",
    "pria", "wanita", "pemilih", "total", "jml", "l", "p", "lk", "pr",
}  # fmt: skip
_LAKI = {"laki", "pria", "l", "lk"}
_PEREMPUAN = {"perempuan", "wanita", "p", "pr"}
_TALLY_SUM = {"total", "jml"}
_TALLY_LABEL = {
    "kecamatan", "kelurahan", "desa", "nagari", "tps", "dapil", "wilayah", "uraian", "nama",
    "kabupaten", "kota", "provinsi",
}  # fmt: skip

_VOCAB_SET = frozenset(VOCAB)
_SEPARATOR_CHARS = frozenset("-=_:|")
_COLNUM = re.compile(r"^\(?\d{1,2}\)?$")
_SASARAN_ROW = re.compile(r"^sasaran\s*(ke\s*)?\d", re.IGNORECASE)
_DATA_START = re.compile(r"^[(\[]?\d")
_THREE_DIGITS = re.compile(r"\d{3}")
_YEAR_OR_RP = re.compile(r"tahun|\(rp", re.IGNORECASE)
_COLNUM_INLINE = re.compile(r"\s*\(\d{1,2}\)\s*")
_MONTHS = {
    "jan",
    "feb",
    "mar",
    "apr",
    "mei",
    "jun",
    "jul",
    "agt",
    "agu",
    "sep",
    "okt",
    "nov",
    "des",
}


def canon_words(text: str) -> list[str]:
    """Header text as canonical vocabulary words ("REALISAI (Rp.)" -> ["realisasi", "rp"])."""
    return [_canon_word(word) for word in fold(text).split()]


@lru_cache(maxsize=1 << 14)
def _canon_word(word: str) -> str:
    """The vocabulary word a folded word stands for, or the word itself. Remembered: headers
    repeat their few words in every table, and every row of a table is tried as a header."""
    if word in _VOCAB_SET or len(word) < 4:
        return word
    match = process.extractOne(word, VOCAB, scorer=fuzz.ratio, score_cutoff=85)
    return match[0] if match else word


def is_colnum_row(cells: list[str]) -> bool:
    """A column-number row: "(1) (2) (3)" or "1 2 3 4" — numbering, not data."""
    vals = []
    for c in cells:  # most rows hold a label: given up at the first cell that is no number
        v = c.strip()
        if v:
            if not _COLNUM.match(v):
                return False
            vals.append(v)
    if len(vals) < 2:
        return False
    nums = [int(v.strip("()")) for v in vals]
    return nums == sorted(nums) and nums[0] <= 2 and len(set(nums)) == len(nums)


def is_separator_row(cells: list[str]) -> bool:
    vals = [c.strip() for c in cells if c.strip()]
    return bool(vals) and all(_SEPARATOR_CHARS.issuperset(v) for v in vals)


def header_score(cells: list[str]) -> float:
    """How much a row looks like a header: share of its cells made of header words."""
    vals = [clean_cell(c) for c in cells if c.strip()]
    if not vals or _SASARAN_ROW.match(vals[0]):
        return 0.0  # a "Sasaran 1 : ..." group row, not a header
    hits = 0
    for v in vals:
        if _DATA_START.match(v) and not _COLNUM.match(v):
            continue  # "8 kegiatan", "100 %", "1.": data, not a column heading
        if _THREE_DIGITS.search(v.replace(".", "")) and not _YEAR_OR_RP.search(v):
            continue  # figures, not a header
        if len(v.split()) > 8:
            continue  # a sentence, not a column heading
        words = canon_words(v)
        if (
            v.strip() == "%"
            or any(w in _VOCAB_SET or w in TALLY_WORDS for w in words)
            or fold(v) in _MONTHS
        ):
            hits += 1
    return hits / len(vals)


@dataclass
class Header:
    rows: int  # header rows at the top of the table (column-number rows included)
    texts: list[str]  # per column, the header words top to bottom
    words: list[list[str]] = field(default_factory=list)  # canonical words per column


def find_header(grid: list[list[str]], start: int = 0) -> Header | None:
    """Detect the header rows starting at ``start``; None when the table has no header."""
    n_cols = max((len(r) for r in grid), default=0)
    i = start
    header_rows: list[list[str]] = []
    while i < len(grid) and len(header_rows) < 3:
        row = grid[i]
        if is_colnum_row(row):
            break
        if sum(1 for c in row if c.strip()) < 2 and n_cols >= 3:
            break  # a one-cell row under (or over) a header is a title or group row
        if header_score(row) >= 0.6:
            header_rows.append(row)
            i += 1
            continue
        # a second header row under a spanning cell: cells sit under empty/"KINERJA" columns
        if header_rows and _continues_header(header_rows[-1], row):
            header_rows.append(row)
            i += 1
            continue
        break
    if not header_rows:
        return None
    while i < len(grid) and is_colnum_row(grid[i]):
        i += 1
    texts = _compose(header_rows, n_cols)
    return Header(rows=i - start, texts=texts, words=[canon_words(t) for t in texts])


def _continues_header(prev: list[str], row: list[str]) -> bool:
    """The row right under a header whose non-empty cells are all header words."""
    vals = [c for c in row if c.strip()]
    if not vals or not any(not c.strip() for c in prev):
        return False
    first = next((i for i, c in enumerate(row) if c.strip()), 0)
    return first > 0 and header_score(row) >= 0.5


def _compose(rows: list[list[str]], n_cols: int) -> list[str]:
    """Per-column header text; a spanning cell ("KINERJA", "ANGGARAN") covers the empty
    cells to its right where the row below has text."""
    padded = [r + [""] * (n_cols - len(r)) for r in rows]
    spans = [list(r) for r in padded]
    for ri in range(len(padded) - 1):
        below = padded[ri + 1]
        for ci in range(1, n_cols):
            if not padded[ri][ci].strip() and below[ci].strip() and spans[ri][ci - 1].strip():
                spans[ri][ci] = spans[ri][ci - 1]
    texts = []
    for ci in range(n_cols):
        parts = [_COLNUM_INLINE.sub(" ", clean_cell(r[ci])).strip() for r in spans]
        texts.append(" ".join(p for p in parts if p))
    return texts


# ---------------------------------------------------------------------------
# column roles


@dataclass
class Roles:
    """Column index of each role found in a header."""

    cols: dict[str, int] = field(default_factory=dict)
    #: columns with an empty header right of a text column (PDF column splits)
    spill: list[int] = field(default_factory=list)
    percent_cols: set[int] = field(default_factory=set)
    ignored: list[int] = field(default_factory=list)

    def get(self, role: str) -> int | None:
        return self.cols.get(role)


def _role_of(words: list[str], text: str) -> str | None:
    w = set(words)
    t = fold(text)
    has_percent = "%" in text
    if text.strip() == "%" or (has_percent and w <= {"anggaran", "pagu", "jumlah", "rp"}):
        return "percent"
    if not w:
        return None
    if w <= {"no", "nomor"} or t in {"no", "nomor", "no urut"}:
        return "no"
    if w & _MONTHS:
        return "month"
    if "indikator" in w:
        return "indikator"
    if "volume" in w:
        return "volume_realisasi" if w & {"capaian", "realisasi"} else "volume_target"
    if "sasaran" in w:
        return "sasaran"
    if "tanggal" in w:
        return "date"
    if "dipa" in w or ("revisi" in w and not w & {"pagu", "anggaran"}):
        return "dipa_label"
    if "sisa" in w:
        return "sisa"
    if "akun" in w or "kode" in w:
        return "code"
    if "tahun" in w and not w & {"pagu", "anggaran", "realisasi", "rencana", "kinerja"}:
        return "year"
    if "capaian" in w and not w & {"rentang", "kategori"}:
        return "capaian"
    if "realisasi" in w:
        return "realisasi"
    if "target" in w or "tapkin" in w:
        return "target"
    if w & {"pagu", "anggaran"} or (w == {"jumlah", "rp"}):
        return "pagu"
    if t.strip() in {"%", "persen"} or (w & {"persentase", "prosentase"} and len(w) <= 2):
        return "percent"
    if "keterangan" in w or t in {"ket"}:
        return "keterangan"
    if "satuan" in w:
        return "satuan"
    if w & {"jenis", "belanja"}:
        return "jenis_belanja"
    if "program" in w:
        return "program"
    if "kegiatan" in w or "output" in w:
        return "kegiatan"
    if "uraian" in w:
        return "uraian"
    if "jumlah" in w:
        return "pagu"
    if w & {"kategori", "rentang"}:
        return "scale"
    if "penanggung" in w:
        return "responsible"
    return None


def tally_columns(header: Header) -> dict[str, int] | None:
    """Roles of a count breakdown by sex: "laki" (L), "perempuan" (P), "jumlah" (L + P), and
    "label" (KECAMATAN, DESA, TPS, URAIAN ...); None unless the header has both L and P.

    A column under a spanning "JUMLAH PEMILIH" reads "JUMLAH PEMILIH LAKI-LAKI": the sex
    words decide, the sum is a column with both ("L + P"), TOTAL / JML, or JUMLAH alone.
    """
    laki: list[int] = []
    perempuan: list[int] = []
    sums: list[int] = []
    plain_sums: list[int] = []
    for ci, words in enumerate(header.words):
        w = set(words)
        if (w & _LAKI and w & _PEREMPUAN) or w & _TALLY_SUM:
            sums.append(ci)
        elif w & _LAKI:
            laki.append(ci)
        elif w & _PEREMPUAN:
            perempuan.append(ci)
        elif "jumlah" in w:
            plain_sums.append(ci)
    if len(laki) != 1 or len(perempuan) != 1:
        return None
    cols = {"laki": laki[0], "perempuan": perempuan[0]}
    right = max(cols.values())
    total = [c for c in sums + plain_sums if c > right] or sums
    if total:
        cols["jumlah"] = min(total)
    counts = set(cols.values())
    for ci, (text, words) in enumerate(zip(header.texts, header.words, strict=True)):
        if ci in counts or not text.strip() or _role_of(words, text) == "no":
            continue
        if set(words) & _TALLY_LABEL or ci < min(counts):
            cols["label"] = ci
            break
    return cols


def assign_roles(header: Header) -> Roles:
    tally = tally_columns(header)
    roles = _tally_roles(header, tally) if tally is not None else _column_roles(header)
    n = len(header.texts)
    for ci in range(1, n):
        if (
            not header.texts[ci].strip()
            and header.texts[ci - 1].strip()
            or (not header.texts[ci].strip() and ci - 1 in roles.spill)
        ):
            roles.spill.append(ci)
    return roles


def _column_roles(header: Header) -> Roles:
    roles = Roles()
    for ci, (text, words) in enumerate(zip(header.texts, header.words, strict=True)):
        if not text.strip():
            continue
        role = _role_of(words, text)
        if "%" in text or "persen" in fold(text):
            roles.percent_cols.add(ci)
        if role is None:
            roles.ignored.append(ci)
            continue
        if role in roles.cols:
            # a second column with the same role: "% REALISASI" after "REALISASI (Rp.)"
            if role == "realisasi" and ci in roles.percent_cols:
                role = "percent"
            elif role == "program" and "kegiatan" not in roles.cols:
                role = "kegiatan"
            else:
                roles.ignored.append(ci)
                continue
        if role == "realisasi" and ci in roles.percent_cols and "realisasi" in roles.cols:
            role = "percent"
        roles.cols[role] = ci
    return roles


def _tally_roles(header: Header, tally: dict[str, int]) -> Roles:
    """Roles of a tally table: its count columns and label, a NO column; nothing else (a
    "JUMLAH TPS" column beside them is not an amount)."""
    roles = Roles(cols=dict(tally))
    used = set(tally.values())
    for ci, (text, words) in enumerate(zip(header.texts, header.words, strict=True)):
        if ci in used or not text.strip():
            continue
        role = _role_of(words, text)
        if role in ("no", "keterangan") and role not in roles.cols:
            roles.cols[role] = ci
        else:
            roles.ignored.append(ci)
    return roles
