"""The DIPA revisions a document lists, table first."""

from __future__ import annotations

import re

from lkj.checks.engine import Context
from lkj.models import DipaRevision

_NUMBERED = re.compile(r"\brevisi\s*(?:ke\s*[-.]?\s*)?(\d{1,2})\b", re.IGNORECASE)


def table_revisions(ctx: Context) -> list[DipaRevision]:
    return [r for r in ctx.extraction.dipa_revisions if r.origin == "table"]


def revisions(ctx: Context) -> list[DipaRevision]:
    """The revisions of the table when there is one, else those stated in prose."""
    return table_revisions(ctx) or [
        r for r in ctx.extraction.dipa_revisions if "also_in_table" not in r.flags
    ]


def label_number(label: str | None) -> int | None:
    """ "REVISI 3" -> 3, "Revisi ke-4" -> 4; None for "AWAL", "REVISI KPA"."""
    m = _NUMBERED.search(label or "")
    return int(m.group(1)) if m else None
