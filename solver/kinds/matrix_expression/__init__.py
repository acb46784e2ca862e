"""Matrix expressions such as ``a^T b``, ``P Q``, ``P^-1 a``: value, or undefined with why.

Every operation on the way is a step; a product of matrices whose inner sizes differ,
a sum of different shapes or the inverse of a singular matrix ends the evaluation with
an 'undefined' answer stating the shapes (or the determinant) and the reason.
"""

from __future__ import annotations

from solver.kinds.base import Field, Kind, Without
from solver.kinds.matrix_expression.mistakes import mistakes
from solver.kinds.matrix_expression.read import MatrixExpression, read
from solver.kinds.matrix_expression.solve import solve

KIND = Kind(
    name="matrix_expression",
    summary="Evaluate an expression of given vectors and matrices (products, sums, ^T, ^-1, "
            "det, trace, rank); undefined products are answered with the shapes and why.",
    fields=(Field("expr", "e.g. 'a^T b', 'P Q', 'P^-1 a', 'det(P)'; names come from 'given'"),),
    hint="a number, vector [a, b] or matrix [[a, b], [c, d]], or 'undefined'",
    mistakes=mistakes,
    carries=Without("no chain: the value is the expression evaluated on the given matrices, "
                    "with no earlier value a student gives"),
    doc=__doc__,
    read=read,
    solve=solve,
    example="{id: c, kind: matrix_expression, expr: P Q}   # with given P, Q",
)

__all__ = ["KIND", "MatrixExpression", "read", "solve"]
