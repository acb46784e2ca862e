"""Mistakes in forward passes, backpropagation, activation Jacobians, loss gradients and
convolutional shapes.

Network mistakes are re-run with the network's own building blocks: the forward pass with
an activation left out or a weight transposed, the backward pass with σ' taken as σ or
ReLU' as 1; a wrong loss constant or sign scales every parameter gradient, and the update
and the new loss are recomputed from the scaled gradients.
"""

from __future__ import annotations

from dataclasses import replace

import sympy

from solver.answers import Named, Value
from solver.check.mistakes.core import Candidates
from solver.exact import sign_of
from solver.kinds import activation_derivative as activation_kind
from solver.kinds.changes import negated, scaled
from solver.kinds.forward_pass import forward_values
from solver.nn.activations import Activation
from solver.numbers import symbol
from solver.steps.convolution import ConvLayerShape, DenseLayerShape
from solver.steps.network import Backward, backward, loss_value, run, update

Matrix = sympy.ImmutableMatrix
HALF = sympy.Rational(1, 2)
IDENTITY = Activation("identity")


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


def _with_activation(layer, activation: Activation):
    return replace(layer, activation=activation, rule=activation.shown(symbol("z")))


# -- forward pass ---------------------------------------------------------------------------


def forward_pass(inputs, solved, found: Candidates):
    network, X = inputs.network, inputs.samples
    layers = network.layers

    def items(new_layers):
        changed = replace(network, layers=tuple(new_layers))
        return forward_values(changed, run(changed, X))

    active = [i for i, layer in enumerate(layers) if not layer.activation.identity]
    for i in active:
        changed = list(layers)
        changed[i] = _with_activation(layers[i], IDENTITY)
        found.add_items("no_activation",
                        f"you left out the activation of layer {i + 1}: a = z instead of "
                        f"a = {layers[i].activation.text}(z)", items(changed))
    if len(active) > 1:
        changed = [_with_activation(layer, IDENTITY) for layer in layers]
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


# -- backpropagation ------------------------------------------------------------------------


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


def backprop(inputs, solved, found: Candidates):
    if not isinstance(solved.answer, Named):
        return
    network, X, T, loss = inputs.network, inputs.samples, inputs.targets, inputs.loss
    result = run(network, X)
    loss_now = solved.answer["loss"].value
    back = backward(network, loss, X, T, result)

    def items(weights, biases, loss_factor=1):
        listed = [("loss", Value(loss_factor * loss_now))]
        for number, (layer, dW, db) in enumerate(
                zip(network.layers, weights, biases, strict=True), start=1):
            listed.append((f"W{number}", Value(layer.written(Matrix(dW)))))
            if db is not None:
                listed.append((f"b{number}", Value(layer.written(Matrix(db), bias=True))))
        if inputs.learning_rate is not None:
            step = Backward((), (), tuple(weights), tuple(biases))
            new_network, _ = update(network, step, inputs.learning_rate)
            for number, layer in enumerate(new_network.layers, start=1):
                listed.append((f"W{number}_new", Value(layer.written_weight)))
                if layer.bias is not None:
                    listed.append((f"b{number}_new", Value(layer.written_bias)))
            new = loss_value(new_network, loss, run(new_network, X), T, label="new")
            if new.undefined is None:
                listed.append(("loss_new", Value(loss_factor * new.value)))
        return listed

    def rescaled(factor, loss_factor=1):
        return items([w * factor for w in back.weight_gradients],
                     [None if b is None else b * factor for b in back.bias_gradients],
                     loss_factor)

    def rerun(replacement):
        layers = tuple(replacement(layer) for layer in network.layers)
        wrong = backward(replace(network, layers=layers), loss, X, T, result)
        return items(wrong.weight_gradients, wrong.bias_gradients)

    layers = network.layers
    if any(layer.activation.base == "sigmoid" for layer in layers):
        found.add_items(
            "sigmoid_prime_is_sigmoid",
            "you used σ' = σ; the derivative of the sigmoid is σ(1 − σ)",
            rerun(lambda layer: _with_activation(layer, _SigmoidPrimeIsSigmoid(
                "sigmoid", layer.activation.scale)) if layer.activation.base == "sigmoid"
                else layer))
    if any(layer.activation.base == "relu" and any(sign_of(z) <= 0 for z in Z)
           for layer, Z in zip(layers, result.pre, strict=True)):
        found.add_items(
            "relu_prime_wrong",
            "you used ReLU'(z) = 1 everywhere; it is 1 for z > 0 and 0 for z ≤ 0, so units "
            "with z ≤ 0 pass no gradient back",
            rerun(lambda layer: _with_activation(layer, _ReluPrimeIsOne(
                "relu", layer.activation.scale)) if layer.activation.base == "relu"
                else layer))
    scaled_layers = [layer for layer in layers
                     if layer.activation.scaled and not layer.activation.vector]
    if scaled_layers:
        found.add_items(
            "missing_scale",
            "you dropped the scale of the activation in its derivative: (c·g)' = c·g'",
            rerun(lambda layer: _with_activation(layer, _UnscaledDerivative(
                layer.activation.base, layer.activation.scale, layer.activation.slope))
                if layer in scaled_layers else layer))
    for code, factor, loss_factor, message in _LOSS_SLIPS.get(loss.name, ()):
        found.add_items(code, message, rescaled(factor, loss_factor))
    n = T.rows * T.cols
    if loss.name in ("mse", "bce") and n > 1:
        found.add_items("missing_mean",
                        f"you left out the 1/n of the mean (n = {n} outputs): every gradient "
                        f"is {n} times too large", rescaled(n, n))
    for name, item in solved.answer.items:
        value = item.value if isinstance(item, Value) else None
        if name[0] == "W" and not name.endswith("_new") and isinstance(value, sympy.MatrixBase) \
                and min(value.shape) > 1:
            found.add("gradient_transposed",
                      f"your ∂L/∂{name} is the transpose: the gradient has the shape of "
                      f"{name}", Value(Matrix(value.T)), name)
    if X.rows > 1:
        first = back.deltas
        for number, layer in enumerate(layers, start=1):
            if layer.bias is not None:
                delta = first[number - 1]
                found.add(
                    "no_bias_sum",
                    f"your ∂L/∂b{number} is the first sample's δ alone; the bias gradient is "
                    f"the sum of δ over all {X.rows} samples",
                    Value(layer.written(Matrix(delta.row(0)), bias=True)), f"b{number}")
    sign = ("your gradients have the wrong sign: the output error is y − t, not t − y"
            if loss.squared else "your gradients have the wrong sign")
    found.add_items("sign_error", sign, rescaled(-1))


