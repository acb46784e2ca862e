"""The rules a projection is worked with. A typical mistake is the same work with one rule
changed, so the kind's mistakes re-solve with a changed ``Rules``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rules:
    """``gram``: the matrix the normal equations use, ``full`` BᵀMB, ``diagonal`` only its
    diagonal (the single projections ⟨x, bᵢ⟩/⟨bᵢ, bᵢ⟩ summed) or ``identity`` (nothing
    divided by ⟨bᵢ, bᵢ⟩); ``residual_sign``: +1 for x − p, −1 for p − x."""

    gram: str = "full"
    residual_sign: int = 1


TEXTBOOK = Rules()
