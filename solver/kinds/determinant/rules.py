"""The rules a determinant is worked with. A typical mistake is the same work with one rule
changed, so the kind's mistakes re-solve with a changed ``Rules``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rules:
    """``cofactor_signs``: cofactor (i, j) carries (−1)^{i+j} (False: every one +);
    ``two_by_two``: the sign between the products of ad − bc (+1: ad + bc);
    ``swap_flips_sign``: each row swap multiplies the determinant by −1;
    ``diagonal_rule``: det A by the diagonal rule of a 3×3 matrix (Sarrus) whatever the
    size, the wrapped diagonal products minus the wrapped anti-diagonal ones."""

    cofactor_signs: bool = True
    two_by_two: int = -1
    swap_flips_sign: bool = True
    diagonal_rule: bool = False


TEXTBOOK = Rules()
