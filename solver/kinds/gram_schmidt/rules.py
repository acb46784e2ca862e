"""The rules Gram–Schmidt is worked with. A typical mistake is the same work with one rule
changed, so the kind's mistakes re-solve with a changed ``Rules``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rules:
    """``sign``: uₖ = vₖ + sign · Σ cⱼ uⱼ (−1; +1 adds the projections);
    ``onto_orthogonal``: the projections are onto the orthogonalised uⱼ (False: onto the
    original vⱼ)."""

    sign: int = -1
    onto_orthogonal: bool = True


TEXTBOOK = Rules()
