"""The rules an LU factorisation is worked with. A typical mistake is the same work with one
rule changed, so the kind's mistakes re-solve with a changed ``Rules``."""

from __future__ import annotations

from dataclasses import dataclass

DIAGONALS = ("ones", "zeros", "pivots")


@dataclass(frozen=True)
class Rules:
    """``stored_sign``: L stores ``stored_sign`` · ℓᵢⱼ below its diagonal (−1: the factor of
    the row operation, −ℓᵢⱼ); ``diagonal``: what L has on its diagonal (``ones``; ``zeros``:
    the multipliers alone; ``pivots``: U's diagonal); ``swap_multipliers``: a row swap under
    partial pivoting also swaps the multipliers already in L; ``largest_pivot``: partial
    pivoting swaps up the largest |aᵢₖ| (False: the first non-zero one, a swap only when the
    pivot is 0)."""

    stored_sign: int = 1
    diagonal: str = "ones"
    swap_multipliers: bool = True
    largest_pivot: bool = True


TEXTBOOK = Rules()
