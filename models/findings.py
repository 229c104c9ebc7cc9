"""Consistency findings: places where a report contradicts itself.

A :class:`Finding` is what a check rule produces: the rule, its severity, where in
the report it is (document, table, row, line), what the figures should have been
and what is printed, and every value it rests on with that value's provenance, so
a reader can open the page and see the numbers side by side.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from .values import Provenance

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


class Involved(BaseModel):
    """One printed value a finding rests on."""

    role: str  # what the value is in the check: "target", "JUMLAH pagu", "row 3 pagu", ...
    raw: str | None = None  # as printed
    value: int | float | str | None = None  # as parsed
    provenance: Provenance


class Finding(BaseModel):
    rule: str  # rule id, e.g. "capaian.formula"
    severity: Severity
    source: str  # file name
    doc_id: str | None = None
    table: str | None = None  # caption number of the table concerned, as printed
    table_index: int | None = None
    row_index: int | None = None
    line: int | None = None  # the line to open first
    page: int | None = None
    expected: str | None = None  # what the other figures imply, formatted plainly
    actual: str | None = None  # what is printed
    difference: float | None = None  # actual - expected, where both are numbers
    message: str
    #: what the check assumed (formula, direction, tolerance)
    assumption: str | None = None
    values: list[Involved] = Field(default_factory=list)
