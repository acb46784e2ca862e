"""One gradient-descent step on every parameter, θ ← θ − η ∂L/∂θ, each new parameter taken
through ``given`` from the gradient before it."""

from __future__ import annotations

import sympy

from solver.kinds.backprop.backward import Backward
from solver.kinds.forward_pass.taken import Taken
from solver.nn.backward import descended
from solver.nn.network import Network
from solver.steps.network import ParameterUpdate

Matrix = sympy.ImmutableMatrix


def update(network: Network, backward_pass: Backward, eta,
           taken: Taken) -> tuple[Network, tuple]:
    """The network after the step, and its ParameterUpdate steps."""
    layers, steps = [], []
    for number, (layer, dW, db) in enumerate(zip(
            network.layers, backward_pass.weight_gradients, backward_pass.bias_gradients,
            strict=True), start=1):
        matrix = taken.parameter(f"W{number}_new", layer, descended(layer.matrix, eta, dW),
                                 after=(f"W{number}",))
        bias = None
        if db is not None:
            bias = taken.parameter(f"b{number}_new", layer,
                                   descended(layer.bias_row, eta, db), bias=True,
                                   after=(f"b{number}",))
        new = layer.with_parameters(matrix, bias)
        gradient = layer.written(dW)
        steps.append(ParameterUpdate(layer=number, name="W", value=layer.written_weight,
                                     gradient=gradient, learning_rate=eta,
                                     scaled=_times(eta, gradient),
                                     updated=new.written_weight))
        if db is not None:
            gradient = layer.written(db, bias=True)
            steps.append(ParameterUpdate(layer=number, name="b", value=layer.written_bias,
                                         gradient=gradient, learning_rate=eta,
                                         scaled=_times(eta, gradient),
                                         updated=new.written_bias))
        layers.append(new)
    return Network(tuple(layers), network.layout, network.numeric), tuple(steps)


def _times(eta, value):
    return Matrix(value * eta) if isinstance(value, sympy.MatrixBase) else eta * value
