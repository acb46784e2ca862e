"""The gradient ∂f/∂X of a scalar function of matrices and vectors (``v^T A v``,
``norm(A v)^2``, ``trace(A X B)``, ``log(det(X))``, ``x^T S^-1 x``), entry by entry on
symbolic entries of the given shapes, with a closed form such as 2 A v vᵀ when one is found.

f may use inverses (``S^-1``, matrices up to 3×3, worked out as adj S / det S), the identity
``I`` (sized by what it meets: ``A + sigma^2 I``), numbers named in ``given``, ``det``,
``trace``, ``log`` and ``exp``; ``symmetric: [S]`` makes Sⱼᵢ = Sᵢⱼ (a covariance). The closed
forms include inverses (∇ log det X = X⁻ᵀ, ∇ₓ xᵀS⁻¹x = (S⁻¹ + S⁻ᵀ)x) and a scalar factor
shared by every entry (∇ det X = det X · X⁻ᵀ; the Gaussian density
f = exp(−½(x − μ)ᵀS⁻¹(x − μ)) with a symmetric S has ∇ₓ f = −f S⁻¹(x − μ)).

Denominator layout: the gradient has the shape of X, entry (i, j) being ∂f/∂Xᵢⱼ. The
answer names ``gradient`` and, when one is found, ``closed_form``; the named values are
``f_entries`` (f written out in the entries) and ``partial`` (∂f/∂Xᵢⱼ in index notation,
when f has one).
"""

from __future__ import annotations

from solver.kinds.base import Field, Kind
from solver.kinds.matrix_gradient.mistakes import mistakes
from solver.kinds.matrix_gradient.names import answer_names
from solver.kinds.matrix_gradient.read import MatrixFunction, read
from solver.kinds.matrix_gradient.solve import solve

KIND = Kind(
    name="matrix_gradient",
    summary="The gradient ∂f/∂X of a scalar function of matrices and vectors (v^T A v, "
            "norm(A v)^2, trace(A X B), log(det(X)), x^T S^-1 x, x^T (A + sigma^2 I) x, "
            "exp(-1/2 (x - mu)^T S^-1 (x - mu))): entry by entry, and in closed form such as "
            "2 A v v^T or X^-T (denominator layout: the gradient has the shape of X).",
    fields=(
        Field("f", "a scalar expression of matrices and vectors, e.g. 'v^T A v', "
                   "'norm(A v)^2', 'trace(A X B)'"),
        Field("wrt", "the matrix or vector to differentiate by, e.g. A"),
        Field("shapes", "the shape of every matrix and vector in f, e.g. {A: [3, 2], v: [2, 1]} "
                        "(a vector is [n, 1])"),
        Field("symmetric", "matrices of f that are symmetric, e.g. [S] for a covariance "
                           "(Sⱼᵢ = Sᵢⱼ); not the variable", required=False),
    ),
    hint="the gradient as a matrix shaped like the variable, and the closed form with the "
         "matrices' names (products, transposes A^T, inverses A^-1 and A^-T, I the identity)",
    hints=(("gradient", "a matrix shaped like the variable, in the entries of the matrices "
                        "(X_11 or X11, …), or a closed form with their names"),
           ("closed_form", "a closed form with the matrices' names (products, transposes "
                           "A^T, inverses A^-1 and A^-T, I the identity)")),
    mistakes=mistakes,
    answer_names=answer_names,
    carries="∂f/∂Xᵢⱼ entry by entry from the student's f written out in the entries",
    doc=__doc__,
    read=read,
    solve=solve,
    example="{id: a, kind: matrix_gradient, f: v^T A v, wrt: A, shapes: {A: [2, 2], "
            "v: [2, 1]}}",
)

__all__ = ["KIND", "MatrixFunction", "read", "solve"]
