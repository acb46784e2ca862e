"""One steepest-descent step with exact line search on L(θ) = ½ θᵀQθ − bᵀθ."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.answers import Named, Undefined, Value
from solver.kinds.base import Field, Kind
from solver.kinds.quadratic_minimizer import (
    minor_reason,
    not_symmetric_reason,
    read_matrix_q,
    read_vector,
)
from solver.kinds.quadratic_minimizer import (
    tidy_exact as _tidy,
)
from solver.spec.reader import PartReader
from solver.steps import Solved
from solver.steps.optimization import (
    AtStationaryPoint,
    ExactLineSearch,
    LineSearchDecrease,
    LineSearchUpdate,
    QuadraticGradient,
    QuadraticLossValue,
    leading_minors,
    sign_of,
    symmetry_check,
)


@dataclass(frozen=True)
class LineSearchStepInputs:
    Q: sympy.ImmutableMatrix
    b: sympy.ImmutableMatrix
    at: sympy.ImmutableMatrix


def read(r: PartReader) -> LineSearchStepInputs:
    Q = read_matrix_q(r)
    return LineSearchStepInputs(Q, read_vector(r, "b", Q.rows), read_vector(r, "at", Q.rows))


def solve(inputs: LineSearchStepInputs) -> Solved:
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

    product = sympy.ImmutableMatrix(Q * theta).applyfunc(_tidy)
    gradient = sympy.ImmutableMatrix(product - b).applyfunc(_tidy)
    steps.append(QuadraticGradient(Q=Q, b=b, theta=theta, product=product, gradient=gradient))
    before = _loss(Q, b, theta, "k")
    named: list = [("gradient", Value(gradient)), ("loss_before", Value(before.value))]
    if all(sign_of(entry) == 0 for entry in gradient):
        steps.append(AtStationaryPoint(theta=theta))
        steps.append(before)
        return Solved(tuple(steps), Value(theta), tuple(named))

    gg = _tidy((gradient.T * gradient)[0])
    gQg = _tidy((gradient.T * Q * gradient)[0])
    step = _tidy(gg / gQg)
    steps.append(ExactLineSearch(gradient=gradient, Q=Q, gg=gg, gQg=gQg, step=step))
    theta_next = sympy.ImmutableMatrix(theta - step * gradient).applyfunc(_tidy)
    steps.append(LineSearchUpdate(theta=theta, step=step, gradient=gradient,
                                  theta_next=theta_next))
    after = _loss(Q, b, theta_next, "k+1")
    steps.extend((before, after))
    steps.append(LineSearchDecrease(before=before.value, after=after.value,
                                    decrease=_tidy(gg**2 / (2 * gQg))))
    named.append(("loss_after", Value(after.value)))
    answer = Named((("step", Value(step)), ("theta", Value(theta_next))))
    return Solved(tuple(steps), answer, tuple(named))


def _loss(Q, b, theta, label: str) -> QuadraticLossValue:
    quadratic = _tidy((theta.T * Q * theta)[0])
    linear = _tidy((b.T * theta)[0])
    return QuadraticLossValue(label=label, theta=theta, quadratic=quadratic, linear=linear,
                              value=_tidy(quadratic / 2 - linear))


KIND = Kind(
    name="line_search_step",
    summary="One gradient step with exact line search on L(θ) = ½θᵀQθ − bᵀθ: "
            "λ = gᵀg / gᵀQg and θₖ₊₁ = θₖ − λg.",
    fields=(
        Field("Q", "the symmetric positive definite matrix of the quadratic term"),
        Field("b", "the vector of the linear term, one entry per row of Q"),
        Field("at", "the current point θₖ, one entry per row of Q"),
    ),
    read=read,
    solve=solve,
    example="""{id: a, kind: line_search_step, Q: [[2, 0], [0, 4]], b: [2, 4], at: [0, 0]}""",
)
