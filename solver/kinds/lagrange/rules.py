"""The rules a Lagrange problem is worked with. A typical mistake is the same work with
one rule changed, so the kind's mistakes re-solve with a changed ``Rules``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rules:
    """``sign``: L = f + sign · Σ λᵢ(gᵢ − cᵢ) (−1; +1 is the other convention, which
    flips every multiplier); ``dropped``: the number of a case left out (None: every case
    solved); ``existence``: whether the largest and smallest candidate values are tested
    for being the extremes of f on the set (False: taken as they are)."""

    sign: int = -1
    dropped: int | None = None
    existence: bool = True


TEXTBOOK = Rules()
