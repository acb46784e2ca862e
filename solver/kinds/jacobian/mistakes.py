"""Typical mistakes in a Jacobian: the transpose (rows the variables), each slip of a
differentiation rule in the rows it reaches, and the sign."""

from __future__ import annotations

import sympy

from solver.answers import Value
from solver.kinds.changes import negated
from solver.kinds.derivative.slips import MAX_SLIPS, slipped_vector, slips


def mistakes(inputs, solved, found) -> None:
    """Jᵀ (rows the variables, columns the functions); J with a slip of one differentiation
    rule at one place of a component (the inner derivative of the chain rule dropped, the
    factor f'(g) of a nested function dropped, d/dx cos = +sin, d/dx tanh = 1 + tanh², the
    2 of a square lost), its rows re-differentiated with that one rule changed; and −J."""
    matrix = solved.answer.value
    found.add("jacobian_transposed",
              "your Jacobian is the transpose: rows should be the functions, columns the "
              "variables", Value(sympy.ImmutableMatrix(matrix.T)))
    for slip in [s for fi in inputs.f for s in slips(fi, inputs.wrt)][:MAX_SLIPS]:
        rows = []
        for fi, row in zip(inputs.f, matrix.tolist(), strict=True):
            rows.append(slipped_vector(fi, inputs.wrt, slip, row) if fi.has(slip.node)
                        else row)
        found.add(slip.code, slip.message, Value(sympy.ImmutableMatrix(rows)))
    found.add("sign_error", "your Jacobian has the wrong sign", Value(negated(matrix)))
