"""Records read from scanned pages: each value's OCR confidence, and flags on doubtful ones.

The record builders read cells as text, the same for every reader. For a scanned document
this step goes back from each record to the cells it was read from (the table, the logical
row's lines, the column of each field, all in the record's provenance and the table view)
and, field by field,

- stores how OCR read it in the provenance (``provenance.ocr[field]``: the lowest word
  confidence of its cells, and the text as OCR read it where the figure was repaired), and
  on a performance value its ``confidence``;
- flags a repaired figure ``ocr_repaired`` and a figure read with a confidence under
  :data:`LOW_CONFIDENCE` (or whose two readings differed) ``low_confidence``: on the value of
  a performance row, as ``field:flag`` on the other records;
- flags ``column_missing`` a field of a performance or DIPA revision table whose column was
  not recognised (:func:`missing_columns`): the table kind needs it (a performance table's
  target) or the header names it (``TANGGAL``) but no column has that role, since the grid
  rebuilt from the page image merged it with another. The value is missing (or was read
  from the wrong column), and says so instead of passing as an empty cell.

Nothing is flagged in a document read from a text layer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from lkj.models import OcrRead, Provenance, RawCell, RawDocument, RawRow, TableInfo, Value
from lkj.normalize.text import fold

from .structure import TableView

#: a figure read with a lower confidence than this is flagged ``low_confidence``
LOW_CONFIDENCE = 80.0

#: per record kind, the figure fields: their name in ``provenance.columns`` -> in the flags
FIGURE_FIELDS: dict[str, dict[str, str]] = {
    "performance": {"target": "target", "realisasi": "realisasi", "capaian": "capaian"},
    "dipa_revisions": {"amount": "amount", "date": "date"},
    "budget_lines": {
        "pagu": "pagu",
        "realisasi": "realisasi",
        "sisa": "sisa",
        "percent": "realisasi_pct",
    },
    "pagu_history": {
        "year": "year",
        "pagu": "pagu",
        "realisasi": "realisasi",
        "realisasi_pct": "realisasi_pct",
    },
    "tally_rows": {"laki": "laki", "perempuan": "perempuan", "jumlah": "jumlah"},
}


#: per record kind, each field a table of that kind should have a column for: the column role
#: that gives it, whether the kind needs it, and the header words that name it
COLUMN_FIELDS: dict[str, dict[str, tuple[str, bool, tuple[str, ...]]]] = {
    "performance": {
        "target": ("target", True, ("target",)),
        "realisasi": ("realisasi", False, ("realisasi",)),
        "capaian": ("capaian", False, ("capaian",)),
    },
    "dipa_revisions": {
        "amount": ("pagu", True, ("jumlah", "pagu", "nilai")),
        "date": ("date", False, ("tanggal", "tgl")),
    },
}
#: the flag of a field whose column the table's header did not give
COLUMN_MISSING = "column_missing"


def missing_columns(kind: str, table: TableInfo) -> list[str]:
    """The fields of a ``kind`` record (``performance``, ``dipa_revisions``) whose column the
    table lacks: a header cell names it while no column has its role (``Indikator Kinerja
    Target`` read as one cell), or the kind needs it (a performance table's target, unless
    a Keterangan column holds the targets of a table that prints none; a DIPA table's
    amount)."""
    fields = COLUMN_FIELDS.get(kind, {})
    words = set(re.findall(r"[a-z]+", fold(" ".join(table.header))))
    missing = []
    for name, (role, needed, names) in fields.items():
        if role in table.columns:
            continue
        if words & set(names):
            missing.append(name)  # named in the header, in another column's cell
        elif needed and not (role == "target" and "keterangan" in table.columns):
            missing.append(name)
    return missing


def field_reading(cells: Sequence[RawCell]) -> OcrRead | None:
    """How OCR read a field from its cells (one per raw row of the logical row); None when
    no cell came from OCR."""
    confs = [c.confidence for c in cells if c.confidence is not None and c.text.strip()]
    repaired = [c.ocr_text for c in cells if c.ocr_text is not None]
    if not confs and not repaired:
        return None
    return OcrRead(
        confidence=min(confs) if confs else None,
        read=" ".join(repaired) if repaired else None,
    )


def reading_flags(read: OcrRead) -> list[str]:
    flags = []
    if read.read is not None:
        flags.append("ocr_repaired")
    if read.confidence is not None and read.confidence < LOW_CONFIDENCE:
        flags.append("low_confidence")
    return flags


def _rows_by_line(doc: RawDocument) -> dict[int, dict[int, RawRow]]:
    out: dict[int, dict[int, RawRow]] = {}
    for t in doc.tables:
        out[t.index] = {r.line: r for r in t.rows if r.line is not None}
    return out


def field_flags(kind: str, rec: Any, name: str) -> tuple[str, ...]:
    """The flags one field of a record carries, as :func:`mark_ocr_values` writes them: on
    the field's value for a performance record, as ``field:flag`` on the others."""
    if kind == "performance":
        return tuple(getattr(rec, name).flags)
    prefix = f"{name}:"
    return tuple(f[len(prefix) :] for f in rec.flags if f.startswith(prefix))


def mark_ocr_values(doc: RawDocument, records: Any, views: Sequence[TableView]) -> int:
    """Add OCR confidences and flags to the records of ``records`` (an
    :class:`~lkj.extract.interpret.Interpretation`) that were read from scanned cells;
    returns how many fields were flagged."""
    rows = _rows_by_line(doc)
    infos = {t.index: t for t in records.tables}
    flagged = 0
    for kind, fields in FIGURE_FIELDS.items():
        items = getattr(records, kind)
        for i, rec in enumerate(items):
            prov: Provenance = rec.provenance
            if prov.table_index is None or prov.row_index is None:
                continue
            if prov.table_index >= len(views):
                continue
            view = views[prov.table_index]
            if prov.row_index >= len(view.rows):
                continue
            lines = view.rows[prov.row_index].lines or (
                [prov.line] if prov.line is not None else []
            )
            raw_rows = [rows[prov.table_index][ln] for ln in lines if ln in rows[prov.table_index]]
            if not raw_rows:
                continue
            readings: dict[str, OcrRead] = {}
            for col_name, col in prov.columns.items():
                cells = [r.cells[col] for r in raw_rows if col < len(r.cells)]
                got = field_reading(cells)
                if got is not None:
                    readings[col_name] = got
            if not readings:
                continue
            update: dict[str, Any] = {"provenance": prov.model_copy(update={"ocr": readings})}
            flags = list(rec.flags)
            info = infos.get(prov.table_index)
            missing = missing_columns(kind, info) if info is not None else []
            for col_name, name in fields.items():
                got = readings.get(col_name)
                extra = reading_flags(got) if got is not None else []
                if col_name in missing:
                    extra.append(COLUMN_MISSING)
                if got is None and not extra:
                    continue
                flagged += bool(extra)
                if kind == "performance":
                    value: Value = getattr(rec, name)
                    update[name] = value.model_copy(
                        update={
                            "flags": tuple(dict.fromkeys([*value.flags, *extra])),
                            "confidence": got.confidence if got is not None else None,
                        }
                    )
                else:
                    flags += [f"{name}:{f}" for f in extra if f"{name}:{f}" not in flags]
            update["flags"] = flags
            items[i] = rec.model_copy(update=update)
    return flagged
