"""Synthetic LKj reports with exact ground truth (demo, benchmarks, check scoring).

``generate_archive`` is the entry point; ``corpus/seeds/`` holds the hand-made
gold of the real seed reports and ``corpus/demo/`` a small generated archive.
"""

from .generator import generate_archive, generate_report, iter_reports
from .inject import KINDS as INJECT_KINDS

__all__ = ["INJECT_KINDS", "generate_archive", "generate_report", "iter_reports"]
