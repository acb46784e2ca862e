"""One exact line-search step: g = Qθₖ − b, λ = gᵀg / gᵀQg, θₖ₊₁ = θₖ − λg, and L before
and after."""

from __future__ import annotations

import sympy

from solver.answers import Named, Undefined, Value
from solver.exact import sign_of
from solver.exact import tidy_exact as _tidy
from solver.kinds.given import NOTHING, Given, NotCarried, number, numbers
from solver.kinds.line_search_step.read import LineSearchStepInputs
from solver.kinds.quadratic_minimizer import minor_reason, not_symmetric_reason
from solver.steps import Solved
from solver.steps.optimization import (
    AtStationaryPoint,
    ExactLineSearch,
    LineSearchDecrease,
    LineSearchUpdate,
    QuadraticGradient,
    QuadraticLossValue,
    leading_minors,
    symmetry_check,
)


def solve(inputs: LineSearchStepInputs, given: Given = NOTHING) -> Solved:
    """The step; ``given`` may supply the gradient, the step λ, θ and the losses."""
    Q, b, theta = inputs.Q, inputs.b, inputs.at
    symmetry = symmetry_check(Q)
    steps: list = [symmetry]
    if not symmetry.symmetric:
        return Solved(tuple(steps), Undefined(not_symmetric_reason(symmetry)))
    minors = leading_minors(Q)
    steps.append(minors)
    if not minors.positive_definite:
        return Solved(tuple(steps), Undefined(
            f"{minor_reason(minors)}, so L has no unique minimiser and the exact line-search "
            f"step is not guaranteed to exist"))

    def vector(value):
        return numbers(value, theta.shape)

    product = sympy.ImmutableMatrix(Q * theta).applyfunc(_tidy)
    gradient = given.take("gradient", sympy.ImmutableMatrix(product - b).applyfunc(_tidy),
                          read=vector)
    steps.append(QuadraticGradient(Q=Q, b=b, theta=theta, product=product, gradient=gradient))
    before = _loss(Q, b, theta, "k")
    before = QuadraticLossValue(label=before.label, theta=theta, quadratic=before.quadratic,
                                linear=before.linear,
                                value=given.take("loss_before", before.value, read=number))
    named: list = [("gradient", Value(gradient)), ("loss_before", Value(before.value))]
    if all(sign_of(entry) == 0 for entry in gradient):
        steps.append(AtStationaryPoint(theta=theta))
        steps.append(before)
        return Solved(tuple(steps), Value(theta), tuple(named))

    gg = _tidy((gradient.T * gradient)[0])
    gQg = _tidy((gradient.T * Q * gradient)[0])
    if sign_of(gQg) == 0:  # only a student's gradient can make gᵀQg vanish: Q is definite
        raise NotCarried
    step = given.take("step", _tidy(gg / gQg), after=("gradient",), read=number)
    steps.append(ExactLineSearch(gradient=gradient, Q=Q, gg=gg, gQg=gQg, step=step))
    theta_next = given.take(
        "theta", sympy.ImmutableMatrix(theta - step * gradient).applyfunc(_tidy),
        after=("step", "gradient"), read=vector)
    steps.append(LineSearchUpdate(theta=theta, step=step, gradient=gradient,
                                  theta_next=theta_next))
    after = _loss(Q, b, theta_next, "k+1")
    given.take("loss_after", after.value, after=("theta",), read=number)
    steps.extend((before, after))
    steps.append(LineSearchDecrease(before=before.value, after=after.value,
                                    decrease=_tidy(gg**2 / (2 * gQg))))
    named.append(("loss_after", Value(after.value)))
    answer = Named((("step", Value(step)), ("theta", Value(theta_next))))
    return Solved(tuple(steps), answer, tuple(named))


def _loss(Q, b, theta, label: str) -> QuadraticLossValue:
    """L(θ) = ½ θᵀQθ − bᵀθ."""
    quadratic = _tidy((theta.T * Q * theta)[0])
    linear = _tidy((b.T * theta)[0])
    return QuadraticLossValue(label=label, theta=theta, quadratic=quadratic, linear=linear,
                              value=_tidy(quadratic / 2 - linear))