# -- activation Jacobians and loss gradients ------------------------------------------------


def _diagonal(entries) -> Matrix:
    return Matrix(sympy.diag(*entries))


def activation_derivative(inputs, solved, found: Candidates):
    g = inputs.activation
    zs = tuple(symbol(f"z{i}") for i in range(1, inputs.size + 1))
    jacobian = solved.answer.value
    if g.vector:
        s = g.values(zs)
        found.add("softmax_jacobian_diagonal",
                  "you kept only the diagonal sᵢ(1 − sᵢ); the softmax Jacobian also has the "
                  "off-diagonal entries ∂sᵢ/∂zⱼ = −sᵢsⱼ",
                  Value(_diagonal([si * (1 - si) for si in s])))
    elif g.base == "sigmoid":
        found.add("sigmoid_prime_is_sigmoid",
                  "you used σ' = σ; the derivative of the sigmoid is σ(1 − σ)",
                  Value(_diagonal([g.formula(z) for z in zs])))
    elif g.base == "tanh":
        found.add("sign_error", "you wrote 1 + tanh²(z); the derivative of tanh is "
                                "1 − tanh²(z)",
                  Value(_diagonal([g.scale * (1 + sympy.tanh(z) ** 2) for z in zs])))
    elif g.kinked and g.scaled:
        unscaled = Activation(g.base, sympy.Integer(1), g.slope)
        found.add("missing_scale",
                  f"you dropped the factor {g.scale}: the derivative of {g.text}(z) is "
                  f"{g.scale} times that of {unscaled.text}(z)",
                  activation_kind.solve(replace(inputs, activation=unscaled)).answer)
    found.add("sign_error", "your Jacobian has the wrong sign", Value(negated(jacobian)))


def loss_gradient(inputs, solved, found: Candidates):
    loss, k = inputs.loss, inputs.size
    if loss.on_logits:
        for name, item in solved.answer.items:
            found.add("sign_error", "your gradient has the wrong sign: ∂E/∂z = s − t, not "
                                    "t − s", Value(negated(item.value)), name)
        return
    gradient = solved.answer.value
    if loss.name == "half_sse":
        found.add("missing_factor_half", "you dropped the ½ of ½Σ(ŷ − t)²: it cancels the 2 "
                                         "from the square, so ∂ℓ/∂ŷ = ŷ − t",
                  Value(scaled(gradient, 2)))
    if loss.squared:
        found.add("missing_factor_2", "your gradient is missing the factor 2 from the square: "
                                      "d/dŷ (ŷ − t)² = 2(ŷ − t)",
                  Value(scaled(gradient, HALF)))
    if loss.name == "sse":
        found.add("extra_factor_2", "your gradient has an extra factor 2: "
                                    "d/dŷ (ŷ − t)² = 2(ŷ − t)", Value(scaled(gradient, 2)))
    if loss.name in ("mse", "bce"):
        found.add("missing_mean", f"you left out the 1/K of the mean (K = {k}): every entry "
                                  f"of the gradient has the factor 1/{k}",
                  Value(scaled(gradient, k)))
    message = ("your gradient has the wrong sign: the inner derivative of (t − ŷ)² by ŷ is "
               "−1, so ∂ℓ/∂ŷ has the factor (ŷ − t), not (t − ŷ)" if loss.squared
               else "your gradient has the wrong sign: mind the minus in front of the loss")
    found.add("sign_error", message, Value(negated(gradient)))


# -- convolutional shapes -------------------------------------------------------------------


def conv_shapes(inputs, solved, found: Candidates):
    if not isinstance(solved.answer, Named):
        return
    layers = [step for step in solved.steps
              if isinstance(step, ConvLayerShape | DenseLayerShape)]
    total = solved.answer["parameters"].value
    biases = sum(int(step.biases) for step in layers)
    found.add("forgot_bias",
              "you left out the biases: each filter of a conv layer and each unit of a dense "
              "layer has one", Value(sympy.Integer(total - biases)), "parameters")
    channels = sum(int(step.weights) - int(step.weights) // step.input_shape[2]
                   for step in layers if isinstance(step, ConvLayerShape))
    found.add("forgot_input_channels",
              "each filter spans all input channels: a conv layer has "
              "size × size × C_in × filters weights", Value(sympy.Integer(total - channels)),
              "parameters")


KINDS = {
    "forward_pass": forward_pass,
    "backprop": backprop,
    "activation_derivative": activation_derivative,
    "loss_gradient": loss_gradient,
    "conv_shapes": conv_shapes,
}
