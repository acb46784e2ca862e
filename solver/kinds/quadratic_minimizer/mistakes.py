"""Typical mistakes in the minimiser of L(θ) = ½ θᵀQθ − bᵀθ, each re-solved through the
kind's own solve with the input the mistake changes: the ½ dropped (2Qθ = b solved, i.e. Q
doubled) and the sign of b flipped (Qθ = −b solved)."""

from __future__ import annotations

from dataclasses import replace

import sympy

from solver.answers import Value
from solver.kinds.quadratic_minimizer.solve import solve


def mistakes(inputs, solved, found) -> None:
    """θ*/2 (the ½ of ½θᵀQθ dropped: 2Qθ = b solved) and −θ* (Qθ = −b solved)."""
    if not isinstance(solved.answer, Value):
        return
    Q, b = inputs.Q, inputs.b
    found.add("missing_factor_half",
              "you dropped the ½ of ½θᵀQθ: its gradient is Qθ, so θ* solves Qθ = b "
              "(not 2Qθ = b)", solve(replace(inputs, Q=sympy.ImmutableMatrix(2 * Q))).answer)
    found.add("sign_error", "your θ* has the wrong sign: ∇L = Qθ − b = 0 gives θ* = Q⁻¹b, "
                            "not −Q⁻¹b", solve(replace(inputs, b=sympy.ImmutableMatrix(-b))).answer)
