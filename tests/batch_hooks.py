"""Worker init module for the batch tests (``ingest(..., worker_init="batch_hooks")``).

It wraps :func:`lkj.pipeline.extract_file` inside each worker so that a document whose file
name ends in ``_hang`` never finishes, ``_hog`` allocates until the memory bound stops it,
``_crash`` kills its worker, and ``_warn`` logs a warning; any other document is extracted as
usual. Production code knows nothing of it.
"""

from __future__ import annotations

import logging
import os
import signal
import time
from pathlib import Path

import lkj.pipeline

log = logging.getLogger("lkj.tests.hooks")

_extract_file = lkj.pipeline.extract_file

#: the most a hog asks for; address space only (untouched zero pages), so a run without a
#: bound fails its test instead of exhausting the machine
HOG_LIMIT = 8 << 30


def extract_file(path: str | Path) -> lkj.pipeline.Extraction:
    name = Path(path).stem
    if name.endswith("_hang"):
        time.sleep(3600)
    elif name.endswith("_hog"):
        chunks = [bytes(256 << 20) for _ in range(HOG_LIMIT // (256 << 20))]  # calloc: untouched
        log.warning("allocated %d MiB without hitting a bound", len(chunks) * 256)
    elif name.endswith("_crash"):
        os.kill(os.getpid(), signal.SIGSEGV)
    elif name.endswith("_warn"):
        log.warning("hook warning for %s", Path(path).name)
    return _extract_file(path)


lkj.pipeline.extract_file = extract_file
