"""The rules a change of basis is worked with. A typical mistake is the same work with one
rule changed, so the kind's mistakes re-solve with a changed ``Rules``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rules:
    """``transition_reversed``: T = C⁻¹B, the transition from B- to C-coordinates (B itself
    for the standard C) instead of B⁻¹C; ``conjugation_reversed``: Ã = BAB⁻¹ instead of
    B⁻¹AB; ``coordinates_by_B``: [v]_B = Bv instead of B⁻¹v."""

    transition_reversed: bool = False
    conjugation_reversed: bool = False
    coordinates_by_B: bool = False


TEXTBOOK = Rules()
