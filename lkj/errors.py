"""Errors lkj reports to users: each is one clear line, never a traceback.

The file-level errors live in :mod:`lkj.models.errors` so that every layer can
raise them; they are re-exported here with the orchestration-level ones.
"""

from __future__ import annotations

from lkj.models.errors import LkjError, UnreadableFile, UnsupportedFormat

__all__ = ["DatabaseError", "LkjError", "UnreadableFile", "UnsupportedFormat"]


class DatabaseError(LkjError):
    """The database cannot be opened or written (locked, newer schema, read-only)."""
