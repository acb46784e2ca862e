"""The Hessian matrix Hᵢⱼ = ∂²f/∂xᵢ∂xⱼ of a scalar function, optionally at a point.

H is the Jacobian of ∇f: row i holds the partials of ∂f/∂xᵢ by x₁, …, xₙ. At a point a,
H(a) is H with x = a substituted (undefined when an entry divides by zero or leaves a
function's domain there). The named values are ``gradient`` (∇f) and, when the part has a
point, ``symbolic`` (H).
"""

from __future__ import annotations

from solver.kinds.base import Kind
from solver.kinds.gradient.read import SCALAR_FUNCTION_FIELDS, read
from solver.kinds.hessian.mistakes import mistakes
from solver.kinds.hessian.solve import solve

KIND = Kind(
    name="hessian",
    summary="The Hessian matrix of second partial derivatives of a scalar function, "
            "symbolic or at a point.",
    fields=SCALAR_FUNCTION_FIELDS,
    hint='a matrix [[a, b], [c, d]]',
    mistakes=mistakes,
    carries="H from the student's ∇f, H(a) from their symbolic H",
    doc=__doc__,
    read=read,
    solve=solve,
    example="{id: a, kind: hessian, f: sin(x1) + 2 x2^2, wrt: [x1, x2], at: [0, 1]}",
)

__all__ = ["KIND", "read", "solve"]
