"""∂ℓ/∂ŷ of a loss at symbolic outputs yhat1..yhatK and targets t1..tK; for cross_entropy
∂E/∂z at symbolic logits z1..zK, in general and for one-hot targets."""

from __future__ import annotations

import sympy

from solver.answers import Named, Value
from solver.kinds.loss_gradient.read import LossGradientInputs
from solver.nn import losses
from solver.nn.activations import softmax
from solver.numbers import symbol
from solver.steps import Solved
from solver.steps.network import (
    LossGradient,
    SoftmaxCrossEntropyGradient,
    SoftmaxCrossEntropyHessian,
)

Matrix = sympy.ImmutableMatrix


def softmax_hessian(k: int, total) -> SoftmaxCrossEntropyHessian:
    """H = (Σₖ tₖ)(diag(p) − ppᵀ) in the probabilities p₁ … p_K; one-hot: diag(p) − ppᵀ."""
    p = Matrix(k, 1, [symbol(f"p{i}") for i in range(1, k + 1)])
    one_hot = Matrix(k, k, lambda i, j: p[i] * (1 - p[i]) if i == j else -p[i] * p[j])
    return SoftmaxCrossEntropyHessian(size=k, probabilities=tuple(p), general=Matrix(
        one_hot.applyfunc(lambda entry: total * entry)), one_hot=one_hot)


def solve(inputs: LossGradientInputs) -> Solved:
    loss, k = inputs.loss, inputs.size
    targets = tuple(symbol(f"t{i}") for i in range(1, k + 1))
    T = Matrix(1, k, targets)
    if loss.on_logits:
        logits = tuple(symbol(f"z{i}") for i in range(1, k + 1))
        Z = Matrix(1, k, logits)
        s = softmax(logits)
        general = Matrix(loss.gradient(Z, T).T)
        one_hot = Matrix(k, 1, [s[i] - targets[i] for i in range(k)])
        step = SoftmaxCrossEntropyGradient(size=k, logits=logits, targets=targets, softmax=s,
                                           value=loss.evaluate(Z, T).value, gradient=general,
                                           one_hot=one_hot)
        items = [("general", Value(general)), ("one_hot", Value(one_hot))]
        steps = [step]
        if inputs.hessian:
            curvature = softmax_hessian(k, sum(targets, sympy.Integer(0)))
            steps.append(curvature)
            items.append(("hessian", Value(curvature.one_hot)))
        return Solved(tuple(steps), Named(tuple(items)))
    outputs = tuple(symbol(f"yhat{i}") for i in range(1, k + 1))
    Y = Matrix(1, k, outputs)
    gradient = Matrix(loss.gradient(Y, T).T)
    step = LossGradient(loss=loss, size=k, outputs=outputs, targets=targets,
                        value=loss.evaluate(Y, T).value, gradient=gradient,
                        shown=losses.gradient_shown(loss, Y.T, T.T))
    return Solved((step,), Value(gradient))
