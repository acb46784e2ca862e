"""Typical mistakes in an LU factorisation, each the kind's own solve with one rule changed."""

from __future__ import annotations

from solver.answers import Named
from solver.kinds.lu.rules import Rules
from solver.kinds.lu.solve import solve

MISTAKES = (
    ("multiplier_sign", Rules(stored_sign=-1), False,
     "your L holds −ℓᵢⱼ, the factor of the row operation Rᵢ ← Rᵢ − ℓᵢⱼRⱼ; L stores the "
     "multiplier ℓᵢⱼ = aᵢⱼ/aⱼⱼ itself"),
    ("l_diagonal_missing", Rules(diagonal="zeros"), False,
     "your L has no diagonal; L is unit lower triangular: 1s on its diagonal, the "
     "multipliers below"),
    ("u_diagonal_in_l", Rules(diagonal="pivots"), False,
     "your L has U's pivots on its diagonal; in A = LU the diagonal of L is all 1s and the "
     "pivots belong to U"),
    ("multipliers_not_swapped", Rules(swap_multipliers=False), True,
     "when you swapped two rows you left the multipliers already in L where they were; "
     "under partial pivoting they swap with their rows"),
    ("pivot_not_largest", Rules(largest_pivot=False), True,
     "you swapped rows only when a pivot was 0; partial pivoting swaps up the entry of "
     "largest absolute value on or below the diagonal in every column"),
)


def mistakes(inputs, solved, found) -> None:
    """L with −ℓᵢⱼ, L without its unit diagonal or with U's pivots on it, and (partial
    pivoting) a row swap that leaves L's earlier multipliers in place, or a swap only at a zero
    pivot instead of the largest |pivot|."""
    if not isinstance(solved.answer, Named):
        return
    for code, rules, pivoted, message in MISTAKES:
        if pivoted and inputs.pivoting != "partial":
            continue
        answer = solve(inputs, rules=rules).answer
        if not isinstance(answer, Named):
            continue
        for name, value in answer.items:
            found.add(code, message, value, name)
