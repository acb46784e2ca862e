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
from solver.steps.network import LossGradient, SoftmaxCrossEntropyGradient

Matrix = sympy.ImmutableMatrix


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
        return Solved((step,), Named((("general", Value(general)),
                                      ("one_hot", Value(one_hot)))))
    outputs = tuple(symbol(f"yhat{i}") for i in range(1, k + 1))
    Y = Matrix(1, k, outputs)
    gradient = Matrix(loss.gradient(Y, T).T)
    step = LossGradient(loss=loss, size=k, outputs=outputs, targets=targets,
                        value=loss.evaluate(Y, T).value, gradient=gradient,
                        shown=losses.gradient_shown(loss, Y.T, T.T))
    return Solved((step,), Value(gradient))
