"""Records and the raw document model: the bottom layer of lkj (imports nothing of lkj)."""

from .document import RAW_SCHEMA_VERSION, Block, Line, RawCell, RawDocument, RawRow, RawTable
from .records import (
    BudgetLine,
    DipaRevision,
    Document,
    Evidence,
    Extraction,
    Issue,
    PaguHistory,
    PerformanceRow,
    TableInfo,
)
from .values import FLAGS, Provenance, Value

__all__ = [
    "FLAGS",
    "RAW_SCHEMA_VERSION",
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
    "Provenance",
    "RawCell",
    "RawDocument",
    "RawRow",
    "RawTable",
    "TableInfo",
    "Value",
]
