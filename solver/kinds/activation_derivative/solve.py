"""The Jacobian ∂a/∂z of a = g(z): diag(g'(z₁), …, g'(zₙ)) for an element-wise g, and
diag(s) − s sᵀ for the softmax s (written over the common denominator (Σₖ e^{zₖ})²)."""

from __future__ import annotations

import sympy

from solver.answers import Value
from solver.kinds.activation_derivative.read import ActivationDerivativeInputs
from solver.kinds.given import ANSWER, NOTHING, Given, expression, expressions
from solver.nn.activations import softmax_jacobian
from solver.numbers import symbol
from solver.steps import Solved
from solver.steps.network import ActivationJacobian, ActivationRule, SoftmaxJacobian

Matrix = sympy.ImmutableMatrix


def solve(inputs: ActivationDerivativeInputs, given: Given = NOTHING) -> Solved:
    """The Jacobian; ``given`` may supply g'(z) (``derivative``) or the softmax s."""
    g = inputs.activation
    n = inputs.size
    zs = tuple(symbol(f"z{i}") for i in range(1, n + 1))
    if g.vector:
        values = g.values(zs)
        own = Matrix(n, 1, values)
        s = given.take("softmax", own, read=lambda value: expressions(value, (n, 1)))
        if s is own:
            exps = [sympy.exp(z) for z in zs]
            jacobian = softmax_jacobian(exps, sympy.Add(*exps))
        else:
            jacobian = softmax_jacobian(s)
        jacobian = given.take(("jacobian", ANSWER), jacobian, after=("softmax",))
        step = SoftmaxJacobian(variables=zs, softmax=values, jacobian=jacobian)
        return Solved((step,), Value(jacobian), (("softmax", Value(own)),))
    z = symbol("z")
    derivative = given.take("derivative", g.derivative_formula(z), read=expression)
    rule = ActivationRule(activation=g, variable=z, shown=g.shown(z), formula=g.formula(z),
                          derivative=derivative, kink_value=g.kink_derivative,
                          derivative_shown=g.derivative_shown(z))
    jacobian = Matrix(sympy.diag(*(derivative.xreplace({z: zi}) for zi in zs)))
    jacobian = given.take(("jacobian", ANSWER), jacobian, after=("derivative",))
    step = ActivationJacobian(activation=g, variables=zs, jacobian=jacobian,
                              shown=g.jacobian_shown(zs))
    return Solved((rule, step), Value(jacobian), (("derivative", Value(rule.derivative)),))
