"""Seeded choices that still cover every option across an archive.

A plain ``rng.choice`` per report can leave a rare layout variant out of a small
archive. :class:`Chooser` deals categorical options over the report index like
shuffled cards (every option once per block, the order drawn from the archive
seed), and keeps a per-report ``random.Random`` for everything else. Nothing here depends on dict
or set order, time, or ``hash()``.
"""

from __future__ import annotations

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
        """Option for this report: each option once in every block of len(options) reports.

        The order inside each block is shuffled (per option name and block), so two
        cycled choices of the same length are not locked together.
        """
        n = len(options)
        if n == 1:
            return options[0]
        block, pos = divmod(self.index, n)
        perm = list(range(n))
        derive(self.seed, "cycle", name, block).shuffle(perm)
        return options[perm[pos]]

    def coin(self, p: float) -> bool:
        return self.rng.random() < p

    def choice(self, options: Sequence[T]) -> T:
        return options[self.rng.randrange(len(options))]

    def uniform(self, a: float, b: float) -> float:
        return self.rng.uniform(a, b)

    def randint(self, a: int, b: int) -> int:
        return self.rng.randint(a, b)
