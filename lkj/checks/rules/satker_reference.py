"""satker.reference: the satker a report names is one province or kabupaten/kota of Indonesia."""

from __future__ import annotations

from collections.abc import Iterator

from lkj.checks.engine import Context, Rule
from lkj.models import Finding, Provenance
from lkj.satker import MATCH_SCORE, TIE_MARGIN, match_document

RULE = Rule(
    id="satker.reference",
    severity="warning",
    description="The satker a report names matches no province or kabupaten/kota of the "
    "Kemendagri reference, matches several equally well, or could not be read at all; the "
    "document gets no satker id.",
    tolerance=f"a match needs similarity >= {MATCH_SCORE:.0f} of 100 on the region name "
    f"(spaces, case, punctuation, 'Kab.'/'Kabupaten'/'KPU' ignored) and no other candidate "
    f"within {TIE_MARGIN:.0f} points; the province the report names breaks ties",
)


def check(ctx: Context) -> Iterator[Finding]:
    doc = ctx.extraction.document
    if doc.satker is None and not (doc.n_lines or doc.n_pages):
        return  # an empty file has no identity to match
    found = match_document(doc)
    if found.status == "matched":
        return
    ev = doc.evidence.get("satker")
    at = Provenance(source=doc.source, line=ev.line if ev else None, page=ev.page if ev else None)
    name = doc.satker or "the satker"
    if found.status == "unnamed":
        message = "no satker name could be read from the report; it has no satker id"
    elif found.status == "ambiguous":
        message = f"{name} matches several satker equally well ({found.note[len('equally close: ') :]}); it has no satker id"
    else:
        message = f"{name} matches no satker of the reference ({found.note}); it has no satker id"
    best = found.candidates[0] if found.candidates else None
    yield ctx.finding(
        RULE,
        message,
        expected=best[0].label if best else None,
        actual=doc.satker,
        assumption=f"read as {found.name_read!r}; {RULE.tolerance}",
        at=at,
    )
