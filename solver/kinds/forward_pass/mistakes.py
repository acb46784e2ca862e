"""Typical mistakes in a forward pass, each the forward pass re-solved with the one input
the mistake changes: an activation left out, or a weight transposed."""

from __future__ import annotations

from dataclasses import replace

import sympy

from solver.kinds.forward_pass.solve import solve
from solver.nn.activations import Activation
from solver.numbers import symbol

Matrix = sympy.ImmutableMatrix
IDENTITY = Activation("identity")


def with_activation(layer, activation: Activation):
    """The layer with another activation g (and its rule g(z) for display)."""
    return replace(layer, activation=activation, rule=activation.shown(symbol("z")))


def mistakes(inputs, solved, found) -> None:
    """a = z in one layer, or in every layer; the transpose of a square weight."""
    network = inputs.network
    layers = network.layers

    def items(new_layers):
        changed = replace(inputs, network=replace(network, layers=tuple(new_layers)))
        return solve(changed).answer.items

    active = [i for i, layer in enumerate(layers) if not layer.activation.identity]
    for i in active:
        changed = list(layers)
        changed[i] = with_activation(layers[i], IDENTITY)
        found.add_items("no_activation",
                        f"you left out the activation of layer {i + 1}: a = z instead of "
                        f"a = {layers[i].activation.text}(z)", items(changed))
    if len(active) > 1:
        changed = [with_activation(layer, IDENTITY) for layer in layers]
        found.add_items("no_activation", "you left out the activations: a = z in every layer",
                        items(changed))
    for i, layer in enumerate(layers):
        matrix = layer.matrix
        if matrix.rows == matrix.cols > 1 and matrix != matrix.T:
            changed = list(layers)
            changed[i] = replace(layer, matrix=Matrix(matrix.T), weight=Matrix(layer.weight.T))
            where = "row k of W holds the weights into unit k (z = Wx + b)" \
                if network.layout == "Wx" else \
                "column k of W holds the weights into unit k (z = xW + b)"
            found.add_items("transposed", f"you used the transpose of W{i + 1}: {where}",
                            items(changed))
