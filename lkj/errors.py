"""Errors lkj reports to users: each is one clear line, never a traceback."""

from __future__ import annotations


class LkjError(Exception):
    """Base of every error lkj raises on purpose; the CLI prints it and exits 1."""


class UnreadableFile(LkjError):
    """A file lkj cannot read: wrong format, bad encoding, corrupt, encrypted, empty."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class UnsupportedFormat(UnreadableFile):
    """A file whose type lkj has no reader for."""


class DatabaseError(LkjError):
    """The database cannot be opened or written (locked, newer schema, read-only)."""
