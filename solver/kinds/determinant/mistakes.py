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
)


def mistakes(inputs, solved, found) -> None:
    """Every cofactor taken with +, 2×2 determinants as ad + bc, and row swaps that keep
    the sign of the determinant."""
    size = inputs.matrix.rows
    for code, rules, method, message in MISTAKES:
        if method == "cofactor" and size > COFACTOR_AT_MOST:
            continue
        worked = replace(inputs, method=method)
        found.add(code, message, solve(worked, rules=rules).answer)
