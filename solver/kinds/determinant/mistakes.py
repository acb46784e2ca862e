"""Typical mistakes in a determinant, each the kind's own solve with one rule changed, by
the method the solution shows and by the other one a student may use instead."""

from __future__ import annotations

from dataclasses import replace

from solver.kinds.determinant.read import COFACTOR_AT_MOST
from solver.kinds.determinant.rules import Rules
from solver.kinds.determinant.solve import solve

MISTAKES = (
    ("cofactor_signs_ignored", Rules(cofactor_signs=False), "cofactor",
     "you took every cofactor with a + sign; the sign of aᵢⱼ Mᵢⱼ is (−1)^(i+j), "
     "alternating + − + …"),
    ("two_by_two_plus", Rules(two_by_two=1), "cofactor",
     "your 2×2 determinants are ad + bc; a 2×2 determinant is ad − bc"),
    ("swap_sign_ignored", Rules(swap_flips_sign=False), "elimination",
     "you kept the sign of the determinant when you swapped two rows; each swap "
     "multiplies it by −1"),
    ("diagonal_rule_beyond_3x3", Rules(diagonal_rule=True), None,
     "you used the diagonal rule of a 3×3 determinant (Sarrus: the products along the "
     "diagonals minus those along the anti-diagonals) on a larger matrix; it gives only 2n "
     "of the n! terms, so expand by cofactors or reduce to triangular form"),
)
DIAGONAL_RULE_FROM = 4  # for 3×3 the diagonal rule is the determinant


def mistakes(inputs, solved, found) -> None:
    """Every cofactor taken with +, 2×2 determinants as ad + bc, row swaps that keep the
    sign of the determinant, and the 3×3 diagonal rule on a 4×4 or larger matrix."""
    size = inputs.matrix.rows
    for code, rules, method, message in MISTAKES:
        if method == "cofactor" and size > COFACTOR_AT_MOST:
            continue
        if rules.diagonal_rule and size < DIAGONAL_RULE_FROM:
            continue
        worked = replace(inputs, method=method or inputs.method)
        found.add(code, message, solve(worked, rules=rules).answer)
