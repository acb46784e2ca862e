"""The Jacobian ∂a/∂z of an activation a = g(z) for z ∈ ℝⁿ, in closed form in z1, …, zn."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.answers import Value
from solver.kinds.base import Field, Kind, Without
from solver.nn import activations
from solver.numbers import symbol
from solver.spec.reader import PartReader
from solver.steps import Solved
from solver.steps.network import ActivationJacobian, ActivationRule, SoftmaxJacobian

MAX_SIZE = 10


@dataclass(frozen=True)
class ActivationDerivativeInputs:
    activation: activations.Activation
    size: int
    rule: sympy.Expr = None

    def __post_init__(self):
        if self.rule is None:  # g(z) for display
            object.__setattr__(self, "rule", self.activation.shown(symbol("z")))


def read_size(r: PartReader) -> int:
    if not r.has("size"):
        raise r.error(None, "missing field 'size'", f"a whole number from 1 to {MAX_SIZE}")
    return r.integer("size", default=1, minimum=1, maximum=MAX_SIZE)


def softmax_jacobian(zs) -> sympy.ImmutableMatrix:
    """sᵢ(δᵢⱼ − sⱼ) over a common denominator S² with S = Σₖ e^{zₖ}: e^{zᵢ}(S − e^{zᵢ})/S² on
    the diagonal (S − e^{zᵢ} is the sum of the other exponentials), −e^{zᵢ}e^{zⱼ}/S² off it."""
    exps = [sympy.exp(z) for z in zs]
    total = sympy.Add(*exps)
    n = len(zs)
    return sympy.ImmutableMatrix(n, n, lambda i, j: (
        exps[i] * (total - exps[i]) if i == j else -exps[i] * exps[j]) / total**2)


def read(r: PartReader) -> ActivationDerivativeInputs:
    text = r.text("activation")
    if text is None:
        raise r.error(None, "missing field 'activation'", "e.g. relu, 5 relu, sigmoid, softmax")
    try:
        activation = activations.parse(text)
    except activations.ActivationError as error:
        raise r.error("activation", error.message, error.hint) from None
    r.decimal |= "." in text
    return ActivationDerivativeInputs(activation, read_size(r))


def solve(inputs: ActivationDerivativeInputs) -> Solved:
    g = inputs.activation
    zs = tuple(symbol(f"z{i}") for i in range(1, inputs.size + 1))
    if g.vector:
        values = g.values(zs)
        jacobian = softmax_jacobian(zs)
        step = SoftmaxJacobian(variables=zs, softmax=values, jacobian=jacobian)
        return Solved((step,), Value(jacobian), (("softmax", Value(sympy.ImmutableMatrix(
            len(zs), 1, values))),))
    z = symbol("z")
    rule = ActivationRule(activation=g, variable=z, shown=g.shown(z), formula=g.formula(z),
                          derivative=g.derivative_formula(z), kink_value=g.kink_derivative,
                          derivative_shown=g.derivative_shown(z))
    jacobian = sympy.ImmutableMatrix(sympy.diag(*(g.derivative_formula(zi) for zi in zs)))
    step = ActivationJacobian(activation=g, variables=zs, jacobian=jacobian,
                              shown=g.jacobian_shown(zs))
    return Solved((rule, step), Value(jacobian), (("derivative", Value(rule.derivative)),))


KIND = Kind(
    name="activation_derivative",
    summary="The Jacobian ∂a/∂z of an activation on z ∈ ℝⁿ in closed form: diagonal for "
            "element-wise activations (ReLU's derivative at 0 taken as 0), full for softmax.",
    fields=(
        Field("activation", "identity, relu, a scaled relu such as 5 relu, leaky_relu (slope "
                            "0.01) or leaky_relu(0.2), sigmoid, tanh, or softmax"),
        Field("size", f"n, the number of entries of z (1 to {MAX_SIZE})"),
    ),
    hint='a matrix (the Jacobian)',
    mistakes=Without("TODO"),
    carries=Without("TODO"),
    doc=__doc__,
    read=read,
    solve=solve,
    example="{id: a, kind: activation_derivative, activation: 5 relu, size: 3}",
)
