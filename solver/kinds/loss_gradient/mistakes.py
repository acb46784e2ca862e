"""Typical mistakes in a loss gradient: a constant of the loss dropped or doubled, the mean's
1/K left out, and the wrong sign. The answer is one closed form computed directly from the
loss, so each mistake is the factor it puts in front of it."""

from __future__ import annotations

import sympy

from solver.answers import Value
from solver.kinds.changes import negated, scaled

HALF = sympy.Rational(1, 2)


def mistakes(inputs, solved, found) -> None:
    loss, k = inputs.loss, inputs.size
    if loss.on_logits:
        for name, item in solved.answer.items:
            message = "your Hessian has the wrong sign: it is diag(p) − ppᵀ, not ppᵀ − " \
                "diag(p)" if name == "hessian" else "your gradient has the wrong sign: " \
                "∂E/∂z = s − t, not t − s"
            found.add("sign_error", message, Value(negated(item.value)), name)
        return
    gradient = solved.answer.value
    if loss.name == "half_sse":
        found.add("missing_factor_half", "you dropped the ½ of ½Σ(ŷ − t)²: it cancels the 2 "
                                         "from the square, so ∂ℓ/∂ŷ = ŷ − t",
                  Value(scaled(gradient, 2)))
    if loss.squared:
        found.add("missing_factor_2", "your gradient is missing the factor 2 from the square: "
                                      "d/dŷ (ŷ − t)² = 2(ŷ − t)",
                  Value(scaled(gradient, HALF)))
    if loss.name == "sse":
        found.add("extra_factor_2", "your gradient has an extra factor 2: "
                                    "d/dŷ (ŷ − t)² = 2(ŷ − t)", Value(scaled(gradient, 2)))
    if loss.name in ("mse", "bce"):
        found.add("missing_mean", f"you left out the 1/K of the mean (K = {k}): every entry "
                                  f"of the gradient has the factor 1/{k}",
                  Value(scaled(gradient, k)))
    message = ("your gradient has the wrong sign: the inner derivative of (t − ŷ)² by ŷ is "
               "−1, so ∂ℓ/∂ŷ has the factor (ŷ − t), not (t − ŷ)" if loss.squared
               else "your gradient has the wrong sign: mind the minus in front of the loss")
    found.add("sign_error", message, Value(negated(gradient)))
