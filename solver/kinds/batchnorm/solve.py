"""Batch normalisation forward (mean, variance, x̂, y = γx̂ + β) and backward (∂L/∂γ,
∂L/∂β, ∂L/∂x), every named value taken through ``given``.

Exact where readable: a root √(σ² + ε) that is rational, or the root of a short fraction
(ε = 0), stays exact; otherwise (ε = 10⁻⁵ makes σ² + ε a long fraction) every root is
carried as a 40-digit decimal and shown with the part's ``digits``."""

from __future__ import annotations

import sympy

from solver.answers import Named, Undefined, Value
from solver.exact import rationalised, sign_of
from solver.kinds.batchnorm.read import BatchnormInputs
from solver.kinds.batchnorm.rules import TEXTBOOK, Rules
from solver.kinds.batchnorm.steps import (
    BatchInputGradient,
    BatchMean,
    BatchNormalise,
    BatchParameterGradients,
    BatchScaleShift,
    BatchVariance,
    FeatureColumn,
    FeatureScale,
)
from solver.kinds.given import NOTHING, Given, NotCarried, numbers
from solver.nn.network import CARRIED_DIGITS, compact
from solver.steps import Solved

Matrix = sympy.ImmutableMatrix
SHORT = 100  # a root of p/q stays exact when p and q are below this (√(8/3) = 2√6/3)


def _vector(values) -> Matrix:
    values = list(values)
    return Matrix(len(values), 1, values)


def _readable(scale: FeatureScale) -> bool:
    """A rational root, or the root of a short fraction (√(8/3) = 2√6/3)."""
    radicand = scale.radicand
    return scale.scale.is_Rational or (
        scale.scale == sympy.sqrt(radicand) and radicand.is_Rational
        and abs(radicand.p) < SHORT and radicand.q < SHORT)


def solve(inputs: BatchnormInputs, given: Given = NOTHING, rules: Rules = TEXTBOOK) -> Solved:
    """Forward and, with an upstream gradient, backward; ``given`` may supply mean,
    variance, normalised, output, grad_gamma, grad_beta and grad_x."""
    X = inputs.inputs
    turn = (lambda M: Matrix(M)) if rules.per_feature else (lambda M: Matrix(M.T))
    work = turn(X)  # statistics over the columns of ``work``
    n, groups = work.rows, work.cols

    def take(name, value: Matrix, after=()) -> Matrix:
        shown = compact(value)
        taken = given.take(name, shown, after=after, read=lambda v: compact(_shaped(v, value)))
        return value if taken is shown else _shaped(taken, value)

    columns = [tuple(work.col(j)) for j in range(groups)]
    mean = take("mean", _vector(sum(c, sympy.Integer(0)) / n for c in columns))
    steps: list = [BatchMean(columns=tuple(FeatureColumn(j, c, mean[j])
                                           for j, c in enumerate(columns)),
                             count=n, per_feature=rules.per_feature, mean=compact(mean))]
    deviations = Matrix(n, groups, lambda i, j: work[i, j] - mean[j])
    divisor = n - 1 if rules.unbiased else n
    if divisor == 0:
        return Solved(tuple(steps), Undefined(
            "the unbiased variance of a single example divides by N − 1 = 0"))
    variance = take("variance", _vector(sum((d**2 for d in deviations.col(j)), sympy.Integer(0))
                                        / divisor for j in range(groups)), after=("mean",))
    steps.append(BatchVariance(
        columns=tuple(FeatureColumn(j, tuple(deviations.col(j)), variance[j])
                      for j in range(groups)),
        count=n, divisor=divisor, per_feature=rules.per_feature, variance=compact(variance)))
    named = [("mean", Value(compact(mean))), ("variance", Value(compact(variance)))]
    if any(sign_of(v) < 0 for v in variance):
        raise NotCarried  # only a student's variance is negative
    scales = _scales(variance, inputs.eps, rules)
    if any(sign_of(s.scale) == 0 for s in scales):
        zero = next(s.index for s in scales if sign_of(s.scale) == 0)
        what = "feature" if rules.per_feature else "example"
        return Solved(tuple(steps), Undefined(
            f"{what} {zero + 1} has variance 0 and ε = 0, so x̂ = (x − μ)/√(σ² + ε) divides "
            f"0 by 0"), tuple(named))
    numeric = not all(_readable(s) for s in scales)
    if numeric:
        scales = [FeatureScale(s.index, s.variance, s.radicand,
                               sympy.Float(s.scale.evalf(CARRIED_DIGITS), CARRIED_DIGITS))
                  for s in scales]
    root = [s.scale for s in scales]
    normalised = turn(Matrix(n, groups, lambda i, j: rationalised(deviations[i, j] / root[j])))
    normalised = take("normalised", normalised, after=("mean", "variance"))
    steps.append(BatchNormalise(scales=tuple(scales), eps=inputs.eps, eps_inside=rules.eps_inside,
                                per_feature=rules.per_feature, numeric=numeric,
                                deviations=compact(turn(deviations)),
                                normalised=compact(normalised)))
    named.append(("normalised", Value(compact(normalised))))
    gamma, beta = inputs.gamma, inputs.beta
    output = take("output", Matrix(X.rows, X.cols, lambda i, j: rationalised(
        gamma[j] * normalised[i, j] + beta[j])), after=("normalised",))
    steps.append(BatchScaleShift(gamma=compact(gamma), beta=compact(beta),
                                 normalised=compact(normalised), output=compact(output)))
    answer = [("output", Value(compact(output)))]
    if inputs.upstream is None:
        return Solved(tuple(steps), Named(tuple(answer)), tuple(named))
    upstream = inputs.upstream
    grad_beta = take("grad_beta", _vector(sum(upstream.col(j), sympy.Integer(0))
                                          for j in range(X.cols)))
    grad_gamma = take("grad_gamma", _vector(rationalised(sum(
        (upstream[i, j] * normalised[i, j] for i in range(X.rows)), sympy.Integer(0)))
        for j in range(X.cols)), after=("normalised",))
    steps.append(BatchParameterGradients(upstream=compact(upstream),
                                         normalised=compact(normalised),
                                         grad_gamma=compact(grad_gamma),
                                         grad_beta=compact(grad_beta)))
    step, grad_x = _input_gradient(inputs, rules, turn, normalised, root)
    steps.append(step)
    grad_x = take("grad_x", grad_x, after=("normalised", "variance"))
    answer += [("grad_gamma", Value(compact(grad_gamma))),
               ("grad_beta", Value(compact(grad_beta))), ("grad_x", Value(compact(grad_x)))]
    return Solved(tuple(steps), Named(tuple(answer)), tuple(named))


