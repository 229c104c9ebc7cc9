"""Hypothesis profiles for the property and fuzz tests, shared by every module that uses them.

"ci" (when CI=true) is fixed and bounded: a set number of examples, derandomized and without the
example database, so a CI run takes the same time and tries the same inputs every time, and a
failure there reproduces locally with ``CI=true``. "dev" (everywhere else) tries five times as
many random examples and remembers failures in ``.hypothesis/``. Profiles are registered here
unless already registered and applied per test (``@profile()``), never loaded globally, so no
other module's hypothesis settings change.
"""

from __future__ import annotations

import os

from hypothesis import settings
from hypothesis.errors import InvalidArgument

#: examples per test: (ci, dev)
EXAMPLES = {"ci": 200, "dev": 1000}


def _register(name: str, examples: int) -> None:
    try:
        settings.get_profile(name)
    except InvalidArgument:
        fixed = {"derandomize": True, "database": None} if name.startswith("ci") else {}
        settings.register_profile(
            name, max_examples=examples, deadline=None, print_blob=True, **fixed
        )


def in_ci() -> bool:
    return os.environ.get("CI") == "true"


def profile(scale: float = 1.0) -> settings:
    """The "ci" or "dev" profile; ``scale`` shrinks it for tests whose examples are slow."""
    for name, examples in EXAMPLES.items():
        _register(name, examples)
    name = "ci" if in_ci() else "dev"
    if scale == 1.0:
        return settings.get_profile(name)
    scaled = f"{name}-x{scale:g}"
    _register(scaled, max(1, round(EXAMPLES[name] * scale)))
    return settings.get_profile(scaled)
