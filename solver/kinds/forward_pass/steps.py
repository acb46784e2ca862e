"""The steps of a forward pass: each layer in matrix form, with a line per unit and sample
when a layer has few units."""

from __future__ import annotations

import sympy

from solver.nn.network import Layer, Network, Pass, compact
from solver.steps.network import LayerForward, UnitForward

Matrix = sympy.ImmutableMatrix
UNIT_LINES = 6


def forward_steps(network: Network, X: Matrix, result: Pass) -> tuple[LayerForward, ...]:
    """One LayerForward per layer, with per-unit lines when a layer has few units."""
    steps, A = [], X
    batch = X.rows > 1
    for number, (layer, Z, post) in enumerate(
            zip(network.layers, result.pre, result.post, strict=True), start=1):
        product = A * layer.matrix
        units: tuple[UnitForward, ...] = ()
        if Z.rows * Z.cols <= UNIT_LINES and layer.inputs <= UNIT_LINES:
            units = tuple(_unit(number, layer, A, Z, post, n, k, batch)
                          for n in range(Z.rows) for k in range(Z.cols))
        steps.append(LayerForward(
            layer=number, layout=network.layout, batch=batch, activation=layer.activation,
            rule=layer.rule, weight=compact(layer.weight), bias=layer.shown_bias,
            inputs=network.show(A),
            product=network.show(product), pre=network.show(Z), post=network.show(post),
            units=units))
        A = post
    return tuple(steps)


def _unit(number, layer: Layer, A, Z, post, n, k, batch) -> UnitForward:
    if layer.flat:
        indices = tuple((j + 1,) for j in range(layer.inputs))
    elif layer.layout == "xW":
        indices = tuple((j + 1, k + 1) for j in range(layer.inputs))
    else:
        indices = tuple((k + 1, j + 1) for j in range(layer.inputs))
    activation = layer.activation
    return UnitForward(
        layer=number, unit=k + 1, single=layer.outputs == 1, sample=n + 1 if batch else 0,
        indices=indices,
        weights=tuple(layer.matrix.col(k)), inputs=tuple(A.row(n)),
        bias=None if layer.bias is None else layer.bias[k], pre=Z[n, k],
        shown=None if activation.vector else activation.shown(Z[n, k]), post=post[n, k],
        activation=activation)
