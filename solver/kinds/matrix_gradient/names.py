"""What a student may write in an answer of a matrix gradient besides its own symbols."""

from __future__ import annotations

from solver.expr.matrices import ScaledIdentity
from solver.kinds.matrix_gradient.evaluate import IDENTITY, entry_values, evaluate, whole
from solver.kinds.matrix_gradient.factors import THE_FUNCTION


def answer_names(inputs) -> dict:
    """I, f (the function's value, as a closed form such as −f S⁻¹(x − μ) names it), and
    every matrix of f as the matrix of entries it was solved with (a symmetric S has
    Sⱼᵢ = Sᵢⱼ), with the numbers f names: a closed form is then worked out in the same
    entries, in the gradient's key or its own."""
    values = entry_values(inputs)
    return {IDENTITY: ScaledIdentity(), THE_FUNCTION.name: whole(evaluate(inputs.f, values),
                                                                  inputs.f), **values}
