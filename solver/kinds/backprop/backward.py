"""The backward pass and its steps: δ⁽ᴸ⁾ at the output, then for each layer from the top its
parameter gradients and the δ of the layer below (``solver.nn.backward``), every δ and
gradient taken through ``given``."""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from solver.exact import sign_of
from solver.kinds.backprop.loss import Probabilities
from solver.kinds.forward_pass.taken import Taken
from solver.nn.activations import Activation
from solver.nn.backward import (
    back_through_weight,
    bias_gradient,
    output_delta,
    through_activation,
    weight_gradient,
)
from solver.nn.losses import Loss
from solver.nn.network import Network, Pass, compact
from solver.steps import Step
from solver.steps.network import HiddenDelta, OutputDelta, ParameterGradient

Matrix = sympy.ImmutableMatrix


@dataclass(frozen=True)
class Backward:
    """The backward pass: the steps in reading order, δ⁽ˡ⁾ (a row per sample) per layer,
    and the gradients as in×out weight and 1×out bias rows."""

    steps: tuple[Step, ...]
    deltas: tuple[Matrix, ...]
    weight_gradients: tuple[Matrix, ...]
    bias_gradients: tuple[Matrix | None, ...]


def _has_kink(activation: Activation, Z: Matrix) -> bool:
    return activation.kinked and any(sign_of(z) == 0 for z in Z)


def backward(network: Network, loss: Loss, X: Matrix, T: Matrix, result: Pass,
             probabilities: Probabilities | None, taken: Taken, decay=None) -> Backward:
    """Backpropagate from the output δ to every layer's weight and bias gradients; with
    weight decay λ each weight gradient is a⁽ˡ⁻¹⁾ᵀδ⁽ˡ⁾ + λW⁽ˡ⁾."""
    layers = network.layers
    count = len(layers)
    deltas: list[Matrix | None] = [None] * count
    weights: list[Matrix | None] = [None] * count
    biases: list[Matrix | None] = [None] * count
    output, delta = _output_delta(network, loss, T, result, probabilities, taken)
    steps: list[Step] = [output]
    deltas[-1] = delta
    for index in range(count - 1, -1, -1):
        layer = layers[index]
        number = index + 1
        A = X if index == 0 else result.post[index - 1]
        data = weight_gradient(A, delta)
        weights[index] = taken.parameter(
            f"W{number}", layer, data if decay is None else
            Matrix(data + decay * layer.matrix).applyfunc(network.settle),
            after=(f"a{index}", f"delta{number}") if index else (f"delta{number}",))
        if layer.bias is not None:
            biases[index] = taken.parameter(f"b{number}", layer, bias_gradient(delta),
                                            bias=True, after=(f"delta{number}",))
        steps.append(ParameterGradient(
            layer=number, layout=network.layout, batch=X.rows > 1,
            flat=layer.flat and network.layout == "Wx", delta=network.show(delta),
            transposed=compact(A.T if network.layout == "xW" else A),
            weight_gradient=compact(weights[index] if network.layout == "xW"
                                    else weights[index].T),
            written_weight_gradient=layer.written(weights[index]),
            bias_gradient=None if biases[index] is None else network.show(biases[index]),
            written_bias_gradient=None if biases[index] is None
            else layer.written(biases[index], bias=True),
            decay=decay, data_weight_gradient=None if decay is None else
            compact(data if network.layout == "xW" else data.T),
            weight=None if decay is None else compact(layer.weight)))
        if index == 0:
            break
        hidden, delta = _hidden_delta(network, index, delta, result, taken)
        steps.append(hidden)
        deltas[index - 1] = delta
    return Backward(tuple(steps), tuple(deltas), tuple(weights), tuple(biases))


def _output_delta(network: Network, loss: Loss, T: Matrix, result: Pass,
                  probabilities: Probabilities | None, taken: Taken):
    """The OutputDelta step and δ⁽ᴸ⁾ with a row per sample."""
    count = len(network.layers)
    g = network.layers[-1].activation
    Z, Y = result.pre[-1], result.output
    n = Y.rows * Y.cols
    one_hot = all(sympy.Add(*T.row(i)) == 1 for i in range(T.rows))
    found = output_delta(loss, g, Z, Y, T, None if probabilities is None else probabilities.P,
                         network.settle)
    if found.rule in ("softmax_ce", "sigmoid_bce"):
        after = ("yhat",)
    else:
        after = ("yhat", "p", f"z{count}") if probabilities is not None else ("yhat", f"z{count}")
    delta = taken.rows(f"delta{count}", found.delta, after=after)
    kink = found.rule == "elementwise" and _has_kink(g, Z)
    upstream, derivative = found.upstream, found.derivative
    step = OutputDelta(
        layer=count, layout=network.layout, loss=loss, activation=g, rule=found.rule,
        n=n, several=n > 1, outputs=network.show(Y), targets=network.show(T),
        loss_gradient=None if upstream is None else network.show(upstream),
        derivative=None if derivative is None else network.show(derivative),
        jacobians=found.jacobians, delta=network.show(delta), one_hot=one_hot, kink=kink,
        kink_value=g.kink_derivative if kink else None)
    return step, Matrix(delta)


def _hidden_delta(network: Network, index: int, delta: Matrix, result: Pass, taken: Taken):
    """The HiddenDelta step for layer ``index`` (1-based) from the δ of the layer above it,
    and its δ with a row per sample."""
    above = network.layers[index]
    layer = network.layers[index - 1]
    back = back_through_weight(above, delta)
    Z, A = result.pre[index - 1], result.post[index - 1]
    found = through_activation(layer.activation, Z, A, back, network.settle)
    new = taken.rows(f"delta{index}", found.delta,
                     after=(f"delta{index + 1}", f"z{index}", f"a{index}"))
    kink = not layer.activation.vector and _has_kink(layer.activation, Z)
    step = HiddenDelta(
        layer=index, layout=network.layout, activation=layer.activation,
        weight=compact(above.weight), transpose=compact(above.weight.T),
        next_delta=network.show(delta), back=network.show(back),
        derivative=None if found.derivative is None else network.show(found.derivative),
        jacobians=found.jacobians, delta=network.show(new), kink=kink,
        kink_value=layer.activation.kink_derivative if kink else None)
    return step, Matrix(new)
