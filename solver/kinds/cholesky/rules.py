"""The rules a Cholesky factorisation is worked with. A typical mistake is the same work
with one rule changed, so the kind's mistakes re-solve with a changed ``Rules``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rules:
    """``diagonal_root``: lⱼⱼ is the square root of aⱼⱼ − Σₖ lⱼₖ² (False: the difference
    itself); ``divisor_power``: lᵢⱼ = (aᵢⱼ − Σₖ lᵢₖlⱼₖ) / lⱼⱼ^power (2: divided by lⱼⱼ²);
    ``transposed``: the answer is the factor L (False) or its transpose Lᵀ (True)."""

    diagonal_root: bool = True
    divisor_power: int = 1
    transposed: bool = False


TEXTBOOK = Rules()
