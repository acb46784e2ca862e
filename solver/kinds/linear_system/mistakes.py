"""Typical mistakes in solving Ax = b: A transposed (re-solved with Aᵀ: the columns of A
taken as its equations) and the solution's sign flipped."""

from __future__ import annotations

from dataclasses import replace

import sympy

from solver.answers import Value
from solver.kinds.changes import negated
from solver.kinds.linear_system.solve import solve


def mistakes(inputs, solved, found) -> None:
    """The solution of Aᵀx = b (the columns of A taken as its equations) and −x."""
    if not isinstance(solved.answer, Value):
        return
    A = inputs.A
    if A.is_square and A != A.T:
        answer = solve(replace(inputs, A=sympy.ImmutableMatrix(A.T))).answer
        if isinstance(answer, Value):
            found.add("transposed",
                      "your x solves Aᵀx = b: you used the columns of A as its rows (row i of "
                      "A holds the coefficients of equation i)", answer)
    found.add("sign_error", "your solution has the wrong sign",
              Value(negated(solved.answer.value)))
