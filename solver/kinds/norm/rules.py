"""The rules a norm is worked with. A typical mistake is the same work with one rule
changed, so the kind's mistakes re-solve with a changed ``NormRules``."""

from __future__ import annotations

from dataclasses import dataclass

SPECTRAL_OF = ("gram", "matrix", "entry")


@dataclass(frozen=True)
class NormRules:
    """``square_root``: a 2-norm is the square root of the sum of squares (False: the sum
    itself, ‖x‖²); ``absolute``: the 1-norm sums |xᵢ| (False: xᵢ); ``arccos``: the angle is
    arccos of cos θ (False: cos θ itself); ``spectral_of``: the spectral norm is √λ_max of
    ``gram`` AᵀA (``matrix``: of A itself; ``entry``: the largest |aᵢⱼ| instead)."""

    square_root: bool = True
    absolute: bool = True
    arccos: bool = True
    spectral_of: str = "gram"


TEXTBOOK = NormRules()
