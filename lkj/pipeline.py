"""Fixed stage order: read -> locate -> classify -> records -> identity."""

from __future__ import annotations

from pathlib import Path

from lkj.models import Extraction


def extract_file(path: str | Path) -> Extraction:
    """Extract every record from one report file.

    Raises :class:`lkj.errors.UnreadableFile` when the file cannot be read.
    """
    raise NotImplementedError("being written")
