"""The rules the 2×2 adjugate formula is worked with. A typical mistake is the same work
with one rule changed, so the kind's mistakes re-solve with a changed ``Rules``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rules:
    """``negate``: the entries of adj A whose sign changes, ``off_diagonal`` (−b, −c, as
    it should) or ``diagonal`` (−d, −a); ``divide_by_det``: A⁻¹ = adj A / det A (False:
    adj A itself)."""

    negate: str = "off_diagonal"
    divide_by_det: bool = True


TEXTBOOK = Rules()
