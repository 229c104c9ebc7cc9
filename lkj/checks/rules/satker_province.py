"""satker.province: the province a report names is the province of its kabupaten/kota."""

from __future__ import annotations

from collections.abc import Iterator

from lkj.checks.engine import Context, Rule
from lkj.models import Finding, Provenance
from lkj.satker import match_document, province_conflict

RULE = Rule(
    id="satker.province",
    severity="warning",
    description="The province a kabupaten/kota report names most often is not the province "
    "the Kemendagri reference puts that kabupaten/kota in.",
    tolerance="province names compared after folding case and the usual short forms "
    "(DKI Jakarta, DI Yogyakarta, Bangka Belitung); only for a satker matched to the reference",
)


def check(ctx: Context) -> Iterator[Finding]:
    doc = ctx.extraction.document
    found = match_document(doc)
    stated = province_conflict(doc, found)
    if stated is None or found.ref is None:
        return
    ev = doc.evidence.get("province")
    at = Provenance(source=doc.source, line=ev.line if ev else None, page=ev.page if ev else None)
    yield ctx.finding(
        RULE,
        f"the report names province {doc.province}, but {found.ref.label} "
        f"({found.ref.satker_id}) is in {found.ref.province}",
        expected=found.ref.province,
        actual=doc.province,
        assumption=f"province read from {ev.text!r}" if ev else None,
        at=at,
    )
