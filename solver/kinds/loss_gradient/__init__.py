"""The gradient of a loss by the network's outputs, ∂ℓ/∂ŷ, in closed form (for softmax
cross-entropy the gradient by the logits, ∂E/∂z, in general and for one-hot targets)."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.answers import Named, Value
from solver.kinds.activation_derivative import read_size
from solver.kinds.base import Field, Kind, Without
from solver.nn import losses
from solver.nn.activations import softmax
from solver.numbers import symbol
from solver.spec.reader import PartReader
from solver.steps import Solved
from solver.steps.network import LossGradient, SoftmaxCrossEntropyGradient

Matrix = sympy.ImmutableMatrix


@dataclass(frozen=True)
class LossGradientInputs:
    loss: losses.Loss
    size: int


def read(r: PartReader) -> LossGradientInputs:
    text = r.text("loss")
    if text is None:
        raise r.error(None, "missing field 'loss'", "one of " + ", ".join(losses.NAMES))
    try:
        loss = losses.parse(text)
    except losses.LossError as error:
        raise r.error("loss", error.message, error.hint) from None
    return LossGradientInputs(loss, read_size(r))


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


KIND = Kind(
    name="loss_gradient",
    summary="∂ℓ/∂ŷ of a loss over K outputs in closed form in yhat1..yhatK and t1..tK; for "
            "softmax cross-entropy ∂E/∂z in the logits z1..zK, in general and for one-hot t.",
    fields=(
        Field("loss", "half_sse, sse, mse (1/K)Σ(ŷ−t)², bce −(1/K)Σ[t log ŷ + (1−t) log(1−ŷ)], "
                      "or cross_entropy (softmax of the logits z, then −Σ t log softmax(z))"),
        Field("size", "K, the number of outputs (1 to 10)"),
    ),
    hint='a vector',
    mistakes=Without("TODO"),
    carries=Without("TODO"),
    doc=__doc__,
    read=read,
    solve=solve,
    example="{id: a, kind: loss_gradient, loss: cross_entropy, size: 3}",
)
