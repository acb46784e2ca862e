"""Where a variant's randomness comes from: a digest of (set seed, student, problem, draw).

The stream of a draw is ``random.Random`` seeded with the integer read from the SHA-256
digest of the four texts, each prefixed by its length in UTF-8 bytes (so no two tuples
share an encoding). Python's ``hash()`` is never used: it changes with ``PYTHONHASHSEED``.
A student's variant therefore depends on nothing but the set's seed, the student's id,
the problem's id and the draw number: not on the roster, the machine or the run.

Only Mersenne Twister's ``getrandbits`` is used (whole numbers below n by rejection of
the bits above n), never ``randint``, ``choice`` or ``shuffle``, whose algorithms Python
may change between versions.
"""

from __future__ import annotations

import hashlib
import random


def digest(seed: str, student: str, problem: str, draw: int) -> bytes:
    """SHA-256 of the length-prefixed texts of (seed, student, problem, draw)."""
    hasher = hashlib.sha256()
    for text in (seed, student, problem, str(draw)):
        data = text.encode("utf-8")
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.digest()


class Stream:
    """The random choices of one draw, reproducible from its digest."""

    def __init__(self, seed: str, student: str, problem: str, draw: int):
        self._random = random.Random(int.from_bytes(digest(seed, student, problem, draw), "big"))

    def below(self, n: int) -> int:
        """A whole number in 0 … n − 1, each equally likely."""
        if n <= 0:
            raise ValueError("below(n) needs n ≥ 1")
        bits = max(1, (n - 1).bit_length())
        while True:
            value = self._random.getrandbits(bits)
            if value < n:
                return value

    def between(self, low: int, high: int) -> int:
        """A whole number in low … high (both included), each equally likely."""
        return low + self.below(high - low + 1)

    def pick(self, options):
        """One of ``options``, each equally likely."""
        return options[self.below(len(options))]

    def shuffled(self, items) -> list:
        """The items in a random order (Fisher–Yates)."""
        items = list(items)
        for index in range(len(items) - 1, 0, -1):
            other = self.below(index + 1)
            items[index], items[other] = items[other], items[index]
        return items
