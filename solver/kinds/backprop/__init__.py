"""Backpropagation through a dense network: the loss, the δ terms layer by layer, and the
gradient of the loss for every weight and bias (optionally one gradient-descent update)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy

from solver.answers import Named, Undefined, Value
from solver.kinds.base import Field, Kind, Without
from solver.kinds.forward_pass import (
    forward_values,
    numeric_network,
    read_block,
    read_layout,
    read_network,
    read_samples,
    scalar_or_matrix,
)
from solver.nn import losses
from solver.render.printing import plain
from solver.spec.reader import PartReader
from solver.steps import Solved
from solver.steps.network import Network, backward, forward_steps, loss_value, run, update

Matrix = sympy.ImmutableMatrix


@dataclass(frozen=True)
class BackpropInputs:
    network: Network
    samples: Matrix
    targets: Matrix
    loss: losses.Loss
    learning_rate: Any = None
    shown_input: Matrix | None = None
    shown_targets: Matrix | None = None

    @property
    def layout(self) -> str:
        return self.network.layout

    @property
    def batch(self) -> bool:
        return self.samples.rows > 1


def read_targets(r: PartReader, field: str, samples: int, outputs: int) -> Matrix:
    """Targets as an N×K matrix: rows per sample; a flat list is one target per sample for a
    single-output network, or the K targets of a single sample."""
    node = r.get(field)
    value, form = read_block(r, field, node)
    expected = (f"expected {samples}×{outputs} targets (one row per sample, one column per "
                f"output)")
    if form == "scalar":
        if samples == 1 and outputs == 1:
            return Matrix([[value]])
        raise r.error(field, f"{expected}, found a single number")
    if form == "flat":
        count = value.rows
        if outputs == 1 and count == samples:
            return Matrix(value)
        if samples == 1 and count == outputs:
            return Matrix(value.T)
        raise r.error(field, f"{expected}, found a flat list of {count}")
    if value.shape != (samples, outputs):
        hint = ("targets are rows, one per sample: transpose it"
                if value.shape == (outputs, samples) else None)
        raise r.error(field, f"{expected}, found a {value.rows}×{value.cols} matrix", hint)
    return value


def read(r: PartReader) -> BackpropInputs:
    layout = read_layout(r)
    samples = read_samples(r, "inputs")
    network = read_network(r, layout, samples.cols)
    text = r.text("loss")
    if text is None:
        raise r.error(None, "missing field 'loss'", "one of " + ", ".join(losses.NAMES))
    try:
        loss = losses.parse(text)
    except losses.LossError as error:
        raise r.error("loss", error.message, error.hint) from None
    targets = read_targets(r, "targets", samples.rows, network.layers[-1].outputs)
    eta = None
    if r.has("learning_rate"):
        eta = r.number("learning_rate")
        if sympy.sympify(eta).is_positive is not True:
            raise r.error("learning_rate", f"must be a positive number, found {plain(eta)}")
    network = numeric_network(r, network)
    return BackpropInputs(network, samples, targets, loss, eta, network.show(samples),
                          network.show(targets))


def solve(inputs: BackpropInputs) -> Solved:
    network, X, T, loss = inputs.network, inputs.samples, inputs.targets, inputs.loss
    result = run(network, X)
    steps: list = list(forward_steps(network, X, result))
    intermediates: list = forward_values(network, result)
    count = len(network.layers)
    intermediates.insert(-1, (f"a{count}", Value(scalar_or_matrix(network.show(result.output)))))
    value = loss_value(network, loss, result, T)
    steps.append(value)
    if value.probabilities is not None:
        intermediates.append(("p", Value(scalar_or_matrix(value.probabilities))))
    if value.undefined is not None:
        return Solved(tuple(steps), Undefined(f"the loss is undefined: {value.undefined}"),
                      tuple(intermediates))
    intermediates.append(("loss", Value(value.value)))
    back = backward(network, loss, X, T, result)
    steps.extend(back.steps)
    for number in range(count, 0, -1):
        delta = back.deltas[number - 1]
        intermediates.append((f"delta{number}", Value(scalar_or_matrix(network.show(delta)))))
    named: list = [("loss", Value(value.value))]
    for number, layer in enumerate(network.layers, start=1):
        named.append((f"W{number}", Value(layer.written(back.weight_gradients[number - 1]))))
        if layer.bias is not None:
            named.append((f"b{number}",
                          Value(layer.written(back.bias_gradients[number - 1], bias=True))))
    if inputs.learning_rate is not None:
        new_network, update_steps = update(network, back, inputs.learning_rate)
        steps.extend(update_steps)
        for number, layer in enumerate(new_network.layers, start=1):
            named.append((f"W{number}_new", Value(layer.written_weight)))
            if layer.bias is not None:
                named.append((f"b{number}_new", Value(layer.written_bias)))
        new_result = run(new_network, X)
        new_value = loss_value(new_network, loss, new_result, T, label="new")
        steps.append(new_value)
        intermediates.append(("yhat_new",
                              Value(scalar_or_matrix(network.show(new_result.output)))))
        named.append(("loss_new", Value(new_value.value) if new_value.undefined is None
                      else Undefined(f"the new loss is undefined: {new_value.undefined}")))
    return Solved(tuple(steps), Named(tuple(named)), tuple(intermediates))


KIND = Kind(
    name="backprop",
    summary="Backpropagation through a dense network: the loss, the δ terms from the output "
            "back, and ∂L/∂W, ∂L/∂b for every layer (shaped as written); optionally one "
            "gradient-descent update and the new loss.",
    fields=(
        Field("layers", "a list of layers {W, b, activation}, as for forward_pass (a flat "
                        "list as W is the weight of a single-output layer; b optional)"),
        Field("inputs", "one sample as a flat list, or a batch as rows (one row per sample)"),
        Field("targets", "the targets, one row per sample (a flat list: one per sample for a "
                         "single-output network, or the outputs of a single sample)"),
        Field("loss", "half_sse ½Σ(y−t)², sse Σ(y−t)², mse (1/n)Σ(y−t)² over all n entries, "
                      "bce −(1/n)Σ[t log y + (1−t) log(1−y)], or cross_entropy −Σ t log "
                      "softmax(z) per sample, summed (softmax of the last layer's z when its "
                      "activation is softmax, else of its outputs)"),
        Field("layout", "Wx (W is outputs × inputs, samples are columns) or xW (W is inputs "
                        "× outputs, samples are rows)"),
        Field("learning_rate", "η > 0: also take one step W ← W − η ∂L/∂W and give the new "
                               "loss", required=False),
    ),
    hint='a number, or a matrix shaped like the parameter',
    mistakes=Without("TODO"),
    carries=Without("TODO"),
    doc=__doc__,
    read=read,
    solve=solve,
    example="""{id: a, kind: backprop, layout: Wx, loss: half_sse,
 inputs: [[0.2, -0.4, 0.1, 0.5], [0.8, 1.0, -0.1, 0.3], [-0.5, 0.9, 0.2, -0.8]],
 targets: [-0.5, 0.1, 0.8],
 layers: [{W: [[-0.6, 0.7, 0.9, -0.3], [0.4, 0.5, -1.0, 0.1]], b: [-0.4, -0.5],
           activation: relu},
          {W: [0.2, 0.6], b: -0.7, activation: identity}]}""",
)