def _shaped(value, like: Matrix) -> Matrix:
    matrix = numbers(value)
    if matrix.shape != like.shape:
        raise NotCarried
    return matrix


def _scales(variance: Matrix, eps, rules: Rules) -> list[FeatureScale]:
    """√(σ² + ε) per feature (√σ² + ε with ε outside the root)."""
    found = []
    for j, v in enumerate(variance):
        if rules.eps_inside:
            found.append(FeatureScale(j, v, v + eps, sympy.sqrt(v + eps)))
        else:
            found.append(FeatureScale(j, v, v, sympy.sqrt(v) + eps))
    return found


def _input_gradient(inputs: BatchnormInputs, rules: Rules, turn, normalised: Matrix,
                    root: list) -> tuple[BatchInputGradient, Matrix]:
    """∂L/∂x̂ = γ ⊙ ∂L/∂y, then the standard formula per feature (only the direct path
    ∂L/∂x̂ / √(σ² + ε) when ``full_backward`` is off)."""
    X, upstream, gamma = inputs.inputs, inputs.upstream, inputs.gamma
    dxhat = Matrix(X.rows, X.cols, lambda i, j: gamma[j] * upstream[i, j])
    d, xhat = turn(dxhat), turn(normalised)
    n, groups = d.rows, d.cols
    sums = [sum(d.col(j), sympy.Integer(0)) for j in range(groups)]
    dots = [rationalised(sum((d[i, j] * xhat[i, j] for i in range(n)), sympy.Integer(0)))
            for j in range(groups)]
    if rules.full_backward:
        grad = Matrix(n, groups, lambda i, j: rationalised(
            (n * d[i, j] - sums[j] - xhat[i, j] * dots[j]) / (n * root[j])))
    else:
        grad = Matrix(n, groups, lambda i, j: rationalised(d[i, j] / root[j]))
    grad = turn(grad)
    step = BatchInputGradient(gamma=compact(gamma), grad_normalised=compact(dxhat),
                              sums=tuple(sums), dots=tuple(dots), scales=tuple(root),
                              count=n, full=rules.full_backward, per_feature=rules.per_feature,
                              grad_x=compact(grad))
    return step, grad
