"""Least squares: the θ minimising ‖y − Xθ‖² (plus λ‖θ‖² with a ridge), by the normal
equations.

Setting the gradient 2Xᵀ(Xθ − y) + 2λθ to zero gives (XᵀX + λI)θ = Xᵀy. XᵀX (the Gram
matrix of the columns of X) and Xᵀy are formed, and the system is solved by the linear
system's Gauss–Jordan elimination. With independent columns (or λ > 0) θ is unique. With
dependent columns and no ridge every θₚ + Σ tᵢnᵢ (nᵢ spanning the null space of X) solves
them; the answer's θ is then the minimum-norm solution θ⁺ = X⁺y (the Moore–Penrose
pseudo-inverse), the member orthogonal to every nᵢ, found from (NᵀN)t = −Nᵀθₚ, and
``solutions`` is the whole family. Then ŷ = Xθ, r = y − ŷ, ‖r‖² = rᵀr, and Xᵀr = 0: ŷ is
the orthogonal projection of y onto the column space of X (with a ridge, Xᵀr = λθ).
Exact arithmetic throughout. Named values: ``XtX``, ``Xty``, ``theta``, ``fitted``,
``residual``, ``rss`` (and ``solutions`` for dependent columns).
"""

from __future__ import annotations

from solver.kinds.base import Field, Kind
from solver.kinds.least_squares.mistakes import mistakes
from solver.kinds.least_squares.read import LeastSquaresInputs, read
from solver.kinds.least_squares.rules import TEXTBOOK, Rules
from solver.kinds.least_squares.solve import solve

KIND = Kind(
    name="least_squares",
    summary="Least squares θ from the normal equations (XᵀX + λI)θ = Xᵀy, the fit ŷ = Xθ, "
            "the residual r = y − ŷ and ‖r‖²; the minimum-norm θ⁺ = X⁺y for dependent columns.",
    fields=(
        Field("X", "the design matrix, one row per observation, or a name from 'given'"),
        Field("A", "the design matrix under the name A (instead of X)", required=False),
        Field("y", "the targets, one per row of X"),
        Field("ridge", "a ridge penalty λ ≥ 0 (default 0)", required=False),
    ),
    hint="theta, fitted and residual as vectors [a, b], rss a number",
    mistakes=mistakes,
    carries="θ from the student's XtX and Xty, the fitted values from their θ, the residual "
            "from their fitted values, rss from their residual",
    doc=__doc__,
    read=read,
    solve=solve,
    example="{id: a, kind: least_squares, X: [[1, 0], [1, 1], [1, 2]], y: [6, 0, 0]}",
)

__all__ = ["KIND", "TEXTBOOK", "LeastSquaresInputs", "Rules", "read", "solve"]
