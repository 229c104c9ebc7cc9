"""lkj: Indonesian Laporan Kinerja reports to structured, traceable data."""

__version__ = "0.2.0"

#: bump when extraction output can change for the same input file; stored per
#: document so that a re-run knows what to redo
PIPELINE_VERSION = "0.2.0"
