"""Records and the raw document model: the bottom layer of lkj (imports nothing of lkj)."""

from .document import RAW_SCHEMA_VERSION, Block, Line, RawCell, RawDocument, RawRow, RawTable
from .findings import SEVERITIES, Finding, Involved, Severity
from .records import (
    BudgetLine,
    DipaRevision,
    Document,
    Evidence,
    Extraction,
    Issue,
    PaguHistory,
    PerformanceRow,
    Statement,
    TableInfo,
    TallyRow,
    TocEntry,
)
from .values import FLAGS, OcrRead, Provenance, Value

__all__ = [
    "FLAGS",
    "RAW_SCHEMA_VERSION",
    "SEVERITIES",
    "Finding",
    "Involved",
    "Severity",
    "Statement",
    "TallyRow",
    "TocEntry",
    "Block",
    "BudgetLine",
    "DipaRevision",
    "Document",
    "Evidence",
    "Extraction",
    "Issue",
    "Line",
    "PaguHistory",
    "PerformanceRow",
    "OcrRead",
    "Provenance",
    "RawCell",
    "RawDocument",
    "RawRow",
    "RawTable",
    "TableInfo",
    "Value",
]
