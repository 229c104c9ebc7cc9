"""Seeded choices that still cover every option across an archive.

A plain ``rng.choice`` per report can leave a rare layout variant out of a small
archive. :class:`Chooser` cycles categorical options over the report index
(offset and stride drawn from the archive seed, so archives differ), and keeps a
per-report ``random.Random`` for everything else. Nothing here depends on dict
or set order, time, or ``hash()``.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def derive(*parts: object) -> random.Random:
    """A Random seeded from the parts (str seeds hash with SHA-512: stable across runs)."""
    return random.Random(":".join(str(p) for p in parts))


class Chooser:
    def __init__(self, seed: int, index: int, rng: random.Random) -> None:
        self.seed = seed
        self.index = index
        self.rng = rng

    def cycle(self, name: str, options: Sequence[T]) -> T:
        """Option for this report: every option occurs in any len(options) consecutive reports."""
        n = len(options)
        if n == 1:
            return options[0]
        r = derive(self.seed, "cycle", name)
        offset = r.randrange(n)
        strides = [s for s in range(1, n) if math.gcd(s, n) == 1]
        stride = strides[r.randrange(len(strides))]
        return options[(offset + self.index * stride) % n]

    def coin(self, p: float) -> bool:
        return self.rng.random() < p

    def choice(self, options: Sequence[T]) -> T:
        return options[self.rng.randrange(len(options))]

    def uniform(self, a: float, b: float) -> float:
        return self.rng.uniform(a, b)

    def randint(self, a: int, b: int) -> int:
        return self.rng.randint(a, b)
