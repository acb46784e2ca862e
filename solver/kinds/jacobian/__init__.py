"""The Jacobian matrix Jᵢⱼ = ∂fᵢ/∂xⱼ of a vector function (numerator layout).

For f: ℝⁿ → ℝᵐ, J is m×n: row i holds the partials of the component fᵢ, column j those by
the variable xⱼ. The named values are ``rows`` (m) and ``cols`` (n).
"""

from __future__ import annotations

from solver.kinds.base import Field, Kind, Without
from solver.kinds.jacobian.mistakes import mistakes
from solver.kinds.jacobian.read import VectorFunction, read
from solver.kinds.jacobian.solve import solve

KIND = Kind(
    name="jacobian",
    summary="The m×n Jacobian matrix of f: ℝⁿ → ℝᵐ, one row per component fᵢ and one column "
            "per variable xⱼ.",
    fields=(
        Field("f", "the components as a list, e.g. [2 x1^2 + 3 x2 + 5, sin(x3) e^x1]"),
        Field("wrt", "the variables in order, e.g. [x1, x2, x3]"),
        Field("constants", "names that stand for symbolic constants, e.g. [a, b]",
              required=False),
    ),
    hint='a matrix [[a, b, c], [d, e, f]] (rows: functions, columns: variables)',
    mistakes=mistakes,
    carries=Without("no chain: J is differentiated directly from f, and its shape m×n is "
                    "read off f and the variables, not computed from J"),
    doc=__doc__,
    read=read,
    solve=solve,
    example="{id: a, kind: jacobian, f: [2 x1^2 + 3 x2 + 5, sin(x3) e^x1], "
            "wrt: [x1, x2, x3]}",
)

__all__ = ["KIND", "VectorFunction", "read", "solve"]
