"""Facts stated only in prose: DIPA revisions without a table.

"Dari jumlah dana tersebut telah dilaksanakan Revisi DIPA sebesar Rp 1.955.640.000,-
sehingga dana DIPA ... Tahun 2019 sebesar Rp. 30.151.427.000,-" becomes a DIPA
revision record with origin "prose": amount = the DIPA after the revision, delta =
the change.
"""

from __future__ import annotations

import re

from lkj.models import DipaRevision, Provenance, RawDocument
from lkj.normalize.numbers import parse_money

_AMOUNT = r"(?P<{name}>(?:rp\.?\s*)+[\d.,]+(?:,-|\.-)?)"
_REVISION = re.compile(
    r"revisi\s+(?:dipa|anggaran)\s+sebesar\s+"
    + _AMOUNT.format(name="delta")
    + r".{0,200}?sehingga\s+(?:dana|pagu|jumlah)\s+(?:dipa|anggaran).{0,160}?sebesar\s+"
    + _AMOUNT.format(name="amount"),
    re.IGNORECASE | re.DOTALL,
)


def prose_revisions(doc: RawDocument, start_seq: int = 1) -> list[DipaRevision]:
    out: list[DipaRevision] = []
    table_lines = {r.line for t in doc.tables for r in t.rows}
    for block in doc.blocks:
        if block.kind != "text" or block.line_start in table_lines:
            continue
        text = block.text.replace("**", "")
        if "rev" not in text.lower():
            # no "revisi" in any case (r, e and v have no case forms but their ASCII
            # capitals): the case-blind pattern, slow to try at every character, is not run
            continue
        for m in _REVISION.finditer(text):
            amount = parse_money(m.group("amount"))
            delta = parse_money(m.group("delta"))
            line = block.line_start + text.count("\n", 0, m.start())
            sentence = " ".join(m.group(0).split())
            out.append(
                DipaRevision(
                    seq=start_seq + len(out),
                    label_raw=None,
                    amount=amount.value if isinstance(amount.value, int) else None,
                    amount_raw=amount.raw,
                    delta=delta.value if isinstance(delta.value, int) else None,
                    note=sentence[:300],
                    origin="prose",
                    flags=[f"amount:{f}" for f in amount.flags]
                    + [f"delta:{f}" for f in delta.flags],
                    provenance=Provenance(source=doc.source, line=line, page=None),
                )
            )
    return out
