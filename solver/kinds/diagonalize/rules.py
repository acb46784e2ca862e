"""The rules P and D are assembled by. A typical mistake is the same work with one rule
changed, so the kind's mistakes re-solve with a changed ``Rules``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rules:
    """``columns``: the eigenvectors are the columns of P (False: its rows, Pᵀ);
    ``reversed_order``: "" when the i-th diagonal entry of D is the eigenvalue of the i-th
    column of P; "D" for the eigenvalues of D in the reverse order, "P" for the eigenspaces'
    columns of P in the reverse order; ``inverse``: A = PDP⁻¹ (True: A = P⁻¹DP confused,
    so P⁻¹ is given as P)."""

    columns: bool = True
    reversed_order: str = ""
    inverse: bool = False


TEXTBOOK = Rules()
