"""Errors every layer may raise; each is one clear line for the user, never a traceback."""

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
