"""Typical mistakes in backpropagation, each re-solved through the kind's own solve with the
one rule or value the mistake changes: an activation's derivative (σ' taken as σ, ReLU' as
1, the scale of c·g dropped), or the output δ off by a constant or a sign (a slip in ∂L/∂ŷ,
which scales every gradient; the update and the new loss follow from it). A gradient
transposed and a bias gradient that is one sample's δ change the answer itself."""

from __future__ import annotations

from dataclasses import replace

import sympy

from solver.answers import Named, Value
from solver.exact import sign_of
from solver.kinds.backprop.solve import solve
from solver.kinds.changes import scaled
from solver.kinds.forward_pass.mistakes import with_activation
from solver.kinds.given import Given, NotCarried
from solver.nn.activations import Activation

Matrix = sympy.ImmutableMatrix
HALF = sympy.Rational(1, 2)


class _SigmoidPrimeIsSigmoid(Activation):
    """The sigmoid with the mistaken derivative σ' = σ."""

    def derivative(self, z, value=None):
        return self.value(z) if value is None else value


class _ReluPrimeIsOne(Activation):
    """The ReLU with the mistaken derivative 1 everywhere."""

    def derivative(self, z, value=None):
        return self.scale


class _UnscaledDerivative(Activation):
    """A scaled activation c·g with the mistaken derivative g' (the factor c dropped)."""

    def derivative(self, z, value=None):
        return super().derivative(z, value) / self.scale


_LOSS_SLIPS = {
    # loss: ((code, gradient factor, loss factor, message), ...)
    "half_sse": (
        ("missing_factor_half", 2, 2,
         "you dropped the ½ of L = ½Σ(y − t)²: it cancels the 2 from the square, so "
         "∂L/∂y = y − t"),
        ("missing_factor_2", HALF, 1,
         "your gradients are missing the factor 2 from the square: ∂/∂y ½(y − t)² = y − t"),
    ),
    "sse": (
        ("missing_factor_2", HALF, 1,
         "your gradients are missing the factor 2 from the square: ∂L/∂y = 2(y − t)"),
        ("extra_factor_2", 2, 1,
         "your gradients have an extra factor 2: ∂L/∂y = 2(y − t)"),
    ),
    "mse": (
        ("missing_factor_2", HALF, 1,
         "your gradients are missing the factor 2 from the square: ∂L/∂y = (2/n)(y − t)"),
    ),
}


def mistakes(inputs, solved, found) -> None:
    """Wrong activation derivatives, slips in ∂L/∂ŷ, transposed weight gradients, a bias
    gradient without the sum over samples, weight decay left out of ∂L/∂W, and the wrong
    sign."""
    if not isinstance(solved.answer, Named):
        return
    network, X, T, loss = inputs.network, inputs.samples, inputs.targets, inputs.loss
    layers = network.layers
    intermediates = dict(solved.intermediates)
    count = len(layers)
    output = f"delta{count}"
    pre = [network.rows(intermediates[f"z{number}"].value) for number in range(1, count + 1)]

    def rerun(replacement):
        changed = replace(network, layers=tuple(replacement(layer) for layer in layers))
        return solve(replace(inputs, network=changed)).answer.items

    def slipped(factor, loss_factor=1):
        """The answer when ∂L/∂ŷ (so δᴸ) has the factor ``factor``, and the losses the
        factor ``loss_factor``."""
        delta = scaled(intermediates[output].value, factor)
        try:
            items = solve(inputs, Given({output: delta})).answer.items
        except NotCarried:  # a δ the solve cannot compute with: no such mistaken answer
            return []
        return [(name, Value(scaled(item.value, loss_factor)))
                if name in ("loss", "loss_new") and isinstance(item, Value) else (name, item)
                for name, item in items]

    if any(layer.activation.base == "sigmoid" for layer in layers):
        found.add_items(
            "sigmoid_prime_is_sigmoid",
            "you used σ' = σ; the derivative of the sigmoid is σ(1 − σ)",
            rerun(lambda layer: with_activation(layer, _SigmoidPrimeIsSigmoid(
                "sigmoid", layer.activation.scale)) if layer.activation.base == "sigmoid"
                else layer))
    if any(layer.activation.base == "relu" and any(sign_of(z) <= 0 for z in Z)
           for layer, Z in zip(layers, pre, strict=True)):
        found.add_items(
            "relu_prime_wrong",
            "you used ReLU'(z) = 1 everywhere; it is 1 for z > 0 and 0 for z ≤ 0, so units "
            "with z ≤ 0 pass no gradient back",
            rerun(lambda layer: with_activation(layer, _ReluPrimeIsOne(
                "relu", layer.activation.scale)) if layer.activation.base == "relu"
                else layer))
    scaled_layers = [layer for layer in layers
                     if layer.activation.scaled and not layer.activation.vector]
    if scaled_layers:
        found.add_items(
            "missing_scale",
            "you dropped the scale of the activation in its derivative: (c·g)' = c·g'",
            rerun(lambda layer: with_activation(layer, _UnscaledDerivative(
                layer.activation.base, layer.activation.scale, layer.activation.slope))
                if layer in scaled_layers else layer))
    for code, factor, loss_factor, message in _LOSS_SLIPS.get(loss.name, ()):
        found.add_items(code, message, slipped(factor, loss_factor))
    n = T.rows * T.cols
    if loss.name in ("mse", "bce") and n > 1:
        found.add_items("missing_mean",
                        f"you left out the 1/n of the mean (n = {n} outputs): every gradient "
                        f"is {n} times too large", slipped(n, n))
    for name, item in solved.answer.items:
        value = item.value if isinstance(item, Value) else None
        if name[0] == "W" and not name.endswith("_new") and isinstance(value, sympy.MatrixBase) \
                and min(value.shape) > 1:
            found.add("gradient_transposed",
                      f"your ∂L/∂{name} is the transpose: the gradient has the shape of "
                      f"{name}", Value(Matrix(value.T)), name)
    if X.rows > 1:
        for number, layer in enumerate(layers, start=1):
            if layer.bias is not None:
                delta = network.rows(intermediates[f"delta{number}"].value)
                found.add(
                    "no_bias_sum",
                    f"your ∂L/∂b{number} is the first sample's δ alone; the bias gradient is "
                    f"the sum of δ over all {X.rows} samples",
                    Value(layer.written(Matrix(delta.row(0)), bias=True)), f"b{number}")
    if inputs.weight_decay:
        undecayed = solve(replace(inputs, weight_decay=None)).answer.items
        found.add_items(
            "weight_decay_left_out",
            f"you left the weight decay out of the gradient: (λ/2)‖W‖² adds λW = "
            f"{inputs.weight_decay}·W to each ∂L/∂W",
            [(name, item) for name, item in undecayed if name[0] == "W"])
    sign = ("your gradients have the wrong sign: the output error is y − t, not t − y"
            if loss.squared else "your gradients have the wrong sign")
    found.add_items("sign_error", sign, slipped(-1))
