"""The gradient of a loss by the network's outputs, ∂ℓ/∂ŷ, in closed form (for softmax
cross-entropy the gradient by the logits, ∂E/∂z, in general and for one-hot targets).

Each entry's term of ℓ depends on ŷᵢ alone: ∂ℓ/∂ŷᵢ = c(ŷᵢ − tᵢ) with c = 1 (half_sse), 2
(sse) or 2/K (mse), and (1/K)(−tᵢ/ŷᵢ + (1 − tᵢ)/(1 − ŷᵢ)) for bce. For E = −Σₖ tₖ log sₖ with
s = softmax(z), ∂E/∂zᵢ = sᵢ Σₖ tₖ − tᵢ, which is sᵢ − tᵢ for one-hot t. With ``hessian``,
also ∂²E/∂zᵢ∂zⱼ = (Σₖ tₖ) pᵢ(δᵢⱼ − pⱼ), which is diag(p) − ppᵀ for one-hot t (the answer
``hessian``, in p₁ … p_K).
"""

from __future__ import annotations

from solver.kinds.base import Field, Kind, Without
from solver.kinds.loss_gradient.mistakes import mistakes
from solver.kinds.loss_gradient.read import LossGradientInputs, read
from solver.kinds.loss_gradient.solve import solve

KIND = Kind(
    name="loss_gradient",
    summary="∂ℓ/∂ŷ of a loss over K outputs in closed form in yhat1..yhatK and t1..tK; for "
            "softmax cross-entropy ∂E/∂z in the logits z1..zK, in general and for one-hot t.",
    fields=(
        Field("loss", "half_sse, sse, mse (1/K)Σ(ŷ−t)², bce −(1/K)Σ[t log ŷ + (1−t) log(1−ŷ)], "
                      "or cross_entropy (softmax of the logits z, then −Σ t log softmax(z))"),
        Field("size", "K, the number of outputs (1 to 10)"),
        Field("hessian", "true: also the Hessian of the cross-entropy by z, "
                         "diag(p) − p pᵀ for one-hot t in p = softmax(z)", required=False),
    ),
    hint='a vector',
    mistakes=mistakes,
    carries=Without("no chain: each answer is a closed form computed directly from the loss "
                    "and the number of outputs"),
    doc=__doc__,
    read=read,
    solve=solve,
    example="{id: a, kind: loss_gradient, loss: cross_entropy, size: 3}",
)

__all__ = ["KIND", "LossGradientInputs", "read", "solve"]
