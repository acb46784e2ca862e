"""Typical mistakes in an activation's Jacobian: σ' taken as σ and tanh' as 1 + tanh²
(re-solved with that derivative), the scale of c·g dropped (re-solved for g), only the
diagonal of the softmax Jacobian, and the wrong sign."""

from __future__ import annotations

from dataclasses import replace

import sympy

from solver.answers import Value
from solver.kinds.activation_derivative.solve import solve
from solver.kinds.changes import negated
from solver.kinds.given import Given
from solver.nn.activations import Activation
from solver.numbers import symbol


def mistakes(inputs, solved, found) -> None:
    g = inputs.activation
    jacobian = solved.answer.value
    z = symbol("z")
    if g.vector:
        s = dict(solved.intermediates)["softmax"].value
        found.add("softmax_jacobian_diagonal",
                  "you kept only the diagonal sᵢ(1 − sᵢ); the softmax Jacobian also has the "
                  "off-diagonal entries ∂sᵢ/∂zⱼ = −sᵢsⱼ",
                  Value(sympy.ImmutableMatrix(sympy.diag(*(si * (1 - si) for si in s)))))
    elif g.base == "sigmoid":
        found.add("sigmoid_prime_is_sigmoid",
                  "you used σ' = σ; the derivative of the sigmoid is σ(1 − σ)",
                  solve(inputs, Given({"derivative": g.formula(z)})).answer)
    elif g.base == "tanh":
        found.add("sign_error", "you wrote 1 + tanh²(z); the derivative of tanh is "
                                "1 − tanh²(z)",
                  solve(inputs, Given({"derivative": g.scale * (1 + sympy.tanh(z) ** 2)})
                        ).answer)
    elif g.kinked and g.scaled:
        unscaled = Activation(g.base, sympy.Integer(1), g.slope)
        found.add("missing_scale",
                  f"you dropped the factor {g.scale}: the derivative of {g.text}(z) is "
                  f"{g.scale} times that of {unscaled.text}(z)",
                  solve(replace(inputs, activation=unscaled)).answer)
    found.add("sign_error", "your Jacobian has the wrong sign", Value(negated(jacobian)))
