"""One steepest-descent step with exact line search on L(θ) = ½ θᵀQθ − bᵀθ.

The gradient at θₖ is g = Qθₖ − b. Along θₖ − λg the loss is the parabola
φ(λ) = L(θₖ) − λ gᵀg + ½λ² gᵀQg, whose minimum is λ = gᵀg / gᵀQg (Q positive definite makes
gᵀQg > 0); then θₖ₊₁ = θₖ − λg and L falls by (gᵀg)² / (2 gᵀQg). The named values are
``gradient``, ``step``, ``theta``, ``loss_before`` and ``loss_after``.
"""

from __future__ import annotations

from solver.kinds.base import Field, Kind
from solver.kinds.line_search_step.mistakes import mistakes
from solver.kinds.line_search_step.read import LineSearchStepInputs, read
from solver.kinds.line_search_step.solve import solve

KIND = Kind(
    name="line_search_step",
    summary="One gradient step with exact line search on L(θ) = ½θᵀQθ − bᵀθ: "
            "λ = gᵀg / gᵀQg and θₖ₊₁ = θₖ − λg.",
    fields=(
        Field("Q", "the symmetric positive definite matrix of the quadratic term"),
        Field("b", "the vector of the linear term, one entry per row of Q"),
        Field("at", "the current point θₖ, one entry per row of Q"),
    ),
    hint="a number or a vector [a, b]",
    mistakes=mistakes,
    carries="λ from the student's gradient g, θₖ₊₁ = θₖ − λg from their λ and g, "
            "L(θₖ₊₁) from their θₖ₊₁",
    doc=__doc__,
    read=read,
    solve=solve,
    example="""{id: a, kind: line_search_step, Q: [[2, 0], [0, 4]], b: [2, 4], at: [0, 0]}""",
)

__all__ = ["KIND", "LineSearchStepInputs", "read", "solve"]
